from django.urls import path

from maillage.intake import views_suggestions

app_name = "intake"

urlpatterns = [
    path("<int:pk>/suggestions/", views_suggestions.person_suggestions, name="suggestions"),
]
