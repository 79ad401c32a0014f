"""Sending the product's emails: plain French text, rendered from templates."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_templated_mail(*, to: str, subject: str, template: str, context: dict) -> bool:
    """Send one message; a mail server that fails is logged, never turned into a 500 after the
    data was saved. Returns whether the message left."""
    body = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    try:
        send_mail(f"[{settings.SITE_NAME}] {subject}", body, None, [to], fail_silently=False)
    except (OSError, smtplib.SMTPException):
        logger.exception("Courriel non envoyé à %s (%s)", to, subject)
        return False
    return True
