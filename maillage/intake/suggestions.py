"""Suggestions: which directory services to propose to a person, ranked and explained.

One engine for the person's page, ``POST /api/v1/suggestions`` and ``manage.py suggest``. It takes
``Criteria`` (a commune and what the person needs and is), never a person: the API holds no
personal data, and ``criteria_for_person`` turns a file into criteria.

Where
    Without a radius, the services whose eligibility zone covers the commune (its code, its city
    for an arrondissement, its EPCI, its département, "france"): a service is only proposed to
    people it may take. With a radius, the services located within it; those among them whose
    zone does not cover the commune are listed apart ("Hors zone"), so that a counsellor sees
    what is near but closed to the person.

What
    Each need is a data·inclusion category (``trouver-un-emploi``: any of its sub-thématiques
    answers it) or a sub-thématique. Barriers (``intake.enums.Barrier``) add the categories of
    ``BARRIER_CATEGORIES`` as weaker needs. When needs or barriers are given, a service must answer
    at least one of them. Unknown values are an ``InvalidCriteria`` (a ``ValueError``) in French.

Eligibility (a service failing one rule is listed apart, with every rule it fails)
    age within min_age–max_age; French level at least the level the service asks; France Travail
    registration required / excluded; "not supported elsewhere"; no place left (places_left == 0);
    with a radius, the eligibility zone. What the criteria leave unknown (no age, no level, no
    registration status) excludes nobody: the result says "À vérifier : …" instead.

Score (fixed; ties broken by distance, then service id, so the order is deterministic)
    + 10  per need named as a sub-thématique that the service offers
    +  6  per need named as a category that the service offers (a precise need weighs more)
    +  3  per barrier whose categories the service offers beyond the needs already matched
    +  2  if the service addresses one of the publics given (+ 1 if it is for "tous-publics")
    +  4 × (1 − d / 50)  for a service d < 50 km away (0 further, or with no known position)
    +  2 × (share of the free text's words found in the service's name, description, labels)
    +  1  if it receives referrals through Maillage
    +  1  if it has places left or its next start is within 30 days
    −  2  if its information is stale (``Service.is_stale``: "Informations à vérifier")

How (fast at 100,000 services)
    One SQL query ranks and reads the candidates. It weighs the needs in one grouped pass over the
    ``ServiceTerm`` rows of the values wanted (an index range on (kind, value, service)), kept to
    the zone's services (``ServiceZone``, an index range on (code, service)) or to the disc's
    (the position index); a service's weight is the sum of the points of the needs it answers.
    With a zone and several needs, it first finds the weight of the ``CANDIDATE_LIMIT``-th visible
    service, reading visibility in weight order, and reads the position of the services weighing
    at least that much only: the same ids as ranking them all, without reading thousands of
    positions. It keeps the first ``CANDIDATE_LIMIT`` visible services by weight, then nearness,
    then id, and reads them as plain rows with the most precise zone code that covers the
    commune; they are scored in Python, and the services shown are then loaded whole (a second
    query). On PostgreSQL and SQLite, visibility and position come from covering indexes
    (directory migration 0003). The ranking is raw SQL: building it with the ORM cost more than
    running it.

    The cap: beyond the ``CANDIDATE_LIMIT`` (100) best-weighed, nearest services, none is
    considered. A farther service answering the same needs could only win by the small points
    (publics, capacity, referrals, free text, freshness), and one answering fewer needs by those
    points too; we accept it. The cap also bounds the ineligible list: it holds the best-scored
    excluded services among those 100, not among all the zone's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from django.db import connections
from django.db.models.expressions import RawSQL
from django.utils import timezone

from maillage.core.text import normalize
from maillage.directory import text as directory_text
from maillage.directory.enums import FranceTravailRule, FrenchLevel, TermKind
from maillage.directory.models import Service, ServiceTerm, ServiceZone
from maillage.intake.enums import BARRIER_CATEGORIES, Barrier
from maillage.referentials import vocabularies
from maillage.territories.lookups import (
    EARTH_RADIUS_KM,
    AmbiguousCommune,
    CommuneNotFound,
    bounding_box,
    distance_km,
    resolve_commune,
)
from maillage.territories.models import Commune, Departement, Epci

MAX_RADIUS_KM = 200  # as the directory search
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
CANDIDATE_LIMIT = 100

POINTS_SUBTHEMATIQUE = 10
POINTS_CATEGORY = 6
POINTS_BARRIER = 3
POINTS_PUBLIC = 2
POINTS_ALL_PUBLICS = 1
POINTS_NEAR = 4
NEAR_HORIZON_KM = 50
POINTS_TEXT = 2
POINTS_REFERRALS = 1
POINTS_CAPACITY = 1
PENALTY_STALE = 2
SOON_DAYS = 30

# What scoring and rules read, as plain rows: building a few hundred model instances of 60
# fields each cost more than the query; the services kept are then loaded whole.
CANDIDATE_FIELDS = [
    "pk",
    "structure__code_insee",
    "thematiques",
    "publics",
    "zone_eligibilite",
    "code_insee",
    "commune",
    "geo_latitude",
    "geo_longitude",
    "geo_approximate",
    "search_text",
    "min_age",
    "max_age",
    "french_level",
    "france_travail",
    "excludes_supported_elsewhere",
    "places_left",
    "next_start_date",
    "accepts_referrals",
    "last_reviewed_at",
    "date_maj",
    "update_frequency_days",
]

# What callers read of a suggested service.
KEPT_FIELDS = ["pk", "source", "di_id", "nom", "confidential_address", "structure__nom"]

Candidate = SimpleNamespace  # one service's CANDIDATE_FIELDS, read as a plain row

LEVELS = [level.value for level in FrenchLevel]


class InvalidCriteria(ValueError):
    """Criteria that cannot be answered; ``problems`` are French sentences, one per value."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ; ".join(problems))


