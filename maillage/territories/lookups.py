"""Territory lookups a form, a search or an eligibility rule can use."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When

from maillage.core.text import normalize
from maillage.territories.models import Commune, CommuneSearchTerm, PostalCode

EARTH_RADIUS_KM = 6371.0088
# Postcodes and INSEE codes (Corsica: 2A/2B), in ASCII only: other digits are not codes.
_CODE_PREFIX = re.compile(r"^[0-9][0-9ab]?[0-9]{0,3}$")
# "Poitiers (86000)" as the autocomplete writes it, or "Poitiers 86000", "Poitiers (86)".
_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)[\s(]+(?P<code>[0-9][0-9AB][0-9]{0,3})\)?$")


def search_communes(query: str, *, limit: int = 10) -> list[Commune]:
    """Communes for what someone typed: a name (start of the name or of any word in it, accents
    and case ignored, "st" for "saint") or a postcode / INSEE code (or its first digits).

    Ranked: exact name first, then names that start with the query, then the others; within
    each, the most populated first. Arrondissements of Paris, Lyon and Marseille are left out.
    """
    needle = normalize(query or "")
    if len(needle) >= 2 and _CODE_PREFIX.match(needle):
        return _by_code_prefix(needle.upper(), limit=limit)
    if not needle:
        return []
    # One row per matching term, best first; a commune can match twice ("saint" in
    # "saint jean saint …"), so read a few more rows than needed and keep the first of each.
    ranked = (
        CommuneSearchTerm.objects.filter(term__prefix=needle)
        .annotate(
            rank=Case(
                When(term=needle, position=0, then=Value(0)),
                When(position=0, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", F("population").desc(nulls_last=True), "commune_id")
        .values_list("commune_id", flat=True)
    )
    window = limit * 3
    while True:
        rows = list(ranked[:window])
        codes = list(dict.fromkeys(rows))[:limit]
        if len(codes) == limit or len(rows) < window:
            return _in_order(codes)
        window *= 4


def _in_order(codes: list[str]) -> list[Commune]:
    communes = Commune.objects.select_related("departement").prefetch_related("postal_codes")
    found = communes.in_bulk(codes)
    return [found[code] for code in codes]


def _by_code_prefix(digits: str, *, limit: int) -> list[Commune]:
    """Communes whose postcode or INSEE code starts with ``digits`` (upper-case for 2A/2B)."""
    commune_ids = PostalCode.objects.filter(code__prefix=digits.lower()).values("commune_id")
    codes = (
        Commune.objects.communes()
        .filter(Q(code__in=commune_ids) | Q(code__startswith=digits))
        .order_by(F("population").desc(nulls_last=True), "code")
        .values_list("code", flat=True)[:limit]
    )
    return _in_order(list(codes))


def communes_by_postcode(postcode: str) -> list[Commune]:
    """Every commune served by one postcode, the most populated first."""
    return list(
        Commune.objects.filter(postal_codes__code=postcode)
        .prefetch_related("postal_codes")
        .order_by("-population", "code")
    )


def commune_label(commune: Commune) -> str:
    """How a commune is shown in a form: "Poitiers (86000)"; its first postcode disambiguates."""
    codes = sorted(p.code for p in commune.postal_codes.all())
    return f"{commune.name} ({codes[0]})" if codes else f"{commune.name} ({commune.departement_id})"


class CommuneNotFound(LookupError):
    pass


class AmbiguousCommune(LookupError):
    def __init__(self, candidates: list[Commune]):
        self.candidates = candidates
        super().__init__(candidates)

    def __str__(self) -> str:
        return ", ".join(commune_label(c) for c in self.candidates)


def resolve_commune(text: str) -> Commune:
    """The one commune meant by a typed text, or an error listing the candidates.

    Accepts a postcode served by one commune, an INSEE code that is no postcode,
    "Name (postcode)", "Name (dept)", or a name that only one commune bears.
    """
    text = (text or "").strip()
    if not text:
        raise CommuneNotFound(text)
    if re.fullmatch(r"[0-9][0-9AB][0-9]{3}", text.upper()):
        text = text.upper()
        # Five digits typed in a form are a postcode far more often than an INSEE code.
        found = communes_by_postcode(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousCommune(found[:10])
        commune = Commune.objects.filter(code=text).first()
        if commune:
            return commune
        raise CommuneNotFound(text)

    def first_ten(queryset):
        return list(queryset.prefetch_related("postal_codes").order_by("-population")[:10])

    # "Name (code)": no commune name has digits, so the whole text is no name.
    match = _NAME_AND_CODE.match(text)
    found = (
        [] if match else first_ten(Commune.objects.communes().filter(search_name=normalize(text)))
    )
    if match:
        name, code = normalize(match["name"]), match["code"]
        candidates = Commune.objects.communes().filter(search_name=name)
        found = first_ten(
            (
                candidates.filter(postal_codes__code=code)
                if len(code) == 5
                else candidates.filter(departement_id=code)
            ).distinct()
        )
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousCommune(found)
    raise CommuneNotFound(text)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def as_filter(self, lat_field: str = "latitude", lon_field: str = "longitude") -> Q:
        return Q(
            **{
                f"{lat_field}__gte": self.min_lat,
                f"{lat_field}__lte": self.max_lat,
                f"{lon_field}__gte": self.min_lon,
                f"{lon_field}__lte": self.max_lon,
            }
        )


def bounding_box(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """A box that contains every point within ``radius_km``: a cheap SQL prefilter, to be
    followed by ``distance_km`` on the few rows it keeps."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(lat))
    dlon = (
        180.0
        if cos_lat < 1e-6
        else min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    )
    return BoundingBox(lat - dlat, lat + dlat, lon - dlon, lon + dlon)


def destination(lat: float, lon: float, distance: float, bearing: float) -> tuple[float, float]:
    """The point ``distance`` km away from (lat, lon) along ``bearing`` (radians from north)."""
    d = distance / EARTH_RADIUS_KM
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(bearing)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(phi1),
        math.cos(d) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


def enclosing_polygon(
    lat: float, lon: float, radius_km: float, sides: int = 16
) -> list[tuple[float, float]] | None:
    """(lat, lon) vertices of a polygon, in degrees, that contains every point within
    ``radius_km``: a tighter prefilter than the box (whose corners let in a fifth more), for an
    index of points. None near a pole or the antimeridian, where degrees wrap: use the box.

    The vertices lie at the distance where the polygon's sides pass beyond the circle
    (radius / cos(pi / sides)), plus 2 % for the stretch of degrees of longitude across the
    circle (tests/territories/test_lookups.py checks it up to 200 km and 70 degrees).
    """
    reach = radius_km / math.cos(math.pi / sides) * 1.02
    vertices = [destination(lat, lon, reach, 2 * math.pi * k / sides) for k in range(sides)]
    if any(abs(v_lat) > 85 or abs(v_lon) > 180 for v_lat, v_lon in vertices):
        return None
    return vertices


def communes_within(commune: Commune, radius_km: float) -> list[tuple[Commune, float]]:
    """Communes whose centroid lies within ``radius_km`` of ``commune``'s, nearest first."""
    if commune.latitude is None or commune.longitude is None:
        return []
    box = bounding_box(commune.latitude, commune.longitude, radius_km)
    nearby = []
    for other in Commune.objects.communes().filter(box.as_filter()):
        d = distance_km(commune.latitude, commune.longitude, other.latitude, other.longitude)
        if d <= radius_km:
            nearby.append((other, d))
    return sorted(nearby, key=lambda pair: (pair[1], pair[0].code))


def has_qpv(commune: Commune) -> bool:
    return commune.qpvs.exists()
