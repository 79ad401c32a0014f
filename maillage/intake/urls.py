from django.urls import path

from maillage.intake import views, views_suggestions

app_name = "intake"

urlpatterns = [
    path("", views.people, name="people"),
    path("nouvelle/", views.person_new, name="person_new"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path("<int:pk>/consentement/", views.consent_new, name="consent_new"),
    path(
        "<int:pk>/consentement/<int:consent_pk>/retirer/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/diagnostic/", views.assessment_edit, name="assessment"),
    path("<int:pk>/rendez-vous/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/suggestions/", views_suggestions.person_suggestions, name="suggestions"),
]
