"""The referrals' part of a person's timeline (registered with intake.timeline)."""

from django.urls import reverse

from maillage.intake.timeline import Event, register
from maillage.referrals.enums import ReferralState


def _who(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


@register
def referral_events(person, viewer):
    referrals = person.referrals.select_related(
        "service", "receiving_organisation"
    ).prefetch_related("transitions__by")
    for referral in referrals:
        where = f"{referral.service.nom} ({referral.receiving_organisation})"
        url = reverse("referrals:detail", args=[referral.pk])
        for transition in referral.transitions.all():
            if transition.to_state == ReferralState.SENT and not transition.from_state:
                title = f"Orientation envoyée : {where}"
                detail = referral.message
            else:
                title = f"Orientation {transition.get_to_state_display().lower()} : {where}"
                detail = " — ".join(
                    part for part in (transition.get_reason_display(), transition.text) if part
                )
            yield Event(
                transition.at,
                f"referral_{transition.to_state}",
                title,
                detail,
                _who(transition.by) if transition.by_id else "automatique",
                url,
            )
