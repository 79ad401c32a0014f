"""What the task queue keeps (core.mail): a message waits there until the worker sends it, then
its row goes. Only failed ones stay, with their reason, to be sent again
(``manage.py requeue_failed_tasks``) and pruned (``manage.py prune_db_task_results``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import checks
from django.dispatch import receiver
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend


@receiver(task_finished, dispatch_uid="maillage.core.tasks.forget_sent")
def forget_sent(sender, task_result, **kwargs) -> None:
    """A message sent leaves nothing behind: its row held its recipient and its text."""
    backend = sender if isinstance(sender, type) else type(sender)  # a class or an instance
    if issubclass(backend, DatabaseBackend) and task_result.status == TaskResultStatus.SUCCESSFUL:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=task_result.id).delete()


@checks.register(checks.Tags.security, deploy=True)
def tasks_run_by_a_worker(app_configs, **kwargs):
    if settings.TASKS_BACKEND != "database":
        return [
            checks.Warning(
                "TASKS_BACKEND=immediate : les courriels partent pendant la requête, qui attend "
                "le serveur de courriel et répond plus lentement quand une adresse a un compte.",
                hint="En production, TASKS_BACKEND=database et un processus manage.py db_worker.",
                id="maillage.W001",
            )
        ]
    return []


LATE_AFTER = timedelta(minutes=5)


def sending_state() -> str:
    """For monitoring (/healthz): "late" when a message has waited more than five minutes (no
    worker running?), "failed" when some could not be sent, else "ok"."""
    if settings.TASKS_BACKEND != "database":
        return "ok"
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values("enqueued_at").first()
    if oldest and timezone.now() - oldest["enqueued_at"] > LATE_AFTER:
        return "late"
    if DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists():
        return "failed"
    return "ok"
