"""The facilitators' leads inbox: contact attempts, statuses, waiting times, reminders."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from maillage.core.models import AuditEvent
from maillage.outreach.enums import LeadStatus
from maillage.outreach.models import Lead, LeadQuerySet, Referrer


@pytest.fixture
def lead(world):
    bar = Referrer.objects.create(
        network=world.network, name="Bar Le Central", kind="bar_tabac", commune_id="64410"
    )
    return Lead.objects.create(
        network=world.network,
        channel="capteur",
        referrer=bar,
        first_name="Alain",
        phone="0612345678",
        topics=["emploi"],
    )


def test_the_inbox_lists_open_leads_oldest_first_with_their_origin(world, lead):
    Lead.objects.create(
        network=world.network,
        channel="self_referral",
        first_name="Zoé",
        phone="0600000001",
        status=LeadStatus.DECLINED,
    )
    page = world.client("facilitator").get("/reseaux/reseau-a/signalements/")
    html = page.content.decode()
    assert "Alain" in html and "Capteur : Bar Le Central" in html
    assert "Zoé" not in html  # closed leads are out of the default list
    assert (
        "Zoé"
        in world.client("facilitator")
        .get("/reseaux/reseau-a/signalements/?status=all")
        .content.decode()
    )


def test_attempts_move_the_lead_and_are_logged(world, lead):
    client = world.client("facilitator")
    client.post(f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "no_answer"})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTING
    assert lead.assigned_to == world.users["facilitator"]  # whoever calls first follows it
    client.post(f"/signalements/{lead.pk}/tentative/", {"kind": "sms", "outcome": "appointment"})
    client.post(f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "reached"})
    lead.refresh_from_db()
    assert lead.status == LeadStatus.APPOINTMENT  # a reminder call keeps the appointment
    assert lead.attempts.count() == 3
    page = client.get(f"/signalements/{lead.pk}/").content.decode()
    assert "SMS : Rendez-vous fixé" in page
    assert AuditEvent.objects.filter(action="lead_viewed", target_id=str(lead.pk)).exists()


def test_a_wrong_number_makes_the_lead_unreachable_and_closes_it(world, lead):
    world.client("facilitator").post(
        f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "wrong_contact"}
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.UNREACHABLE and lead.closed_at is not None


def test_a_lead_cannot_be_given_to_someone_outside_the_network(world, lead):
    outsider = world.users["outsider"]
    world.client("facilitator").post(f"/signalements/{lead.pk}/suivi/", {"user": outsider.pk})
    lead.refresh_from_db()
    assert lead.assigned_to is None


def test_coordinators_see_the_capteur_but_not_the_people_it_sent(world, lead):
    coordinator = world.client("coordinator")
    assert coordinator.get(f"/signalements/{lead.pk}/").status_code == 404
    page = coordinator.get(f"/reseaux/reseau-a/capteurs/{lead.referrer.pk}/").content.decode()
    assert "Nouveau : 1" in page
    assert "Alain" not in page


def test_untouched_leads_are_reminded_once_per_delay(
    world, lead, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with (
        time_machine.travel(start + timedelta(days=2, hours=23)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("lead_reminders")
    assert mail.outbox == []
    with (
        time_machine.travel(start + timedelta(days=3, hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("lead_reminders")
        call_command("lead_reminders")  # a second run the same day: no second email
    (message,) = mail.outbox
    assert message.to == ["facil@ml.test"]
    assert "1 signalement(s)" in message.subject
    assert "Alain" not in message.body


class _ReadEarlier(list):
    """Leads read before another run reminded them (the rest of the query already applied)."""

    def exclude(self, **kwargs):
        return self

    def select_related(self, *fields):
        return self


def test_two_runs_at_once_remind_a_lead_once(
    world, lead, monkeypatch, django_capture_on_commit_callbacks
):
    read = LeadQuerySet.untouched_since
    other_run_done = []

    def read_then_another_run_reminds(self, when):
        leads = _ReadEarlier(read(self, when).exclude(reminded_at__gte=when))
        if not other_run_done:
            other_run_done.append(True)
            call_command("lead_reminders")  # between this run's read and its writes
        return leads

    monkeypatch.setattr(LeadQuerySet, "untouched_since", read_then_another_run_reminds)
    with (
        time_machine.travel(timezone.now() + timedelta(days=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("lead_reminders")
    assert len(mail.outbox) == 1


def test_a_dry_run_reminds_nobody(world, lead, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(timezone.now() + timedelta(days=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("lead_reminders", "--dry-run")
    assert mail.outbox == []
    lead.refresh_from_db()
    assert lead.reminded_at is None


def test_the_inbox_costs_the_same_queries_for_one_lead_or_twenty(
    world, lead, django_assert_num_queries
):
    client = world.client("facilitator")
    client.get("/reseaux/reseau-a/signalements/")  # warm the session
    for i in range(19):
        Lead.objects.create(
            network=world.network, channel="capteur", referrer=lead.referrer, first_name=f"P{i}"
        )
    # session, user, second-factor device, the network, memberships, network roles, member
    # networks, lead networks, the count, the counts per status, the page of leads (capteur,
    # action, commune, assignee and attempt counts joined in).
    with django_assert_num_queries(11):
        page = client.get("/reseaux/reseau-a/signalements/")
    assert page.content.decode().count("/signalements/") >= 20


def test_a_late_attempt_does_not_reopen_a_welcomed_lead(world, lead):
    Lead.objects.filter(pk=lead.pk).update(status=LeadStatus.WELCOMED)
    world.client("facilitator").post(
        f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "no_answer"}
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WELCOMED
    assert lead.attempts.count() == 1  # the attempt itself is kept


def test_an_unreachable_person_who_calls_back_reopens_the_lead(world, lead):
    Lead.objects.filter(pk=lead.pk).update(status=LeadStatus.UNREACHABLE)
    world.client("facilitator").post(
        f"/signalements/{lead.pk}/tentative/", {"kind": "call", "outcome": "appointment"}
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.APPOINTMENT and lead.closed_at is None
