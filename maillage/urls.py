from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Maillage — administration technique"
admin.site.site_title = "Maillage"

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.accounts.urls")),
    path("territoires/", include("maillage.territories.urls")),
    path("referentiels/", include("maillage.referentials.urls")),
    path("admin/", admin.site.urls),
]
