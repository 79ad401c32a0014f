"""Permission-matrix rows of the referrals package's URLs (see tests/accounts/test_permission_matrix.py).

The objects: Samia's file is held by Mission locale (w.organisation), her consent covers
Association (w.other_organisation), whose service takes referrals; the referral goes from
Mission locale to Association.
"""

from tests.accounts.matrix.common import POST_ONLY, SIGNED_IN, row
from tests.factories import a_consent, a_person, a_referral, a_referral_service
from tests.personas import PERSONAS


def _person(w):
    return a_person(organisation=w.organisation, network=w.network)


def _service(w):
    return a_referral_service(organisation=w.other_organisation)


def _referral(w, **fields):
    return a_referral(person=_person(w), service=_service(w), **fields)


def _send_form(w, data=None):
    person, service = _person(w), _service(w)
    a_consent(person=person, shared_with=[w.other_organisation])
    if data is not None:
        # The matrix posts ``data`` after building the URL: the service's id is only known now.
        data["services"] = [service.pk]
    return f"/orientations/nouvelle/?person={person.pk}&service={service.pk}"


# Who holds the person's file (the sender's professionals).
FILE_HOLDERS = row(
    coordinator=404,
    org_admin=200,
    counsellor=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)
# Both sides of the referral.
BOTH_SIDES = {**FILE_HOLDERS, "other_org_counsellor": 200}

GET_MATRIX: dict = {
    "orientations/": (lambda w: "/orientations/", SIGNED_IN),
    "orientations/envoyees/": (lambda w: "/orientations/envoyees/?state=open", SIGNED_IN),
    "orientations/nouvelle/": (_send_form, FILE_HOLDERS),
    "orientations/<int:pk>/": (lambda w: f"/orientations/{_referral(w).pk}/", BOTH_SIDES),
    "orientations/<int:pk>/repondre/": (
        lambda w: f"/orientations/{_referral(w).pk}/repondre/",
        POST_ONLY,
    ),
    "orientations/<int:pk>/completer/": (
        lambda w: f"/orientations/{_referral(w).pk}/completer/",
        POST_ONLY,
    ),
    "orientations/<int:pk>/annuler/": (
        lambda w: f"/orientations/{_referral(w).pk}/annuler/",
        POST_ONLY,
    ),
    # The demo's outbox (DEMO_OUTBOX=1) does not exist elsewhere.
    "orientations/messages-envoyes/": (
        lambda w: "/orientations/messages-envoyes/",
        {**dict.fromkeys(PERSONAS, 404), "anonymous": 302},
    ),
}

SENDER_ACTION = row(
    coordinator=404,
    org_admin=302,
    counsellor=302,
    other_org_counsellor=403,
    outsider=404,
    funder=404,
    capteur=404,
)
PARTNER_ACTION = row(
    coordinator=404,
    org_admin=403,
    counsellor=403,
    other_org_counsellor=302,
    outsider=404,
    funder=404,
    capteur=404,
)
_send_data: dict = {"message": "Cherche un atelier CV.", "notify_person": ""}

POST_MATRIX: dict = {
    "send a referral": (
        lambda w: _send_form(w, _send_data),
        _send_data,
        {**FILE_HOLDERS, "org_admin": 302, "counsellor": 302, "facilitator": 302},
    ),
    "answer a referral": (
        lambda w: f"/orientations/{_referral(w).pk}/repondre/",
        {"decision": "accept", "state": "sent"},
        PARTNER_ACTION,
    ),
    "give the information the partner asked for": (
        lambda w: f"/orientations/{_referral(w, state='info_requested').pk}/completer/",
        {"text": "Oui, elle a le permis B.", "state": "info_requested"},
        SENDER_ACTION,
    ),
    "cancel a referral": (
        lambda w: f"/orientations/{_referral(w).pk}/annuler/",
        {"text": "", "state": "sent"},
        SENDER_ACTION,
    ),
}