@dataclass
class Criteria:
    commune: Commune
    # None: the services whose eligibility zone covers the commune; a number: within that many
    # kilometres of the commune's centre (the zone then becomes an eligibility rule).
    radius_km: float | None = None
    age: int | None = None
    french_level: str | None = None  # A1…C2, as the person speaks it
    registered_france_travail: bool | None = None  # None: not known
    already_supported_by: str | None = None  # who supports the person already, if anyone
    thematiques: list[str] = field(default_factory=list)  # categories or sub-thématiques
    publics: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)  # intake.enums.Barrier values
    text: str = ""
    limit: int = DEFAULT_LIMIT

    def __post_init__(self):
        self.french_level = self.french_level or None
        self.already_supported_by = (self.already_supported_by or "").strip() or None
        self.thematiques = list(dict.fromkeys(self.thematiques))
        self.publics = list(dict.fromkeys(self.publics))
        self.barriers = list(dict.fromkeys(self.barriers))
        problems = []
        known = set(vocabularies.labels("categories")) | set(vocabularies.labels("thematiques"))
        bad = [t for t in self.thematiques if t not in known]
        if bad:
            problems.append(f"Thématique inconnue : {_quoted(bad)}.")
        bad = [p for p in self.publics if p not in vocabularies.labels("publics")]
        if bad:
            problems.append(f"Public inconnu : {_quoted(bad)}.")
        bad = [b for b in self.barriers if b not in Barrier.values]
        if bad:
            problems.append(
                f"Frein inconnu : {_quoted(bad)} (attendu : {', '.join(Barrier.values)})."
            )
        if self.french_level is not None and self.french_level not in LEVELS:
            problems.append(
                f"Niveau de français inconnu : « {self.french_level} » (attendu : A1 à C2)."
            )
        if self.age is not None and not 0 <= self.age <= 130:
            problems.append(f"Âge invalide : {self.age}.")
        if self.radius_km is not None and not 0 < self.radius_km <= MAX_RADIUS_KM:
            problems.append(f"Le rayon doit être compris entre 0 et {MAX_RADIUS_KM} km.")
        if not 1 <= self.limit <= MAX_LIMIT:
            problems.append(f"Le nombre de résultats doit être compris entre 1 et {MAX_LIMIT}.")
        if problems:
            raise InvalidCriteria(problems)


