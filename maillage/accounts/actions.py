"""Write functions of the accounts domain. Views call these; each writes the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.accounts import mail as account_mail
from maillage.accounts import permissions
from maillage.accounts.enums import InvitationKind, JoinRequestStatus, NetworkRoleKind
from maillage.accounts.models import (
    ApiToken,
    Invitation,
    JoinRequest,
    Membership,
    Network,
    NetworkMembership,
    NetworkRole,
    Organisation,
    User,
)
from maillage.accounts.tokens import magic_link_tokens
from maillage.core import audit
from maillage.core.audit import client_ip
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent


class ActionRefused(Exception):
    """A rule of the domain forbids this; the message is for the user, in French."""


# --- Sign-in -----------------------------------------------------------------------------------


def _failures_in_window(email: str) -> list:
    """Failed sign-ins for this address in the window, since its last success or new password
    (a password reset lifts the lock, as the lock message says)."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    last_reset = (
        AuditEvent.objects.filter(
            action__in=[AuditAction.LOGIN_SUCCEEDED, AuditAction.PASSWORD_CHANGED],
            target_label=email,
            created_at__gte=since,
        )
        .values_list("created_at", flat=True)
        .first()
    )
    failures = AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, target_label=email, created_at__gte=last_reset or since
    )
    return list(failures.order_by("created_at").values_list("created_at", flat=True))


