"""The directory's search engine: one function for the public page, the API and suggestions.

Where: services whose eligibility zone covers a commune (its code, EPCI, département, or
"france"), or services within a radius of it. What: data·inclusion filters and free text —
French full-text search with ranking on PostgreSQL, stemmed words on SQLite. Order: relevance,
then distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, FloatField, Value
from django.db.models.functions import Cast

from maillage.core.text import normalize
from maillage.directory import text
from maillage.directory.enums import TermKind
from maillage.directory.models import Service, ServiceTerm, ServiceZone
from maillage.referentials import vocabularies
from maillage.territories.lookups import bounding_box, distance_km
from maillage.territories.models import Commune

PAGE_SIZE = 20
MAX_LISTED_IDS = 20_000
MAX_RADIUS_KM = 200


@dataclass
class SearchParams:
    commune: Commune | None = None
    radius_km: float | None = None  # None: eligibility zone; a number: distance
    thematiques: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    frais: list[str] = field(default_factory=list)
    modes_accueil: list[str] = field(default_factory=list)
    accepts_referrals: bool = False
    q: str = ""
    page: int = 1


@dataclass
class Hit:
    service: Service
    distance_km: float | None
    score: float


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, dict[str, int]]


def expand_thematiques(values: list[str]) -> set[str]:
    """A category stands for all its sub-thématiques."""
    categories = {t.value for t in vocabularies.terms("categories")}
    expanded = set()
    for value in values:
        expanded |= set(vocabularies.thematiques_of(value)) if value in categories else {value}
    return expanded


def _with_term(kind: TermKind, values):
    """Services having one of these values: an IN over the (kind, value, service) index, which
    both engines run as one index range scan (a correlated EXISTS would probe each service)."""
    return ServiceTerm.objects.filter(kind=kind, value__in=list(values)).values("service_id")


def zone_codes(commune: Commune) -> set[str]:
    codes = {commune.code, commune.departement_id, "france"}
    if commune.epci_id:
        codes.add(commune.epci_id)
    if commune.parent_id:  # an arrondissement is in its city's zone too
        codes.add(commune.parent_id)
    return codes


def filtered(params: SearchParams):
    """The matching services, unordered; the text condition and score are added by search().

    The zone and value conditions are intersected among the narrow index tables first, so the
    services table is only read for the services that pass them all.
    """
    queryset = Service.objects.visible()
    ids = None  # a query of service ids, narrowed condition by condition

    def narrow(subquery):
        nonlocal ids
        ids = subquery if ids is None else ids.filter(service_id__in=subquery)

    if params.commune is not None:
        if params.radius_km is None:
            narrow(
                ServiceZone.objects.filter(code__in=zone_codes(params.commune)).values("service_id")
            )
        elif params.commune.latitude is not None:
            box = bounding_box(params.commune.latitude, params.commune.longitude, params.radius_km)
            queryset = queryset.filter(box.as_filter("geo_latitude", "geo_longitude"))
    if params.thematiques:
        narrow(_with_term(TermKind.THEMATIQUE, expand_thematiques(params.thematiques)))
    if params.publics:
        # A service for everyone serves each public too.
        narrow(_with_term(TermKind.PUBLIC, {*params.publics, "tous-publics"}))
    if params.modes_accueil:
        narrow(_with_term(TermKind.MODE_ACCUEIL, params.modes_accueil))
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if params.types:
        queryset = queryset.filter(type__in=params.types)
    if params.frais:
        queryset = queryset.filter(frais__in=params.frais)
    if params.accepts_referrals:
        queryset = queryset.filter(accepts_referrals=True)
    return queryset


def _with_text(queryset, q: str):
    if not q.strip():
        return queryset.annotate(score=Value(1.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        query = SearchQuery(normalize(q), config="french", search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            score=SearchRank(F("search_vector"), query)
        )
    # SQLite: every stemmed word must start a word of the indexed text.
    words = text.words(q)
    for word in words:
        queryset = queryset.filter(search_text__contains=" " + word)
    return queryset.annotate(score=Value(1.0, output_field=FloatField()))


def _order(queryset, params: SearchParams):
    commune = params.commune
    if commune is None or commune.latitude is None:
        return queryset.order_by("-score", "nom", "pk")
    # Squared equirectangular distance: arithmetic only, so SQLite can sort on it too; the
    # exact great-circle distance is computed for the page shown.
    scale = math.cos(math.radians(commune.latitude))
    dx = (Cast("geo_longitude", FloatField()) - commune.longitude) * scale
    dy = Cast("geo_latitude", FloatField()) - commune.latitude
    return queryset.annotate(nearness=dx * dx + dy * dy).order_by(
        "-score", F("nearness").asc(nulls_last=True), "nom", "pk"
    )


def facets(queryset) -> dict[str, dict[str, int]]:
    """How many of the matching services each filter value would keep (two queries)."""
    ids = queryset.values("pk")
    result: dict[str, dict[str, int]] = {kind.value: {} for kind in TermKind}
    result.update(categories={}, type={}, frais={})
    rows = (
        ServiceTerm.objects.filter(service__in=ids)
        .values_list("kind", "value")
        .annotate(n=Count("service", distinct=True))
    )
    for kind, value, n in rows:
        result[kind][value] = n
        if kind == TermKind.THEMATIQUE:
            category = value.split("--")[0]
            result["categories"][category] = result["categories"].get(category, 0) + n
    for type_, frais, n in queryset.values_list("type", "frais").annotate(n=Count("pk")).order_by():
        if type_:
            result["type"][type_] = result["type"].get(type_, 0) + n
        if frais:
            result["frais"][frais] = result["frais"].get(frais, 0) + n
    return result


def search(params: SearchParams, *, with_facets: bool = True) -> SearchResult:
    queryset = _with_text(filtered(params), params.q)
    commune = params.commune
    within = params.radius_km is not None and commune is not None and commune.latitude is not None
    ordered = _order(queryset, params).select_related("structure")
    if within:
        # The box let through its corners: keep what is truly within the radius.
        candidates = [
            pk
            for pk, lat, lon in ordered.values_list("pk", "geo_latitude", "geo_longitude")
            if distance_km(commune.latitude, commune.longitude, lat, lon) <= params.radius_km
        ]
        total = len(candidates)
        start = (params.page - 1) * PAGE_SIZE
        page_ids = candidates[start : start + PAGE_SIZE]
        page = {s.pk: s for s in ordered.filter(pk__in=page_ids)}
        services = [page[pk] for pk in page_ids]
        # Counts over the disc itself, not the box around it (up to a size SQLite can bind).
        if total <= MAX_LISTED_IDS:
            queryset = Service.objects.filter(pk__in=candidates)
    else:
        total = queryset.count()
        start = (params.page - 1) * PAGE_SIZE
        services = list(ordered[start : start + PAGE_SIZE])
    hits = []
    for service in services:
        distance = None
        if (
            commune is not None
            and commune.latitude is not None
            and service.geo_latitude is not None
        ):
            distance = distance_km(
                commune.latitude, commune.longitude, service.geo_latitude, service.geo_longitude
            )
        hits.append(Hit(service, distance, float(getattr(service, "score", 1.0))))
    return SearchResult(
        hits=hits,
        total=total,
        page=params.page,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        facets=facets(queryset) if with_facets else {},
    )
