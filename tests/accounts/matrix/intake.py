"""Permission-matrix rows of the intake package's URLs (see tests/accounts/test_permission_matrix.py)."""

from tests.accounts.matrix.common import row
from tests.personas import PERSONAS


def a_person(w):
    """A person whose file the "Mission locale" holds."""
    from maillage.intake.models import Person
    from maillage.territories.models import Commune

    return Person.objects.create(
        network=w.network,
        organisation=w.organisation,
        first_name="Camille",
        last_name="Durand",
        commune=Commune.objects.get(code="64410"),
    )


# The professionals of the organisation that holds the file; everyone else is told it is not
# there.
FILE_READERS = row(
    coordinator=404,
    org_admin=200,
    counsellor=200,
    facilitator=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)

GET_MATRIX: dict = {
    "personnes/<int:pk>/suggestions/": (
        lambda w: f"/personnes/{a_person(w).pk}/suggestions/",
        FILE_READERS,
    ),
    # Criteria only, no personal data: public like the other reads; it answers POST only.
    "api/v1/suggestions": (lambda w: "/api/v1/suggestions", dict.fromkeys(PERSONAS, 405)),
}
POST_MATRIX: dict = {}
