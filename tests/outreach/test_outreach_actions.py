"""Actions "hors les murs", and the people met there."""

from maillage.outreach.enums import LeadChannel
from maillage.outreach.models import Lead, OutreachAction


def test_people_met_during_an_action_keep_it_as_their_origin(world):
    client = world.client("facilitator")
    response = client.post(
        "/reseaux/reseau-a/actions/nouvelle/",
        {
            "place": "marche",
            "place_label": "Marché du samedi",
            "commune": "Mourenx",
            "starts_at": "2026-11-14T09:00",
            "duration_minutes": "180",
            "team": [world.users["facilitator"].pk],
            "people_met": "23",
        },
    )
    action = OutreachAction.objects.get()
    assert response["Location"] == f"/reseaux/reseau-a/actions/{action.pk}/"
    assert action.people_met == 23
    client.post(
        f"/reseaux/reseau-a/signalements/nouveau/?action={action.pk}",
        {
            "channel": "outreach_action",
            "action": action.pk,
            "first_name": "Kevin",
            "phone": "0700000000",
            "contact_preference": "phone",
            "commune": "Mourenx",
            "topics": ["formation"],
            "agreed_to_be_contacted": "on",
        },
    )
    lead = Lead.objects.get()
    assert (lead.channel, lead.action) == (LeadChannel.OUTREACH_ACTION, action)
    assert "Kevin" in client.get(f"/reseaux/reseau-a/actions/{action.pk}/").content.decode()


def test_a_lead_from_an_action_must_name_the_action(world):
    response = world.client("facilitator").post(
        "/reseaux/reseau-a/signalements/nouveau/",
        {
            "channel": "outreach_action",
            "first_name": "Kevin",
            "phone": "0700000000",
            "contact_preference": "phone",
            "agreed_to_be_contacted": "on",
        },
    )
    assert "Choisissez l&#x27;action où la personne a été rencontrée." in response.content.decode()
    assert not Lead.objects.exists()
