from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from maillage.core.htmx import wants_fragment
from maillage.referentials.models import Occupation, VocabularyTerm
from maillage.referentials.vocabularies import VOCABULARY_LABELS

PAGE_SIZE = 50


@login_not_required
@vary_on_headers("HX-Request")
def occupations(request):
    """ROME occupations by code or by words of their label; htmx gets the results only."""
    query = request.GET.get("q", "").strip()[:100]
    queryset = Occupation.objects.search(query) if query else Occupation.objects.all()
    page = Paginator(queryset.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "referentials/_occupation_results.html"
        if wants_fragment(request)
        else "referentials/occupations.html"
    )
    return render(request, template, {"query": query, "page": page})


@login_not_required
def vocabularies(request):
    terms = VocabularyTerm.objects.order_by("vocabulary", "parent", "label")
    groups = {name: [] for name in VOCABULARY_LABELS}
    for term in terms:
        groups[term.vocabulary].append(term)
    categories = {t.value: t for t in groups["categories"]}
    thematiques = [
        (categories.get(c), [t for t in groups["thematiques"] if t.parent == c]) for c in categories
    ]
    others = [
        (VOCABULARY_LABELS[name], groups[name])
        for name in VOCABULARY_LABELS
        if name not in ("categories", "thematiques")
    ]
    return render(
        request, "referentials/vocabularies.html", {"thematiques": thematiques, "others": others}
    )


@login_not_required
def occupation_suggestions(request):
    """<option>s for the occupation autocomplete's <datalist>; the typed text is any parameter."""
    text = next((v for v in request.GET.values() if v.strip()), "")[:100]
    occupations = (
        Occupation.objects.search_with_job_titles(text).order_by("label")[:10] if text else []
    )
    return render(request, "referentials/_occupation_options.html", {"occupations": occupations})
