from django.db import models


class PreferredChannel(models.TextChoices):
    PHONE = "phone", "Téléphone"
    SMS = "sms", "SMS"
    EMAIL = "email", "Courriel"
    LETTER = "letter", "Courrier"


class IncomeSupport(models.TextChoices):
    RSA = "rsa", "RSA"
    ARE = "are", "Allocation chômage (ARE)"
    ASS = "ass", "ASS"
    AAH = "aah", "AAH"
    CEJ = "cej", "Allocation du contrat d'engagement jeune"
    AUTRE = "autre", "Autre minimum social"


class Barrier(models.TextChoices):
    """What stands between the person and work or training (the "freins")."""

    MOBILITE = "mobilite", "Mobilité"
    GARDE_ENFANTS = "garde_enfants", "Garde d'enfants"
    LOGEMENT = "logement", "Logement"
    SANTE = "sante", "Santé"
    LANGUE = "langue", "Langue"
    NUMERIQUE = "numerique", "Numérique"
    FINANCES = "finances", "Difficultés financières"
    ADMINISTRATIF = "administratif", "Démarches administratives"
    JUSTICE = "justice", "Justice"


class BarrierLevel(models.IntegerChoices):
    LIGHT = 1, "Léger"
    MODERATE = 2, "Important"
    SEVERE = 3, "Bloquant"


# data·inclusion categories that answer each barrier (suggestions read them).
BARRIER_CATEGORIES = {
    Barrier.MOBILITE: ["mobilite"],
    Barrier.GARDE_ENFANTS: ["famille"],
    Barrier.LOGEMENT: ["logement-hebergement"],
    Barrier.SANTE: ["sante"],
    Barrier.LANGUE: ["lecture-ecriture-calcul"],
    Barrier.NUMERIQUE: ["numerique"],
    Barrier.FINANCES: ["difficultes-financieres"],
    Barrier.ADMINISTRATIF: ["difficultes-administratives-ou-juridiques"],
    Barrier.JUSTICE: ["difficultes-administratives-ou-juridiques"],
}


class ConsentPurpose(models.TextChoices):
    FOLLOW_UP = "follow_up", "Être accompagnée par le réseau (dossier conservé)"
    SHARING = "sharing", "Partager sa situation avec les partenaires choisis pour l'orienter"
    NOTIFICATIONS = "notifications", "Être prévenue des réponses des partenaires"


class ConsentMethod(models.TextChoices):
    ORAL = "oral", "À l'oral, en entretien"
    SIGNED = "signed", "Formulaire signé"
    ONLINE = "online", "En ligne, par la personne"


class MeetingKind(models.TextChoices):
    WELCOME = "welcome", "Accueil (guichet unique)"
    FOLLOW_UP = "follow_up", "Entretien de suivi"
    PHONE = "phone", "Entretien téléphonique"