def _quoted(values) -> str:
    return ", ".join(f"« {v} »" for v in values)


@dataclass
class Suggestion:
    service: Service
    score: float
    distance_km: float | None
    reasons: list[str]


@dataclass
class Ineligible:
    service: Service
    rules: list[str]
    distance_km: float | None = None


@dataclass
class Suggestions:
    results: list[Suggestion]
    ineligible: list[Ineligible]
    considered: int = 0  # candidates scored


# --- Building criteria -----------------------------------------------------------------------


def find_commune(text: str) -> Commune:
    """An INSEE code, else what a form accepts (a postcode of one commune, a name…)."""
    text = (text or "").strip()
    communes = Commune.objects.select_related("departement", "epci")
    commune = communes.filter(code=text.upper()).first() if len(text) == 5 else None
    if commune is not None:
        return commune
    try:
        found = resolve_commune(text)
    except AmbiguousCommune as error:
        raise InvalidCriteria([f"Plusieurs communes pour « {text} » : {error}."]) from None
    except CommuneNotFound:
        raise InvalidCriteria([f"Commune inconnue : « {text} »."]) from None
    return communes.get(pk=found.pk)


def criteria_for_person(person, *, today: date | None = None) -> Criteria:
    """Criteria from the person's file and latest diagnostic (needs, barriers, worst first).

    Publics are derived from the file: registered with France Travail → "demandeurs-emploi";
    RSA, ASS or AAH → "beneficiaires-des-minimas-sociaux"; RQTH → "personnes-en-situation-de-
    handicap"; 16 to 25 years old → "jeunes". Values a newer vocabulary dropped are left out.
    """
    assessment = person.assessments.order_by("-made_at", "-pk").first()
    known = set(vocabularies.labels("categories")) | set(vocabularies.labels("thematiques"))
    needs, barriers = [], []
    if assessment is not None:
        needs = [n for n in assessment.needs if n in known]
        barriers = [
            code
            for code, _level in sorted(assessment.barriers.items(), key=lambda i: -int(i[1]))
            if code in Barrier.values
        ]
    age = person.age(today)
    publics = []
    if person.registered_france_travail:
        publics.append("demandeurs-emploi")
    if set(person.income_support) & {"rsa", "ass", "aah"}:
        publics.append("beneficiaires-des-minimas-sociaux")
    if person.rqth:
        publics.append("personnes-en-situation-de-handicap")
    if age is not None and 16 <= age <= 25:
        publics.append("jeunes")
    supported_by = None
    if person.already_supported:
        supported_by = person.supported_by or "une autre structure"
    commune = person.commune
    if not _loaded(commune, "departement"):
        commune = Commune.objects.select_related("departement", "epci").get(pk=commune.pk)
    return Criteria(
        commune=commune,
        age=age,
        french_level=person.french_level or None,
        registered_france_travail=person.registered_france_travail,
        already_supported_by=supported_by,
        thematiques=needs,
        publics=publics,
        barriers=barriers,
    )


def _loaded(instance, relation: str) -> bool:
    return instance._meta.get_field(relation).is_cached(instance)


# --- Needs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    reason: str
    values: frozenset[str]  # the sub-thématiques that answer it
    points: int


def needs_of(criteria: Criteria) -> list[Need]:
    categories = vocabularies.labels("categories")
    thematiques = vocabularies.labels("thematiques")
    needs = []
    for value in criteria.thematiques:
        if value in categories:
            values, points, label = vocabularies.thematiques_of(value), POINTS_CATEGORY, categories
        else:
            values, points, label = [value], POINTS_SUBTHEMATIQUE, thematiques
        needs.append(Need(f"Répond au besoin : {label[value]}", frozenset(values), points))
    asked = frozenset().union(*(n.values for n in needs))
    # Barriers sharing categories (administratif, justice) make one need.
    by_categories: dict[tuple[str, ...], list[str]] = {}
    for barrier in criteria.barriers:
        by_categories.setdefault(tuple(BARRIER_CATEGORIES[Barrier(barrier)]), []).append(barrier)
    for barrier_categories, barriers in by_categories.items():
        values = {t for c in barrier_categories for t in vocabularies.thematiques_of(c)} - asked
        if values:
            labels = ", ".join(Barrier(b).label for b in barriers)
            reason = f"Aide à lever {'un frein' if len(barriers) == 1 else 'des freins'} : {labels}"
            needs.append(Need(reason, frozenset(values), POINTS_BARRIER))
    return needs


