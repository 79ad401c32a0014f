from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse

from maillage.api import hsds
from maillage.api import v1 as api_v1
from maillage.api.common import public

admin.site.site_header = "Maillage — administration technique"
# The admin signs in through Maillage's own sign-in (lockout, rate limits, audit, second factor).
admin.site.login = login_not_required(
    lambda request, extra_context=None: redirect_to_login(
        request.GET.get("next", reverse("admin:index")), login_url=reverse("accounts:login")
    )
)
admin.site.site_title = "Maillage"

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.accounts.urls")),
    path("territoires/", include("maillage.territories.urls")),
    path("referentiels/", include("maillage.referentials.urls")),
    path("services/", include("maillage.directory.urls")),
    path("", include("maillage.outreach.urls")),
    path("personnes/", include("maillage.intake.urls")),
    path("orientations/", include("maillage.referrals.urls")),
    path("", include("maillage.reporting.urls")),
    path("api/v1/", public(api_v1.api)),
    path("hsds/", public(hsds.api)),
    path("admin/", admin.site.urls),
]
