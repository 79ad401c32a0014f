"""Directory endpoints: search, and the data·inclusion v1 open data export."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from maillage.directory.dataincl import service_record, structure_record
from maillage.directory.models import Service, Structure
from maillage.directory.search import MAX_RADIUS_KM, SearchParams, search
from maillage.territories.models import Commune

router = Router(tags=["annuaire"])


class SearchFilters(Schema):
    commune: str | None = Field(
        None, description="Code INSEE de la commune", pattern=r"^[0-9][0-9AB][0-9]{3}$"
    )
    radius_km: float | None = Field(
        None,
        gt=0,
        le=MAX_RADIUS_KM,
        description="Rayon en km ; sans rayon, les services dont la zone d'éligibilité "
        "couvre la commune",
    )
    thematiques: list[str] = Field(
        default_factory=list, description="Catégories ou sous-thématiques data·inclusion"
    )
    publics: list[str] = Field(default_factory=list)
    types: list[str] = Field(default_factory=list)
    frais: list[str] = Field(default_factory=list)
    modes_accueil: list[str] = Field(default_factory=list)
    accepts_referrals: bool = False
    q: str = Field("", max_length=200, description="Texte libre")
    page: int = Field(1, ge=1, le=10_000)


class SearchItem(Schema):
    source: str
    id: str
    nom: str
    structure: str
    commune: str | None
    code_insee: str | None
    distance_km: float | None
    score: float
    url: str


class SearchPage(Schema):
    items: list[SearchItem]
    total: int
    page: int
    size: int
    facets: dict[str, dict[str, int]] = Field(
        description="Pour chaque filtre, le nombre de résultats par valeur : ce que garderait "
        "cette valeur parmi les résultats (un service « tous publics » compte pour chaque public)"
    )


@router.get("/services/search", response=SearchPage, summary="Chercher des services")
def search_services(request: HttpRequest, filters: Query[SearchFilters]):
    commune = None
    if filters.commune:
        commune = Commune.objects.filter(code=filters.commune).first()
        if commune is None:
            raise HttpError(400, f"Commune inconnue : « {filters.commune} ».")
    result = search(
        SearchParams(
            commune=commune,
            radius_km=filters.radius_km,
            thematiques=filters.thematiques,
            publics=filters.publics,
            types=filters.types,
            frais=filters.frais,
            modes_accueil=filters.modes_accueil,
            accepts_referrals=filters.accepts_referrals,
            q=filters.q,
            page=filters.page,
        )
    )
    return {
        "items": [
            {
                "source": hit.service.source,
                "id": hit.service.di_id,
                "nom": hit.service.nom,
                "structure": hit.service.structure.nom,
                "commune": hit.service.commune or hit.service.structure.commune or None,
                "code_insee": hit.service.code_insee or hit.service.structure.code_insee or None,
                "distance_km": round(hit.distance_km, 2) if hit.distance_km is not None else None,
                "score": round(hit.score, 4),
                "url": request.build_absolute_uri(f"/services/{hit.service.pk}/"),
            }
            for hit in result.hits
        ],
        "total": result.total,
        "page": result.page,
        "size": len(result.hits),
        "facets": result.facets,
    }


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    size: int = Field(100, ge=1, le=1000)


class DatainclPage(Schema):
    items: list[dict]
    total: int
    page: int
    size: int


def _page(queryset, query: PageQuery, to_record) -> dict:
    total = queryset.count()
    start = (query.page - 1) * query.size
    items = [to_record(obj) for obj in queryset[start : start + query.size]]
    return {"items": items, "total": total, "page": query.page, "size": query.size}


@router.get("/dataincl/structures", response=DatainclPage, summary="Structures (data·inclusion v1)")
def dataincl_structures(request: HttpRequest, query: Query[PageQuery]):
    published = Service.objects.visible().filter(structure=OuterRef("pk"))
    structures = Structure.objects.filter(Exists(published)).order_by("source", "di_id")
    return _page(structures, query, structure_record)


@router.get("/dataincl/services", response=DatainclPage, summary="Services (data·inclusion v1)")
def dataincl_services(request: HttpRequest, query: Query[PageQuery]):
    services = Service.objects.visible().select_related("structure").order_by("source", "di_id")
    return _page(services, query, service_record)