# --- The engine --------------------------------------------------------------------------------


def suggest(criteria: Criteria) -> Suggestions:
    today = timezone.localdate()
    commune = criteria.commune
    located = commune.latitude is not None and commune.longitude is not None
    radius = criteria.radius_km if located else None
    needs = needs_of(criteria)
    candidates = [SimpleNamespace(**row) for row in _candidates(criteria, needs, radius, today)]
    # The most precise zone code covering the commune, per candidate (none: outside its zone).
    covering = {s.pk: s.covering for s in candidates if s.covering is not None}
    outside = [s for s in candidates if s.pk not in covering]
    zone_labels = _zone_labels(outside) if outside else {}
    words = _text_words(criteria.text)

    scored, excluded = [], []
    for service in candidates:
        distance = None
        if located and service.geo_latitude is not None:
            distance = distance_km(
                commune.latitude, commune.longitude, service.geo_latitude, service.geo_longitude
            )
        if radius is not None and (distance is None or distance > radius):
            continue  # the SQL disc is approximate at its rim
        rules, checks = _rules(service, criteria, today)
        if service.pk not in covering:
            zones = _service_zone_codes(service)
            rules.insert(
                0,
                "Hors zone : réservé aux habitants de "
                + ", ".join(zone_labels.get(code, code) for code in zones),
            )
        score, reasons = _score(service, criteria, needs, words, distance, today)
        if service.pk in covering:
            reasons.insert(0, _zone_reason(commune, covering[service.pk]))
        key = (-score, distance if distance is not None else math.inf, service.pk)
        if rules:
            excluded.append((key, Ineligible(service, rules, distance)))
        else:
            scored.append((key, Suggestion(service, score, distance, reasons + checks)))
    scored.sort(key=lambda pair: pair[0])
    excluded.sort(key=lambda pair: pair[0])
    results = [s for _, s in scored[: criteria.limit]]
    ineligible = [i for _, i in excluded[: criteria.limit]]
    # Only what pages, the API and the command show of a service (a whole row of 70 fields
    # and its structure cost as much as the ranking).
    kept = (
        Service.objects.select_related("structure")
        .only(*KEPT_FIELDS)
        .in_bulk([item.service.pk for item in results + ineligible])
    )
    for item in results + ineligible:
        item.service = kept[item.service.pk]
    return Suggestions(results=results, ineligible=ineligible, considered=len(candidates))


