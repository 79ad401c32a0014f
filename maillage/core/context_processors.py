from django.conf import settings


def site(request):
    return {"site_name": settings.SITE_NAME, "proconnect_enabled": settings.PROCONNECT_ENABLED}
