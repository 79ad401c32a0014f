"""Write functions of referrals: sending, answering, deadlines.

Views and the periodic command call these. Each change of state goes through ``_move``: it checks
the side (enums.TRANSITIONS), changes the state with a conditional UPDATE so that of two answers
given at once exactly one wins, writes the transition log and the audit log, and queues the
notifications (they leave when the transaction commits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone

from maillage.accounts import permissions
from maillage.accounts.models import Network
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.notify import notify
from maillage.directory.models import Service
from maillage.intake.enums import ConsentPurpose
from maillage.intake.models import Consent, Person
from maillage.referrals.enums import (
    OPEN_STATES,
    TRANSITIONS,
    DeclineReason,
    NotifyChannel,
    ReferralState,
)
from maillage.referrals.models import Referral, ReferralTransition


class ReferralRefused(ValidationError):
    """The referrals cannot leave. Messages are keyed by the send form's fields."""


class ReferralConflict(Exception):
    """Someone changed the referral first; the message says who and when, in French."""


@dataclass
class Target:
    """One service a person would be sent to, and what stands in the way."""

    service: Service
    consent: Consent | None = None
    problem: str = ""
    missing_consent: bool = False

    @property
    def organisation(self):
        return self.service.structure.organisation


def _actor(request, actor):
    return actor if actor is not None or request is None else request.user


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def referral_url(referral: Referral) -> str:
    return _absolute(reverse("referrals:detail", args=[referral.pk]))


