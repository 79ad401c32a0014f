import pytest
from django.test import override_settings
from tests.personas import world  # noqa
from tests.referrals.conftest import loop  # noqa
from tests.factories import a_person, a_consent, a_referral_service
from maillage.outreach.models import Lead

pytestmark = pytest.mark.django_db


def show(label, r):
    print(f"\n### {label}: {r.status_code} {r.get('Location', '')}")


def test_probe(world, loop):
    fac = world.client("facilitator")
    c = world.client("counsellor")
    c.raise_request_exception = False
    fac.raise_request_exception = False
    lead = Lead.objects.create(
        network=world.network,
        first_name="X",
        phone="0600000000",
        commune_id="64445",
        channel="self_referral",
        topics=["emploi"],
    )
    for url in [
        "/personnes/nouvelle/?lead=%C2%B2",
        "/reseaux/reseau-a/signalements/nouveau/?action=%C2%B2",
        "/personnes/?q=1/1/99999999999999999999",
        "/orientations/nouvelle/?person=99999999999999999999",
        f"/orientations/nouvelle/?person={loop.person.pk}&service=99999999999999999999",
        "/orientations/?service=99999999999999999999",
        "/orientations/?page=99999999999999999999999",
    ]:
        show(url, fac.get(url))
    show("assign ²", fac.post(f"/signalements/{lead.pk}/suivi/", {"user": "²"}))
    show(
        "assign huge", fac.post(f"/signalements/{lead.pk}/suivi/", {"user": "99999999999999999999"})
    )
    show(
        "send huge service",
        c.post(
            f"/orientations/nouvelle/?person={loop.person.pk}",
            {"services": ["99999999999999999999"], "message": "x"},
        ),
    )
    # open redirect
    r = c.post(
        f"/personnes/{loop.person.pk}/consentement/?next=/%5Cevil.example",
        {"purposes": ["follow_up"], "method": "oral"},
    )
    show("consent next backslash", r)
    r = c.post(
        f"/personnes/{loop.person.pk}/consentement/?next=/%09/evil.example",
        {"purposes": ["follow_up"], "method": "oral"},
    )
    show("consent next tab", r)
    # withdraw consent then provide info
    with override_settings(DEMO_OUTBOX=True):
        for p in ("capteur", "funder", "outsider"):
            cl = world.client(p)
            cl.raise_request_exception = False
            show(f"outbox {p}", cl.get("/orientations/messages-envoyes/"))
    # Meeting with weird date
    show(
        "meeting bad",
        c.post(
            f"/personnes/{loop.person.pk}/rendez-vous/",
            {"kind": "zzz", "held_at": "99999-01-01T00:00"},
        ),
    )
    show(
        "assessment bad",
        c.post(
            f"/personnes/{loop.person.pk}/diagnostic/", {"needs": ["zzz"], "barrier_mobilite": "9"}
        ),
    )
    show(
        "suggestions bad",
        c.get(f"/personnes/{loop.person.pk}/suggestions/?rayon=abc&thematiques=zz"),
    )
    show(
        "person new bad",
        c.post(
            "/personnes/nouvelle/",
            {
                "organisation": "99999999999999999999",
                "network": "x",
                "first_name": "a",
                "last_name": "b",
                "commune": "Pau",
                "birth_date": "0001-01-01",
            },
        ),
    )
