from django.urls import path

from maillage.referentials import views

app_name = "referentials"

urlpatterns = [
    path("metiers/", views.occupations, name="occupations"),
    path("thematiques/", views.vocabularies, name="vocabularies"),
]