def _local(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y à H:i")


# --- Sending -------------------------------------------------------------------------------------


def check_targets(*, person: Person, services: list[Service], consents=None) -> list[Target]:
    """Whether each service can receive this person now: it takes referrals through Maillage, is
    open, belongs to a partner organisation, has no open referral of this person already, and a
    consent in force covers that organisation. ``services`` come with structure__organisation."""
    if consents is None:
        consents = list(person.consents.in_force())
    pks = [s.pk for s in services]
    visible = set(Service.objects.visible().filter(pk__in=pks).values_list("pk", flat=True))
    pending = set(
        Referral.objects.open()
        .filter(person=person, service__in=pks)
        .values_list("service_id", flat=True)
    )
    receiving = set(
        permissions.organisations_receiving_people()
        .filter(pk__in=[s.structure.organisation_id for s in services])
        .values_list("pk", flat=True)
    )
    targets = []
    for service in services:
        target = Target(service)
        organisation = service.structure.organisation
        if (
            not service.accepts_referrals
            or service.pk not in visible
            or organisation is None
            # A capteur's shop has no one allowed to read a person's situation.
            or organisation.pk not in receiving
        ):
            target.problem = (
                f"« {service.nom} » ne reçoit pas d'orientations par {settings.SITE_NAME}."
            )
        elif service.pk in pending:
            target.problem = (
                f"La personne est déjà orientée vers « {service.nom} » : cette orientation "
                "attend encore une réponse."
            )
        else:
            target.consent = next((c for c in consents if c.covers(organisation)), None)
            if target.consent is None:
                target.missing_consent = True
                target.problem = (
                    f"« {service.nom} » : la personne n'a pas accepté que sa situation soit "
                    f"partagée avec {organisation}. Recueillez son consentement avant de "
                    "l'orienter."
                )
        targets.append(target)
    return targets


def accepts_notifications(consents) -> bool:
    return any(ConsentPurpose.NOTIFICATIONS in c.purposes for c in consents if c.in_force)


def notify_problem(*, person: Person, channel: str, consents) -> str:
    if not channel:
        return ""
    if not accepts_notifications(consents):
        return (
            "La personne n'a pas accepté d'être prévenue des réponses des partenaires : "
            "recueillez son accord, ou choisissez de ne pas la prévenir."
        )
    if channel == NotifyChannel.EMAIL and not person.email:
        return "Le dossier de la personne n'a pas d'adresse électronique."
    if channel == NotifyChannel.SMS and not person.phone:
        return "Le dossier de la personne n'a pas de numéro de téléphone."
    return ""


def send_referrals(
    *,
    request=None,
    actor=None,
    person: Person,
    services: list[Service],
    message: str,
    notify_person: str = "",
) -> list[Referral]:
    """Send the person to every service, or to none: each must take referrals and be covered by
    a consent in force. Raises ReferralRefused (messages by field) and writes a
    REFERRAL_REFUSED_NO_CONSENT line for each service the person did not agree to."""
    actor = _actor(request, actor)
    if not permissions.can_send_referral(actor, person):
        raise PermissionDenied("Vous ne suivez pas cette personne.")
    targets: list[Target] = []
    try:
        with transaction.atomic():
            # The consents in force are locked: a withdrawal made at this very moment waits
            # for this sending, or this sending sees it.
            consents = list(person.consents.in_force().select_for_update(of=("self",)))
            services = list(
                Service.objects.select_related("structure__organisation").filter(
                    pk__in=[s.pk for s in services]
                )
            )
            targets = check_targets(person=person, services=services, consents=consents)
            errors: dict[str, list[str]] = {}
            if not targets:
                errors["services"] = ["Choisissez au moins un service."]
            elif problems := [t.problem for t in targets if t.problem]:
                errors["services"] = problems
            if problem := notify_problem(person=person, channel=notify_person, consents=consents):
                errors["notify_person"] = [problem]
            if not message.strip():
                errors["message"] = ["Écrivez au partenaire ce que la personne attend."]
            if errors:
                raise ReferralRefused(errors)
            return [
                _create(request, actor, person, target, message.strip(), notify_person)
                for target in targets
            ]
    except ReferralRefused:
        # Written after the rollback, so the refusal stays in the log.
        for target in targets:
            if target.missing_consent:
                audit.record(
                    AuditAction.REFERRAL_REFUSED_NO_CONSENT,
                    request=request,
                    actor=actor,
                    target=person,
                    network=person.network,
                    organisation=target.organisation,
                    service=target.service.pk,
                )
        raise


def _create(request, actor, person, target: Target, message: str, notify_person: str):
    referral = Referral.objects.create(
        person=person,
        service=target.service,
        receiving_organisation=target.organisation,
        sending_organisation=person.organisation,
        sent_by=actor,
        network=person.network,
        consent=target.consent,
        message=message,
        notify_person=notify_person,
        origin_channel=person.origin_channel,
        origin_referrer_id=person.origin_referrer_id,
        origin_action_id=person.origin_action_id,
    )
    ReferralTransition.objects.create(
        referral=referral, to_state=ReferralState.SENT, at=referral.sent_at, by=actor
    )
    audit.record(
        AuditAction.REFERRAL_SENT,
        request=request,
        actor=actor,
        target=referral,
        network=person.network,
        organisation=person.organisation,
        service=target.service.pk,
        receiving_organisation=target.organisation.pk,
    )
    _tell_partner(referral, "sent")
    return referral


# --- Changes of state ----------------------------------------------------------------------------


def conflict_message(referral: Referral) -> str:
    """What happened to a referral someone else changed first: what, by whom, when."""
    last = referral.transitions.select_related("by").last()
    label = referral.get_state_display().lower()
    if last is not None and last.by is not None:
        label += f" par {last.by}"
    if last is not None:
        label += f" le {_local(last.at)}"
    if referral.state in OPEN_STATES:
        return f"Cette orientation a changé entre-temps ({label}). Relisez-la avant de répondre."
    if referral.state in (ReferralState.ACCEPTED, ReferralState.DECLINED):
        return f"Cette orientation a déjà reçu une réponse ({label})."
    return f"Cette orientation est déjà close ({label})."


def _move(
    *,
    request,
    actor,
    referral: Referral,
    to_state: ReferralState,
    side: str,
    expected_state: str | None = None,
    reason: str = "",
    text: str = "",
) -> Referral:
    """Move the referral from the state the user saw (``expected_state``, else its state when
    loaded) to ``to_state``, on behalf of ``side``."""
    if side != "system":
        permissions.require_referral_side(actor, referral, side)
    expected = expected_state or referral.state
    with transaction.atomic():
        # PostgreSQL: a second answer waits here until the first commits, then sees its state.
        current = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
        if current.state != expected or TRANSITIONS.get((expected, to_state)) != side:
            raise ReferralConflict(conflict_message(current))
        if to_state in (ReferralState.ACCEPTED, ReferralState.SENT) and not _still_covered(current):
            raise ReferralConflict(
                "La personne a retiré son consentement : sa situation n'est plus partagée avec "
                f"{current.receiving_organisation}. L'orientation ne peut plus avancer."
            )
        now = timezone.now()
        updates: dict = {"state": to_state}
        if to_state in (ReferralState.ACCEPTED, ReferralState.DECLINED):
            updates.update(answered_at=now, answered_by=actor, decline_reason=reason)
        # The state the user saw is the condition: on SQLite too, where nothing is locked, the
        # second of two answers updates no row.
        if not Referral.objects.filter(pk=referral.pk, state=expected).update(**updates):
            raise ReferralConflict(conflict_message(Referral.objects.get(pk=referral.pk)))
        ReferralTransition.objects.create(
            referral_id=referral.pk,
            from_state=expected,
            to_state=to_state,
            at=now,
            by=actor,
            reason=reason,
            text=text,
        )
        moved = Referral.objects.select_related(
            "person",
            "service",
            "receiving_organisation",
            "sending_organisation",
            "sent_by",
            "network",
        ).get(pk=referral.pk)
        audit.record(
            AuditAction.REFERRAL_ANSWERED,
            request=request,
            actor=actor,
            target=moved,
            network=moved.network,
            organisation=(
                moved.sending_organisation if side == "sender" else moved.receiving_organisation
            ),
            from_state=expected,
            to_state=to_state,
            reason=reason,
            by_system=side == "system",
        )
        _notify_move(moved, to_state)
    return moved


def _still_covered(referral: Referral) -> bool:
    """Whether a consent in force still lets the person's situation go to the partner (the
    consents are locked: a withdrawal at this very moment waits, or is seen)."""
    consents = Consent.objects.in_force().filter(person_id=referral.person_id)
    consents = consents.select_for_update(of=("self",))
    organisation = referral.receiving_organisation
    return any(consent.covers(organisation) for consent in consents)


def cancel_uncovered_referrals(*, request=None, actor=None, person: Person) -> int:
    """After a withdrawal: every open referral to a partner no consent covers any more is
    cancelled (the partner is told, without the person's details). Returns how many."""
    actor = _actor(request, actor)
    consents = list(person.consents.in_force())
    cancelled = 0
    for referral in person.referrals.open().select_related("receiving_organisation"):
        if any(consent.covers(referral.receiving_organisation) for consent in consents):
            continue
        _move(
            request=request,
            actor=actor,
            referral=referral,
            to_state=ReferralState.CANCELLED,
            side="sender",
            text="La personne a retiré son consentement.",
        )
        cancelled += 1
    return cancelled


def accept_referral(
    *, request=None, actor=None, referral: Referral, text: str = "", expected_state=None
) -> Referral:
    return _move(
        request=request,
        actor=_actor(request, actor),
        referral=referral,
        to_state=ReferralState.ACCEPTED,
        side="partner",
        expected_state=expected_state,
        text=text,
    )


def decline_referral(
    *,
    request=None,
    actor=None,
    referral: Referral,
    reason: DeclineReason | str,
    text: str = "",
    expected_state=None,
) -> Referral:
    if reason not in DeclineReason.values:
        raise ValueError(f"Motif de refus inconnu : {reason!r}")
    return _move(
        request=request,
        actor=_actor(request, actor),
        referral=referral,
        to_state=ReferralState.DECLINED,
        side="partner",
        expected_state=expected_state,
        reason=reason,
        text=text,
    )


def request_information(
    *, request=None, actor=None, referral: Referral, text: str, expected_state=None
) -> Referral:
    return _move(
        request=request,
        actor=_actor(request, actor),
        referral=referral,
        to_state=ReferralState.INFO_REQUESTED,
        side="partner",
        expected_state=expected_state,
        text=text,
    )


def provide_information(
    *, request=None, actor=None, referral: Referral, text: str, expected_state=None
) -> Referral:
    """The sender's answer to the partner's question; the referral waits for the partner again
    (its deadlines still count from the day it was sent)."""
    return _move(
        request=request,
        actor=_actor(request, actor),
        referral=referral,
        to_state=ReferralState.SENT,
        side="sender",
        expected_state=expected_state,
        text=text,
    )


def cancel_referral(
    *, request=None, actor=None, referral: Referral, text: str = "", expected_state=None
) -> Referral:
    return _move(
        request=request,
        actor=_actor(request, actor),
        referral=referral,
        to_state=ReferralState.CANCELLED,
        side="sender",
        expected_state=expected_state,
        text=text,
    )


# --- Deadlines (the periodic command) ------------------------------------------------------------


def remind_and_expire(*, now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Expire the open referrals older than their network's expiry delay (the sender is told),
    then remind the partner, once, of those waiting past the reminder delay.

    Idempotent: a second run finds nothing more to do. Rows are claimed with SKIP LOCKED on
    PostgreSQL, so a referral being answered right now is left for the next run.
    """
    now = now or timezone.now()
    counts = {"reminded": 0, "expired": 0}
    left = limit
    networks = Network.objects.filter(pk__in=Referral.objects.open().values("network_id"))
    for network in networks.order_by("pk"):
        expire_before = now - timedelta(days=network.referral_expiry_days)
        remind_before = now - timedelta(days=network.referral_reminder_days)
        with transaction.atomic():
            due = (
                Referral.objects.open()
                .filter(network=network, sent_at__lte=expire_before)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("sent_at", "pk")
            )
            for referral in due[:left] if left is not None else due:
                try:
                    _move(
                        request=None,
                        actor=None,
                        referral=referral,
                        to_state=ReferralState.EXPIRED,
                        side="system",
                        text=f"Aucune réponse en {network.referral_expiry_days} jours.",
                    )
                except ReferralConflict:
                    continue  # answered between the claim and now
                counts["expired"] += 1
                if left is not None:
                    left -= 1
            due = (
                Referral.objects.filter(
                    network=network,
                    state=ReferralState.SENT,
                    reminded_at=None,
                    sent_at__lte=remind_before,
                    sent_at__gt=expire_before,
                )
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("service", "receiving_organisation", "sending_organisation")
                .order_by("sent_at", "pk")
            )
            for referral in due[:left] if left is not None else due:
                claimed = Referral.objects.filter(
                    pk=referral.pk, state=ReferralState.SENT, reminded_at=None
                ).update(reminded_at=now)
                if claimed:
                    _tell_partner(referral, "reminder", days=(now - referral.sent_at).days)
                    counts["reminded"] += 1
                    if left is not None:
                        left -= 1
    return counts


# --- Notifications -------------------------------------------------------------------------------

PARTNER_SUBJECTS = {
    "sent": "Nouvelle orientation vers « {service} »",
    "reminder": "Une orientation attend votre réponse : « {service} »",
    "information_provided": "Informations reçues pour une orientation : « {service} »",
    "cancelled": "Orientation annulée : « {service} »",
}
SENDER_SUBJECTS = {
    ReferralState.ACCEPTED: "Orientation acceptée : « {service} »",
    ReferralState.DECLINED: "Orientation refusée : « {service} »",
    ReferralState.INFO_REQUESTED: "Le partenaire demande des informations : « {service} »",
    ReferralState.EXPIRED: "Orientation expirée sans réponse : « {service} »",
}


def partner_address(referral: Referral) -> str:
    """Whoever answers the service's referrals, else the receiving organisation's address."""
    return referral.service.referral_contact or referral.receiving_organisation.email


def sender_address(referral: Referral) -> str:
    """The professional who sent it, else the sending organisation's address."""
    if referral.sent_by is not None and referral.sent_by.is_active:
        return referral.sent_by.email
    return referral.sending_organisation.email


def _tell_partner(referral: Referral, event: str, **extra) -> None:
    notify(
        channel="email",
        to=partner_address(referral),
        subject=PARTNER_SUBJECTS[event].format(service=referral.service.nom),
        template=f"referrals/email/partner_{event}.txt",
        context={"referral": referral, "url": referral_url(referral), **extra},
    )


def _notify_move(referral: Referral, to_state: str) -> None:
    last = referral.transitions.last()
    context = {"referral": referral, "url": referral_url(referral), "transition": last}
    if to_state in SENDER_SUBJECTS:
        notify(
            channel="email",
            to=sender_address(referral),
            subject=SENDER_SUBJECTS[to_state].format(service=referral.service.nom),
            template="referrals/email/sender_answer.txt",
            context=context,
        )
    elif to_state == ReferralState.SENT:
        _tell_partner(referral, "information_provided", transition=last)
    elif to_state == ReferralState.CANCELLED:
        _tell_partner(referral, "cancelled", transition=last)
    if to_state in (ReferralState.ACCEPTED, ReferralState.DECLINED):
        _tell_person(referral)


def _tell_person(referral: Referral) -> None:
    """Only when the sender chose a channel and the person's consent in force allows it. Nothing
    sensitive: the service, whom to call."""
    channel = referral.notify_person
    if not channel or not accepts_notifications(referral.person.consents.in_force()):
        return
    person = referral.person
    to = person.email if channel == NotifyChannel.EMAIL else person.phone
    folder = "email" if channel == NotifyChannel.EMAIL else "sms"
    notify(
        channel=channel,
        to=to,
        subject="Réponse à votre demande",
        template=f"referrals/{folder}/person_{referral.state}.txt",
        context={
            "first_name": person.first_name,
            "service_name": referral.service.nom,
            "partner_name": referral.receiving_organisation.name,
            "partner_phone": referral.service.telephone or referral.receiving_organisation.phone,
            "sender_name": referral.sending_organisation.name,
            "sender_phone": referral.sending_organisation.phone,
        },
    )
