"""A person's timeline: everything that happened, newest first.

Packages to the right of intake in the flow (referrals, journeys…) add their events through
``register`` (called from their AppConfig.ready), so intake never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass
class Event:
    at: datetime
    kind: str  # a short code, used for styling and tests
    title: str
    detail: str = ""
    by: str = ""
    url: str = ""


Provider = Callable[[object, object], Iterable[Event]]  # (person, viewer) -> events
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _who(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


@register
def intake_events(person, viewer) -> Iterable[Event]:
    from maillage.accounts import permissions

    lead = person.origin_lead
    if lead is not None:
        yield Event(lead.created_at, "lead", "Signalement reçu", lead.origin_label)
        for attempt in lead.attempts.select_related("made_by"):
            yield Event(
                attempt.made_at,
                "attempt",
                f"{attempt.get_kind_display()} : {attempt.get_outcome_display()}",
                attempt.note,
                _who(attempt.made_by),
            )
    for meeting in person.meetings.select_related("held_by", "organisation"):
        yield Event(
            meeting.held_at,
            "meeting",
            meeting.get_kind_display(),
            meeting.summary,
            f"{_who(meeting.held_by)}, {meeting.organisation}",
        )
    for consent in person.consents.select_related("recorded_by", "withdrawn_by").prefetch_related(
        "shared_with"
    ):
        partners = (
            "tous les partenaires du réseau"
            if consent.all_network_partners
            else ", ".join(str(o) for o in consent.shared_with.all())
        )
        detail = "; ".join(consent.purpose_labels())
        if partners:
            detail += f" — partage avec : {partners}"
        yield Event(
            consent.given_at, "consent", "Consentement recueilli", detail, _who(consent.recorded_by)
        )
        if consent.withdrawn_at:
            yield Event(
                consent.withdrawn_at,
                "consent_withdrawn",
                "Consentement retiré",
                "",
                _who(consent.withdrawn_by),
            )
    for assessment in person.assessments.select_related("made_by", "organisation").prefetch_related(
        "occupations"
    ):
        parts = [f"{label} ({level})" for _, label, level in assessment.barrier_items()]
        detail = "Freins : " + (", ".join(parts) or "aucun")
        if assessment.occupations.all():
            detail += " · Métiers : " + ", ".join(o.label for o in assessment.occupations.all())
        if assessment.notes and permissions.can_see_assessment_notes(viewer, assessment):
            detail += f" · Notes : {assessment.notes}"
        yield Event(
            assessment.made_at,
            "assessment",
            "Diagnostic",
            detail,
            f"{_who(assessment.made_by)}, {assessment.organisation}",
        )


def events(person, viewer) -> list[Event]:
    found = [event for provider in _providers for event in provider(person, viewer)]
    return sorted(found, key=lambda e: e.at, reverse=True)
