"""Permission-matrix rows of the referrals package's URLs (see tests/accounts/test_permission_matrix.py)."""

from tests.accounts.matrix.common import SIGNED_IN

GET_MATRIX: dict = {
    "orientations/": (lambda w: "/orientations/", SIGNED_IN),
}
POST_MATRIX: dict = {}
