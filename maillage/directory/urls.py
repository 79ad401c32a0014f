from django.urls import path

from maillage.directory import views, views_manage

app_name = "directory"

urlpatterns = [
    path("", views.service_search, name="search"),
    path("compteurs/", views.service_search_counts, name="search_counts"),
    path("<int:pk>/", views.service_detail, name="service"),
    path("gerer/", views_manage.manage, name="manage"),
    path("gerer/structures/nouvelle/", views_manage.structure_edit, name="structure_new"),
    path("gerer/structures/<int:pk>/", views_manage.structure_edit, name="structure_edit"),
    path(
        "gerer/structures/<int:structure_pk>/nouveau-service/",
        views_manage.service_edit,
        name="service_new",
    ),
    path("<int:pk>/modifier/", views_manage.service_edit, name="service_edit"),
    path("<int:pk>/verifie/", views_manage.service_reviewed, name="service_reviewed"),
    path("reseaux/<slug:slug>/a-verifier/", views_manage.stale, name="stale"),
]
