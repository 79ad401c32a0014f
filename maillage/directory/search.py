"""The directory's search engine: one function for the public page, the API and suggestions.

Where: services whose eligibility zone covers a commune (its code, EPCI, département, or
"france"), or services within a radius of it. What: data·inclusion filters and free text —
French full-text search with ranking on PostgreSQL, stemmed words on SQLite. Order: relevance,
then distance.

Two engines, same answers. PostgreSQL reads one GIN-indexed token array per service (kept by a
trigger, migration 0003) beside the text vector: a search is one query for the total, every facet
and the page's ids, then one for the page's services. SQLite reads the value and zone rows
(ServiceTerm, ServiceZone), kept by directory.indexing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from maillage.core.text import normalize
from maillage.directory import text
from maillage.directory.enums import TermKind
from maillage.directory.models import Service, ServiceTerm, ServiceZone
from maillage.referentials import vocabularies
from maillage.territories.lookups import EARTH_RADIUS_KM, bounding_box, distance_km
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


def _text_query(q: str) -> SearchQuery:
    return SearchQuery(normalize(q), config="french", search_type="websearch")


def _with_text(queryset, q: str):
    if not q.strip():
        return queryset.annotate(score=Value(1.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        query = _text_query(q)
        return queryset.filter(search_vector=query).annotate(
            score=SearchRank(F("search_vector"), query)
        )
    # SQLite: every stemmed word must start a word of the indexed text.
    words = text.words(q)
    for word in words:
        queryset = queryset.filter(search_text__contains=" " + word)
    return queryset.annotate(score=Value(1.0, output_field=FloatField()))


def _nearness(params: SearchParams):
    """Squared equirectangular distance to the commune: arithmetic only, so SQLite can sort on
    it too; the exact great-circle distance is computed for the page shown."""
    commune = params.commune
    if commune is None or commune.latitude is None:
        return None
    scale = math.cos(math.radians(commune.latitude))
    dx = (Cast("geo_longitude", FloatField()) - commune.longitude) * scale
    dy = Cast("geo_latitude", FloatField()) - commune.latitude
    return dx * dx + dy * dy


def _order(queryset, params: SearchParams):
    nearness = _nearness(params)
    if nearness is None:
        return queryset.order_by("-score", "nom", "pk")
    return queryset.annotate(nearness=nearness).order_by(
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
    if connection.vendor == "postgresql":
        return _search_tokens(params, with_facets=with_facets)
    return _search_rows(params, with_facets=with_facets)


def _hits(services, params: SearchParams) -> list[Hit]:
    commune = params.commune
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
    return hits


def _result(services, total, facet_counts, params: SearchParams) -> SearchResult:
    return SearchResult(
        hits=_hits(services, params),
        total=total,
        page=params.page,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        facets=facet_counts,
    )


# --- PostgreSQL: one GIN-indexed token array (see migration 0003) -------------------------------

# Token prefixes (set by the trigger of migration 0003) and the facet each one counts for.
TOKEN_FACETS = {"th": "thematiques", "pub": "publics", "mode": "modes_accueil"}
TOKEN_FACETS.update(type="type", frais="frais")


def token_groups(params: SearchParams) -> list[list[str]]:
    """The filters as groups of tokens: a service must have at least one token of each group."""
    groups = []
    if params.commune is not None and params.radius_km is None:
        groups.append([f"zone:{code}" for code in sorted(zone_codes(params.commune))])
    if params.thematiques:
        groups.append([f"th:{v}" for v in sorted(expand_thematiques(params.thematiques))])
    if params.publics:
        groups.append([f"pub:{v}" for v in sorted({*params.publics, "tous-publics"})])
    if params.modes_accueil:
        groups.append([f"mode:{v}" for v in sorted(set(params.modes_accueil))])
    if params.types:
        groups.append([f"type:{v}" for v in sorted(set(params.types))])
    if params.frais:
        groups.append([f"frais:{v}" for v in sorted(set(params.frais))])
    if params.accepts_referrals:
        groups.append(["ref"])
    return groups


def _matching(params: SearchParams):
    """Visible services matching every filter, the radius and the text (with its score)."""
    queryset = Service.objects.visible()
    groups = token_groups(params)
    required = [group[0] for group in groups if len(group) == 1]
    if required:
        queryset = queryset.filter(_raw_condition("search_tokens @> %s::text[]", required))
    for group in groups:
        if len(group) > 1:
            queryset = queryset.filter(_raw_condition("search_tokens && %s::text[]", group))
    commune = params.commune
    if params.radius_km is not None and commune is not None and commune.latitude is not None:
        box = bounding_box(commune.latitude, commune.longitude, params.radius_km)
        queryset = queryset.filter(box.as_filter("geo_latitude", "geo_longitude")).filter(
            _raw_condition(
                f"{_HAVERSINE_SQL} <= %s",
                commune.latitude,
                commune.latitude,
                commune.longitude,
                params.radius_km,
            )
        )
    return _with_text(queryset, params.q)


# The same haversine as territories.lookups.distance_km, so the disc is the same on both engines.
_HAVERSINE_SQL = (
    f"2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt("
    "power(sin(radians(geo_latitude - %s) / 2), 2)"
    " + cos(radians(%s)) * cos(radians(geo_latitude))"
    " * power(sin(radians(geo_longitude - %s) / 2), 2))))"
)


def _raw_condition(sql: str, *params):
    return RawSQL(sql, params, output_field=BooleanField())


# One statement, one pass over the matching rows: their tokens counted (zone tokens too: leaving
# them out costs more than counting them), and the page cut from them in search order (the same
# order as _order()).
_TOKENS_AND_PAGE_SQL = """
WITH matching (id, tokens, score, nearness, nom) AS MATERIALIZED ({matching})
SELECT token, count(*), NULL::real FROM (SELECT unnest(tokens) AS token FROM matching) AS unnested
GROUP BY token
UNION ALL
(SELECT NULL, id, score FROM matching
 ORDER BY score DESC, nearness ASC NULLS LAST, nom, id LIMIT %s OFFSET %s)
