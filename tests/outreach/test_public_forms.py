"""The other ways in: "Je cherche un coup de main" and the form for outside professionals."""

from django.test import Client

from maillage.outreach.enums import LeadChannel
from maillage.outreach.models import Lead


def test_a_person_can_ask_for_help_by_themself(world):
    response = Client().post(
        "/coup-de-main/reseau-a/",
        {
            "first_name": "Fatou",
            "email": "fatou@exemple.test",
            "contact_preference": "email",
            "commune": "Pau",
            "topics": ["francais", "emploi"],
            "agreed_to_be_contacted": "on",
        },
    )
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.channel, lead.referrer, lead.commune_id) == (
        LeadChannel.SELF_REFERRAL,
        None,
        "64445",
    )


def test_a_professional_must_say_who_they_are(world):
    data = {
        "first_name": "Yann",
        "phone": "0601020304",
        "contact_preference": "phone",
        "commune": "Orthez",
        "topics": ["logement"],
        "agreed_to_be_contacted": "on",
    }
    refused = Client().post("/coup-de-main/reseau-a/professionnels/", data)
    assert refused.status_code == 200
    assert not Lead.objects.exists()
    Client().post(
        "/coup-de-main/reseau-a/professionnels/",
        {
            **data,
            "prescriber_name": "Léa Roux",
            "prescriber_organisation": "CCAS d'Orthez",
            "prescriber_email": "lea@ccas.test",
        },
    )
    lead = Lead.objects.get()
    assert lead.channel == LeadChannel.PRESCRIBER
    assert lead.origin_label == "Prescripteur : CCAS d'Orthez"


def test_an_unknown_commune_is_answered_at_the_field(world):
    response = Client().post(
        "/coup-de-main/reseau-a/",
        {"first_name": "A", "phone": "0601020304", "commune": "Zzzville", "topics": ["emploi"]},
    )
    html = response.content.decode()
    assert "Aucune commune ne correspond à « Zzzville »" in html
    assert 'aria-invalid="true"' in html
    assert not Lead.objects.exists()
