"""Permission-matrix rows of the outreach package's URLs (see tests/accounts/test_permission_matrix.py)."""

from tests.accounts.matrix.common import row


def a_referrer(w):
    from maillage.outreach.enums import ReferrerKind
    from maillage.outreach.models import Referrer

    return Referrer.objects.get_or_create(
        network=w.network,
        name="Bar-tabac du Centre",
        defaults={"kind": ReferrerKind.BAR_TABAC, "commune_id": "64410"},
    )[0]


# The network's capteurs: its facilitators and its coordination.
OUTREACH_MANAGERS = row(
    coordinator=200,
    org_admin=404,
    counsellor=404,
    facilitator=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)

GET_MATRIX: dict = {
    "reseaux/<slug:slug>/capteurs/<int:pk>/affiche.pdf": (
        lambda w: f"/reseaux/reseau-a/capteurs/{a_referrer(w).pk}/affiche.pdf",
        OUTREACH_MANAGERS,
    ),
    "reseaux/<slug:slug>/capteurs/<int:pk>/affiche.png": (
        lambda w: f"/reseaux/reseau-a/capteurs/{a_referrer(w).pk}/affiche.png",
        OUTREACH_MANAGERS,
    ),
}
POST_MATRIX: dict = {}
