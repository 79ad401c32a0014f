"""Partners keep their directory entries; coordinators chase the stale ones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.accounts import permissions
from maillage.accounts.models import Organisation
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from maillage.directory import actions
from maillage.directory.editing import ServiceForm, StructureForm, dataincl_problems
from maillage.directory.models import Service, Structure
from maillage.directory.presentation import service_page_context


def manage(request):
    """My organisations' structures and services, whatever their state."""
    organisation_ids = permissions.editable_organisation_ids(request.user)
    organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
    structures = (
        Structure.objects.filter(organisation__in=organisation_ids)
        .prefetch_related("services")
        .order_by("nom")
    )
    return render(
        request,
        "directory/manage.html",
        {
            "organisations": organisations,
            "structures": structures,
            "without_structure": organisations.exclude(structures__isnull=False),
        },
    )


def _structure_for(request, pk) -> Structure:
    structure = get_object_or_404(Structure, pk=pk)
    if not permissions.can_edit_structure(request.user, structure):
        raise Http404("Structure introuvable.")
    return structure


def structure_edit(request, pk=None):
    if pk is None:
        organisation = get_object_or_404(Organisation, pk=request.GET.get("organisation") or 0)
        if organisation.pk not in permissions.editable_organisation_ids(request.user):
            raise PermissionDenied("Vous ne gérez pas l'annuaire de cette structure.")
        structure = Structure(
            organisation=organisation, nom=organisation.name, siret=organisation.siret
        )
    else:
        structure = _structure_for(request, pk)
        organisation = structure.organisation
    form = StructureForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        actions.save_structure(
            request, structure=form.save(commit=False), organisation=organisation
        )
        messages.success(request, "La fiche de la structure est enregistrée.")
        return redirect("directory:manage")
    return render(request, "directory/structure_edit.html", {"form": form, "structure": structure})


def service_edit(request, pk=None, structure_pk=None):
    if pk is None:
        structure = _structure_for(request, structure_pk)
        service = Service(structure=structure, status="draft")
    else:
        service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
        structure = service.structure
        if not permissions.can_edit_structure(request.user, structure):
            raise Http404("Service introuvable.")
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        candidate.structure = structure
        for field_name, reason in dataincl_problems(candidate):
            form.add_error(field_name if field_name in form.fields else None, reason)
        action = request.POST.get("action")
        if form.is_valid() and action == "apercu":
            return render(
                request,
                "directory/service_detail.html",
                {
                    **service_page_context(candidate, show_address=True),
                    "preview": True,
                    # What was typed, carried by the preview's own buttons (edit again, save).
                    "preview_fields": [
                        (name, value)
                        for name in request.POST
                        if name not in ("csrfmiddlewaretoken", "action")
                        for value in request.POST.getlist(name)
                    ],
                },
            )
        if form.is_valid() and action == "modifier":  # back from the preview, values kept
            return render(
                request,
                "directory/service_edit.html",
                {"form": form, "service": service, "structure": structure},
            )
        if form.is_valid():
            saved = actions.save_service(request, service=candidate, structure=structure)
            messages.success(
                request, f"« {saved.nom} » est enregistré ({saved.get_status_display().lower()})."
            )
            return redirect("directory:manage")
    return render(
        request,
        "directory/service_edit.html",
        {"form": form, "service": service, "structure": structure},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def service_reviewed(request, pk):
    service = get_object_or_404(Service.objects.select_related("structure"), pk=pk)
    if not permissions.can_edit_structure(request.user, service.structure):
        raise Http404("Service introuvable.")
    actions.mark_reviewed(request, service=service)
    messages.success(request, f"« {service.nom} » : vérification enregistrée.")
    return redirect("directory:manage")


def stale(request, slug):
    network = permissions.get_network_or_404(request.user, slug)
    permissions.require_administer_network(request.user, network)
    services = actions.stale_services(network.organisations.values("pk"))
    if request.method == "POST":
        reminded, unreachable = actions.remind_stale(request, network=network, services=services)
        n = len(reminded)
        messages.success(request, f"Rappel envoyé à {n} structure{'s' if n > 1 else ''}.")
        if unreachable:
            messages.warning(
                request,
                "Personne à qui écrire (ni administrateur·rice ni adresse de structure) : "
                + ", ".join(str(o) for o in unreachable)
                + ".",
            )
        return redirect("directory:stale", slug=network.slug)
    last = (
        AuditEvent.objects.filter(network=network, action=AuditAction.STALE_SERVICES_REMINDED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return render(
        request,
        "directory/stale.html",
        {"network": network, "services": services, "last_reminder": last},
    )
