from django.utils.functional import SimpleLazyObject

from maillage.accounts import permissions


def roles(request):
    """What the navigation needs to know of the user, computed only if a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_see_people": SimpleLazyObject(
            lambda: bool(
                user and user.is_authenticated and permissions.person_organisation_ids(user)
            )
        )
    }
