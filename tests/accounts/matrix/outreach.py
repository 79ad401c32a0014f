"""Permission-matrix rows of the outreach and reporting packages' URLs (see
tests/accounts/test_permission_matrix.py)."""

from tests.accounts.matrix.common import ALL, POST_ONLY, row

# Capteurs and actions: the network's facilitators and coordination.
OUTREACH = row(
    coordinator=200,
    org_admin=404,
    counsellor=404,
    facilitator=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)
# Leads carry names and phone numbers: the network's facilitators only.
LEADS = row(
    coordinator=404,
    org_admin=404,
    counsellor=404,
    facilitator=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)


def referrer(w):
    from maillage.outreach.models import Referrer

    return Referrer.objects.get_or_create(
        network=w.network,
        name="Bar de la place",
        defaults={"kind": "bar_tabac", "commune_id": "64410"},
    )[0]


def action(w):
    from django.utils import timezone

    from maillage.outreach.models import OutreachAction

    return OutreachAction.objects.get_or_create(
        network=w.network,
        place_label="Marché du samedi",
        defaults={"place": "marche", "commune_id": "64410", "starts_at": timezone.now()},
    )[0]


def lead(w):
    from maillage.outreach.models import Lead

    return Lead.objects.get_or_create(
        network=w.network,
        first_name="Alain",
        defaults={"channel": "capteur", "referrer": referrer(w), "phone": "0600000000"},
    )[0]


GET_MATRIX: dict = {
    "c/<str:token>/": (lambda w: f"/c/{referrer(w).link_token}/", ALL),
    "c/<str:token>/merci/": (lambda w: f"/c/{referrer(w).link_token}/merci/", ALL),
    "coup-de-main/<slug:slug>/": (lambda w: "/coup-de-main/reseau-a/", ALL),
    "coup-de-main/<slug:slug>/professionnels/": (
        lambda w: "/coup-de-main/reseau-a/professionnels/",
        ALL,
    ),
    "coup-de-main/<slug:slug>/merci/": (lambda w: "/coup-de-main/reseau-a/merci/", ALL),
    "reseaux/<slug:slug>/capteurs/": (lambda w: "/reseaux/reseau-a/capteurs/", OUTREACH),
    "reseaux/<slug:slug>/capteurs/nouveau/": (
        lambda w: "/reseaux/reseau-a/capteurs/nouveau/",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/modifier/": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/modifier/",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/visite/": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/visite/",
        POST_ONLY,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/nouveau-lien/": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/nouveau-lien/",
        POST_ONLY,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/affiche.pdf": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/affiche.pdf",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/affiche.png": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/affiche.png",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/actions/": (lambda w: "/reseaux/reseau-a/actions/", OUTREACH),
    "reseaux/<slug:slug>/actions/nouvelle/": (
        lambda w: "/reseaux/reseau-a/actions/nouvelle/",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/actions/<int:pk>/": (
        lambda w: f"/reseaux/reseau-a/actions/{action(w).pk}/",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/actions/<int:pk>/modifier/": (
        lambda w: f"/reseaux/reseau-a/actions/{action(w).pk}/modifier/",
        OUTREACH,
    ),
    "reseaux/<slug:slug>/signalements/": (lambda w: "/reseaux/reseau-a/signalements/", LEADS),
    "reseaux/<slug:slug>/signalements/nouveau/": (
        lambda w: "/reseaux/reseau-a/signalements/nouveau/",
        LEADS,
    ),
    "signalements/<int:pk>/": (lambda w: f"/signalements/{lead(w).pk}/", LEADS),
    "signalements/<int:pk>/tentative/": (
        lambda w: f"/signalements/{lead(w).pk}/tentative/",
        POST_ONLY,
    ),
    "signalements/<int:pk>/suivi/": (lambda w: f"/signalements/{lead(w).pk}/suivi/", POST_ONLY),
    "signalements/<int:pk>/etat/": (lambda w: f"/signalements/{lead(w).pk}/etat/", POST_ONLY),
    # Figures: coordination and funders of the network; its other members see it is there.
    "reseaux/<slug:slug>/chiffres/": (
        lambda w: "/reseaux/reseau-a/chiffres/",
        row(
            coordinator=200,
            org_admin=403,
            counsellor=403,
            facilitator=403,
            other_org_counsellor=403,
            outsider=404,
            funder=200,
            capteur=403,
        ),
    ),
}

POST_MATRIX: dict = {
    "register a capteur": (
        lambda w: "/reseaux/reseau-a/capteurs/nouveau/",
        {
            "name": "Pharmacie du centre",
            "kind": "pharmacie",
            "commune": "Mourenx",
            "is_active": "on",
        },
        {**OUTREACH, "coordinator": 302, "facilitator": 302},
    ),
    "rotate a capteur's link": (
        lambda w: f"/reseaux/reseau-a/capteurs/{referrer(w).pk}/nouveau-lien/",
        {},
        {**OUTREACH, "coordinator": 302, "facilitator": 302},
    ),
    "log a contact attempt": (
        lambda w: f"/signalements/{lead(w).pk}/tentative/",
        {"kind": "call", "outcome": "no_answer"},
        {**LEADS, "facilitator": 302},
    ),
    "send a lead through a capteur's link": (
        lambda w: f"/c/{referrer(w).link_token}/",
        {
            "first_name": "Alain",
            "phone": "06 12 34 56 78",
            "contact_preference": "phone",
            "commune": "Mourenx",
            "topics": ["emploi"],
            "agreed_to_be_contacted": "on",
        },
        dict.fromkeys(ALL, 302),
    ),
}
