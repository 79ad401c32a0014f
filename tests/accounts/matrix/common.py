"""What every part of the permission matrix shares."""

from tests.personas import PERSONAS

ALL = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}


def row(anonymous=302, **statuses):
    """Statuses for the signed-in personas; anonymous visitors go to the sign-in page.

    The facilitator works in the counsellor's organisation: unless a row says otherwise (the
    network's leads), they get what the counsellor gets."""
    statuses.setdefault("facilitator", statuses.get("counsellor"))
    assert set(statuses) == set(PERSONAS) - {"anonymous"}, set(PERSONAS) - set(statuses)
    return {**statuses, "anonymous": anonymous}
