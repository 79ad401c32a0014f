"""Issue 5's story, end to end through the pages: from a bar owner's phone in Mourenx to a
referral the partner answered, and the coordinator's figures.

A bar owner (capteur) signals a regular who lost his job; the facilitator calls him, welcomes him
(file, consent, needs assessment), Maillage suggests services and says why, she sends two
referrals; one partner accepts, the other declines; a third referral nobody answers is reminded
at 7 days and expires at 30; the coordinator sees which capteur sent whom, and with what result.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from maillage.accounts.enums import MemberRole, NetworkRoleKind
from maillage.accounts.models import NetworkMembership
from maillage.core.models import AuditEvent, OutboxMessage
from maillage.directory.indexing import refresh
from maillage.directory.models import Service, Structure
from maillage.intake.models import Person
from maillage.outreach.models import Lead, Referrer
from maillage.referrals.models import Referral
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OrganisationFactory,
    confirmed_totp,
)
from tests.personas import sign_in_verified

NOW = timezone.datetime(2026, 11, 16, 9, 0, tzinfo=timezone.get_current_timezone())


class Bearn:
    """The Ouest Béarn network: a PLIE with its facilitator, two partners, a coordinator."""

    def __init__(self):
        self.network = NetworkFactory(name="Repérer et réparer", slug="ouest-bearn")
        self.plie = OrganisationFactory(name="PLIE Ouest Béarn", kind="plie")
        self.housing = OrganisationFactory(name="Point info logement", email="logement@pil.test")
        self.garage = OrganisationFactory(name="Garage solidaire", kind="siae")
        self.youth = OrganisationFactory(name="Mission locale", kind="mission_locale")
        for organisation in (self.plie, self.housing, self.garage, self.youth):
            NetworkMembership.objects.create(network=self.network, organisation=organisation)
        self.facilitator = MembershipFactory(
            organisation=self.plie,
            role=MemberRole.FACILITATOR,
            user__email="amaia@plie.test",
            user__first_name="Amaia",
        ).user
        self.housing_counsellor = MembershipFactory(
            organisation=self.housing, user__email="ines@pil.test"
        ).user
        self.mechanic = MembershipFactory(
            organisation=self.garage, user__email="luc@garage.test"
        ).user
        self.coordinator = NetworkRoleFactory(
            network=self.network, role=NetworkRoleKind.COORDINATOR, user__email="jean@reseau.test"
        ).user
        for user in (self.facilitator, self.housing_counsellor, self.mechanic, self.coordinator):
            confirmed_totp(user)
        self.rent = self.service(
            self.housing,
            "impayes",
            "Impayés de loyer : trouver une solution",
            thematiques=["logement-hebergement--reduire-les-impayes-de-loyer"],
            zone_eligibilite=["64"],
            referral_contact="ines@pil.test",
        )
        self.car = self.service(
            self.garage,
            "voiture",
            "Louer une voiture pour aller travailler",
            thematiques=[
                "mobilite--acceder-a-un-vehicule",
                "trouver-un-emploi--repondre-a-des-offres-demploi",
            ],
            zone_eligibilite=["64"],
        )
        self.job = self.service(
            self.plie,
            "parcours",
            "Parcours PLIE vers l'emploi durable",
            thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
            zone_eligibilite=["64410"],
            min_age=26,
            excludes_supported_elsewhere=True,
        )
        self.young = self.service(
            self.youth,
            "cej",
            "Contrat d'engagement jeune",
            thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
            zone_eligibilite=["64"],
            min_age=16,
            max_age=25,
        )

    def service(self, organisation, di_id, nom, **fields):
        structure, _ = Structure.objects.get_or_create(
            source="story",
            di_id=f"s-{organisation.pk}",
            defaults={
                "nom": organisation.name,
                "organisation": organisation,
                "code_insee": "64410",
                "latitude": 43.38,
                "longitude": -0.62,
            },
        )
        service = Service.objects.create(
            source="story",
            di_id=di_id,
            structure=structure,
            nom=nom,
            description=nom,
            status="published",
            accepts_referrals=True,
            code_insee="64445",
            latitude=43.2951,
            longitude=-0.3708,
            **fields,
        )
        refresh([service.pk])
        return service

    def client(self, user) -> Client:
        client = Client()
        sign_in_verified(client, user)
        return client


@pytest.fixture
def bearn(db):
    return Bearn()


def test_from_a_capteurs_phone_to_a_referral_the_partner_answered(
    bearn, django_capture_on_commit_callbacks
):
    def committed(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    amaia = bearn.client(bearn.facilitator)
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    try:
        # 1. The facilitator registers the bar as a capteur; it gets a personal link.
        amaia.post(
            "/reseaux/ouest-bearn/capteurs/nouveau/",
            {
                "name": "Bar-tabac Le Central",
                "kind": "bar_tabac",
                "commune": "Mourenx",
                "contact_name": "Michel",
                "followed_by": bearn.facilitator.pk,
                "is_active": "on",
            },
        )
        bar = Referrer.objects.get()

        # 2. The bar owner, with no account, sends the 30-second form from his phone.
        response = committed(
            Client().post,
            f"/c/{bar.link_token}/",
            {
                "first_name": "Alain",
                "phone": "06 12 34 56 78",
                "contact_preference": "phone",
                "commune": "Mourenx",
                "topics": ["emploi", "papiers"],
                "agreed_to_be_contacted": "on",
            },
        )
        assert response.status_code == 302
        lead = Lead.objects.get()
        assert [m.to for m in mail.outbox] == [["amaia@plie.test"]]  # "a new lead is waiting"

        # 3. She sees the lead, calls twice, and fixes a meeting.
        inbox = amaia.get("/reseaux/ouest-bearn/signalements/").content.decode()
        assert "Alain" in inbox and "Capteur : Bar-tabac Le Central" in inbox
        amaia.post(f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "no_answer"})
        amaia.post(
            f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "appointment"}
        )
        lead.refresh_from_db()
        assert lead.get_status_display() == "Rendez-vous fixé"
    finally:
        traveller.stop()

    # 4. At the guichet unique: his file, his consent, his needs.
    amaia.post(
        f"/personnes/nouvelle/?lead={lead.pk}",
        {
            "organisation": bearn.plie.pk,
            "network": bearn.network.pk,
            "first_name": "Alain",
            "last_name": "Dupuy",
            "birth_date": "1974-03-02",
            "phone": "06 12 34 56 78",
            "preferred_channel": "sms",
            "commune": "Mourenx",
            "french_level": "C1",
            "registered_france_travail": "false",
        },
    )
    alain = Person.objects.get()
    assert alain.origin_referrer == bar
    amaia.post(
        f"/personnes/{alain.pk}/consentement/",
        {
            "purposes": ["follow_up", "sharing", "notifications"],
            "all_network_partners": "on",
            "method": "oral",
        },
    )
    amaia.post(
        f"/personnes/{alain.pk}/diagnostic/",
        {
            "barrier_mobilite": "3",
            "barrier_logement": "2",
            "needs": [
                "trouver-un-emploi",
                "logement-hebergement--reduire-les-impayes-de-loyer",
                "mobilite",
            ],
            "occupation_1": "cariste",
        },
    )

    # 5. Maillage suggests services that fit him, and says why not for the one he cannot enter.
    suggestions = amaia.get(f"/personnes/{alain.pk}/suggestions/").content.decode()
    for service in (bearn.rent, bearn.car, bearn.job):
        assert f'name="service" value="{service.pk}"' in suggestions
    assert f'name="service" value="{bearn.young.pk}"' not in suggestions
    assert "Contrat d&#x27;engagement jeune" in suggestions  # listed apart, with its rule

    # 6. Two referrals at once, with a message; the partners are told.
    mail.outbox.clear()
    form = amaia.get(
        f"/orientations/nouvelle/?person={alain.pk}&service={bearn.rent.pk}&service={bearn.car.pk}"
    )
    assert form.status_code == 200
    response = committed(
        amaia.post,
        f"/orientations/nouvelle/?person={alain.pk}&service={bearn.rent.pk}&service={bearn.car.pk}",
        {
            "services": [bearn.rent.pk, bearn.car.pk],
            "message": "Trois mois de loyer en retard, plus de voiture ; cherche un poste de cariste.",
            "notify_person": "sms",
        },
    )
    assert response.status_code == 302
    rent_referral = Referral.objects.get(service=bearn.rent)
    car_referral = Referral.objects.get(service=bearn.car)
    assert {tuple(m.to) for m in mail.outbox} >= {("ines@pil.test",)}
    assert rent_referral.origin_referrer == bar  # the capteur follows the person

    # 7. Each partner answers from its inbox.
    ines = bearn.client(bearn.housing_counsellor)
    assert "Alain" in ines.get("/orientations/").content.decode()
    assert ines.get(f"/orientations/{car_referral.pk}/").status_code == 404  # not hers
    mail.outbox.clear()
    committed(ines.post, f"/orientations/{rent_referral.pk}/repondre/", {"decision": "accept"})
    luc = bearn.client(bearn.mechanic)
    committed(
        luc.post,
        f"/orientations/{car_referral.pk}/repondre/",
        {"decision": "decline", "reason": "full", "text": "Plus de voiture avant janvier."},
    )
    rent_referral.refresh_from_db()
    car_referral.refresh_from_db()
    assert (rent_referral.state, car_referral.state) == ("accepted", "declined")
    # The facilitator hears of both answers, and Alain by SMS as he chose.
    assert sum(1 for m in mail.outbox if m.to == ["amaia@plie.test"]) == 2
    texts = OutboxMessage.objects.filter(channel="sms", recipient="06 12 34 56 78")
    assert texts.count() == 2

    # 8. A third referral nobody answers: reminded at 7 days, expired at 30.
    committed(
        amaia.post,
        f"/orientations/nouvelle/?person={alain.pk}&service={bearn.job.pk}",
        {"services": [bearn.job.pk], "message": "Pour le parcours PLIE.", "notify_person": ""},
    )
    job_referral = Referral.objects.get(service=bearn.job)
    sent = job_referral.sent_at
    with time_machine.travel(sent + timedelta(days=7, hours=1)):
        call_command("referral_deadlines")
    job_referral.refresh_from_db()
    assert job_referral.reminded_at is not None and job_referral.state == "sent"
    with time_machine.travel(sent + timedelta(days=30, hours=1)):
        call_command("referral_deadlines")
    job_referral.refresh_from_db()
    assert job_referral.state == "expired"

    # 9. His timeline tells it all; every read of it is audited.
    timeline = amaia.get(f"/personnes/{alain.pk}/").content.decode()
    for step in (
        "Signalement reçu",
        "Appel : Rendez-vous fixé",
        "Accueil (guichet unique)",
        "Consentement recueilli",
        "Diagnostic",
        "Orientation envoyée : Impayés de loyer",
        "Orientation acceptée : Impayés de loyer",
        "Orientation refusée : Louer une voiture",
        "Plus de place disponible",
    ):
        assert step in timeline, step
    assert AuditEvent.objects.filter(action="person_viewed", target_id=str(alain.pk)).exists()

    # 10. The coordinator sees the capteur's path to the partners' answers, without names.
    figures = bearn.client(bearn.coordinator).get("/reseaux/ouest-bearn/chiffres/").content.decode()
    assert "<td>Bar-tabac Le Central</td><td>1</td><td>1</td><td>1</td><td>1</td>" in figures
    assert "Alain" not in figures and "Dupuy" not in figures
