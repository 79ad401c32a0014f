"""Suggestions endpoint: directory services ranked for a set of criteria, with their reasons.

It takes criteria only, never a person: nothing personal is sent or kept, so it is public like
the other reads (same rate limit). The engine is ``maillage.intake.suggestions``.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from pydantic import Field, ValidationError

from maillage.directory.errors import french_reason
from maillage.intake.suggestions import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_RADIUS_KM,
    Criteria,
    InvalidCriteria,
    as_json,
    find_commune,
    suggest,
)

router = Router(tags=["suggestions"])


class SuggestionRequest(Schema):
    commune: str = Field(
        description="Code INSEE de la commune de la personne (un code postal qui ne dessert "
        "qu'une commune est accepté aussi)",
        examples=["64410"],
    )
    radius_km: float | None = Field(
        None,
        gt=0,
        le=MAX_RADIUS_KM,
        description="Rayon en km ; sans rayon, les services dont la zone d'éligibilité couvre "
        "la commune. Avec un rayon, les services proches hors de leur zone sont listés à part.",
    )
    age: int | None = Field(None, ge=0, le=130)
    french_level: Literal["A1", "A2", "B1", "B2", "C1", "C2"] | None = Field(
        None, description="Niveau de français de la personne (CECRL)"
    )
    registered_france_travail: bool | None = Field(
        None, description="Inscrite à France Travail ; null si on ne sait pas"
    )
    already_supported_by: str | None = Field(
        None, max_length=200, description="Structure qui accompagne déjà la personne, s'il y en a"
    )
    thematiques: list[str] = Field(
        default_factory=list,
        description="Besoins : catégories (« trouver-un-emploi ») ou sous-thématiques "
        "data·inclusion (« logement-hebergement--reduire-les-impayes-de-loyer »)",
    )
    publics: list[str] = Field(default_factory=list, description="Publics data·inclusion")
    barriers: list[str] = Field(
        default_factory=list,
        description="Freins : mobilite, garde_enfants, logement, sante, langue, numerique, "
        "finances, administratif, justice (comptent moins que les besoins)",
    )
    text: str = Field("", max_length=200, description="Texte libre, facultatif")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    model_config = {"extra": "forbid"}


class SuggestedService(Schema):
    service_id: int = Field(description="Identifiant Maillage du service (/services/<id>/)")
    source: str
    name: str
    structure: str
    score: float
    distance_km: float | None
    reasons: list[str]


class IneligibleService(Schema):
    service_id: int
    name: str
    rules: list[str] = Field(description="Les règles d'éligibilité que la personne ne remplit pas")


class SuggestionAnswer(Schema):
    results: list[SuggestedService]
    ineligible: list[IneligibleService]


REQUEST_BODY = {
    "required": True,
    "content": {"application/json": {"schema": SuggestionRequest.model_json_schema()}},
}


@router.post(
    "/suggestions",
    response={200: SuggestionAnswer},
    summary="Proposer des services pour une situation",
    description=(
        "Classe les services de l'annuaire pour des critères (commune, besoins, publics, freins, "
        "âge, niveau de français, inscription à France Travail, accompagnement en cours). Chaque "
        "résultat donne ses raisons ; les services dont une règle d'éligibilité exclut la "
        "personne sont listés à part avec ces règles. Le calcul est déterministe : mêmes "
        "critères, même réponse. Aucune donnée personnelle n'est conservée."
    ),
    openapi_extra={"requestBody": REQUEST_BODY},
)
def suggestions(request: HttpRequest, payload: Body[dict]):
    # The body is checked here rather than by django-ninja so that every error is in French.
    try:
        body = SuggestionRequest.model_validate(payload)
    except ValidationError as error:
        raise HttpError(
            400,
            " ; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'corps'} : {french_reason(e)}"
                for e in error.errors()
            ),
        ) from None
    try:
        criteria = Criteria(
            **body.model_dump(exclude={"commune"}), commune=find_commune(body.commune)
        )
    except InvalidCriteria as error:
        raise HttpError(400, str(error)) from None
    found = suggest(criteria)
    answer = as_json(found)
    # A shelter's address is for signed-in partners only: a public answer gives no distance
    # to it, or a few queries from around it would locate it.
    hidden = {s.service.pk for s in found.results if s.service.confidential_address}
    for result in answer["results"]:
        if result["service_id"] in hidden:
            result["distance_km"] = None
            result["reasons"] = [r for r in result["reasons"] if not r.startswith("À ")]
    return answer
