from django.urls import path

from maillage.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.service_search, name="search"),
    path("<int:pk>/", views.service_detail, name="service"),
]
