import ipaddress
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from maillage.referentials.loading import load_referentials
from maillage.territories.loading import load_territories
from tests.browser import browser, live_manage, live_site, phone  # noqa: F401  (fixtures for browser tests)
from tests.personas import world  # noqa: F401  (the permission tests' people)

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check_address(address):
    """Loopback and Unix sockets only: a test that reaches the network is a defect."""
    if isinstance(address, tuple):
        host = address[0]
        try:
            if ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            if host == "localhost":
                return
        raise RuntimeError(f"Accès réseau interdit pendant les tests : {address!r}")


def _guarded_connect(self, address):
    _check_address(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check_address(address)
    return _real_connect_ex(self, address)


def pytest_configure(config):
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    # Hashing a password the production way takes a fifth of a second; tests create hundreds.
    # The hasher is not what they test (test_settings checks the production one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are tested as production serves them: collected, hashed static files (WhiteNoise).
    # Once, in the main process, before the xdist workers start.
    if not hasattr(config, "workerinput"):
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real reference data the product ships (35,014 communes and
    arrondissements, 1,584 ROME occupations, the data·inclusion vocabularies)."""
    with django_db_blocker.unblock():
        load_territories()
        load_referentials()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request as if its transaction committed, so on-commit work (emails) happens."""

    def run(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return run


@pytest.fixture
def shared_data() -> Path:
    """The reference files of ../shared/data; tests that need them skip when it is absent."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.skip(f"Données de référence absentes : {path} (voir ../shared/data/SOURCES.md)")
    return path


@pytest.fixture(autouse=True)
def tasks_do_not_fail_silently(request):
    """The tests run each task at once (TASKS_BACKEND=immediate), which keeps a task's error
    on its result rather than raising it: a task that fails fails its test, unless the test is
    marked ``tasks_may_fail``."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished

    # A test that changed the backend and did not undo it would make the next ones queue their
    # emails instead of sending them (it happened: say so here, not in an unrelated test).
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"), settings.TASKS
    failures = []

    def seen(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failures.append(f"{task_result.task.name}: {task_result.errors[-1].traceback}")

    task_finished.connect(seen, weak=False)
    yield
    task_finished.disconnect(seen)
    if failures and not request.node.get_closest_marker("tasks_may_fail"):
        pytest.fail("Une tâche a échoué :\n" + "\n".join(failures))
