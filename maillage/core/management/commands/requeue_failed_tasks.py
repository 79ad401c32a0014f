"""After a mail server or SMS provider outage: send again what failed (core.tasks)."""

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.core.management.base import MaillageCommand


class Command(MaillageCommand):
    help = "Remet en file les envois qui ont échoué (courriels, SMS), pour le processus d'envoi."

    def run(self, **options) -> str:
        failed = list(DBTaskResult.objects.filter(status=TaskResultStatus.FAILED))
        for result in failed:
            # Queued anew from what was queued; a link is made again by the worker when sent.
            result.task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            result.delete()
        return f"{len(failed)} envoi(s) remis en file"
