from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "proconnect_enabled": settings.PROCONNECT_ENABLED,
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
    }
