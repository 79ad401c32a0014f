"""What every endpoint shares: public read access with a rate limit, errors in French."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import BaseThrottle

from maillage.core import ratelimit
from maillage.core.audit import client_ip

READS_PER_MINUTE = 600


class ReadThrottle(BaseThrottle):
    """Read endpoints are open to all; one address makes at most 600 requests a minute."""

    def allow_request(self, request) -> bool:
        return ratelimit.hit(
            "api-read", client_ip(request) or "", limit=READS_PER_MINUTE, window_seconds=60
        )


def public(api):
    """Mark an API's views as public (the site's login-required default does not apply)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace


def install_error_handlers(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def bad_parameters(request, exc):
        """A malformed parameter is a 400 that says which and why, never a 500."""
        problems = [
            {
                "champ": ".".join(str(p) for p in e.get("loc", [])[1:]) or None,
                "erreur": e.get("msg"),
            }
            for e in exc.errors
        ]
        return api.create_response(
            request, {"detail": "Paramètres invalides.", "erreurs": problems}, status=400
        )
