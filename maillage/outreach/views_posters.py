"""A capteur's printable poster, for the network's facilitators and coordinators."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from maillage.accounts import permissions
from maillage.core.text import normalize
from maillage.outreach.models import Referrer
from maillage.outreach.posters import render_poster

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png"}


@require_safe
def poster(request, slug: str, pk: int, fmt: str):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    referrer = get_object_or_404(Referrer.objects.select_related("network"), pk=pk, network=network)
    url = request.build_absolute_uri(f"/c/{referrer.link_token}/")
    response = HttpResponse(
        render_poster(referrer=referrer, url=url, fmt=fmt), content_type=CONTENT_TYPES[fmt]
    )
    name = slugify(normalize(referrer.name))[:60].strip("-") or "capteur"  # œ -> oe
    response["Content-Disposition"] = f'inline; filename="affiche-{name}.{fmt}"'
    # The link inside is the capteur's: not kept by shared caches, nor once rotated.
    response["Cache-Control"] = "private, no-store"
    return response
