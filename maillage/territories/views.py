from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from maillage.core.htmx import wants_fragment
from maillage.territories.forms import CommuneSearchForm, DistanceForm
from maillage.territories.lookups import (
    commune_label,
    communes_within,
    distance_km,
    search_communes,
)
from maillage.territories.models import Commune, PostalCode

NEARBY_RADIUS_KM = 10


@login_not_required
@vary_on_headers("HX-Request")
def commune_search(request):
    """The commune finder: a full page, or only its results when htmx asks for them."""
    form = CommuneSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    communes = search_communes(query, limit=20) if query else []
    template = (
        "territories/_commune_results.html"
        if wants_fragment(request)
        else "territories/commune_search.html"
    )
    return render(request, template, {"form": form, "query": query, "communes": communes})


@login_not_required
def commune_suggestions(request):
    """<option>s for the autocomplete widget's <datalist>; the typed text is any one parameter."""
    text = next((v for v in request.GET.values() if v.strip()), "")[:100]
    options = [(commune_label(c), c) for c in search_communes(text, limit=10)] if text else []
    return render(request, "territories/_commune_options.html", {"options": options})


@login_not_required
def commune_detail(request, code):
    commune = get_object_or_404(
        Commune.objects.with_context().prefetch_related(
            Prefetch("postal_codes", queryset=PostalCode.objects.order_by("code")), "qpvs"
        ),
        code=code,
    )
    nearby = [(c, d) for c, d in communes_within(commune, NEARBY_RADIUS_KM) if c.pk != commune.pk]
    return render(
        request,
        "territories/commune_detail.html",
        {"commune": commune, "nearby": nearby[:30], "radius": NEARBY_RADIUS_KM},
    )


@login_not_required
def distance(request):
    form = DistanceForm(request.GET or None)
    result = None
    if form.is_valid():
        origin, destination = form.cleaned_data["origin"], form.cleaned_data["destination"]
        if None in (origin.latitude, destination.latitude):
            form.add_error(None, "La position de l'une de ces communes n'est pas connue.")
        else:
            result = {
                "origin": origin,
                "destination": destination,
                "km": distance_km(
                    origin.latitude, origin.longitude, destination.latitude, destination.longitude
                ),
            }
    return render(request, "territories/distance.html", {"form": form, "result": result})
