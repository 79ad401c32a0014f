import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from maillage.accounts.middleware import needs_second_factor
from maillage.accounts.workspace import workspace
from maillage.core.tasks import sending_state
from maillage.referentials.models import Occupation, VocabularyTerm
from maillage.territories.forms import CommuneSearchForm
from maillage.territories.models import Commune

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    figures = {
        "communes": Commune.objects.communes().count(),
        "occupations": Occupation.objects.count(),
        "thematiques": VocabularyTerm.objects.filter(vocabulary="thematiques").count(),
    }
    context = {"figures": figures, "form": CommuneSearchForm()}
    if request.user.is_authenticated and not needs_second_factor(request.user):
        context["workspace"] = workspace(request.user)
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 otherwise; and
    whether emails and SMS leave (``sends``: "ok", "late" or "failed", see core.tasks), which
    does not change the status: the site works while they wait."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The details (host, user…) go to the log, not to whoever asks.
        logger.exception("healthz : la base de données ne répond pas")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "vendor": connection.vendor, "sends": sending_state()}
    )


@login_not_required
def sources(request):
    return render(request, "core/sources.html")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on pages without a <head> (the API's JSON): the icon the
    pages name."""
    return redirect(static("core/favicon.svg"))  # not permanent: the file name changes with it
