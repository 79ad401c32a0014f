from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from maillage.accounts import permissions
from maillage.accounts.permissions import can_see_confidential_addresses
from maillage.core.htmx import wants_fragment
from maillage.directory.forms import ServiceSearchForm
from maillage.directory.models import Service
from maillage.directory.presentation import service_page_context
from maillage.directory.search import search
from maillage.referentials.vocabularies import labels


@login_not_required
@vary_on_headers("HX-Request")
def service_search(request):
    """The public directory: list or map, every filter in the URL; htmx gets the results only."""
    form = ServiceSearchForm(request.GET or None)
    form.is_valid()  # errors are shown at their field; the other filters still apply
    params = form.params()
    result = search(params) if request.GET else None
    view = "carte" if request.GET.get("vue") == "carte" else "liste"
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "result": result,
        "facets": result.facets if result else {},
        "params": params,
        "view": view,
        "query": query.urlencode(),
        "labels": {
            name: labels(name)
            for name in ("categories", "thematiques", "publics", "types", "frais", "modes_accueil")
        },
        "show_confidential": can_see_confidential_addresses(request.user),
    }
    context["fragment"] = wants_fragment(request)
    template = "directory/_results.html" if context["fragment"] else "directory/search.html"
    return render(request, template, context)


@login_not_required
def service_detail(request, pk):
    service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
    visible = Service.objects.visible().filter(pk=pk).exists()
    if not visible and not permissions.can_edit_structure(request.user, service.structure):
        raise Http404("Service introuvable.")  # a draft is seen by its own organisation only
    show_address = not service.confidential_address or can_see_confidential_addresses(request.user)
    context = service_page_context(service, show_address=show_address)
    context["can_edit"] = permissions.can_edit_structure(request.user, service.structure)
    return render(request, "directory/service_detail.html", context)
