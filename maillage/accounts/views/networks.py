"""Network administration (coordinators) and the audit log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.accounts import actions, permissions
from maillage.accounts.enums import InvitationKind
from maillage.accounts.forms import (
    AuditFilterForm,
    InviteNetworkRoleForm,
    InviteOrganisationForm,
    NetworkForm,
)
from maillage.accounts.models import NetworkRole, Organisation, User
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent

AUDIT_PAGE_SIZE = 50
SIGN_IN_ACTIONS = [
    AuditAction.LOGIN_SUCCEEDED,
    AuditAction.LOGIN_FAILED,
    AuditAction.LOGIN_LOCKED,
    AuditAction.LOGOUT,
    AuditAction.PASSWORD_RESET_REQUESTED,
    AuditAction.PASSWORD_CHANGED,
    AuditAction.OTP_ENROLLED,
    AuditAction.OTP_VERIFIED,
    AuditAction.OTP_FAILED,
    AuditAction.MAGIC_LINK_SENT,
    AuditAction.MAGIC_LINK_REFUSED,
]


def networks(request):
    return render(
        request,
        "accounts/networks.html",
        {"networks": permissions.visible_networks(request.user).order_by("name")},
    )


def _network_context(request, network, **forms) -> dict:
    administer = permissions.can_administer_network(request.user, network)
    context = {
        "network": network,
        "administer": administer,
        "manage_outreach": permissions.can_manage_outreach(request.user, network),
        "work_leads": permissions.can_work_leads(request.user, network),
        "view_figures": permissions.can_view_network_figures(request.user, network),
        "organisations": network.organisations.select_related("commune").order_by("name"),
        "roles": network.roles.select_related("user").order_by("role", "user__email"),
    }
    if administer:
        context.update(
            organisation_form=InviteOrganisationForm(),
            role_form=InviteNetworkRoleForm(),
            invitations=network.invitations.pending(),
        )
        context.update(forms)
    return context


def network_detail(request, slug):
    network = permissions.get_network_or_404(request.user, slug)
    return render(request, "accounts/network_detail.html", _network_context(request, network))


def _administered_network(request, slug):
    network = permissions.get_network_or_404(request.user, slug)
    permissions.require_administer_network(request.user, network)
    return network


def edit_network(request, slug):
    network = _administered_network(request, slug)
    initial = {
        "name": network.name,
        "territory": network.territory,
        "description": network.description,
        "departements": ", ".join(
            network.departements.order_by("code").values_list("code", flat=True)
        ),
    }
    form = NetworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_network(request, network=network, **form.cleaned_data)
        messages.success(request, "Le réseau est enregistré.")
        return redirect("accounts:network", slug=network.slug)
    return render(
        request,
        "accounts/network_edit.html",
        {"network": network, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def invite_organisation(request, slug):
    network = _administered_network(request, slug)
    form = InviteOrganisationForm(request.POST)
    if form.is_valid():
        actions.invite(
            request,
            kind=InvitationKind.ORGANISATION,
            network=network,
            email=form.cleaned_data["email"],
        )
        messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
        return redirect("accounts:network", slug=network.slug)
    return render(
        request,
        "accounts/network_detail.html",
        _network_context(request, network, organisation_form=form),
        status=400,
    )


@require_POST
def invite_role(request, slug):
    network = _administered_network(request, slug)
    form = InviteNetworkRoleForm(request.POST)
    if form.is_valid():
        try:
            actions.invite(
                request,
                kind=InvitationKind.NETWORK_ROLE,
                network=network,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except actions.ActionRefused as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
            return redirect("accounts:network", slug=network.slug)
    return render(
        request,
        "accounts/network_detail.html",
        _network_context(request, network, role_form=form),
        status=400,
    )


@require_POST
def remove_organisation(request, slug, organisation_pk):
    network = _administered_network(request, slug)
    organisation = get_object_or_404(Organisation, pk=organisation_pk, networks=network)
    actions.remove_organisation_from_network(request, network=network, organisation=organisation)
    messages.success(request, f"{organisation} ne fait plus partie du réseau.")
    return redirect("accounts:network", slug=network.slug)


@require_POST
def revoke_role(request, slug, role_pk):
    network = _administered_network(request, slug)
    network_role = get_object_or_404(NetworkRole, pk=role_pk, network=network)
    try:
        actions.revoke_network_role(request, network_role=network_role)
        messages.success(request, f"{network_role.user} n'a plus ce rôle dans le réseau.")
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    return redirect("accounts:network", slug=network.slug)


def audit_log(request, slug):
    """The network's audit log, filtered by action, author and dates; every filter in the URL."""
    network = permissions.get_network_or_404(request.user, slug)
    if not permissions.can_view_audit_log(request.user, network):
        raise PermissionDenied("Seule la coordination du réseau consulte le journal.")
    form = AuditFilterForm(request.GET or None)
    # What happened in the network and in its organisations; of what happened to accounts, only
    # the sign-ins of the network's own people (their other networks' business stays out).
    people = User.objects.filter(
        Q(memberships__organisation__networks=network) | Q(network_roles__network=network)
    )
    events = (
        AuditEvent.objects.filter(
            Q(network=network)
            | Q(organisation__networks=network)
            | Q(
                action__in=SIGN_IN_ACTIONS,
                target_label__in=people.values("email"),
            )
            | Q(action__in=SIGN_IN_ACTIONS, actor__in=people)
        )
        .distinct()
        .select_related("organisation")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        if data["start"]:
            events = events.filter(created_at__date__gte=data["start"])
        if data["end"]:
            events = events.filter(created_at__date__lte=data["end"])
    page = Paginator(events.order_by("-created_at", "-pk"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"network": network, "form": form, "page": page, "query": query.urlencode()},
    )
