from django.urls import path

from maillage.accounts import proconnect
from maillage.accounts.views import auth, networks, organisations

app_name = "accounts"

urlpatterns = [
    path("connexion/", auth.login, name="login"),
    path("deconnexion/", auth.logout, name="logout"),
    path("connexion/verification/", auth.otp_verify, name="otp_verify"),
    path("connexion/proconnect/", proconnect.start, name="proconnect"),
    path("connexion/proconnect/retour/", proconnect.callback, name="proconnect_callback"),
    path("connexion/lien/", auth.magic_link_request, name="magic_link"),
    path("connexion/lien/<uidb64>/<token>/", auth.magic_link_login, name="magic_link_login"),
    path("mot-de-passe-oublie/", auth.password_reset, name="password_reset"),
    path("mot-de-passe-oublie/envoye/", auth.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth.password_reset_complete,
        name="password_reset_complete",
    ),
    path("compte/", auth.account, name="account"),
    path("compte/mot-de-passe/", auth.password_change, name="password_change"),
    path("compte/double-authentification/", auth.otp_setup, name="otp_setup"),
    path("compte/codes-de-secours/", auth.recovery_codes, name="recovery_codes"),
    path("invitation/<str:token>/", organisations.invitation, name="invitation"),
    path("structures/", organisations.organisations, name="organisations"),
    path("structures/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path(
        "structures/<int:pk>/modifier/", organisations.edit_organisation, name="edit_organisation"
    ),
    path("structures/<int:pk>/inviter/", organisations.invite_member, name="invite_member"),
    path("structures/<int:pk>/jetons/", organisations.issue_token, name="issue_token"),
    path(
        "structures/<int:pk>/jetons/<int:token_pk>/revoquer/",
        organisations.revoke_token,
        name="revoke_token",
    ),
    path("structures/<int:pk>/rejoindre/", organisations.request_to_join, name="request_to_join"),
    path(
        "structures/<int:pk>/membres/<int:membership_pk>/",
        organisations.update_member,
        name="update_member",
    ),
    path(
        "structures/<int:pk>/invitations/<int:invitation_pk>/annuler/",
        organisations.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "structures/<int:pk>/demandes/<int:request_pk>/",
        organisations.decide_join_request,
        name="decide_join_request",
    ),
    path("reseaux/", networks.networks, name="networks"),
    path("reseaux/<slug:slug>/", networks.network_detail, name="network"),
    path(
        "reseaux/<slug:slug>/inviter-structure/",
        networks.invite_organisation,
        name="invite_organisation",
    ),
    path("reseaux/<slug:slug>/inviter-role/", networks.invite_role, name="invite_role"),
    path(
        "reseaux/<slug:slug>/structures/<int:organisation_pk>/retirer/",
        networks.remove_organisation,
        name="remove_organisation",
    ),
    path(
        "reseaux/<slug:slug>/roles/<int:role_pk>/retirer/", networks.revoke_role, name="revoke_role"
    ),
    path("reseaux/<slug:slug>/journal/", networks.audit_log, name="audit_log"),
    path("reseaux/<slug:slug>/modifier/", networks.edit_network, name="edit_network"),
]
