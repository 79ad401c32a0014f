"""The demo's outreach: capteurs of the Ouest Béarn network, an action at the market, leads at
every stage, and one person welcomed from a capteur's lead (the story of issue 5). Fictitious
people, dates relative to today so the demo always looks alive."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from maillage.accounts import permissions
from maillage.accounts.models import Network, Organisation, User
from maillage.intake.models import Consent, Meeting, NeedsAssessment, Person
from maillage.outreach.enums import LeadChannel, LeadStatus
from maillage.outreach.models import ContactAttempt, Lead, OutreachAction, Referrer, ReferrerVisit

NETWORK = "reperer-et-reparer-ouest-bearn"
FACILITATOR = "facilitatrice.plie@demo.maillage.test"

REFERRERS = [
    # name, kind, commune, contact, days since their last lead (None: never)
    ("Bar-tabac Le Central (démo)", "bar_tabac", "64410", "Michel, le patron", 2),
    ("Épicerie solidaire de Mourenx (démo)", "banque_alimentaire", "64410", "Sylvie", 12),
    ("Club de rugby d'Orthez (démo)", "club_sportif", "64430", "Le président", 130),
    ("Agence immobilière du Gave (démo)", "agence_immobiliere", "64422", "Mme Etcheverry", None),
    ("Pharmacie de la Place (démo)", "pharmacie", "64410", "", 40),
]

# first name, channel, referrer index or None, status, days ago, topics, commune
LEADS = [
    ("Alain", LeadChannel.CAPTEUR, 0, LeadStatus.WELCOMED, 9, ["emploi", "papiers"], "64410"),
    ("Nadia", LeadChannel.CAPTEUR, 0, LeadStatus.NEW, 2, ["emploi", "enfants"], "64410"),
    ("Rémi", LeadChannel.CAPTEUR, 1, LeadStatus.CONTACTING, 12, ["logement", "argent"], "64410"),
    ("Yasmina", LeadChannel.SELF_REFERRAL, None, LeadStatus.APPOINTMENT, 5, ["francais"], "64430"),
    ("Kevin", LeadChannel.OUTREACH_ACTION, None, LeadStatus.NEW, 6, ["formation"], "64410"),
    ("Léa", LeadChannel.OUTREACH_ACTION, None, LeadStatus.UNREACHABLE, 6, ["emploi"], "64410"),
    ("Bruno", LeadChannel.CAPTEUR, 4, LeadStatus.DECLINED, 40, ["sante"], "64410"),
    ("Sofiane", LeadChannel.PRESCRIBER, None, LeadStatus.NEW, 4, ["mobilite", "emploi"], "64422"),
]


def seed_outreach() -> str:
    network = Network.objects.get(slug=NETWORK)
    if network.referrers.exists():
        return "repérage déjà présent"
    now = timezone.now()
    facilitator = User.objects.get(email=FACILITATOR)
    plie = Organisation.objects.get(name="PLIE Ouest Béarn (démo)")
    referrers = [
        Referrer.objects.create(
            network=network,
            name=name,
            kind=kind,
            commune_id=commune,
            contact_name=contact,
            followed_by=facilitator,
            created_by=facilitator,
        )
        for name, kind, commune, contact, _ in REFERRERS
    ]
    for referrer in referrers[:2]:
        ReferrerVisit.objects.create(
            referrer=referrer,
            visited_on=timezone.localdate() - timedelta(days=20),
            visited_by=facilitator,
            notes="Affiches neuves posées près de la caisse.",
        )
    market = OutreachAction.objects.create(
        network=network,
        place="marche",
        place_label="Marché du samedi, place des Pyrénées (démo)",
        commune_id="64410",
        starts_at=now - timedelta(days=6, hours=3),
        duration_minutes=180,
        people_met=23,
        partners="Mission locale du Béarn",
        notes="Beaucoup de jeunes le matin ; flyers épuisés vers 11 h.",
        created_by=facilitator,
    )
    market.team.add(facilitator)
    leads = []
    for first, channel, ref, status, days, topics, commune in LEADS:
        created = now - timedelta(days=days)
        lead = Lead.objects.create(
            network=network,
            channel=channel,
            referrer=referrers[ref] if ref is not None else None,
            action=market if channel == LeadChannel.OUTREACH_ACTION else None,
            prescriber_name="Léa Roux" if channel == LeadChannel.PRESCRIBER else "",
            prescriber_organisation="CCAS d'Oloron (démo)"
            if channel == LeadChannel.PRESCRIBER
            else "",
            first_name=first,
            phone="06 00 00 00 " + f"{len(leads):02d}",
            commune_id=commune,
            topics=topics,
            agreed_to_be_contacted=True,
            status=status,
            created_at=created,
            last_activity_at=created,
            assigned_to=facilitator if status != LeadStatus.NEW else None,
        )
        leads.append(lead)
    # Dormant capteurs: their leads are old.
    for referrer, (*_, days) in zip(referrers, REFERRERS, strict=True):
        if days is not None and days > 90:
            Lead.objects.create(
                network=network,
                channel=LeadChannel.CAPTEUR,
                referrer=referrer,
                first_name="Thierry",
                phone="06 00 00 00 99",
                commune_id="64430",
                topics=["emploi"],
                agreed_to_be_contacted=True,
                status=LeadStatus.UNREACHABLE,
                created_at=now - timedelta(days=days),
                last_activity_at=now - timedelta(days=days - 3),
            )
    alain = leads[0]
    for hours, kind, outcome in ((200, "call", "no_answer"), (190, "sms", "appointment")):
        ContactAttempt.objects.create(
            lead=alain,
            kind=kind,
            outcome=outcome,
            made_at=now - timedelta(hours=hours),
            made_by=facilitator,
        )
    ContactAttempt.objects.create(
        lead=leads[2],
        kind="call",
        outcome="message_left",
        made_at=now - timedelta(days=8),
        made_by=facilitator,
    )
    person = Person.objects.create(
        network=network,
        organisation=plie,
        first_name="Alain",
        last_name="Démo",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 52),
        phone="06 00 00 00 00",
        preferred_channel="sms",
        commune_id="64410",
        french_level="C1",
        registered_france_travail=False,
        origin_lead=alain,
        origin_channel=alain.channel,
        origin_referrer=alain.referrer,
        created_by=facilitator,
    )
    Meeting.objects.create(
        person=person,
        kind="welcome",
        organisation=plie,
        held_by=facilitator,
        held_at=now - timedelta(days=7),
        summary="Première rencontre au PLIE. A perdu son emploi de cariste, n'ouvre plus son "
        "courrier.",
    )
    Consent.objects.create(
        person=person,
        purposes=["follow_up", "sharing", "notifications"],
        all_network_partners=True,
        given_to=plie,
        recorded_by=facilitator,
        given_at=now - timedelta(days=7),
    )
    assessment = NeedsAssessment.objects.create(
        person=person,
        organisation=plie,
        made_by=facilitator,
        made_at=now - timedelta(days=7),
        barriers={"mobilite": 3, "logement": 2, "administratif": 2},
        needs=[
            "trouver-un-emploi",
            "logement-hebergement--reduire-les-impayes-de-loyer",
            "mobilite",
        ],
        notes="Pas de voiture depuis la panne de juin ; trois mois de loyer en retard.",
    )
    assessment.occupations.set(["N1101"])
    # Alain's rent arrears: a referral waiting for the housing partner's answer.
    from maillage.directory.models import Service
    from maillage.referrals.actions import send_referrals

    permissions.forget(facilitator)
    (referral,) = send_referrals(
        actor=facilitator,
        person=person,
        services=list(Service.objects.filter(source="maillage-demo", di_id="impayes-loyer")),
        message="Trois mois de loyer en retard depuis la perte de son emploi ; il n'ouvre plus "
        "son courrier. Pouvez-vous le recevoir avant la commission du bailleur ?",
        notify_person="sms",
    )
    # Sent three days ago: the partner's inbox shows how long it has waited.
    referral.transitions.update(at=now - timedelta(days=3))
    type(referral).objects.filter(pk=referral.pk).update(sent_at=now - timedelta(days=3))
    leads_count = Lead.objects.filter(network=network).count()
    return f"repérage : {len(referrers)} capteurs, {leads_count} signalements, 1 dossier"
