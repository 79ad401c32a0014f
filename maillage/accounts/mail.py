"""The emails that carry a secret: a sign-in link, a password reset, an invitation.

A page queues them with what the visitor gave (an address) or an id, never with the secret: the
worker looks the account up, makes the secret and sends it (core.mail). So the queue of tasks
holds no usable link, and a page asking for a link does the same work whether the address has
an account or not.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from maillage.accounts import permissions
from maillage.accounts.models import Invitation, User
from maillage.accounts.tokens import magic_link_tokens
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.mail import deliver, render_mail

PASSWORD_RESET_TEMPLATES = {
    "email_template_name": "accounts/email/password_reset.txt",
    "subject_template_name": "accounts/email/password_reset_subject.txt",
}


@task()
def send_magic_link(email: str, base_url: str, ip: str | None) -> None:
    """A sign-in link if the address belongs to a capteur; nothing otherwise."""
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None or not permissions.may_use_magic_link(user):
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = magic_link_tokens.make_token(user)
    context = {
        "user": user,
        "url": base_url + reverse("accounts:magic_link_login", args=[uid, token]),
        "minutes": settings.MAGIC_LINK_VALIDITY_MINUTES,
    }
    deliver(
        to=user.email,
        subject="Votre lien de connexion",
        body=render_mail("accounts/email/magic_link.txt", context),
    )
    audit.record(AuditAction.MAGIC_LINK_SENT, actor=user, target=user, ip_address=ip)


class _ResetForm(PasswordResetForm):
    """Django's reset form, sending through core.mail: a failure fails the task (Django's own
    send_mail only logs it)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to, **html
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        deliver(to=to, subject=subject, body=render_to_string(email_template_name, context))


@task()
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Django's reset email to the active accounts with this address, if any."""
    form = _ResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https, **PASSWORD_RESET_TEMPLATES)


@task()
def send_invitation(invitation_id: int, base_url: str) -> None:
    """The invitation's link, with a token made here: only its hash is stored."""
    invitation = (
        Invitation.objects.select_related("organisation", "network", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return
    token, token_hash = Invitation.new_token()
    Invitation.objects.filter(pk=invitation_id).update(token_hash=token_hash)
    context = {
        "invitation": invitation,
        "url": base_url + reverse("accounts:invitation", args=[token]),
    }
    deliver(
        to=invitation.email,
        subject=f"Invitation : {invitation.get_kind_display().lower()}",
        body=render_mail("accounts/email/invitation.txt", context),
    )
