import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from maillage.accounts.enums import (
    InvitationKind,
    JoinRequestStatus,
    MemberRole,
    NetworkRoleKind,
    OrganisationKind,
)
from maillage.accounts.validators import validate_siret


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Identified by email: professionals rarely remember a username."""

    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "accès à l'administration technique",
        default=False,
        help_text="Réservé à l'équipe qui exploite la plateforme.",
    )
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Organisation(models.Model):
    """A partner organisation (mission locale, association, training centre…): who employs the
    people who sign in. Its services live in the directory (a later domain)."""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type de structure", max_length=30, choices=OrganisationKind.choices)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text="Facultatif. 14 chiffres, sans espace.",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField("adresse électronique de contact", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~models.Q(siret=""),
                name="unique_organisation_siret",
                violation_error_code="siret_taken",
                violation_error_message="Une structure avec ce SIRET existe déjà sur Maillage : "
                "demandez à la rejoindre plutôt que de la créer une seconde fois.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    """A territory's collective of partner organisations (e.g. a PLIE's network of capteurs)."""

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", unique=True)
    description = models.TextField("présentation", blank=True)
    territory = models.CharField("territoire", max_length=200, blank=True)
    departements = models.ManyToManyField(
        "territories.Departement",
        blank=True,
        related_name="+",
        verbose_name="départements",
    )
    organisations = models.ManyToManyField(
        Organisation, through="NetworkMembership", related_name="networks"
    )
    # Delays of the network's closed loop (days).
    lead_reminder_days = models.PositiveSmallIntegerField(
        "relancer les signalements sans action après (jours)", default=3
    )
    referral_reminder_days = models.PositiveSmallIntegerField(
        "relancer les orientations sans réponse après (jours)", default=7
    )
    referral_expiry_days = models.PositiveSmallIntegerField(
        "orientations expirées sans réponse après (jours)", default=30
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "réseau"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "structure du réseau"
        verbose_name_plural = "structures du réseau"
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="unique_network_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} dans {self.network}"


class NetworkRole(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_roles")
    role = models.CharField("rôle", max_length=20, choices=NetworkRoleKind.choices)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "rôle de réseau"
        verbose_name_plural = "rôles de réseau"
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "role"], name="unique_network_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.network}"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=MemberRole.choices)
    is_admin = models.BooleanField(
        "administrateur·rice de la structure",
        default=False,
        help_text="Gère les membres, leurs rôles et les invitations de la structure.",
    )
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation sent by email. Only a hash of its token is stored; it expires."""

    kind = models.CharField("objet", max_length=20, choices=InvitationKind.choices)
    email = models.EmailField("adresse électronique invitée")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    role = models.CharField("rôle", max_length=20, blank=True)
    is_admin = models.BooleanField("administrateur·rice", default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    revoked_at = models.DateTimeField("annulée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.email}"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        """A fresh secret for the link, and the hash that is stored."""
        token = secrets.token_urlsafe(32)
        return token, _hash(token)

    @classmethod
    def find(cls, token: str) -> "Invitation | None":
        return (
            cls.objects.filter(token_hash=_hash(token))
            .select_related("organisation", "network", "invited_by")
            .first()
        )

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @staticmethod
    def default_expiry():
        return timezone.now() + timezone.timedelta(days=settings.INVITATION_VALIDITY_DAYS)


class JoinRequest(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField("message", blank=True, max_length=1000)
    status = models.CharField(
        "état", max_length=20, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "demande pour rejoindre une structure"
        verbose_name_plural = "demandes pour rejoindre une structure"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at=None)


class ApiToken(models.Model):
    """Lets an organisation's own software write to the API on its behalf. Only a hash is kept;
    the token is shown once, when created."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        "nom", max_length=100, help_text="Pour s'y retrouver : « logiciel métier »…"
    )
    prefix = models.CharField(max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, organisation, name: str, created_by) -> tuple["ApiToken", str]:
        secret = "mlg_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            prefix=secret[:8],
            token_hash=_hash(secret),
            created_by=created_by,
        )
        return token, secret

    @classmethod
    def find(cls, secret: str) -> "ApiToken | None":
        return (
            cls.objects.active()
            .select_related("organisation")
            .filter(token_hash=_hash(secret))
            .first()
        )
