"""Suggested services for a person: ranked with their reasons, the excluded ones apart."""

from django.shortcuts import render

from maillage.accounts import permissions
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.intake.enums import Barrier
from maillage.intake.forms import SuggestionsForm
from maillage.intake.models import Person
from maillage.intake.suggestions import criteria_for_person, suggest
from maillage.referentials import vocabularies


def person_suggestions(request, pk):
    person = permissions.get_person_or_404(
        request.user,
        pk,
        queryset=Person.objects.select_related(
            "network", "organisation", "commune__departement", "commune__epci"
        ),
    )
    audit.record(
        AuditAction.PERSON_VIEWED,
        request=request,
        target=person,
        network=person.network,
        organisation=person.organisation,
        page="suggestions",
    )
    form = SuggestionsForm(request.GET or None)
    form.is_valid()  # unknown values are dropped; the radius falls back to the zone
    criteria = criteria_for_person(person)
    needs_from_file = list(criteria.thematiques)
    criteria = form.adjusted(criteria)
    result = suggest(criteria)
    thematique_labels = {**vocabularies.labels("categories"), **vocabularies.labels("thematiques")}
    context = {
        "person": person,
        "form": form,
        "criteria": criteria,
        "result": result,
        "needs": [
            (thematique_labels[value], value not in needs_from_file)
            for value in criteria.thematiques
        ],
        "publics": [vocabularies.label("publics", p) for p in criteria.publics],
        "barriers": [Barrier(code).label for code in criteria.barriers],
        "categories": vocabularies.terms("categories"),
        "chosen": set(getattr(form, "cleaned_data", {}).get("thematiques") or []),
    }
    return render(request, "intake/suggestions.html", context)