def _candidates(criteria: Criteria, needs: list[Need], radius: float | None, today: date):
    """The ``CANDIDATE_LIMIT`` best ranked services (``_ranking``) as plain rows, in no order,
    each with ``covering``: the most precise of the commune's zone codes that its zone holds."""
    codes = _ordered_zone_codes(criteria.commune)
    zone = ServiceZone._meta.db_table
    service = Service._meta.db_table
    # Raw SQL where the ORM's expression building cost more than the query (a few ms each).
    covering = RawSQL(
        f"SELECT z.code FROM {zone} z WHERE z.service_id = {service}.id"
        f" AND z.code IN ({_marks(codes)})"
        f" ORDER BY CASE z.code {' '.join('WHEN %s THEN %s' for _ in codes)} END LIMIT 1",
        [*codes, *(item for rank, code in enumerate(codes) for item in (code, rank))],
    )
    return (
        Service.objects.filter(pk__in=_ranking(criteria, needs, radius, today))
        .order_by()
        .values(*CANDIDATE_FIELDS, covering=covering)
    )


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _ranking(criteria: Criteria, needs: list[Need], radius: float | None, today: date) -> RawSQL:
    """Ids of visible services in the zone or disc that answer a need, best needs then nearest
    first, the first ``CANDIDATE_LIMIT`` of them (as SQL, for ``pk__in``).

    The needs are weighed in one grouped pass over the thématique rows wanted (an index range on
    (kind, value, service)), joined to the zone's services (an index range on (code, service))
    or to the services in the disc. With a zone and several needs, the weight of the
    ``CANDIDATE_LIMIT``-th visible service is found first (reading visibility in weight order,
    about ``CANDIDATE_LIMIT`` rows): only the services weighing at least that much are then read
    for their position, the same ids as ranking them all. On PostgreSQL, visibility and
    position are read from covering indexes (directory migration 0003).
    """
    commune = criteria.commune
    service = Service._meta.db_table
    visible = Service.objects.visible(today)
    compiler = visible.query.get_compiler(connection=connections[visible.db])
    visible_sql, visible_params = compiler.compile(visible.query.where)  # on service's columns
    where, params = [visible_sql], list(visible_params)
    zone = ""
    if radius is None:
        codes = _ordered_zone_codes(commune)
        zone = f" IN (SELECT service_id FROM {ServiceZone._meta.db_table} WHERE code IN "
        zone += f"({_marks(codes)}))"
        zone_params = codes
    located = commune.latitude is not None and commune.longitude is not None
    order, order_params = [], []
    if located:
        # Squared equirectangular distance in degrees: arithmetic both engines can sort on.
        scale = math.cos(math.radians(commune.latitude))
        nearness = (
            f"(({service}.geo_longitude - %s) * %s) * (({service}.geo_longitude - %s) * %s)"
            f" + ({service}.geo_latitude - %s) * ({service}.geo_latitude - %s)"
        )
        nearness_params = [commune.longitude, scale] * 2 + [commune.latitude] * 2
        if radius is not None:
            box = bounding_box(commune.latitude, commune.longitude, radius)
            reach = math.degrees(radius / EARTH_RADIUS_KM) * 1.01
            where.append(
                f"{service}.geo_latitude BETWEEN %s AND %s"
                f" AND {service}.geo_longitude BETWEEN %s AND %s AND {nearness} <= %s"
            )
            params += [box.min_lat, box.max_lat, box.min_lon, box.max_lon]
            params += [*nearness_params, reach * reach]
        order += [f"{service}.geo_latitude IS NULL", nearness]
        order_params += nearness_params
    order.append(f"{service}.id")
    tail = f" ORDER BY {', '.join(order)} LIMIT %s"
    tail_params = [*order_params, CANDIDATE_LIMIT]
    if not needs:
        if zone:
            where.append(f"{service}.id{zone}")
            params += zone_params
        return RawSQL(
            f"SELECT {service}.id FROM {service} WHERE {' AND '.join(where)}{tail}",
            [*params, *tail_params],
        )
    values = sorted(frozenset().union(*(n.values for n in needs)))
    terms = f"{ServiceTerm._meta.db_table} t WHERE t.kind = %s AND t.value IN ({_marks(values)})"
    terms_params = [TermKind.THEMATIQUE, *values]
    if len(needs) == 1:  # every candidate answers it: nothing to weigh
        where.append(f"{service}.id IN (SELECT t.service_id FROM {terms}")
        where[-1] += f" AND t.service_id{zone})" if zone else ")"
        params += [*terms_params, *(zone_params if zone else [])]
        return RawSQL(
            f"SELECT {service}.id FROM {service} WHERE {' AND '.join(where)}{tail}",
            [*params, *tail_params],
        )
    # The points of each need the service answers (any of its values), one row per service.
    weight = " + ".join(
        f"MAX(CASE WHEN t.value IN ({_marks(n.values)}) THEN %s ELSE 0 END)" for n in needs
    )
    weight_params = [v for n in needs for v in (*sorted(n.values), n.points)]
    if not zone:  # the disc: the services in it, with their thématique rows
        sql = (
            f"SELECT {service}.id FROM {service} INNER JOIN {terms.replace(' WHERE ', ' ON ')}"
            f" AND t.service_id = {service}.id WHERE {' AND '.join(where)}"
            f" GROUP BY {service}.id"
        )
        tail = tail.replace(" BY ", f" BY {weight} DESC, ", 1)
        return RawSQL(sql + tail, [*terms_params, *params, *weight_params, *tail_params])
    sql = (
        f"WITH w AS (SELECT t.service_id AS id, {weight} AS weight FROM {terms}"
        f" AND t.service_id{zone} GROUP BY t.service_id)"
        f" SELECT {service}.id FROM w INNER JOIN {service} ON {service}.id = w.id"
        f" WHERE {' AND '.join(where)}"
        # The weight of the CANDIDATE_LIMIT-th visible service (0 if there are fewer).
        " AND w.weight >= COALESCE((SELECT ws.weight FROM"
        " (SELECT id, weight FROM w ORDER BY weight DESC) ws WHERE EXISTS"
        f" (SELECT 1 FROM {service} WHERE {service}.id = ws.id AND {visible_sql})"
        " ORDER BY ws.weight DESC LIMIT 1 OFFSET %s), 0)"
    )
    params = [*weight_params, *terms_params, *zone_params, *params, *visible_params]
    tail = tail.replace(" BY ", " BY w.weight DESC, ", 1)
    return RawSQL(sql + tail, [*params, CANDIDATE_LIMIT - 1, *tail_params])