def lockout_remaining_minutes(email: str) -> int:
    """Minutes until this address may try again; 0 when it is not locked."""
    failures = _failures_in_window(email)
    if len(failures) < settings.LOGIN_LOCKOUT_ATTEMPTS:
        return 0
    unlock = failures[-settings.LOGIN_LOCKOUT_ATTEMPTS] + timedelta(
        minutes=settings.LOGIN_LOCKOUT_MINUTES
    )
    return max(1, int((unlock - timezone.now()).total_seconds() // 60) + 1)


class SignInLocked(ActionRefused):
    pass


def sign_in(request, *, email: str, password: str) -> User | None:
    """Check a password sign-in; None when it fails, SignInLocked after too many failures.

    Failures are counted per address in the audit log, so the lock holds across processes.
    """
    email = email.strip().lower()
    user = None
    with transaction.atomic():
        # Attempts on one account wait for each other, so parallel requests cannot each pass
        # the check before any failure is written.
        User.objects.select_for_update().filter(email=email).first()
        minutes = lockout_remaining_minutes(email)
        if not minutes:
            user = authenticate(request, username=email, password=password)
            if user is None:
                audit.record(AuditAction.LOGIN_FAILED, request=request, target_label=email)
    if minutes:
        audit.record(AuditAction.LOGIN_LOCKED, request=request, target_label=email)
        raise SignInLocked(
            f"Trop de tentatives de connexion pour cette adresse. Par sécurité, elle est bloquée "
            f"pendant encore {minutes} minute{'s' if minutes > 1 else ''}. Vous pouvez aussi "
            "réinitialiser votre mot de passe."
        )
    return user


def complete_sign_in(request, user: User, *, method: str = "password") -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    audit.record(
        AuditAction.LOGIN_SUCCEEDED,
        request=request,
        actor=user,
        target_label=user.email,
        method=method,
    )


def send_magic_link(request, *, email: str) -> None:
    """Queue a sign-in link for this address: the worker sends it if the address belongs to a
    capteur (accounts.mail), so the page says and takes the same either way."""
    ip = client_ip(request)
    base_url = request.build_absolute_uri("/").rstrip("/")
    account_mail.send_magic_link.enqueue(email.strip().lower(), base_url, ip)


def sign_in_with_magic_link(request, *, user: User | None, token: str) -> bool:
    if user is None or not magic_link_tokens.check_token(user, token):
        audit.record(
            AuditAction.MAGIC_LINK_REFUSED,
            request=request,
            actor=user,
            target_label=user.email if user else "",
        )
        return False
    if not permissions.may_use_magic_link(user):
        audit.record(AuditAction.MAGIC_LINK_REFUSED, request=request, actor=user, target=user)
        return False
    complete_sign_in(request, user, method="magic_link")  # updates last_login: the link is spent
    return True


# --- Invitations -------------------------------------------------------------------------------


@transaction.atomic
def invite(
    request,
    *,
    kind: InvitationKind,
    email: str,
    organisation: Organisation | None = None,
    network: Network | None = None,
    role: str = "",
    is_admin: bool = False,
) -> Invitation:
    """Create an invitation and email its link. The caller has checked the permission."""
    email = email.strip().lower()
    if (
        kind == InvitationKind.MEMBER
        and Membership.objects.filter(organisation=organisation, user__email=email).exists()
    ):
        raise ActionRefused(f"{email} est déjà membre de {organisation}.")
    if (
        kind == InvitationKind.NETWORK_ROLE
        and NetworkRole.objects.filter(network=network, user__email=email, role=role).exists()
    ):
        raise ActionRefused(f"{email} a déjà ce rôle dans le réseau.")
    _, token_hash = Invitation.new_token()  # replaced by the worker's when it sends the link
    invitation = Invitation.objects.create(
        kind=kind,
        email=email,
        organisation=organisation,
        network=network,
        role=role,
        is_admin=is_admin,
        token_hash=token_hash,
        invited_by=request.user,
        expires_at=Invitation.default_expiry(),
    )
    audit.record(
        AuditAction.INVITATION_SENT,
        request=request,
        target=invitation,
        network=network,
        organisation=organisation,
        email=email,
        role=role,
    )
    base_url = request.build_absolute_uri("/").rstrip("/")
    transaction.on_commit(
        lambda: account_mail.send_invitation.enqueue(invitation.pk, base_url), robust=True
    )
    return invitation


@transaction.atomic
def revoke_invitation(request, *, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ActionRefused("Cette invitation n'est plus en attente.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        AuditAction.INVITATION_REVOKED,
        request=request,
        target=invitation,
        network=invitation.network,
        organisation=invitation.organisation,
    )


def _add_member(request, *, user, organisation, role, is_admin) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role, "is_admin": is_admin}
    )
    if created:
        audit.record(
            AuditAction.MEMBERSHIP_CREATED,
            request=request,
            target=membership,
            organisation=organisation,
            role=role,
            is_admin=is_admin,
        )
    permissions.forget(user)
    return membership


@transaction.atomic
def accept_invitation(
    request,
    *,
    invitation: Invitation,
    user: User,
    new_organisation: dict | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Turn a pending invitation into a membership, an organisation in a network, or a role.

    For an organisation invited into a network, the invitee either names one of the
    organisations they already administer, or creates a new one (``new_organisation``) and
    becomes its administrator.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ActionRefused("Cette invitation n'est plus valable.")
    if user.email.lower() != invitation.email:
        raise ActionRefused(
            f"Cette invitation est adressée à {invitation.email} : connectez-vous avec cette "
            "adresse pour l'accepter."
        )
    if invitation.kind == InvitationKind.MEMBER:
        _add_member(
            request,
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            is_admin=invitation.is_admin,
        )
    elif invitation.kind == InvitationKind.ORGANISATION:
        if organisation is None:
            try:
                with transaction.atomic():
                    organisation = Organisation.objects.create(**(new_organisation or {}))
            except IntegrityError:  # the same SIRET registered a moment ago
                raise ActionRefused(
                    "Une structure avec ce SIRET vient d'être créée : demandez à la rejoindre."
                ) from None
            audit.record(
                AuditAction.ORGANISATION_CREATED,
                request=request,
                actor=user,
                target=organisation,
                organisation=organisation,
            )
            _add_member(
                request,
                user=user,
                organisation=organisation,
                role=invitation.role or "counsellor",
                is_admin=True,
            )
        elif not permissions.can_manage_organisation(user, organisation):
            raise ActionRefused("Vous n'administrez pas cette structure.")
        add_organisation_to_network(
            request, network=invitation.network, organisation=organisation, actor=user
        )
    else:
        grant_network_role(
            request, network=invitation.network, user=user, role=invitation.role, actor=user
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        AuditAction.INVITATION_ACCEPTED,
        request=request,
        actor=user,
        target=invitation,
        network=invitation.network,
        organisation=invitation.organisation or organisation,
    )


def create_invited_user(*, email: str, first_name: str, last_name: str, password: str) -> User:
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, first_name=first_name, last_name=last_name
            )
    except IntegrityError:
        raise ActionRefused(
            "Un compte existe déjà pour cette adresse : connectez-vous pour accepter."
        ) from None


@transaction.atomic
def update_organisation(request, *, organisation: Organisation, data: dict) -> None:
    changed = {k: v for k, v in data.items() if getattr(organisation, k) != v}
    for field_name, value in changed.items():
        setattr(organisation, field_name, value)
    organisation.save()
    audit.record(
        AuditAction.ORGANISATION_UPDATED,
        request=request,
        target=organisation,
        organisation=organisation,
        fields=sorted(changed),
    )


# --- API tokens --------------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(request, *, organisation: Organisation, name: str) -> str:
    """A new token for the organisation's software; the secret is returned once, never stored."""
    token, secret = ApiToken.issue(organisation=organisation, name=name, created_by=request.user)
    audit.record(
        AuditAction.API_TOKEN_ISSUED, request=request, target=token, organisation=organisation
    )
    return secret


@transaction.atomic
def revoke_api_token(request, *, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            AuditAction.API_TOKEN_REVOKED,
            request=request,
            target=token,
            organisation=token.organisation,
        )


# --- Members -----------------------------------------------------------------------------------


def _admins_left(organisation: Organisation, *, without: Membership) -> int:
    return organisation.memberships.filter(is_admin=True).exclude(pk=without.pk).count()


@transaction.atomic
def change_member_role(request, *, membership: Membership, role: str, is_admin: bool) -> None:
    # Lock the organisation first: two admins demoting each other at once must not both pass.
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if (
        membership.is_admin
        and not is_admin
        and not _admins_left(membership.organisation, without=membership)
    ):
        raise ActionRefused(
            "La structure doit garder au moins un·e administrateur·rice : nommez-en un·e autre "
            "d'abord."
        )
    before = {"role": membership.role, "is_admin": membership.is_admin}
    membership.role, membership.is_admin = role, is_admin
    membership.save(update_fields=["role", "is_admin"])
    audit.record(
        AuditAction.MEMBERSHIP_ROLE_CHANGED,
        request=request,
        target=membership,
        organisation=membership.organisation,
        before=before,
        after={"role": role, "is_admin": is_admin},
    )
    permissions.forget(membership.user)


@transaction.atomic
def remove_member(request, *, membership: Membership) -> None:
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_admin and not _admins_left(membership.organisation, without=membership):
        raise ActionRefused(
            "Impossible de retirer le ou la dernière administratrice de la structure."
        )
    audit.record(
        AuditAction.MEMBERSHIP_REMOVED,
        request=request,
        target=membership,
        organisation=membership.organisation,
        email=membership.user.email,
    )
    membership.delete()


# --- Networks ----------------------------------------------------------------------------------


def add_organisation_to_network(
    request, *, network: Network, organisation: Organisation, actor=None
):
    _, created = NetworkMembership.objects.get_or_create(network=network, organisation=organisation)
    if created:
        audit.record(
            AuditAction.NETWORK_ORGANISATION_ADDED,
            request=request,
            actor=actor,
            target=organisation,
            network=network,
            organisation=organisation,
        )


@transaction.atomic
def remove_organisation_from_network(request, *, network: Network, organisation: Organisation):
    deleted, _ = NetworkMembership.objects.filter(
        network=network, organisation=organisation
    ).delete()
    if deleted:
        audit.record(
            AuditAction.NETWORK_ORGANISATION_REMOVED,
            request=request,
            target=organisation,
            network=network,
            organisation=organisation,
        )


@transaction.atomic
def update_network(
    request,
    *,
    network: Network,
    name: str,
    territory: str,
    description: str,
    departements: list[str],
) -> None:
    network.name, network.territory, network.description = name, territory, description
    network.save(update_fields=["name", "territory", "description"])
    network.departements.set(departements)
    audit.record(
        AuditAction.NETWORK_UPDATED,
        request=request,
        target=network,
        network=network,
        departements=departements,
    )


def grant_network_role(request, *, network: Network, user: User, role: str, actor=None) -> None:
    _, created = NetworkRole.objects.get_or_create(network=network, user=user, role=role)
    if created:
        audit.record(
            AuditAction.NETWORK_ROLE_GRANTED,
            request=request,
            actor=actor,
            target=user,
            network=network,
            role=role,
        )
    permissions.forget(user)


@transaction.atomic
def revoke_network_role(request, *, network_role: NetworkRole) -> None:
    Network.objects.select_for_update().get(pk=network_role.network_id)
    network_role = NetworkRole.objects.select_for_update().get(pk=network_role.pk)
    if (
        network_role.role == NetworkRoleKind.COORDINATOR
        and not NetworkRole.objects.filter(
            network=network_role.network, role=NetworkRoleKind.COORDINATOR
        )
        .exclude(pk=network_role.pk)
        .exists()
    ):
        raise ActionRefused("Le réseau doit garder au moins une personne à sa coordination.")
    audit.record(
        AuditAction.NETWORK_ROLE_REVOKED,
        request=request,
        target=network_role.user,
        network=network_role.network,
        role=network_role.role,
    )
    network_role.delete()
    permissions.forget(network_role.user)


# --- Join requests -----------------------------------------------------------------------------


@transaction.atomic
def request_to_join(request, *, organisation: Organisation, message: str = "") -> JoinRequest:
    user = request.user
    if permissions.is_member(user, organisation):
        raise ActionRefused(f"Vous êtes déjà membre de {organisation}.")
    if JoinRequest.objects.filter(
        user=user, organisation=organisation, status=JoinRequestStatus.PENDING
    ).exists():
        raise ActionRefused("Votre demande est déjà en attente de réponse.")
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                user=user, organisation=organisation, message=message
            )
    except IntegrityError:  # the same request sent twice at once
        raise ActionRefused("Votre demande est déjà en attente de réponse.") from None
    audit.record(
        AuditAction.JOIN_REQUEST_CREATED,
        request=request,
        target=join_request,
        organisation=organisation,
    )
    return join_request


@transaction.atomic
def decide_join_request(
    request, *, join_request: JoinRequest, approve: bool, role: str = "", is_admin: bool = False
) -> None:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ActionRefused("Cette demande a déjà reçu une réponse.")
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    join_request.decided_by, join_request.decided_at = request.user, timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        _add_member(
            request,
            user=join_request.user,
            organisation=join_request.organisation,
            role=role,
            is_admin=is_admin,
        )
    audit.record(
        AuditAction.JOIN_REQUEST_APPROVED if approve else AuditAction.JOIN_REQUEST_DECLINED,
        request=request,
        target=join_request,
        organisation=join_request.organisation,
    )
