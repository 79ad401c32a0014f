from django.urls import path

from maillage.territories import views

app_name = "territories"

urlpatterns = [
    path("communes/", views.commune_search, name="commune_search"),
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
    path("communes/<str:code>/", views.commune_detail, name="commune_detail"),
    path("distance/", views.distance, name="distance"),
]
