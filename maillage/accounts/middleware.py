from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from maillage.accounts.permissions import requires_two_factor
from maillage.accounts.twofactor import has_confirmed_device


def needs_second_factor(user) -> bool:
    """Signed in with a password only, where the role asks for a second factor too."""
    return user.is_authenticated and not user.is_verified() and requires_two_factor(user)


def two_factor_exempt(view):
    """Views a signed-in user must reach before passing the second factor (enrolment, logout)."""
    view.two_factor_exempt = True
    return view


class TwoFactorMiddleware:
    """Sends whoever needs a second factor and has not passed it to enrolment or verification.

    Public pages stay reachable; every other page waits for the second factor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if getattr(view_func, "login_required", True) is False:
            return None  # public pages; the few that use the account check needs_second_factor
        if getattr(view_func, "two_factor_exempt", False):
            return None
        if not needs_second_factor(user):
            return None
        return second_factor_redirect(user, request.get_full_path())


def second_factor_redirect(user, next_url: str):
    name = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")
