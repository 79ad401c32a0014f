"""Suggested services for a person (being built)."""

from django.http import Http404


def person_suggestions(request, pk):
    raise Http404("Bientôt.")
