from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from maillage.accounts.permissions import can_see_confidential_addresses
from maillage.core.htmx import wants_fragment
from maillage.directory import opening_hours
from maillage.directory.forms import ServiceSearchForm
from maillage.directory.models import Service
from maillage.directory.search import search
from maillage.referentials.vocabularies import label, labels


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
        "params": params,
        "view": view,
        "query": query.urlencode(),
        "labels": {
            name: labels(name)
            for name in ("categories", "thematiques", "publics", "types", "frais", "modes_accueil")
        },
        "show_confidential": can_see_confidential_addresses(request.user),
    }
    template = "directory/_results.html" if wants_fragment(request) else "directory/search.html"
    return render(request, template, context)


@login_not_required
def service_detail(request, pk):
    service = get_object_or_404(Service.objects.visible().select_related("structure"), pk=pk)
    show_address = not service.confidential_address or can_see_confidential_addresses(request.user)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "show_address": show_address,
            "hours": opening_hours.in_french(
                service.horaires_accueil or service.structure.horaires_accueil
            ),
            "thematiques": [label("thematiques", v) for v in service.thematiques],
            "publics": [label("publics", v) for v in service.publics],
            "modes_accueil": [label("modes_accueil", v) for v in service.modes_accueil],
            "modes_mobilisation": [
                label("modes_mobilisation", v) for v in service.modes_mobilisation
            ],
            "mobilisable_par": [
                label("personnes_mobilisatrices", v) for v in service.mobilisable_par
            ],
            "type_label": label("types", service.type) if service.type else "",
            "frais_label": label("frais", service.frais) if service.frais else "",
        },
    )
