from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # Django's own views (sign-in, password reset) put the host in "site_name"; the layout
        # uses this name, which they leave alone.
        "product_name": settings.SITE_NAME,
        "proconnect_enabled": settings.PROCONNECT_ENABLED,
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
    }
