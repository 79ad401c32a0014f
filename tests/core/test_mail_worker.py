"""Emails leave from the worker, never during a page: the queue it reads holds no secret, and a
page asking for a link does the same work whether the address has an account or not."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from maillage.accounts.enums import MemberRole
from maillage.accounts.models import Invitation
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_in_the_database(settings):
    """The production backend (the suite's own runs each task at once). Through pytest-django's
    ``settings``, like every other setting these tests change, so that all are undone in order:
    an ``override_settings`` decorator mixed with it left this backend to the tests after."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def queued() -> list[dict]:
    """The tasks waiting, as the worker will read them: (task path, arguments)."""
    return [
        {"task": r.task_path, "args": json.dumps(r.args_kwargs)}
        for r in DBTaskResult.objects.order_by("enqueued_at")
    ]


@pytest.fixture(autouse=True)
def worker_keeps_the_test_transaction(monkeypatch):
    """Between tasks the worker drops connections left in a transaction, as a server does; the
    test's own transaction (which it reads the queue in) must stay open."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    """The real worker, once through the queue (as `manage.py db_worker --batch`)."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_a_sign_in_link_is_made_and_sent_by_the_worker(client):
    MembershipFactory(role=MemberRole.CAPTEUR, user__email="bar@capteur.test")
    pages = [
        client.post("/connexion/lien/", {"email": email}, REMOTE_ADDR="203.0.113.9")
        for email in ("bar@capteur.test", "inconnu@exemple.test")
    ]
    assert pages[0].content == pages[1].content  # the same answer
    assert mail.outbox == []  # nothing left during the pages
    tasks = queued()
    assert [t["task"] for t in tasks] == ["maillage.accounts.mail.send_magic_link"] * 2
    assert not any("/connexion/lien/" in t["args"] for t in tasks)  # no link in the queue
    run_worker()
    assert [m.to for m in mail.outbox] == [["bar@capteur.test"]]
    link = re.search(r"http://testserver(/connexion/lien/\S+/)", mail.outbox[0].body).group(1)
    assert client.post(link)["Location"] == "/"
    sent = AuditEvent.objects.get(action=AuditAction.MAGIC_LINK_SENT)
    assert (sent.actor_label, sent.ip_address) == ("bar@capteur.test", "203.0.113.9")
    assert not DBTaskResult.objects.exists()  # sent: the queue keeps neither address nor text


def test_a_password_reset_link_is_made_and_sent_by_the_worker(client):
    MembershipFactory(user__email="conseil@exemple.test")
    for email in ("conseil@exemple.test", "inconnu@exemple.test"):
        response = client.post("/mot-de-passe-oublie/", {"email": email})
        assert response.status_code == 302
    assert mail.outbox == []
    assert not any("/mot-de-passe-oublie/" in t["args"] for t in queued())
    run_worker()
    assert [m.to for m in mail.outbox] == [["conseil@exemple.test"]]
    link = re.search(r"http://testserver(/mot-de-passe-oublie/\S+/)", mail.outbox[0].body)
    assert "Choisir un nouveau mot de passe" in client.get(link.group(1), follow=True).text


def test_an_invitation_link_is_made_by_the_worker_and_only_its_hash_kept(world, client, committed):
    admin = world.client("org_admin")
    committed(
        admin.post,
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "ines@exemple.test", "role": "facilitator"},
    )
    invitation = Invitation.objects.get(email="ines@exemple.test")
    assert mail.outbox == []
    [task] = queued()
    assert task["task"] == "maillage.accounts.mail.send_invitation"
    assert "/invitation/" not in task["args"]
    run_worker()
    link = re.search(r"http://testserver(/invitation/\S+/)", mail.outbox[0].body).group(1)
    assert Invitation.objects.get(pk=invitation.pk).token_hash != invitation.token_hash
    assert "Créer votre compte" in client.get(link).content.decode()


@pytest.mark.tasks_may_fail
def test_a_mail_server_down_fails_the_task_not_the_page_and_it_can_be_sent_again(client, settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail_worker.BrokenBackend"
    MembershipFactory(role=MemberRole.CAPTEUR, user__email="bar@capteur.test")
    MembershipFactory(user__email="conseil@exemple.test")
    assert client.post("/connexion/lien/", {"email": "bar@capteur.test"}).status_code == 200
    assert (
        client.post("/mot-de-passe-oublie/", {"email": "conseil@exemple.test"}).status_code == 302
    )
    run_worker()
    failed = DBTaskResult.objects.order_by("task_path")
    assert [(r.task_path.rsplit(".", 1)[1], r.status) for r in failed] == [
        ("send_magic_link", "FAILED"),
        ("send_password_reset", "FAILED"),  # Django's reset form alone would only log it
    ]
    assert all("ConnectionRefusedError" in r.traceback for r in failed)
    assert not AuditEvent.objects.filter(action=AuditAction.MAGIC_LINK_SENT).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back up
    call_command("requeue_failed_tasks", verbosity=0)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["bar@capteur.test", "conseil@exemple.test"]
    assert not DBTaskResult.objects.exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("le serveur de courriel ne répond pas")


@pytest.mark.tasks_may_fail
def test_healthz_says_when_messages_wait_or_fail(client, settings):
    def sends():
        return client.get("/healthz").json()["sends"]

    settings.TASKS_BACKEND = "database"  # as in production (the tests' own default: immediate)
    assert sends() == "ok"
    MembershipFactory(role=MemberRole.CAPTEUR, user__email="bar@capteur.test")
    client.post("/connexion/lien/", {"email": "bar@capteur.test"})
    assert sends() == "ok"  # just queued
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert sends() == "late"  # no worker took it
    settings.EMAIL_BACKEND = "tests.core.test_mail_worker.BrokenBackend"
    run_worker()
    assert sends() == "failed"
