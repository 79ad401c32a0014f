from django.db import models


class ReferrerKind(models.TextChoices):
    COMMERCE = "commerce", "Commerce"
    BAR_TABAC = "bar_tabac", "Bar-tabac, PMU"
    BANQUE_ALIMENTAIRE = "banque_alimentaire", "Banque alimentaire, épicerie solidaire"
    ASSOCIATION_CARITATIVE = "association_caritative", "Association caritative"
    CENTRE_SOCIAL = "centre_social", "Centre social"
    AGENCE_IMMOBILIERE = "agence_immobiliere", "Agence immobilière"
    BAILLEUR = "bailleur", "Bailleur social"
    AGENCE_INTERIM = "agence_interim", "Agence d'intérim"
    CLUB_SPORTIF = "club_sportif", "Club sportif"
    PHARMACIE = "pharmacie", "Pharmacie"
    MAIRIE = "mairie", "Mairie"
    AUTRE = "autre", "Autre"


class LeadChannel(models.TextChoices):
    """How a lead reached the network: kept with the lead, the person and every referral."""

    CAPTEUR = "capteur", "Capteur"
    SELF_REFERRAL = "self_referral", "La personne elle-même"
    PRESCRIBER = "prescriber", "Professionnel hors réseau"
    OUTREACH_ACTION = "outreach_action", "Action hors les murs"
    FRONT_DESK = "front_desk", "Venue d'elle-même à l'accueil"


class LeadTopic(models.TextChoices):
    """What the person needs, in the plain words of the public forms (FALC). Each topic points
    to data·inclusion categories so the facilitator's suggestions start from it."""

    EMPLOI = "emploi", "Trouver un travail"
    FORMATION = "formation", "Se former, apprendre un métier"
    PAPIERS = "papiers", "Papiers, courriers, démarches"
    ARGENT = "argent", "Argent, dettes"
    LOGEMENT = "logement", "Logement"
    SANTE = "sante", "Santé"
    MOBILITE = "mobilite", "Se déplacer, permis"
    ENFANTS = "enfants", "Garde des enfants"
    FRANCAIS = "francais", "Parler, lire, écrire le français"
    NUMERIQUE = "numerique", "Ordinateur, téléphone, internet"
    CREER = "creer", "Créer son activité"
    AUTRE = "autre", "Autre chose"


# data·inclusion categories (thématiques) behind each topic.
TOPIC_CATEGORIES = {
    LeadTopic.EMPLOI: ["trouver-un-emploi", "preparer-sa-candidature"],
    LeadTopic.FORMATION: ["choisir-un-metier", "se-former"],
    LeadTopic.PAPIERS: ["difficultes-administratives-ou-juridiques"],
    LeadTopic.ARGENT: ["difficultes-financieres"],
    LeadTopic.LOGEMENT: ["logement-hebergement"],
    LeadTopic.SANTE: ["sante"],
    LeadTopic.MOBILITE: ["mobilite"],
    LeadTopic.ENFANTS: ["famille"],
    LeadTopic.FRANCAIS: ["lecture-ecriture-calcul"],
    LeadTopic.NUMERIQUE: ["numerique"],
    LeadTopic.CREER: ["creer-une-entreprise"],
    LeadTopic.AUTRE: ["remobilisation"],
}


class ContactPreference(models.TextChoices):
    PHONE = "phone", "Par téléphone"
    SMS = "sms", "Par SMS"
    EMAIL = "email", "Par courriel"
    VISIT = "visit", "En passant par le capteur"


class LeadStatus(models.TextChoices):
    NEW = "new", "Nouveau"
    CONTACTING = "contacting", "En cours de contact"
    APPOINTMENT = "appointment", "Rendez-vous fixé"
    WELCOMED = "welcomed", "Accueilli"
    UNREACHABLE = "unreachable", "Injoignable"
    DECLINED = "declined", "Ne souhaite pas"


# A lead in one of these states needs nobody's attention any more.
CLOSED_LEAD_STATUSES = {LeadStatus.WELCOMED, LeadStatus.UNREACHABLE, LeadStatus.DECLINED}


class ContactKind(models.TextChoices):
    CALL = "call", "Appel"
    SMS = "sms", "SMS"
    VISIT = "visit", "Visite"
    MESSAGE = "message", "Message (courriel, messagerie)"


class ContactOutcome(models.TextChoices):
    REACHED = "reached", "Jointe, à recontacter"
    APPOINTMENT = "appointment", "Rendez-vous fixé"
    NO_ANSWER = "no_answer", "Pas de réponse"
    MESSAGE_LEFT = "message_left", "Message laissé"
    WRONG_CONTACT = "wrong_contact", "Coordonnées erronées"
    NOT_INTERESTED = "not_interested", "Ne souhaite pas être accompagnée"


# What an attempt's outcome does to the lead's status.
OUTCOME_STATUS = {
    ContactOutcome.REACHED: LeadStatus.CONTACTING,
    ContactOutcome.APPOINTMENT: LeadStatus.APPOINTMENT,
    ContactOutcome.NO_ANSWER: LeadStatus.CONTACTING,
    ContactOutcome.MESSAGE_LEFT: LeadStatus.CONTACTING,
    ContactOutcome.WRONG_CONTACT: LeadStatus.UNREACHABLE,
    ContactOutcome.NOT_INTERESTED: LeadStatus.DECLINED,
}


class ActionPlace(models.TextChoices):
    MARCHE = "marche", "Marché"
    SUPERMARCHE = "supermarche", "Supermarché, centre commercial"
    ARRET_TRANSPORT = "arret_transport", "Arrêt de tram, de bus, gare"
    FAST_FOOD = "fast_food", "Fast-food"
    PARC = "parc", "Parc, place, pied d'immeuble"
    CINEMA = "cinema", "Cinéma"
    VAN = "van", "Van itinérant"
    TOURNOI_JEUX_VIDEO = "tournoi_jeux_video", "Tournoi de jeux vidéo"
    ATELIER_SOCIO_ESTHETIQUE = "atelier_socio_esthetique", "Atelier socio-esthétique"
    EVENEMENT_SPORTIF = "evenement_sportif", "Événement sportif"
    RESEAUX_SOCIAUX = "reseaux_sociaux", "Réseaux sociaux"
    AUTRE = "autre", "Autre lieu"
