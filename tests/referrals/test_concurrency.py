"""Two people answering the same referral at once: exactly one wins, the other is told."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from maillage.referentials.loading import load_referentials
from maillage.referrals import actions
from maillage.referrals.enums import ReferralState
from maillage.referrals.models import Referral, ReferralQuerySet
from maillage.territories.loading import load_territories
from tests.factories import MembershipFactory


def colleague(loop):
    """A second professional of the partner organisation."""
    return MembershipFactory(
        organisation=loop.world.other_organisation, user__first_name="Camille"
    ).user


def test_the_second_of_two_answers_given_on_the_same_page_loses(loop):
    referral = loop.referral()
    first, second = Referral.objects.get(pk=referral.pk), Referral.objects.get(pk=referral.pk)
    partner = loop.world.users["other_org_counsellor"]
    actions.accept_referral(actor=partner, referral=first)
    with pytest.raises(actions.ReferralConflict) as lost:
        actions.decline_referral(actor=colleague(loop), referral=second, reason="full")
    assert str(lost.value).startswith("Cette orientation a déjà reçu une réponse (acceptée par ")
    assert str(partner) in str(lost.value)
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    assert referral.transitions.count() == 2  # sent, accepted


class _StaleRead:
    """A locked read that saw the state before the other answer (no lock held, as on SQLite)."""

    def __init__(self, stale):
        self.stale = stale

    def get(self, **kwargs):
        return self.stale


def test_the_conditional_update_stops_an_answer_its_read_missed(loop, monkeypatch):
    referral = loop.referral()
    stale = Referral.objects.get(pk=referral.pk)
    actions.accept_referral(actor=loop.world.users["other_org_counsellor"], referral=referral)
    monkeypatch.setattr(ReferralQuerySet, "select_for_update", lambda self, **kw: _StaleRead(stale))
    with pytest.raises(actions.ReferralConflict, match="acceptée par"):
        actions.decline_referral(actor=colleague(loop), referral=stale, reason="full")
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED and referral.decline_reason == ""


def test_the_page_tells_the_loser_who_answered_and_when(loop):
    referral = loop.referral()
    data = {"decision": "accept", "state": "sent"}
    loop.world.client("other_org_counsellor").post(f"/orientations/{referral.pk}/repondre/", data)
    client = loop.world.client("other_org_counsellor")
    page = client.post(f"/orientations/{referral.pk}/repondre/", data, follow=True)
    assert "Cette orientation a déjà reçu une réponse (acceptée par" in page.content.decode()
    assert referral.transitions.count() == 2


@pytest.fixture
def reference_data_put_back(django_db_blocker):
    """transactional_db empties every table when its test ends: put back the reference data
    every other test of this worker expects. Requested before transactional_db, so it is torn
    down after it."""
    yield
    with django_db_blocker.unblock():
        load_territories()
        load_referentials()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite's test database is in memory: threads cannot hold two transactions on it",
)
def test_two_answers_at_the_same_moment_on_postgresql_exactly_one_wins(
    reference_data_put_back, transactional_db, loop
):
    referral = loop.referral()
    partners = [loop.world.users["other_org_counsellor"], colleague(loop)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(user, decide):
        try:
            seen = Referral.objects.get(pk=referral.pk)  # both saw the referral waiting
            start.wait(timeout=10)
            decide(actor=user, referral=seen)
            outcomes.append("won")
        except actions.ReferralConflict as conflict:
            outcomes.append(str(conflict))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(partners[0], actions.accept_referral)),
        threading.Thread(
            target=answer,
            args=(
                partners[1],
                lambda **kw: actions.decline_referral(reason="full", **kw),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o == "won" for o in outcomes) == [False, True]
    [lost] = [o for o in outcomes if o != "won"]
    assert lost.startswith("Cette orientation a déjà reçu une réponse (")
    referral.refresh_from_db()
    assert referral.state in (ReferralState.ACCEPTED, ReferralState.DECLINED)
    assert referral.transitions.count() == 2
