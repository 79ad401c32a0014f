"""Writes of the front door: opening a file, consent given or withdrawn, assessments, meetings."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.intake.enums import MeetingKind
from maillage.intake.models import Consent, Meeting, NeedsAssessment, Person
from maillage.outreach import actions as outreach_actions
from maillage.outreach.enums import LeadChannel
from maillage.outreach.models import Lead


def _record(action, request, person: Person, **details):
    audit.record(
        action,
        request=request,
        target=person,
        network=person.network,
        organisation=person.organisation,
        **details,
    )


@transaction.atomic
def open_person_file(request, *, person: Person, lead: Lead | None = None) -> Person:
    """Create the person's file at the first meeting (the guichet unique). A file opened from a
    lead keeps the lead's origin (channel, capteur, action) and closes the lead as welcomed."""
    if lead is not None:
        person.origin_lead = lead
        person.origin_channel = lead.channel
        person.origin_referrer = lead.referrer
        person.origin_action = lead.action
    else:
        person.origin_channel = LeadChannel.FRONT_DESK
    person.created_by = request.user
    person.save()
    Meeting.objects.create(
        person=person,
        kind=MeetingKind.WELCOME,
        organisation=person.organisation,
        held_by=request.user,
    )
    if lead is not None:
        outreach_actions.mark_lead_welcomed(lead=lead)
    _record(AuditAction.PERSON_CREATED, request, person, from_lead=lead.pk if lead else None)
    return person


def update_person(request, *, person: Person, changed: list[str]) -> Person:
    person.save()
    _record(AuditAction.PERSON_UPDATED, request, person, fields=sorted(changed))
    return person


@transaction.atomic
def record_consent(request, *, person: Person, consent: Consent, form) -> Consent:
    consent.person = person
    consent.given_to = person.organisation
    consent.recorded_by = request.user
    consent.given_at = timezone.now()
    consent.save()
    form.save_m2m()
    _record(
        AuditAction.CONSENT_RECORDED,
        request,
        person,
        purposes=consent.purposes,
        all_network_partners=consent.all_network_partners,
        shared_with=sorted(consent.shared_with.values_list("pk", flat=True)),
    )
    return consent


# What later steps of the flow do when a consent is withdrawn (referrals cancel the open
# referrals it no longer covers). Registered from their AppConfig.ready: intake imports none.
_withdrawal_handlers: list[Callable] = []


def on_consent_withdrawn(handler: Callable) -> Callable:
    if handler not in _withdrawal_handlers:
        _withdrawal_handlers.append(handler)
    return handler


@transaction.atomic
def withdraw_consent(request, *, consent: Consent) -> Consent:
    """From now on nothing more is shared under this consent: what it alone covered stops (open
    referrals are cancelled); what was sent before stays recorded."""
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = request.user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _record(AuditAction.CONSENT_WITHDRAWN, request, consent.person, consent=consent.pk)
        for handler in _withdrawal_handlers:
            handler(request=request, person=consent.person)
    return consent


@transaction.atomic
def save_assessment(
    request, *, person: Person, assessment: NeedsAssessment, barriers: dict, occupations: list[str]
) -> NeedsAssessment:
    created = assessment.pk is None
    assessment.person = person
    assessment.barriers = barriers
    if created:
        assessment.organisation = person.organisation
        assessment.made_by = request.user
    assessment.save()
    assessment.occupations.set(occupations)
    Person.objects.filter(pk=person.pk).update(last_contact_at=timezone.now())
    _record(AuditAction.ASSESSMENT_SAVED, request, person, assessment=assessment.pk)
    return assessment


def log_meeting(request, *, person: Person, meeting: Meeting) -> Meeting:
    meeting.person = person
    meeting.organisation = person.organisation
    meeting.held_by = request.user
    meeting.save()
    Person.objects.filter(pk=person.pk).update(last_contact_at=timezone.now())
    _record(AuditAction.PERSON_UPDATED, request, person, meeting=meeting.pk)
    return meeting
