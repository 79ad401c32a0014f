from django.urls import path

from maillage.reporting import views

app_name = "reporting"

urlpatterns = [
    path("reseaux/<slug:slug>/chiffres/", views.figures, name="figures"),
]
