from django.db import models


class AuditAction(models.TextChoices):
    """Everything the audit log records. Each write function that does one of these records it."""

    # Sign-in
    LOGIN_SUCCEEDED = "login_succeeded", "Connexion réussie"
    LOGIN_FAILED = "login_failed", "Échec de connexion"
    LOGIN_LOCKED = "login_locked", "Connexion bloquée (trop d'échecs)"
    LOGOUT = "logout", "Déconnexion"
    PASSWORD_RESET_REQUESTED = (
        "password_reset_requested",
        "Réinitialisation du mot de passe demandée",
    )
    PASSWORD_CHANGED = "password_changed", "Mot de passe modifié"
    OTP_ENROLLED = "otp_enrolled", "Double authentification activée"
    OTP_VERIFIED = "otp_verified", "Code de double authentification accepté"
    OTP_FAILED = "otp_failed", "Code de double authentification refusé"
    RECOVERY_CODES_GENERATED = "recovery_codes_generated", "Codes de secours générés"
    OTP_RESET = "otp_reset", "Double authentification réinitialisée"
    MAGIC_LINK_SENT = "magic_link_sent", "Lien de connexion envoyé"
    MAGIC_LINK_REFUSED = "magic_link_refused", "Lien de connexion refusé"
    # Organisations, networks, memberships
    ORGANISATION_CREATED = "organisation_created", "Structure créée"
    ORGANISATION_UPDATED = "organisation_updated", "Structure modifiée"
    NETWORK_UPDATED = "network_updated", "Réseau modifié"
    NETWORK_ORGANISATION_ADDED = "network_organisation_added", "Structure ajoutée au réseau"
    NETWORK_ORGANISATION_REMOVED = "network_organisation_removed", "Structure retirée du réseau"
    NETWORK_ROLE_GRANTED = "network_role_granted", "Rôle de réseau attribué"
    NETWORK_ROLE_REVOKED = "network_role_revoked", "Rôle de réseau retiré"
    MEMBERSHIP_CREATED = "membership_created", "Membre ajouté"
    MEMBERSHIP_ROLE_CHANGED = "membership_role_changed", "Rôle d'un membre modifié"
    MEMBERSHIP_REMOVED = "membership_removed", "Membre retiré"
    INVITATION_SENT = "invitation_sent", "Invitation envoyée"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation acceptée"
    INVITATION_REVOKED = "invitation_revoked", "Invitation annulée"
    JOIN_REQUEST_CREATED = "join_request_created", "Demande pour rejoindre une structure"
    JOIN_REQUEST_APPROVED = "join_request_approved", "Demande acceptée"
    JOIN_REQUEST_DECLINED = "join_request_declined", "Demande refusée"
    API_TOKEN_ISSUED = "api_token_issued", "Jeton d'API créé"
    API_TOKEN_REVOKED = "api_token_revoked", "Jeton d'API révoqué"
    # Directory
    STRUCTURE_SAVED = "structure_saved", "Fiche de structure enregistrée"
    SERVICE_SAVED = "service_saved", "Service enregistré"
    SERVICE_REVIEWED = "service_reviewed", "Service vérifié, à jour"
    STALE_SERVICES_REMINDED = "stale_services_reminded", "Rappel des services à vérifier"
    # Outreach
    REFERRER_SAVED = "referrer_saved", "Capteur enregistré"
    REFERRER_LINK_ROTATED = "referrer_link_rotated", "Lien d'un capteur renouvelé"
    OUTREACH_ACTION_SAVED = "outreach_action_saved", "Action hors les murs enregistrée"
    LEAD_RECEIVED = "lead_received", "Signalement reçu"
    LEAD_UPDATED = "lead_updated", "Signalement mis à jour"
    LEAD_VIEWED = "lead_viewed", "Signalement consulté"
    # People, consent, needs
    PERSON_CREATED = "person_created", "Dossier d'une personne ouvert"
    PERSON_UPDATED = "person_updated", "Dossier d'une personne modifié"
    PERSON_VIEWED = "person_viewed", "Dossier d'une personne consulté"
    CONSENT_RECORDED = "consent_recorded", "Consentement recueilli"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consentement retiré"
    ASSESSMENT_SAVED = "assessment_saved", "Diagnostic enregistré"
    # Referrals
    REFERRAL_SENT = "referral_sent", "Orientation envoyée"
    REFERRAL_REFUSED_NO_CONSENT = (
        "referral_refused_no_consent",
        "Orientation refusée : pas de consentement",
    )
    REFERRAL_ANSWERED = "referral_answered", "Réponse à une orientation"
    REFERRAL_VIEWED = "referral_viewed", "Orientation consultée"
    EXPORT = "export", "Export de données"
