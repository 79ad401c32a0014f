from django.urls import path

from maillage.outreach import views, views_posters, views_public

app_name = "outreach"

urlpatterns = [
    # Public ways in (no account)
    path("c/<str:token>/", views_public.capteur_form, name="capteur_form"),
    path("c/<str:token>/merci/", views_public.capteur_thanks, name="capteur_thanks"),
    path("coup-de-main/<slug:slug>/", views_public.self_referral, name="self_referral"),
    path("coup-de-main/<slug:slug>/professionnels/", views_public.prescriber, name="prescriber"),
    path("coup-de-main/<slug:slug>/merci/", views_public.public_thanks, name="public_thanks"),
    # Capteurs
    path("reseaux/<slug:slug>/capteurs/", views.referrers, name="referrers"),
    path("reseaux/<slug:slug>/capteurs/nouveau/", views.referrer_edit, name="referrer_new"),
    path("reseaux/<slug:slug>/capteurs/<int:pk>/", views.referrer_detail, name="referrer"),
    path(
        "reseaux/<slug:slug>/capteurs/<int:pk>/modifier/",
        views.referrer_edit,
        name="referrer_edit",
    ),
    path(
        "reseaux/<slug:slug>/capteurs/<int:pk>/visite/",
        views.referrer_visit,
        name="referrer_visit",
    ),
    path(
        "reseaux/<slug:slug>/capteurs/<int:pk>/nouveau-lien/",
        views.referrer_rotate,
        name="referrer_rotate",
    ),
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
    # "Hors les murs" actions
    path("reseaux/<slug:slug>/actions/", views.outreach_actions, name="actions"),
    path("reseaux/<slug:slug>/actions/nouvelle/", views.outreach_action_edit, name="action_new"),
    path("reseaux/<slug:slug>/actions/<int:pk>/", views.outreach_action_detail, name="action"),
    path(
        "reseaux/<slug:slug>/actions/<int:pk>/modifier/",
        views.outreach_action_edit,
        name="action_edit",
    ),
    # Leads
    path("reseaux/<slug:slug>/signalements/", views.leads, name="leads"),
    path("reseaux/<slug:slug>/signalements/nouveau/", views.lead_new, name="lead_new"),
    path("signalements/<int:pk>/", views.lead_detail, name="lead"),
    path("signalements/<int:pk>/tentative/", views.lead_attempt, name="lead_attempt"),
    path("signalements/<int:pk>/suivi/", views.lead_assign, name="lead_assign"),
    path("signalements/<int:pk>/etat/", views.lead_status, name="lead_status"),
]
