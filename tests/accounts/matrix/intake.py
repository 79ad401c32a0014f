"""Permission-matrix rows of the intake package's URLs (see tests/accounts/test_permission_matrix.py)."""

from tests.personas import PERSONAS

GET_MATRIX: dict = {
    "personnes/<int:pk>/suggestions/": (
        lambda w: "/personnes/1/suggestions/",
        {**dict.fromkeys(PERSONAS, 404), "anonymous": 302},
    ),
}
POST_MATRIX: dict = {}