def _ordered_zone_codes(commune: Commune) -> list[str]:
    """The codes that cover a commune, the most precise first (for the reason shown)."""
    codes = [commune.code, commune.parent_id, commune.epci_id, commune.departement_id, "france"]
    return [c for c in codes if c]


def _zone_reason(commune: Commune, code: str) -> str:
    if code == "france":
        label = "toute la France"
    elif code == commune.departement_id:
        label = commune.departement.name
    elif code == commune.epci_id:
        label = commune.epci.name
    elif code == commune.code:
        label = commune.name
    else:
        label = commune.parent.name
    return f"Couvre {commune.name} (zone : {label})"


def _service_zone_codes(service: Candidate) -> list[str]:
    """The declared zone, or the service's own commune (as directory.indexing does)."""
    declared = service.zone_eligibilite or [service.code_insee or service.structure__code_insee]
    return sorted({str(c) for c in declared if c})


def _zone_labels(services: list[Candidate]) -> dict[str, str]:
    codes = {code for s in services for code in _service_zone_codes(s)}
    labels = {"france": "toute la France"}
    labels.update(Commune.objects.filter(code__in=codes).values_list("code", "name"))
    labels.update(Epci.objects.filter(code__in=codes).values_list("code", "name"))
    labels.update(Departement.objects.filter(code__in=codes).values_list("code", "name"))
    return labels


def _age_span(service: Candidate) -> str:
    if service.min_age is not None and service.max_age is not None:
        return f"{service.min_age}–{service.max_age} ans"
    if service.min_age is not None:
        return f"{service.min_age} ans et plus"
    return f"{service.max_age} ans et moins"


def _rules(service: Candidate, criteria: Criteria, today: date) -> tuple[list[str], list[str]]:
    """(rules the criteria fail, rules the criteria cannot tell: "À vérifier : …")."""
    rules, checks = [], []
    if service.min_age is not None or service.max_age is not None:
        age = criteria.age
        if age is None:
            checks.append(f"À vérifier : âge ({_age_span(service)})")
        elif (service.min_age is not None and age < service.min_age) or (
            service.max_age is not None and age > service.max_age
        ):
            rules.append(f"Âge : réservé aux {_age_span(service)}")
    if service.french_level:
        level = criteria.french_level
        if level is None:
            checks.append(f"À vérifier : niveau de français {service.french_level} demandé")
        elif LEVELS.index(level) < LEVELS.index(service.french_level):
            rules.append(f"Niveau de français {service.french_level} demandé ({level} déclaré)")
    registered = criteria.registered_france_travail
    if service.france_travail == FranceTravailRule.REQUIRED:
        if registered is None:
            checks.append("À vérifier : inscription à France Travail obligatoire")
        elif not registered:
            rules.append("Inscription à France Travail obligatoire")
    elif service.france_travail == FranceTravailRule.EXCLUDED:
        if registered is None:
            checks.append("À vérifier : réservé aux personnes non inscrites à France Travail")
        elif registered:
            rules.append("Réservé aux personnes non inscrites à France Travail")
    if service.excludes_supported_elsewhere and criteria.already_supported_by:
        rules.append("Réservé aux personnes non accompagnées par ailleurs")
    if service.places_left == 0:
        rule = "Plus de place disponible"
        if service.next_start_date and service.next_start_date >= today:
            rule += f" (prochaine entrée le {service.next_start_date:%d/%m/%Y})"
        rules.append(rule)
    return rules, checks


