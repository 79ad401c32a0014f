import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
application = get_wsgi_application()

from maillage.core import worker  # noqa: E402 (needs Django set up)

worker.prepare()
