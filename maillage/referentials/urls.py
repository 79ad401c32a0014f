from django.urls import path

from maillage.referentials import views

app_name = "referentials"

urlpatterns = [
    path("metiers/", views.occupations, name="occupations"),
    path("metiers/suggestions/", views.occupation_suggestions, name="occupation_suggestions"),
    path("thematiques/", views.vocabularies, name="vocabularies"),
]
