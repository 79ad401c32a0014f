"""Telling people what happened: email through Django's mail backend, SMS through a pluggable
sender (``SMS_BACKEND``). Each message is also kept in the outbox (core.OutboxMessage).

Messages are queued once the transaction that decided them committed, so an answer that rolled
back never notifies anyone, and sent by the worker (core.mail), so no page waits on a provider.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from maillage.core.mail import deliver
from maillage.core.models import OutboxMessage

logger = logging.getLogger(__name__)


class ConsoleSmsBackend:
    """Prints SMS on the server's output (the demo)."""

    def send(self, to: str, body: str) -> bool:
        print(f"[SMS à {to}] {body}", flush=True)
        return True


class FileSmsBackend:
    """Appends SMS to var/sms.log (or SMS_FILE_PATH)."""

    def send(self, to: str, body: str) -> bool:
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"{timezone.now().isoformat()}\t{to}\t{body}\n")
        return True


class NullSmsBackend:
    """No SMS provider configured: the message stays in the outbox, marked as not delivered."""

    def send(self, to: str, body: str) -> bool:
        return False


def sms_backend():
    return import_string(settings.SMS_BACKEND)()


@task()
def deliver_message(message_id: int) -> None:
    """Send one outbox message (in the worker) and record whether it left."""
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        if message.channel == "email":
            deliver(to=message.recipient, subject=message.subject, body=message.body)
            delivered = True
        else:
            delivered = sms_backend().send(message.recipient, message.body)
    except Exception:  # a provider's failure is recorded on the message, which stays
        logger.exception("Message %s non envoyé à %s", message.channel, message.recipient)
        delivered = False
    OutboxMessage.objects.filter(pk=message_id).update(delivered=delivered)


def notify(*, channel: str, to: str, subject: str, template: str, context: dict) -> None:
    """Queue one message to leave once the current transaction commits."""
    if not to:
        return
    body = render_to_string(template, {"site_name": settings.SITE_NAME, **context}).strip()
    if channel == "sms":
        body = " ".join(body.split())[:480]
    message = OutboxMessage.objects.create(
        channel=channel, recipient=to, subject=subject, body=body
    )
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk), robust=True)
