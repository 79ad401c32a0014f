from django.urls import path

from maillage.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
]
