"""The directory's search engine: one function for the public page, the API and suggestions.

Where: services whose eligibility zone covers a commune (its code, EPCI, département, or
"france"), or services within a radius of it. What: data·inclusion filters and free text —
French full-text search with ranking on PostgreSQL, stemmed words on SQLite. Order: relevance,
then distance.

Two engines, same answers. PostgreSQL reads one token array per service (kept by a trigger,
migration 0003), GIN-indexed with the text vector (migration 0008): a search is one query for
the total, every facet (counted as small numbers, migration 0009) and the page's ids, then one
for the page's services. A commune and nothing else — the broadest search, 5,000 to 10,000
services at 100,000 — is counted from per-zone counts kept by another trigger (migration 0005)
and its page read nearest first, proven exact or else answered the first way. SQLite reads
the value and zone rows (ServiceTerm, ServiceZone), kept by directory.indexing.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, FloatField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from maillage.core.text import normalize
from maillage.directory import text
from maillage.directory.enums import TermKind
from maillage.directory.indexing import EVERYONE
from maillage.directory.models import Service, ServiceTerm, ServiceZone
from maillage.referentials import vocabularies
from maillage.territories.lookups import (
    EARTH_RADIUS_KM,
    bounding_box,
    distance_km,
    enclosing_polygon,
)
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


# What a result shows (the page, its map, the API): the fields loaded for each hit. Reading
# another field of a hit's service would cost a query per hit (the tests count them).
HIT_FIELDS = (
    "source",
    "di_id",
    "nom",
    "commune",
    "code_insee",
    "type",
    "frais",
    "accepts_referrals",
    "confidential_address",
    "geo_latitude",
    "geo_longitude",
    "structure__nom",
    "structure__commune",
    "structure__code_insee",
)


def _hit_services():
    """Services as a result shows them: loading every field took 4 ms a page, this 2.4 ms."""
    return Service.objects.select_related("structure").only(*HIT_FIELDS)


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
        narrow(_with_term(TermKind.PUBLIC, {*params.publics, EVERYONE}))
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
    """SQLite: every stemmed word must start a word of the indexed text (no ranking)."""
    for word in text.words(q) if q.strip() else []:
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
    """How many of the matching services each filter value would keep (three queries)."""
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
    services_by_category: dict[str, set[int]] = {}
    # A service counts once for its catégorie, whatever the number of its sub-thématiques in it.
    themes = ServiceTerm.objects.filter(service__in=ids, kind=TermKind.THEMATIQUE)
    for service_id, value in themes.values_list("service_id", "value"):
        services_by_category.setdefault(vocabularies.category_of(value), set()).add(service_id)
    result["categories"] = {c: len(found) for c, found in services_by_category.items()}
    for type_, frais, n in queryset.values_list("type", "frais").annotate(n=Count("pk")).order_by():
        if type_:
            result["type"][type_] = result["type"].get(type_, 0) + n
        if frais:
            result["frais"][frais] = result["frais"].get(frais, 0) + n
    return result


def serving_each_public(counts: dict[str, int]) -> dict[str, int]:
    """The count beside each public: the services the filter keeps, those for everyone too
    (indexed under "tous-publics" alone: indexing.indexed_values)."""
    everyone = counts.get(EVERYONE, 0)
    if not everyone:
        return counts
    publics = {t.value for t in vocabularies.terms("publics")} | set(counts)
    return {value: counts.get(value, 0) + (value != EVERYONE) * everyone for value in publics}


def search(params: SearchParams, *, with_hits: bool = True) -> SearchResult:
    """The page of results asked for, the total and the facets (``with_hits=False``: no page,
    only the counts)."""
    if connection.vendor == "postgresql":
        return _search_tokens(params, with_hits=with_hits)
    return _search_rows(params, with_hits=with_hits)


# The filter groups whose values are alternatives (ticking a second one widens the results):
# their facet, and the SearchParams attribute of the values ticked.
ALTERNATIVES = {
    "categories": "thematiques",
    "publics": "publics",
    "type": "types",
    "frais": "frais",
    "modes_accueil": "modes_accueil",
}


def alternative_counts(params: SearchParams) -> dict[str, dict[str, int]]:
    """For each group with a value ticked: how many services each of its values keeps with the
    other filters as they are. Beside an unticked value, that is what ticking it brings in
    (the facets of the results only say how many of them also have it)."""
    counts = {}
    for facet, attribute in ALTERNATIVES.items():
        if getattr(params, attribute):
            others = dataclasses.replace(params, **{attribute: []}, page=1)
            counts[facet] = search(others, with_hits=False).facets[facet]
    return counts


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
        # Both engines count a public as its own; its filter also keeps those for everyone.
        facets={**facet_counts, "publics": serving_each_public(facet_counts.get("publics", {}))},
    )


# --- PostgreSQL: one GIN-indexed token array (see migration 0003) -------------------------------

# Token prefixes (set by the trigger of migrations 0003 and 0007) and the facet each one counts
# for.
TOKEN_FACETS = {"th": "thematiques", "cat": "categories", "pub": "publics", "mode": "modes_accueil"}
TOKEN_FACETS.update(type="type", frais="frais")


def token_groups(params: SearchParams) -> list[list[str]]:
    """The filters as groups of tokens: a service must have at least one token of each group."""
    groups = []
    if params.commune is not None and params.radius_km is None:
        groups.append([f"zone:{code}" for code in sorted(zone_codes(params.commune))])
    if params.thematiques:
        groups.append([f"th:{v}" for v in sorted(expand_thematiques(params.thematiques))])
    if params.publics:
        groups.append([f"pub:{v}" for v in sorted({*params.publics, EVERYONE})])
    if params.modes_accueil:
        groups.append([f"mode:{v}" for v in sorted(set(params.modes_accueil))])
    if params.types:
        groups.append([f"type:{v}" for v in sorted(set(params.types))])
    if params.frais:
        groups.append([f"frais:{v}" for v in sorted(set(params.frais))])
    if params.accepts_referrals:
        groups.append(["ref"])
    return groups


# The visible services (Service.objects.visible()): published, or suspended outside its dates.
_VISIBLE_SQL = (
    "status IN ('published', 'suspended') AND NOT (status = 'suspended'"
    " AND coalesce(suspended_from <= %s AND suspended_until >= %s, false))"
)

# The same haversine as territories.lookups.distance_km, so the disc is the same on both engines.
_HAVERSINE_SQL = (
    f"2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt("
    "power(sin(radians(geo_latitude - %s) / 2), 2)"
    " + cos(radians(%s)) * cos(radians(geo_latitude))"
    " * power(sin(radians(geo_longitude - %s) / 2), 2))))"
)

# The squared equirectangular distance of _nearness(), spelt the same way.
_NEARNESS_SQL = (
    "((geo_longitude - %s) * %s) * ((geo_longitude - %s) * %s)"
    " + (geo_latitude - %s) * (geo_latitude - %s)"
)

_TEXT_QUERY_SQL = "websearch_to_tsquery('french'::regconfig, %s)"


def _around_sql(lat: float, lon: float, radius_km: float, args: list) -> str:
    """A prefilter of the services within ``radius_km``, on an index of their positions: a
    polygon around the circle through the GiST index of migration 0005 (its expression, word
    for word), else the box through the (latitude, longitude) index. The polygon lets in a fifth
    fewer rows than the box: a search around Santeny (20 km, 4,569 services) 26 → 19 ms."""
    polygon = enclosing_polygon(lat, lon, radius_km)
    if polygon is None:
        box = bounding_box(lat, lon, radius_km)
        args += [box.min_lat, box.max_lat, box.min_lon, box.max_lon]
        return "geo_latitude BETWEEN %s AND %s AND geo_longitude BETWEEN %s AND %s"
    args.append("(" + ",".join(f"({v_lon!r},{v_lat!r})" for v_lat, v_lon in polygon) + ")")
    return "point(geo_longitude, geo_latitude) <@ %s::polygon"


def _matching_sql(params: SearchParams) -> tuple[str, list]:
    """The visible services matching every filter, the radius and the text: a SELECT of their
    (id, facet codes, score, nearness, nom), written out rather than compiled by the ORM (which
    cost about 3 ms a search)."""
    today = timezone.localdate()
    where, args = [_VISIBLE_SQL], [today, today]
    groups = token_groups(params)
    required = [group[0] for group in groups if len(group) == 1]
    if required:
        where.append("search_tokens @> %s::text[]")
        args.append(required)
    for group in groups:
        if len(group) > 1:
            where.append("search_tokens && %s::text[]")
            args.append(group)
    commune = params.commune
    located = commune is not None and commune.latitude is not None
    if params.radius_km is not None and located:
        where.append(_around_sql(commune.latitude, commune.longitude, params.radius_km, args))
        where.append(f"{_HAVERSINE_SQL} <= %s")
        args += [commune.latitude, commune.latitude, commune.longitude, params.radius_km]
    score, score_args = "1.0::real", []
    if params.q.strip():
        where.append(f"search_vector @@ {_TEXT_QUERY_SQL}")
        args.append(normalize(params.q))
        score, score_args = f"ts_rank(search_vector, {_TEXT_QUERY_SQL})", [normalize(params.q)]
    nearness, nearness_args = "NULL::double precision", []
    if located:
        scale = math.cos(math.radians(commune.latitude))
        nearness = _NEARNESS_SQL
        nearness_args = [commune.longitude, scale, commune.longitude, scale]
        nearness_args += [commune.latitude, commune.latitude]
    sql = (
        f"SELECT id, facet_codes, {score}, {nearness}, nom FROM {Service._meta.db_table}"
        f" WHERE {' AND '.join(where)}"
    )
    return sql, [*score_args, *nearness_args, *args]


# One statement, one pass over the matching rows: their facet codes counted and read back as
# tokens (migration 0009), and the page cut from them in search order (the same order as
# _order()).
_TOKENS_AND_PAGE_SQL = """
WITH matching (id, codes, score, nearness, nom) AS MATERIALIZED ({matching})
SELECT f.token, c.n, NULL::real FROM (
    SELECT code, count(*) AS n FROM (SELECT unnest(codes) AS code FROM matching) AS unnested
    GROUP BY code
) AS c JOIN directory_facet_code AS f USING (code)
UNION ALL
(SELECT NULL, id, score FROM matching
 ORDER BY score DESC, nearness ASC NULLS LAST, nom, id LIMIT %s OFFSET %s)
