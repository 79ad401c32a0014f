from django.db import models


class OrganisationKind(models.TextChoices):
    MISSION_LOCALE = "mission_locale", "Mission locale"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    PLIE = "plie", "PLIE"
    CCAS = "ccas", "CCAS / CIAS"
    DEPARTEMENT = "departement", "Conseil départemental"
    COLLECTIVITE = "collectivite", "Collectivité territoriale"
    ASSOCIATION = "association", "Association"
    SIAE = "siae", "SIAE (insertion par l'activité économique)"
    ORGANISME_FORMATION = "organisme_formation", "Organisme de formation"
    CAE = "cae", "CAE (coopérative d'activité et d'emploi)"
    CENTRE_SOCIAL = "centre_social", "Centre social"
    ENTREPRISE = "entreprise", "Entreprise"
    FINANCEUR = "financeur", "Financeur (État, fondation…)"
    AUTRE = "autre", "Autre"


class MemberRole(models.TextChoices):
    """What a professional does in their organisation. Administration is a separate flag."""

    COUNSELLOR = "counsellor", "Conseiller·ère, référent·e"
    FACILITATOR = "facilitator", "Facilitateur·rice de parcours"
    HOST = "host", "Animateur·rice d'ateliers"
    # Passes people on, from a phone; never sees anyone's file.
    CAPTEUR = "capteur", "Capteur"


class NetworkRoleKind(models.TextChoices):
    COORDINATOR = "coordinator", "Coordination du réseau"
    # Sees aggregated figures of the network, never a person.
    FUNDER = "funder", "Financeur, observateur"


class InvitationKind(models.TextChoices):
    MEMBER = "member", "Rejoindre une structure"
    ORGANISATION = "organisation", "Faire entrer sa structure dans le réseau"
    NETWORK_ROLE = "network_role", "Rôle dans le réseau"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    APPROVED = "approved", "Acceptée"
    DECLINED = "declined", "Refusée"