def _text_words(text: str) -> list[tuple[str, str]]:
    """(word as typed, normalized; its stem) for each meaningful word of the free text."""
    return [
        (word, directory_text.stem(word))
        for word in dict.fromkeys(normalize(text).split())
        if word not in directory_text.STOP_WORDS
    ]


def _km(distance: float) -> str:
    return f"{distance:.1f}".replace(".", ",")


def _score(
    service: Candidate,
    criteria: Criteria,
    needs: list[Need],
    words: list[tuple[str, str]],
    distance: float | None,
    today: date,
) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    offered = set(service.thematiques or [])
    for need in needs:
        if need.values & offered:
            score += need.points
            reasons.append(need.reason)
    if criteria.publics:
        publics = set(service.publics or [])
        matched = [p for p in criteria.publics if p in publics]
        if matched:
            score += POINTS_PUBLIC
            labels = ", ".join(vocabularies.label("publics", p) for p in matched)
            reasons.append(f"S'adresse aux publics : {labels}")
        elif "tous-publics" in publics:
            score += POINTS_ALL_PUBLICS
            reasons.append("Ouvert à tous les publics")
    if distance is not None:
        score += POINTS_NEAR * max(0.0, 1 - distance / NEAR_HORIZON_KM)
        reasons.append(
            f"À {'environ ' if service.geo_approximate else ''}{_km(distance)} km"
            + (" (centre de la commune)" if service.geo_approximate else "")
        )
    if words:
        found = [word for word, stem in words if f" {stem}" in service.search_text]
        if found:
            score += POINTS_TEXT * len(found) / len(words)
            reasons.append(f"Mentionne : {', '.join(found)}")
    if service.accepts_referrals:
        score += POINTS_REFERRALS
        reasons.append("Reçoit les orientations par Maillage")
    capacity = []
    if service.places_left:
        plural = "s" if service.places_left > 1 else ""
        capacity.append(f"{service.places_left} place{plural} disponible{plural}")
    if service.next_start_date and today <= service.next_start_date <= today + timedelta(
        days=SOON_DAYS
    ):
        capacity.append(f"Prochaine entrée le {service.next_start_date:%d/%m/%Y}")
    if capacity:
        score += POINTS_CAPACITY
        reasons.extend(capacity)
    reviewed = service.last_reviewed_at or service.date_maj
    if (today - reviewed).days > service.update_frequency_days:  # as Service.is_stale
        score -= PENALTY_STALE
        reasons.append("Informations à vérifier")
    return round(score, 2), reasons


# --- Output shared by the API and the command ---------------------------------------------------


def as_json(suggestions: Suggestions) -> dict:
    """The API's answer (``POST /api/v1/suggestions``), also printed by ``suggest --json``."""
    return {
        "results": [
            {
                "service_id": s.service.pk,
                "source": s.service.source,
                "name": s.service.nom,
                "structure": s.service.structure.nom,
                "score": s.score,
                "distance_km": round(s.distance_km, 1) if s.distance_km is not None else None,
                "reasons": s.reasons,
            }
            for s in suggestions.results
        ],
        "ineligible": [
            {"service_id": i.service.pk, "name": i.service.nom, "rules": i.rules}
            for i in suggestions.ineligible
        ],
    }
