"""Maillage's REST API, version 1 (OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI

from maillage.api import directory, suggestions, writes
from maillage.api.common import ReadThrottle, install_error_handlers

api = NinjaAPI(
    title="Maillage",
    version="1",
    description=(
        "API de Maillage : recherche dans l'annuaire des services et données ouvertes au format "
        "data·inclusion v1, suggestions de services pour une situation. Lecture publique, "
        "600 requêtes par minute et par adresse."
    ),
    urls_namespace="api",
    throttle=[ReadThrottle()],
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/", directory.router)
api.add_router("/", suggestions.router)
api.add_router("/", writes.router)
