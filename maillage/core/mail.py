"""Sending the product's emails: plain French text, rendered from templates, sent by a worker.

No page waits on the mail server: a page queues the message as a task (django-tasks, its
database backend: ``manage.py db_worker`` sends it). The queue row is written in the page's own
transaction, so a page that rolls back sends nothing. A page therefore takes the same time
whether the mail server is slow, down, or not asked at all, which also keeps it from telling
who has an account. Messages that carry a secret (sign-in links, password resets, invitations)
are queued without it: the worker makes the secret, so the queue never holds one
(accounts.mail).
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

logger = logging.getLogger(__name__)


def subject_line(subject: str) -> str:
    return f"[{settings.SITE_NAME}] {subject}"


def render_mail(template: str, context: dict) -> str:
    return render_to_string(template, {"site_name": settings.SITE_NAME, **context})


def deliver(*, to: str, subject: str, body: str) -> None:
    """Hand one message to the mail server, now (in the worker). A failure is logged and raised:
    the task is then kept as failed, with its reason."""
    try:
        send_mail(subject_line(subject), body, None, [to], fail_silently=False)
    except (OSError, smtplib.SMTPException):
        logger.exception("Courriel non envoyé à %s (%s)", to, subject)
        raise


@task()
def send_email(to: str, subject: str, body: str) -> None:
    deliver(to=to, subject=subject, body=body)


def send_templated_mail(*, to: str, subject: str, template: str, context: dict) -> None:
    """Queue one message (rendered now, from what the page knows; sent by the worker)."""
    send_email.enqueue(to, subject, render_mail(template, context))