"""


def _search_tokens(params: SearchParams, *, with_hits: bool) -> SearchResult:
    """The total, every facet and the page's ids in one query; then the page's services."""
    start = max((params.page - 1) * PAGE_SIZE, 0)
    size = PAGE_SIZE if with_hits else 0
    with connection.cursor() as cursor:
        found = (
            _zone_counts_search(cursor, params, start, size) if _by_zone_counts(params) else None
        )
        if found is None:
            sql, sql_params = _matching_sql(params)
            statement = _TOKENS_AND_PAGE_SQL.format(matching=sql)
            cursor.execute(statement, [*sql_params, size, start])
            counts, page_scores = [], {}
            for token, n, score in cursor.fetchall():
                if token is None:  # a row of the page: its id and score
                    page_scores[n] = score
                else:
                    counts.append((token, n))
            found = counts, page_scores
    counts, page_scores = found
    total, facet_counts = _total_and_facets(counts)
    page = _hit_services().in_bulk(list(page_scores)) if page_scores else {}
    services = []
    for pk, score in page_scores.items():  # in search order
        if (service := page.get(pk)) is not None:  # unless deleted meanwhile
            service.score = score
            services.append(service)
    return _result(services, total, facet_counts, params)


def _total_and_facets(counts) -> tuple[int, dict[str, dict[str, int]]]:
    """From (token, number of matching services having it): the total and the facets."""
    facet_counts: dict[str, dict[str, int]] = {kind.value: {} for kind in TermKind}
    facet_counts.update(categories={}, type={}, frais={})
    total = 0
    for token, n in counts:
        if not n:
            continue
        prefix, _, value = token.partition(":")
        if prefix == "st":
            total += n  # every service has one status token
        elif prefix in TOKEN_FACETS:
            facet_counts[TOKEN_FACETS[prefix]][value] = n
    return total, facet_counts


# --- PostgreSQL: a commune and nothing else, from the per-zone counts (migration 0005) ---------

# A service with several declared zone codes: the predicate of the partial index of migration
# 0005, word for word (a test checks it).
MULTIZONE_SQL = (
    "CASE WHEN jsonb_typeof(zone_eligibilite) = 'array'"
    " THEN jsonb_array_length(zone_eligibilite) > 1 ELSE false END"
)

# The counts of the matching services: the sums of the zone counts of the commune's codes, less
# what they count twice (a published service open to k of these codes is in k sums), plus the
# suspended services outside their dates (visible, never in the sums).
_ZONE_COUNTS_SQL = f"""
SELECT token, sum(n)::bigint FROM (
    SELECT token, sum(n) AS n FROM directory_zone_count WHERE zone = ANY(%(zones)s::text[])
    GROUP BY token
    UNION ALL
    SELECT v, -sum(m - 1) FROM (
        SELECT search_tokens,
            (SELECT count(*) FROM unnest(search_tokens) AS t WHERE t = ANY(%(zones)s::text[])) AS m
        FROM directory_service
        WHERE status = 'published' AND {MULTIZONE_SQL} AND search_tokens && %(zones)s::text[]
    ) AS several, unnest(search_tokens) AS v
    WHERE m > 1 AND v NOT LIKE 'zone:%%'
    GROUP BY v
    UNION ALL
    SELECT v, count(*) FROM directory_service, unnest(search_tokens) AS v
    WHERE status = 'suspended'
        AND NOT coalesce(suspended_from <= %(today)s AND suspended_until >= %(today)s, false)
        AND search_tokens && %(zones)s::text[] AND v NOT LIKE 'zone:%%'
    GROUP BY v
) AS parts
GROUP BY token
"""

# The page, nearest first: the GiST index of positions walks the services by their distance in
# degrees (``e``); the rows it returns are put in search order by their true nearness.
_NEAREST_SQL = f"""
SELECT id, nearness, e FROM (
    SELECT id, {_NEARNESS_SQL} AS nearness, nom,
        point(geo_longitude, geo_latitude) <-> point(%s, %s) AS e
    FROM directory_service
    WHERE {_VISIBLE_SQL} AND search_tokens && %s::text[]
    ORDER BY point(geo_longitude, geo_latitude) <-> point(%s, %s)
    LIMIT %s
) AS nearest
ORDER BY nearness ASC NULLS LAST, nom, id
"""

MAX_NEAREST_START = 200  # beyond page 10, the row path


def _by_zone_counts(params: SearchParams) -> bool:
    """A commune, its zone and nothing else: the broadest searches, counted from the zone counts
    and their page read nearest first."""
    commune = params.commune
    return (
        commune is not None
        and commune.latitude is not None
        and params.radius_km is None
        and not params.q.strip()
        and not token_groups(params)[1:]  # no filter but the zone
        and (params.page - 1) * PAGE_SIZE < MAX_NEAREST_START
    )


def _zone_counts_search(cursor, params: SearchParams, start: int, size: int = PAGE_SIZE):
    """(counts, page scores) from the zone counts and a nearest-first page, or None when the
    nearest rows read cannot prove the page exact (then the row path answers)."""
    commune = params.commune
    zones = token_groups(params)[0]
    today = timezone.localdate()
    cursor.execute(_ZONE_COUNTS_SQL, {"zones": zones, "today": today})
    counts = cursor.fetchall()
    if not size:
        return counts, {}
    scale = math.cos(math.radians(commune.latitude))
    lon, lat = commune.longitude, commune.latitude
    wanted = start + PAGE_SIZE
    for limit in nearest_limits(wanted):
        cursor.execute(
            _NEAREST_SQL,
            [lon, scale, lon, scale, lat, lat, lon, lat, today, today, zones, lon, lat, limit],
        )
        rows = cursor.fetchall()
        if (page := _proven_page(rows, start, limit, scale)) is not None:
            return counts, dict.fromkeys(page, 1.0)
    return None


def nearest_limits(wanted: int) -> tuple[int, ...]:
    """How many nearest rows to read for a page ending at ``wanted``: usually enough to prove it;
    a cluster of services at one address just beyond it may need more."""
    return (4 * wanted + 20, 16 * wanted + 80)


def _proven_page(rows, start: int, limit: int, scale: float) -> list[int] | None:
    """The ids of the page if the nearest rows read prove it exact, else None.

    ``rows``: (id, nearness, distance in degrees) of the ``limit`` matching services nearest in
    degrees, in search order (the GiST index returns those without a position too, last).
    Fewer than ``limit``: every matching service was read. Otherwise every service not read is
    at least as far in degrees as the farthest read, so at least ``scale`` times that in
    nearness (``scale`` <= 1 only shrinks longitudes): the page is exact if its last service is
    nearer than that.
    """
    page = rows[start : start + PAGE_SIZE]
    if len(rows) < limit:
        return [pk for pk, _, _ in page]
    farthest = max((e for _, _, e in rows if e is not None), default=None)
    last = page[-1][1] if page else None
    if last is None or farthest is None or math.sqrt(last) >= scale * farthest * (1 - 1e-9):
        return None  # float rounding aside, not proven: the row path answers
    return [pk for pk, _, _ in page]


# --- SQLite: the value and zone rows ----------------------------------------------------------


def _search_rows(params: SearchParams, *, with_hits: bool) -> SearchResult:
    queryset = _with_text(filtered(params), params.q)
    commune = params.commune
    within = params.radius_km is not None and commune is not None and commune.latitude is not None
    ordered = _order(queryset, params).select_related("structure").only(*HIT_FIELDS)
    start = (params.page - 1) * PAGE_SIZE
    size = PAGE_SIZE if with_hits else 0
    if within:
        # The box let through its corners: keep what is truly within the radius.
        candidates = [
            pk
            for pk, lat, lon in ordered.values_list("pk", "geo_latitude", "geo_longitude")
            if distance_km(commune.latitude, commune.longitude, lat, lon) <= params.radius_km
        ]
        total = len(candidates)
        page_ids = candidates[start : start + size]
        page = {s.pk: s for s in ordered.filter(pk__in=page_ids)} if page_ids else {}
        services = [page[pk] for pk in page_ids]
        # Counts over the disc itself, not the box around it (up to a size SQLite can bind).
        if total <= MAX_LISTED_IDS:
            queryset = Service.objects.filter(pk__in=candidates)
    else:
        total = queryset.count()
        services = list(ordered[start : start + size]) if size else []
    return _result(services, total, facets(queryset), params)
