"""Who is told what: the partner, the sender, and the person when they chose to be."""

import pytest
from django.test import override_settings
from django.utils import timezone

from maillage.core.models import OutboxMessage
from maillage.referrals import actions

SENT_SMS: list[tuple[str, str]] = []


class RecordingSmsBackend:
    def send(self, to: str, body: str) -> bool:
        SENT_SMS.append((to, body))
        return True


@pytest.fixture
def sms():
    SENT_SMS.clear()
    with override_settings(SMS_BACKEND="tests.referrals.test_notifications.RecordingSmsBackend"):
        yield SENT_SMS


def partner(loop):
    return loop.world.users["other_org_counsellor"]


def test_the_partner_is_written_to_at_the_referral_contact_with_a_link(loop, committed, mailoutbox):
    committed(
        actions.send_referrals,
        actor=loop.world.users["counsellor"],
        person=loop.person,
        services=[loop.service],
        message="Bonjour",
    )
    [mail] = mailoutbox
    assert mail.to == ["orientations@asso.test"]
    assert "http://127.0.0.1:8000/orientations/" in mail.body  # settings.SITE_URL
    assert "Benali" not in mail.body  # the page shows the person, after signing in


def test_without_a_referral_contact_the_organisation_is_written_to(loop, committed, mailoutbox):
    loop.service.referral_contact = ""
    loop.service.save()
    loop.world.other_organisation.email = "contact@asso.test"
    loop.world.other_organisation.save()
    committed(
        actions.send_referrals,
        actor=loop.world.users["counsellor"],
        person=loop.person,
        services=[loop.service],
        message="Bonjour",
    )
    assert [m.to for m in mailoutbox] == [["contact@asso.test"]]


def test_nothing_leaves_when_the_sending_rolls_back(loop, mailoutbox):
    # Without the commit (the test's transaction never commits), no message leaves.
    actions.send_referrals(
        actor=loop.world.users["counsellor"],
        person=loop.person,
        services=[loop.service],
        message="Bonjour",
    )
    assert mailoutbox == []


@pytest.mark.parametrize(
    "change, subject",
    [
        (lambda loop, r: actions.accept_referral(actor=partner(loop), referral=r), "acceptée"),
        (
            lambda loop, r: actions.decline_referral(
                actor=partner(loop), referral=r, reason="full"
            ),
            "refusée",
        ),
        (
            lambda loop, r: actions.request_information(actor=partner(loop), referral=r, text="?"),
            "demande des informations",
        ),
    ],
    ids=["accepted", "declined", "information requested"],
)
def test_the_sender_is_told_of_every_answer(loop, committed, mailoutbox, change, subject):
    committed(change, loop, loop.referral())
    [mail] = mailoutbox
    assert mail.to == ["conseil@ml.test"]
    assert subject in mail.subject


def test_the_person_who_chose_email_is_told_of_the_acceptance_without_details(
    loop, committed, mailoutbox
):
    loop.service.telephone = "05 59 00 00 00"
    loop.service.save()
    referral = loop.referral(notify_person="email")
    committed(actions.accept_referral, actor=partner(loop), referral=referral, text="RDV lundi")
    [to_person] = [m for m in mailoutbox if m.to == ["samia@exemple.test"]]
    assert "Atelier CV" in to_person.body and "05 59 00 00 00" in to_person.body
    assert "RDV lundi" not in to_person.body and "Cherche" not in to_person.body


def test_the_person_who_chose_sms_is_told_of_a_decline_by_the_sms_sender(loop, committed, sms):
    referral = loop.referral(notify_person="sms")
    committed(actions.decline_referral, actor=partner(loop), referral=referral, reason="full")
    [(to, body)] = sms
    assert to == "06 12 34 56 78"
    assert "Atelier CV" in body and "Plus de place" not in body
    assert OutboxMessage.objects.get(channel="sms").delivered


def test_the_person_is_not_told_without_the_notifications_consent(loop, committed, sms):
    loop.consent.purposes = ["sharing"]
    loop.consent.save()
    referral = loop.referral(notify_person="sms")
    committed(actions.accept_referral, actor=partner(loop), referral=referral)
    assert sms == []


def test_the_person_is_not_told_once_the_consent_is_withdrawn(loop, committed, sms):
    referral = loop.referral(notify_person="sms")
    loop.consent.withdrawn_at = timezone.now()
    loop.consent.save()
    with pytest.raises(actions.ReferralConflict):  # nothing more is shared: no answer either
        committed(actions.accept_referral, actor=partner(loop), referral=referral)
    assert sms == []


def test_the_partner_is_told_of_a_cancellation(loop, committed, mailoutbox):
    committed(
        actions.cancel_referral, actor=loop.world.users["counsellor"], referral=loop.referral()
    )
    assert [m.to for m in mailoutbox] == [["orientations@asso.test"]]
    assert "annulée" in mailoutbox[0].subject
