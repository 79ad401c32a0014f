"""TOTP enrolment and verification (django-otp), with single-use recovery codes."""

from __future__ import annotations

import base64
import secrets

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.mail import send_templated_mail

TOTP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"
RECOVERY_CODES = 10


@transaction.atomic
def reset_second_factor(*, request, membership) -> None:
    """An organisation admin clears a member's app and recovery codes (lost phone): the member
    enrols again at the next sign-in, and is told by email.

    Only for people whose whole access comes from this organisation: an admin must not lower
    the protection of a coordinator, of platform staff or of someone another organisation
    trusts; those go to the platform's team.
    """
    from maillage.accounts.actions import ActionRefused

    user = membership.user
    if user.is_staff or user.network_roles.exists() or user.memberships.count() > 1:
        raise ActionRefused(
            f"{user} a aussi des droits hors de votre structure : demandez à l'équipe de la "
            "plateforme de réinitialiser sa double authentification."
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(
        AuditAction.OTP_RESET, request=request, target=user, organisation=membership.organisation
    )
    transaction.on_commit(
        lambda: send_templated_mail(
            to=user.email,
            subject="Votre double authentification a été réinitialisée",
            template="accounts/email/otp_reset.txt",
            context={"user": user, "by": request.user, "organisation": membership.organisation},
        ),
        robust=True,
    )


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first visit, reused on the next)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code, inline (no request to any other host)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def readable_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for apps where one types it instead of scanning."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)  # 10 hex characters
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def generate_recovery_codes(*, user, request=None) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown to the user once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    audit.record(AuditAction.RECOVERY_CODES_GENERATED, actor=user, request=request, target=user)
    return codes


class Throttled(Exception):
    """Too many wrong codes in a row: django-otp makes the user wait (1 s, 2 s, 4 s…)."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(
            f"Trop de codes erronés d'affilée : attendez {seconds} seconde"
            f"{'s' if seconds > 1 else ''}, puis saisissez le code affiché à ce moment-là."
        )


def _check_allowed(device) -> None:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        seconds = 1
        if locked_until is not None:
            seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        raise Throttled(seconds)


@transaction.atomic
def confirm_totp_device(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrolment with a first code; returns the new recovery codes, or None if wrong.

    Raises Throttled when the user must wait before trying again."""
    _check_allowed(device)
    if not device.verify_token(code.replace(" ", "")):
        audit.record(AuditAction.OTP_FAILED, request=request, target=request.user, step="enrolment")
        return None
    TOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record(AuditAction.OTP_ENROLLED, request=request, target=request.user)
    return generate_recovery_codes(user=request.user, request=request)


def verify_second_factor(*, request, code: str) -> bool:
    """Check a 6-digit code from the app, or a recovery code, for the signed-in user.

    The shape of what was typed says which it is, so a mistyped recovery code does not count
    against the app's throttling. Raises Throttled when the user must wait.
    """
    code = code.strip().replace(" ", "").lower()
    user = request.user
    if code.isdigit():
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        _check_allowed(device)
        if device.verify_token(code):
            otp_login(request, device)
            audit.record(
                AuditAction.OTP_VERIFIED,
                request=request,
                target=user,
                method="recovery_code" if isinstance(device, StaticDevice) else "totp",
            )
            return True
    audit.record(AuditAction.OTP_FAILED, request=request, target=user, step="verification")
    return False
