"""What a signed-in person sees first: their organisations, networks, and what awaits them."""

from maillage.accounts import permissions
from maillage.accounts.enums import JoinRequestStatus
from maillage.accounts.models import JoinRequest


def workspace(user) -> dict:
    a = permissions.access(user)
    administered = [m.organisation_id for m in a.memberships.values() if m.is_admin]
    return {
        "memberships": sorted(a.memberships.values(), key=lambda m: m.organisation.name),
        "networks": permissions.visible_networks(user).order_by("name"),
        "coordinated": a.coordinated,
        "join_requests": JoinRequest.objects.filter(
            organisation__in=administered, status=JoinRequestStatus.PENDING
        ).select_related("organisation", "user"),
    }
