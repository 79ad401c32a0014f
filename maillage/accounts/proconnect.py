"""Sign-in with ProConnect, the State's identity provider for professionals (OpenID Connect).

Optional: on when PROCONNECT_BASE_URL is set (see docs/configuration.md). ProConnect proves who
the professional is; it opens no account. Only someone who already has an active Maillage
account (by invitation) can sign in this way, and the second factor is still asked of every role
that sees personal data.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from maillage.accounts import actions, permissions
from maillage.accounts.middleware import second_factor_redirect
from maillage.core import audit
from maillage.core.enums import AuditAction


class ProConnectBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email=email, is_active=True)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email"))

    def update_user(self, user, claims):
        """Fill in a missing name from ProConnect's (``given_name``, ``usual_name``)."""
        changed = []
        if not user.first_name and claims.get("given_name"):
            user.first_name = claims["given_name"][:150]
            changed.append("first_name")
        if not user.last_name and claims.get("usual_name"):
            user.last_name = claims["usual_name"][:150]
            changed.append("last_name")
        if changed:
            user.save(update_fields=changed)
        return user


def _require_enabled():
    if not settings.PROCONNECT_ENABLED:
        raise Http404("ProConnect n'est pas activé sur ce site.")


class CallbackView(OIDCAuthenticationCallbackView):
    def login_success(self):
        actions.complete_sign_in(self.request, self.user, method="proconnect")
        if permissions.requires_two_factor(self.user):
            return second_factor_redirect(self.user, self.success_url)
        return HttpResponseRedirect(self.success_url)

    def login_failure(self):
        audit.record(AuditAction.LOGIN_FAILED, request=self.request, method="proconnect")
        messages.error(
            self.request,
            "Connexion avec ProConnect impossible : aucun compte n'est ouvert pour votre adresse "
            "sur ce site, ou la connexion a été interrompue. Demandez une invitation à "
            "l'administrateur·rice de votre structure.",
        )
        return HttpResponseRedirect(reverse("accounts:login"))


_start = OIDCAuthenticationRequestView.as_view()
_callback = CallbackView.as_view()


@login_not_required
def start(request):
    _require_enabled()  # before the view reads its settings, which exist only when enabled
    return _start(request)


@login_not_required
def callback(request):
    _require_enabled()
    return _callback(request)
