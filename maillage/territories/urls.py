from django.urls import path, register_converter

from maillage.territories import views


class InseeCodeConverter:
    regex = "[0-9][0-9AB][0-9]{3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(InseeCodeConverter, "insee")

app_name = "territories"

urlpatterns = [
    path("communes/", views.commune_search, name="commune_search"),
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
    path("communes/<insee:code>/", views.commune_detail, name="commune_detail"),
    path("distance/", views.distance, name="distance"),
]
