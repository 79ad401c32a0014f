from urllib.parse import urlsplit

from django.conf import settings


def _tile_host() -> str:
    """The map tile server an operator configured, if any: the one host images may come from."""
    parts = urlsplit(getattr(settings, "MAP_TILES_URL", ""))
    return f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}" if parts.netloc else ""


# Everything is served by us: no third-party host, no inline script or style.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:" + _tile_host(),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
