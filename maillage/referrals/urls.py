from django.urls import path

from maillage.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("envoyees/", views.sent, name="sent"),
    path("nouvelle/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/repondre/", views.answer, name="answer"),
    path("<int:pk>/completer/", views.provide_information, name="complete"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("messages-envoyes/", views.outbox, name="outbox"),
]
