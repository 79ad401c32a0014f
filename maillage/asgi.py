import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
application = get_asgi_application()

from maillage.core import worker  # noqa: E402 (needs Django set up)

worker.prepare()
