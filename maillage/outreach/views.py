"""The team's outreach pages: capteurs, "hors les murs" actions, and the leads inbox."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts import permissions
from maillage.accounts.models import User
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.text import parse_id
from maillage.outreach import actions
from maillage.outreach.enums import CLOSED_LEAD_STATUSES, LeadChannel, LeadStatus
from maillage.outreach.forms import (
    ContactAttemptForm,
    LeadFilterForm,
    LeadStatusForm,
    OutreachActionForm,
    ReferrerForm,
    ReferrerVisitForm,
    TeamLeadForm,
)
from maillage.outreach.models import Lead, OutreachAction, Referrer

# --- Capteurs ------------------------------------------------------------------------------------


def referrers(request, slug):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    activity = request.GET.get("activite", "")
    rows = (
        Referrer.objects.filter(network=network)
        .with_activity()
        .select_related("commune", "followed_by")
        .order_by("name")
    )
    since = Referrer.active_since()
    if activity == "actifs":
        rows = rows.filter(last_lead_at__gte=since)
    elif activity == "dormants":
        rows = rows.filter(Q(last_lead_at__lt=since) | Q(last_lead_at=None))
    rows = list(rows)
    for referrer in rows:
        referrer.active = Referrer.is_active_at(referrer.last_lead_at)
    return render(
        request,
        "outreach/referrers.html",
        {"network": network, "referrers": rows, "activity": activity},
    )


def referrer_edit(request, slug, pk=None):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    referrer = (
        get_object_or_404(Referrer, pk=pk, network=network) if pk else Referrer(network=network)
    )
    form = ReferrerForm(request.POST or None, instance=referrer, network=network)
    if request.method == "POST" and form.is_valid():
        referrer = actions.save_referrer(request, network=network, referrer=form.save(commit=False))
        messages.success(request, f"Le capteur « {referrer} » est enregistré.")
        return redirect("outreach:referrer", slug=slug, pk=referrer.pk)
    return render(
        request,
        "outreach/referrer_edit.html",
        {"network": network, "form": form, "referrer": referrer},
    )


def referrer_detail(request, slug, pk):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    referrer = get_object_or_404(
        Referrer.objects.with_activity().select_related("commune", "followed_by"),
        pk=pk,
        network=network,
    )
    link = request.build_absolute_uri(f"/c/{referrer.link_token}/")
    leads_by_status = dict(
        referrer.leads.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "outreach/referrer_detail.html",
        {
            "network": network,
            "referrer": referrer,
            "active": Referrer.is_active_at(referrer.last_lead_at),
            "link": link,
            "visits": referrer.visits.select_related("visited_by")[:20],
            "visit_form": ReferrerVisitForm(initial={"visited_on": timezone.localdate()}),
            "leads_by_status": [
                (label, leads_by_status.get(value, 0)) for value, label in LeadStatus.choices
            ],
            "can_work_leads": permissions.can_work_leads(request.user, network),
        },
    )


@require_POST
def referrer_visit(request, slug, pk):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    referrer = get_object_or_404(Referrer, pk=pk, network=network)
    form = ReferrerVisitForm(request.POST)
    if form.is_valid():
        actions.log_referrer_visit(request, referrer=referrer, visit=form.save(commit=False))
        messages.success(request, "La visite est notée.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("outreach:referrer", slug=slug, pk=pk)


@require_POST
def referrer_rotate(request, slug, pk):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    referrer = get_object_or_404(Referrer, pk=pk, network=network)
    actions.rotate_referrer_link(request, referrer=referrer)
    messages.success(
        request,
        "Nouveau lien créé : l'ancien ne fonctionne plus. Imprimez la nouvelle affiche pour le "
        "capteur.",
    )
    return redirect("outreach:referrer", slug=slug, pk=pk)


# --- "Hors les murs" actions ---------------------------------------------------------------------


def outreach_actions(request, slug):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    rows = (
        OutreachAction.objects.filter(network=network)
        .select_related("commune")
        .annotate(lead_count=Count("leads"))
        .order_by("-starts_at")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "outreach/actions.html", {"network": network, "page": page})


def outreach_action_edit(request, slug, pk=None):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    action = (
        get_object_or_404(OutreachAction, pk=pk, network=network)
        if pk
        else OutreachAction(network=network)
    )
    initial = {} if pk else {"team": [request.user.pk]}
    form = OutreachActionForm(
        request.POST or None, instance=action, network=network, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        action = actions.save_outreach_action(
            request, network=network, action=form.save(commit=False), form=form
        )
        messages.success(request, "L'action est enregistrée.")
        return redirect("outreach:action", slug=slug, pk=action.pk)
    return render(
        request, "outreach/action_edit.html", {"network": network, "form": form, "action": action}
    )


def outreach_action_detail(request, slug, pk):
    network = permissions.get_outreach_network_or_404(request.user, slug)
    action = get_object_or_404(
        OutreachAction.objects.select_related("commune").prefetch_related("team"),
        pk=pk,
        network=network,
    )
    can_work = permissions.can_work_leads(request.user, network)
    return render(
        request,
        "outreach/action_detail.html",
        {
            "network": network,
            "action": action,
            "lead_count": action.leads.count(),
            "leads": action.leads.order_by("-created_at") if can_work else None,
            "can_work_leads": can_work,
        },
    )


# --- Leads ---------------------------------------------------------------------------------------


def leads(request, slug):
    network = permissions.get_lead_network_or_404(request.user, slug)
    form = LeadFilterForm(request.GET or None)
    rows = form.filter(
        Lead.objects.filter(network=network).select_related(
            "referrer", "action", "commune", "assigned_to"
        )
    )
    if form.is_valid() and form.cleaned_data["mine"]:
        rows = rows.filter(assigned_to=request.user)
    if form.is_valid() and form.cleaned_data["unassigned"]:
        rows = rows.filter(assigned_to=None)
    rows = rows.annotate(attempt_count=Count("attempts"), last_attempt_at=Max("attempts__made_at"))
    page = Paginator(rows.order_by("created_at"), 30).get_page(request.GET.get("page"))
    counts = dict(
        Lead.objects.filter(network=network)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    stale_before = timezone.now() - timezone.timedelta(days=network.lead_reminder_days)
    return render(
        request,
        "outreach/leads.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "counts": [(value, label, counts.get(value, 0)) for value, label in LeadStatus.choices],
            "stale_before": stale_before,
            "closed": CLOSED_LEAD_STATUSES,
        },
    )


def lead_new(request, slug):
    network = permissions.get_lead_network_or_404(request.user, slug)
    initial = {"channel": LeadChannel.FRONT_DESK, "agreed_to_be_contacted": False}
    action_pk = parse_id(request.GET.get("action"))
    if action_pk:
        initial.update(channel=LeadChannel.OUTREACH_ACTION, action=action_pk)
    form = TeamLeadForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        lead = form.save(commit=False)
        lead = actions.receive_lead(
            request,
            lead=lead,
            network=network,
            channel=form.cleaned_data["channel"],
            referrer=form.cleaned_data["referrer"],
            action=form.cleaned_data["action"],
        )
        messages.success(request, "Le signalement est enregistré.")
        return redirect("outreach:lead", pk=lead.pk)
    return render(request, "outreach/lead_new.html", {"network": network, "form": form})


def _lead_for(request, pk) -> Lead:
    lead = (
        Lead.objects.select_related("network", "referrer", "action", "commune", "assigned_to")
        .filter(pk=pk)
        .first()
    )
    if lead is None or not permissions.can_work_leads(request.user, lead.network):
        raise Http404("Signalement introuvable.")
    return lead


def lead_detail(request, pk):
    lead = _lead_for(request, pk)
    audit.record(
        AuditAction.LEAD_VIEWED,
        request=request,
        target=lead,
        target_label=f"Signalement n° {lead.pk}",
        network=lead.network,
    )
    facilitators = User.objects.filter(
        memberships__role="facilitator", memberships__organisation__networks=lead.network
    ).distinct()
    return render(
        request,
        "outreach/lead_detail.html",
        {
            "lead": lead,
            "network": lead.network,
            "attempts": lead.attempts.select_related("made_by"),
            "attempt_form": ContactAttemptForm(),
            "status_form": LeadStatusForm(initial={"status": lead.status}),
            "facilitators": facilitators,
            "people": lead.people.all(),
            "can_open_file": bool(permissions.person_organisation_ids(request.user)),
        },
    )


@require_POST
def lead_attempt(request, pk):
    lead = _lead_for(request, pk)
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        actions.add_contact_attempt(request, lead=lead, **form.cleaned_data)
        messages.success(request, "La tentative de contact est notée.")
    else:
        messages.error(request, "Choisissez le moyen et le résultat de la tentative.")
    return redirect("outreach:lead", pk=pk)


@require_POST
def lead_assign(request, pk):
    lead = _lead_for(request, pk)
    user_pk = request.POST.get("user", "")
    user = None
    if user_pk:
        user = (
            User.objects.filter(
                pk=parse_id(user_pk) or 0,
                memberships__role="facilitator",
                memberships__organisation__networks=lead.network,
            )
            .distinct()
            .first()
        )
        if user is None:
            messages.error(request, "Cette personne ne travaille pas les signalements du réseau.")
            return redirect("outreach:lead", pk=pk)
    actions.assign_lead(request, lead=lead, user=user)
    messages.success(request, "Le suivi du signalement est mis à jour.")
    return redirect("outreach:lead", pk=pk)


@require_POST
def lead_status(request, pk):
    lead = _lead_for(request, pk)
    form = LeadStatusForm(request.POST)
    if form.is_valid():
        actions.set_lead_status(request, lead=lead, status=form.cleaned_data["status"])
        messages.success(request, "L'état du signalement est mis à jour.")
    else:
        messages.error(request, "Cet état n'existe pas.")
    return redirect("outreach:lead", pk=pk)
