"""Permission-matrix rows of the outreach package's URLs (see tests/accounts/test_permission_matrix.py)."""

GET_MATRIX: dict = {}
POST_MATRIX: dict = {}
