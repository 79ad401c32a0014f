"""Reminders and expiry by the periodic command, on each network's delays (frozen time)."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from maillage.referrals import actions
from maillage.referrals.enums import ReferralState

# Winter: no change of hour between the sending and its deadlines.
SENT = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def waiting(loop):
    with time_machine.travel(SENT, tick=False):
        return loop.referral()


def run_at(days: float, committed):
    with time_machine.travel(SENT + timedelta(days=days), tick=False):
        return committed(actions.remind_and_expire)


def test_nothing_happens_before_the_reminder_delay(waiting, committed, mailoutbox):
    assert run_at(6.9, committed) == {"reminded": 0, "expired": 0}
    assert mailoutbox == []


def test_the_partner_is_reminded_once_at_seven_days(waiting, committed, mailoutbox):
    assert run_at(7, committed) == {"reminded": 1, "expired": 0}
    assert [m.to for m in mailoutbox] == [["orientations@asso.test"]]
    assert "attend votre réponse depuis 7 jours" in mailoutbox[0].body
    assert run_at(8, committed) == {"reminded": 0, "expired": 0}
    assert len(mailoutbox) == 1
    waiting.refresh_from_db()
    assert waiting.reminded_at == SENT + timedelta(days=7)
    assert waiting.state == ReferralState.SENT


def test_it_expires_at_thirty_days_and_the_sender_is_told(waiting, committed, mailoutbox):
    assert run_at(29.9, committed)["expired"] == 0
    assert run_at(30, committed)["expired"] == 1
    waiting.refresh_from_db()
    assert waiting.state == ReferralState.EXPIRED
    last = waiting.transitions.last()
    assert (last.from_state, last.to_state, last.by) == ("sent", "expired", None)
    assert mailoutbox[-1].to == ["conseil@ml.test"]
    assert "expirée" in mailoutbox[-1].subject
    assert run_at(31, committed) == {"reminded": 0, "expired": 0}


def test_a_referral_waiting_for_the_sender_expires_too(waiting, committed):
    with time_machine.travel(SENT + timedelta(days=1), tick=False):
        actions.request_information(
            actor=waiting.receiving_organisation.memberships.get().user, referral=waiting, text="?"
        )
    assert run_at(10, committed)["reminded"] == 0  # the partner is not the one to chase
    assert run_at(30, committed)["expired"] == 1


def test_an_answered_referral_is_neither_reminded_nor_expired(waiting, committed, mailoutbox):
    actions.accept_referral(
        actor=waiting.receiving_organisation.memberships.get().user, referral=waiting
    )
    assert run_at(40, committed) == {"reminded": 0, "expired": 0}


def test_each_network_keeps_its_own_delays(waiting, committed, loop):
    network = loop.world.network
    network.referral_reminder_days, network.referral_expiry_days = 3, 10
    network.save()
    assert run_at(2.9, committed)["reminded"] == 0
    assert run_at(3, committed)["reminded"] == 1
    assert run_at(10, committed)["expired"] == 1


def test_the_command_prints_its_counts_and_a_dry_run_changes_nothing(waiting, mailoutbox):
    out = StringIO()
    with time_machine.travel(SENT + timedelta(days=30), tick=False):
        call_command("referral_deadlines", "--dry-run", stdout=out)
        assert "0 relance envoyée, 1 expirée" in out.getvalue()
        assert "essai à blanc" in out.getvalue()
        waiting.refresh_from_db()
        assert waiting.state == ReferralState.SENT
        call_command("referral_deadlines", stdout=out)
    waiting.refresh_from_db()
    assert waiting.state == ReferralState.EXPIRED
