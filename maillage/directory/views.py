from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from maillage.accounts import permissions
from maillage.accounts.permissions import can_see_confidential_addresses
from maillage.core import ratelimit
from maillage.core.audit import client_ip
from maillage.core.htmx import wants_fragment
from maillage.directory.enums import ServiceStatus
from maillage.directory.forms import ServiceSearchForm
from maillage.directory.models import Service
from maillage.directory.presentation import service_page_context
from maillage.directory.search import ALTERNATIVES, SearchParams, alternative_counts, search
from maillage.referentials.vocabularies import category_of, labels
from maillage.territories.lookups import commune_label
from maillage.territories.models import Commune

# The filter groups: (badge id prefix, facet, its vocabulary, the values ticked in SearchParams:
# search.ALTERNATIVES).
_FILTER_GROUPS = [
    (prefix, facet, vocabulary, ALTERNATIVES[facet])
    for prefix, facet, vocabulary in [
        ("th", "categories", "categories"),
        ("pu", "publics", "publics"),
        ("ty", "type", "types"),
        ("fr", "frais", "frais"),
        ("ma", "modes_accueil", "modes_accueil"),
    ]
]


def facet_badges(facets: dict | None, params: SearchParams) -> dict[str, dict[str, str]]:
    """What is written beside each filter value: ``(n)``, how many of the results have it
    (nothing before a search: ``facets`` None).

    The values of a group are alternatives (ticking a second one widens the results), so once
    a value of a group is ticked, the others get no count here: theirs would be only the results
    that also have them. The page then asks for what ticking each would keep
    (service_search_counts).
    """
    badges = {prefix: {} for prefix, *_ in _FILTER_GROUPS}
    if facets is None:
        return badges
    for prefix, facet, vocabulary, ticked_attribute in _FILTER_GROUPS:
        ticked = set(getattr(params, ticked_attribute))
        if prefix == "th":  # the badges are the catégories': a sub-thématique ticks its own
            ticked = {category_of(value) for value in ticked}
        counts = facets.get(facet, {})
        badges[prefix] = {
            value: f"({counts.get(value, 0)})" if not ticked or value in ticked else ""
            for value in labels(vocabulary)
        }
    return badges


@login_not_required
@vary_on_headers("HX-Request")
def service_search(request):
    """The public directory: list or map, every filter in the URL; htmx gets the results only."""
    form = ServiceSearchForm(request.GET or None)
    form.is_valid()  # errors are shown at their field; the other filters still apply
    params = form.params()
    # A commune typed but not found, or not alone: no results from all over France, but the
    # error at the field and, for namesakes, each one to choose.
    result = search(params) if request.GET and "commune" not in form.errors else None
    choices = []
    for candidate in form.fields["commune"].widget.candidates:
        chosen = request.GET.copy()
        chosen["commune"] = commune_label(candidate)
        chosen.pop("page", None)
        choices.append((chosen["commune"], chosen.urlencode()))
    view = "carte" if request.GET.get("vue") == "carte" else "liste"
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "result": result,
        "facets": result.facets if result else {},
        "badges": facet_badges(result.facets if result else None, params),
        "params": params,
        "view": view,
        "query": query.urlencode(),
        "commune_choices": choices,
        "labels": {
            name: labels(name)
            for name in ("categories", "thematiques", "publics", "types", "frais", "modes_accueil")
        },
        "show_confidential": can_see_confidential_addresses(request.user),
    }
    context["alternatives_wanted"] = any(
        getattr(params, attribute) for *_, attribute in _FILTER_GROUPS
    )
    context["fragment"] = wants_fragment(request)
    template = "directory/_results.html" if context["fragment"] else "directory/search.html"
    return render(request, template, context)


@login_not_required
def service_search_counts(request):
    """What ticking each other value of a ticked group would keep: the counts the results page
    asks for once shown (htmx), swapped in beside the filters."""
    # Up to five searches a request: limited per address like the API's reads.
    if not ratelimit.hit("search-counts", client_ip(request) or "", limit=600, window_seconds=60):
        return HttpResponse("Trop de demandes : patientez une minute.", status=429)
    form = ServiceSearchForm(request.GET or None)
    form.is_valid()
    alternatives = alternative_counts(form.params()) if request.GET else {}
    groups = [
        (prefix, {value: alternatives[facet].get(value, 0) for value in labels(vocabulary)})
        for prefix, facet, vocabulary, _ in _FILTER_GROUPS
        if facet in alternatives
    ]
    return render(request, "directory/_alternative_counts.html", {"groups": groups})


@login_not_required
def service_detail(request, pk):
    service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
    visible = Service.objects.visible().filter(pk=pk).exists()
    if not visible and not permissions.can_edit_structure(request.user, service.structure):
        if service.status == ServiceStatus.DRAFT:
            raise Http404("Service introuvable.")  # a draft is seen by its own organisation only
        # Once public: a saved link says what became of it, and where to look instead.
        alternative = QueryDict(mutable=True)
        commune = Commune.objects.filter(code=service.code_insee or service.structure.code_insee)
        if commune := commune.prefetch_related("postal_codes").first():
            alternative["commune"] = commune_label(commune)
        alternative.setlist("thematiques", sorted({category_of(t) for t in service.thematiques}))
        return render(
            request,
            "directory/service_unavailable.html",
            {"service": service, "alternative": alternative.urlencode()},
            status=410 if service.status == ServiceStatus.ARCHIVED else 404,
        )
    show_address = not service.confidential_address or can_see_confidential_addresses(request.user)
    context = service_page_context(service, show_address=show_address)
    context["can_edit"] = permissions.can_edit_structure(request.user, service.structure)
    return render(request, "directory/service_detail.html", context)
