from django.urls import path

from maillage.outreach import views_posters

app_name = "outreach"

urlpatterns: list = [
    path(
        "reseaux/<slug:slug>/capteurs/<int:pk>/affiche.pdf",
        views_posters.poster,
        {"fmt": "pdf"},
        name="poster_pdf",
    ),
    path(
        "reseaux/<slug:slug>/capteurs/<int:pk>/affiche.png",
        views_posters.poster,
        {"fmt": "png"},
        name="poster_png",
    ),
]
