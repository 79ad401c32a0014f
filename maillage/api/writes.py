"""Write endpoints: an organisation's software keeps its own services, with its API token."""

from __future__ import annotations

from data_inclusion.schema import v1
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Body, Router
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import ValidationError

from maillage.accounts.models import ApiToken
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.directory import indexing
from maillage.directory.dataincl import SERVICE_FIELDS, model_values, service_record
from maillage.directory.errors import french_reason
from maillage.directory.importers import _Checker
from maillage.directory.models import Service, Structure


class OrganisationToken(HttpBearer):
    """``Authorization: Bearer mlg_…``: a token an organisation admin created."""

    def authenticate(self, request, token):
        found = ApiToken.find(token)
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


router = Router(tags=["écriture"], auth=OrganisationToken())


def _own_structure(request, structure_pk: int) -> Structure:
    structure = get_object_or_404(Structure, pk=structure_pk)
    if structure.organisation_id != request.auth.organisation_id:
        raise HttpError(404, "Structure introuvable pour ce jeton.")
    return structure


@router.put(
    "/structures/{structure_pk}/services/{service_id}",
    summary="Créer ou mettre à jour un service de sa structure (data·inclusion v1)",
)
def put_service(request: HttpRequest, structure_pk: int, service_id: str, payload: Body[dict]):
    structure = _own_structure(request, structure_pk)
    record = {
        **payload,
        "source": structure.source,
        "id": service_id,
        "structure_id": structure.di_id,
    }
    try:
        validated = v1.Service.model_validate(record)
    except ValidationError as error:
        raise HttpError(
            400,
            "; ".join(
                f"{e['loc'][0] if e['loc'] else ''} : {french_reason(e)}" for e in error.errors()
            ),
        ) from None
    problems = _Checker().problems(validated)
    if problems:
        raise HttpError(400, "; ".join(f"{field} : {reason}" for field, reason in problems))
    service, created = Service.objects.update_or_create(
        source=structure.source,
        di_id=service_id,
        defaults={"structure": structure, **model_values(validated, SERVICE_FIELDS)},
    )
    indexing.refresh([service.pk])
    audit.record(
        AuditAction.SERVICE_SAVED,
        request=request,
        target=service,
        organisation=structure.organisation,
        created=created,
        via="api",
        token=request.auth.prefix,
    )
    service.refresh_from_db()
    return service_record(service, public=False)
