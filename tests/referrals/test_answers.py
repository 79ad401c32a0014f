"""Answers and changes of state: who may move what, and the log they leave."""

import pytest
from django.core.exceptions import PermissionDenied

from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from maillage.referrals import actions
from maillage.referrals.enums import ReferralState


def test_the_partner_accepts_and_the_answer_is_logged(loop):
    referral = loop.referral()
    partner = loop.world.users["other_org_counsellor"]
    accepted = actions.accept_referral(actor=partner, referral=referral, text="RDV lundi 9 h")
    assert accepted.state == ReferralState.ACCEPTED
    assert accepted.answered_by == partner and accepted.answered_at is not None
    last = accepted.transitions.last()
    assert (last.from_state, last.to_state, last.by, last.text) == (
        "sent",
        "accepted",
        partner,
        "RDV lundi 9 h",
    )
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_ANSWERED).count() == 1


def test_a_decline_keeps_its_reason_from_the_list(loop):
    referral = loop.referral()
    declined = actions.decline_referral(
        actor=loop.world.users["other_org_counsellor"], referral=referral, reason="full"
    )
    assert declined.state == ReferralState.DECLINED
    assert declined.decline_reason == "full"
    assert declined.transitions.last().reason == "full"


def test_information_requested_then_provided_sends_it_back_to_the_partner(loop):
    referral = loop.referral()
    asked = actions.request_information(
        actor=loop.world.users["other_org_counsellor"], referral=referral, text="Permis B ?"
    )
    assert asked.state == ReferralState.INFO_REQUESTED
    answered = actions.provide_information(
        actor=loop.world.users["counsellor"], referral=asked, text="Oui, depuis 2020."
    )
    assert answered.state == ReferralState.SENT
    assert list(answered.transitions.values_list("to_state", flat=True)) == [
        "sent",
        "info_requested",
        "sent",
    ]
    accepted = actions.accept_referral(
        actor=loop.world.users["other_org_counsellor"], referral=answered
    )
    assert accepted.state == ReferralState.ACCEPTED


def test_the_sender_cannot_answer_for_the_partner(loop):
    referral = loop.referral()
    with pytest.raises(PermissionDenied):
        actions.accept_referral(actor=loop.world.users["counsellor"], referral=referral)
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


def test_the_partner_cannot_cancel_the_senders_referral(loop):
    referral = loop.referral()
    with pytest.raises(PermissionDenied):
        actions.cancel_referral(actor=loop.world.users["other_org_counsellor"], referral=referral)


def test_the_sender_cancels_an_open_referral_but_not_an_answered_one(loop):
    referral = loop.referral()
    cancelled = actions.cancel_referral(
        actor=loop.world.users["counsellor"], referral=referral, text="A trouvé un emploi."
    )
    assert cancelled.state == ReferralState.CANCELLED
    with pytest.raises(actions.ReferralConflict, match="déjà close"):
        actions.cancel_referral(actor=loop.world.users["counsellor"], referral=cancelled)


def test_providing_information_nobody_asked_for_is_refused(loop):
    referral = loop.referral()
    with pytest.raises(actions.ReferralConflict):
        actions.provide_information(
            actor=loop.world.users["counsellor"], referral=referral, text="x"
        )


# --- Pages ---------------------------------------------------------------------------------------


def test_the_partner_answers_from_the_page_and_sees_the_log(loop):
    referral = loop.referral()
    client = loop.world.client("other_org_counsellor")
    response = client.post(
        f"/orientations/{referral.pk}/repondre/",
        {
            "decision": "decline",
            "reason": "other",
            "text": "Atelier complet jusqu'en juin.",
            "state": "sent",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/orientations/{referral.pk}/").content.decode()
    assert "Atelier complet jusqu&#x27;en juin." in page
    assert "Autre raison" in page


def test_a_decline_without_reason_shows_the_error_at_the_field(loop):
    referral = loop.referral()
    response = loop.world.client("other_org_counsellor").post(
        f"/orientations/{referral.pk}/repondre/", {"decision": "decline", "state": "sent"}
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


def test_the_sender_answering_for_the_partner_is_forbidden(loop):
    referral = loop.referral()
    response = loop.world.client("counsellor").post(
        f"/orientations/{referral.pk}/repondre/", {"decision": "accept", "state": "sent"}
    )
    assert response.status_code == 403


def test_the_partner_sees_what_the_referral_needs_not_the_file(loop):
    from maillage.intake.models import NeedsAssessment

    NeedsAssessment.objects.create(
        person=loop.person, organisation=loop.world.organisation, notes="Notes confidentielles"
    )
    loop.person.address = "12 rue des Lilas"
    loop.person.save()
    referral = loop.referral(message="Cherche un atelier CV.")
    page = loop.world.client("other_org_counsellor").get(f"/orientations/{referral.pk}/")
    html = page.content.decode()
    assert "Samia" in html and "06 12 34 56 78" in html and "Pau" in html
    assert "Cherche un atelier CV." in html
    assert "Notes confidentielles" not in html and "rue des Lilas" not in html
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_VIEWED).count() == 1


def test_another_partner_cannot_see_the_referral(loop):
    referral = loop.referral()
    for persona in ("outsider", "capteur", "coordinator", "funder"):
        assert loop.world.client(persona).get(f"/orientations/{referral.pk}/").status_code == 404
