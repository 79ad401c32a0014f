from django.db import models


class ReferralState(models.TextChoices):
    SENT = "sent", "Envoyée, en attente de réponse"
    # The partner asked the sender a question; the sender's answer sends it back.
    INFO_REQUESTED = "info_requested", "Informations demandées"
    ACCEPTED = "accepted", "Acceptée"
    DECLINED = "declined", "Refusée"
    # Nobody answered within the network's delay (30 days by default).
    EXPIRED = "expired", "Expirée sans réponse"
    CANCELLED = "cancelled", "Annulée"


# Who may move a referral from one state to another: "partner" (the receiving organisation),
# "sender" (the sending organisation) or "system" (the periodic command).
TRANSITIONS = {
    (ReferralState.SENT, ReferralState.ACCEPTED): "partner",
    (ReferralState.SENT, ReferralState.DECLINED): "partner",
    (ReferralState.SENT, ReferralState.INFO_REQUESTED): "partner",
    (ReferralState.INFO_REQUESTED, ReferralState.ACCEPTED): "partner",
    (ReferralState.INFO_REQUESTED, ReferralState.DECLINED): "partner",
    (ReferralState.INFO_REQUESTED, ReferralState.SENT): "sender",
    (ReferralState.SENT, ReferralState.CANCELLED): "sender",
    (ReferralState.INFO_REQUESTED, ReferralState.CANCELLED): "sender",
    (ReferralState.SENT, ReferralState.EXPIRED): "system",
    (ReferralState.INFO_REQUESTED, ReferralState.EXPIRED): "system",
}

OPEN_STATES = {ReferralState.SENT, ReferralState.INFO_REQUESTED}


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "La personne ne remplit pas les conditions"
    FULL = "full", "Plus de place disponible"
    OUT_OF_AREA = "out_of_area", "Hors de notre zone"
    NOT_REACHABLE = "not_reachable", "Personne injoignable"
    PERSON_DECLINED = "person_declined", "La personne ne souhaite plus"
    WRONG_SERVICE = "wrong_service", "Le service ne répond pas au besoin"
    OTHER = "other", "Autre raison"


class NotifyChannel(models.TextChoices):
    NONE = "", "Ne pas prévenir la personne"
    EMAIL = "email", "Par courriel"
    SMS = "sms", "Par SMS"