"""


def _search_tokens(params: SearchParams, *, with_facets: bool) -> SearchResult:
    """The total, every facet and the page's ids in one query; then the page's services."""
    nearness = _nearness(params)
    matching = _matching(params).annotate(
        tokens=RawSQL("search_tokens", ()),
        nearness=Value(None, output_field=FloatField()) if nearness is None else nearness,
    )
    sql, sql_params = (
        matching.order_by()
        .values_list("pk", "tokens", "score", "nearness", "nom")
        .query.sql_with_params()
    )
    start = (params.page - 1) * PAGE_SIZE
    with connection.cursor() as cursor:
        cursor.execute(
            _TOKENS_AND_PAGE_SQL.format(matching=sql), [*sql_params, PAGE_SIZE, max(start, 0)]
        )
        rows = cursor.fetchall()
    facet_counts: dict[str, dict[str, int]] = {kind.value: {} for kind in TermKind}
    facet_counts.update(categories={}, type={}, frais={})
    total, page_scores = 0, {}
    for token, n, score in rows:
        if token is None:  # a row of the page: its id and score
            page_scores[n] = score
            continue
        prefix, _, value = token.partition(":")
        if prefix == "st":
            total += n  # every service has one status token
        elif prefix in TOKEN_FACETS:
            facet_counts[TOKEN_FACETS[prefix]][value] = n
            if prefix == "th":
                category = value.split("--")[0]
                facet_counts["categories"][category] = (
                    facet_counts["categories"].get(category, 0) + n
                )
    page = Service.objects.select_related("structure").in_bulk(list(page_scores))
    services = []
    for pk, score in page_scores.items():  # in search order
        if (service := page.get(pk)) is not None:  # unless deleted meanwhile
            service.score = score
            services.append(service)
    return _result(services, total, facet_counts if with_facets else {}, params)


# --- SQLite: the value and zone rows ----------------------------------------------------------


def _search_rows(params: SearchParams, *, with_facets: bool) -> SearchResult:
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
    return _result(services, total, facets(queryset) if with_facets else {}, params)
