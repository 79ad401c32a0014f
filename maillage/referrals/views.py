"""Referrals: sending, the partner's inbox, the sender's list, answers, and the demo's outbox.

Who sees and does what is decided in accounts.permissions; every change goes through actions.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.accounts import permissions
from maillage.accounts.models import Organisation
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.models import OutboxMessage
from maillage.core.text import parse_id
from maillage.directory.models import Service
from maillage.intake.models import Person
from maillage.referrals import actions
from maillage.referrals.enums import OPEN_STATES, NotifyChannel, ReferralState
from maillage.referrals.forms import (
    AnswerForm,
    CancelForm,
    InformationForm,
    ReferralFilterForm,
    SendReferralForm,
)
from maillage.referrals.models import Referral

PAGE_SIZE = 50


def _referral_list(request, *, side: str):
    """The inbox (``partner``) or the sent list (``sender``), filtered by the URL."""
    if side == "partner":
        organisation_ids = permissions.referral_inbox_organisation_ids(request.user)
        own_field, services = (
            "receiving_organisation",
            Service.objects.filter(
                structure__organisation__in=organisation_ids, accepts_referrals=True
            ),
        )
    else:
        organisation_ids = permissions.sent_referral_organisation_ids(request.user)
        own_field, services = (
            "sending_organisation",
            Service.objects.filter(referrals__sending_organisation__in=organisation_ids).distinct(),
        )
    referrals = Referral.objects.filter(**{f"{own_field}__in": organisation_ids})
    organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")
    form = ReferralFilterForm(
        request.GET or None,
        services=services.order_by("nom"),
        organisations=organisations if len(organisation_ids) > 1 else None,
    )
    # Counted over the other filters, so each state's count says what its link would show.
    unfiltered_state = form.filter(referrals, organisation_field=own_field, with_state=False)
    counts = dict(unfiltered_state.values_list("state").annotate(n=Count("pk")).order_by())
    shown = form.filter(referrals, organisation_field=own_field).select_related(
        "person", "service", "receiving_organisation", "sending_organisation"
    )
    page = Paginator(shown.order_by("-sent_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    without_state = query.copy()
    without_state.pop("state", None)
    state_counts = [
        (value, label, counts.get(value, 0))
        for value, label in ReferralState.choices
        if counts.get(value)
    ]
    return render(
        request,
        "referrals/list.html",
        {
            "side": side,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "state_query": without_state.urlencode(),
            "state_counts": state_counts,
            "open_count": sum(counts.get(s, 0) for s in OPEN_STATES),
        },
    )


def inbox(request):
    return _referral_list(request, side="partner")


def sent(request):
    return _referral_list(request, side="sender")


def _service_ids(request) -> list[int]:
    return [pk for v in request.GET.getlist("service") if (pk := parse_id(v))][:20]


def new(request):
    """The send form: ``?person=<pk>&service=<id>&service=<id>``."""
    raw = request.GET.get("person", "")
    person = permissions.get_person_or_404(
        request.user,
        parse_id(raw) or 0,
        queryset=Person.objects.select_related("commune"),
    )
    services = list(
        Service.objects.select_related("structure__organisation").filter(
            pk__in=_service_ids(request)
        )
    )
    audit.record(
        AuditAction.PERSON_VIEWED,
        request=request,
        target=person,
        network=person.network,
        organisation=person.organisation,
        page="referral_form",
    )
    consents = list(person.consents.in_force())
    targets = actions.check_targets(person=person, services=services, consents=consents)
    form = SendReferralForm(
        request.POST or None,
        initial={"services": [t.service.pk for t in targets if not t.problem]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referrals = actions.send_referrals(
                request=request,
                person=person,
                services=list(data["services"]),
                message=data["message"],
                notify_person=data["notify_person"],
            )
        except actions.ReferralRefused as refusal:
            form.add_error(None, refusal)
        else:
            count = len(referrals)
            messages.success(
                request,
                f"{count} orientation{'s' if count > 1 else ''} envoyée{'s' if count > 1 else ''}"
                f" pour {person}. Le partenaire est prévenu par courriel.",
            )
            if count == 1:
                return redirect("referrals:detail", pk=referrals[0].pk)
            return redirect("referrals:sent")
    chosen = {str(v) for v in (form["services"].value() or [])}
    return render(
        request,
        "referrals/new.html",
        {
            "person": person,
            "age": person.age(),
            "form": form,
            "targets": [(t, str(t.service.pk) in chosen) for t in targets],
            "can_notify": actions.accepts_notifications(consents),
            "notify_choices": NotifyChannel.choices,
            "notify_value": form["notify_person"].value() or "",
        },
        status=400 if request.method == "POST" else 200,
    )


def _referral_or_404(request, pk):
    return permissions.get_referral_or_404(
        request.user,
        pk,
        queryset=Referral.objects.select_related(
            "person__commune",
            "service__structure",
            "receiving_organisation",
            "sending_organisation",
            "sent_by",
            "answered_by",
            "network",
        ),
    )


def _detail(request, referral, *, status=200, **forms):
    """The referral's page (also shown again with a form's errors): each showing is a read."""
    sides = permissions.referral_sides(request.user, referral)
    audit.record(
        AuditAction.REFERRAL_VIEWED,
        request=request,
        target=referral,
        network=referral.network,
        organisation=(
            referral.receiving_organisation if "partner" in sides else referral.sending_organisation
        ),
    )
    is_open = referral.is_open
    context = {
        "referral": referral,
        "person": referral.person,
        "age": referral.person.age(),
        "is_partner": "partner" in sides,
        "is_sender": "sender" in sides,
        "transitions": referral.transitions.select_related("by"),
        "answer_form": None,
        "information_form": None,
        "cancel_form": None,
    }
    initial = {"state": referral.state}
    if "partner" in sides and is_open:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(initial=initial)
    if "sender" in sides and referral.state == ReferralState.INFO_REQUESTED:
        context["information_form"] = forms.get("information_form") or InformationForm(
            initial=initial
        )
    if "sender" in sides and is_open:
        context["cancel_form"] = forms.get("cancel_form") or CancelForm(initial=initial)
    return render(request, "referrals/detail.html", context, status=status)


def detail(request, pk):
    """What the referral needs, no more: the partner does not see the person's file."""
    return _detail(request, _referral_or_404(request, pk))


def _change(request, referral, change, success: str, **kwargs):
    try:
        change(request=request, referral=referral, **kwargs)
    except actions.ReferralConflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, success)
    return redirect("referrals:detail", pk=referral.pk)


@require_POST
def answer(request, pk):
    referral = _referral_or_404(request, pk)
    permissions.require_referral_side(request.user, referral, "partner")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _detail(request, referral, answer_form=form, status=400)
    data = form.cleaned_data
    common = {"expected_state": data["state"] or None, "text": data["text"].strip()}
    if data["decision"] == AnswerForm.ACCEPT:
        return _change(
            request,
            referral,
            actions.accept_referral,
            "Orientation acceptée. La structure qui oriente est prévenue.",
            **common,
        )
    if data["decision"] == AnswerForm.DECLINE:
        return _change(
            request,
            referral,
            actions.decline_referral,
            "Orientation refusée. La structure qui oriente est prévenue.",
            reason=data["reason"],
            **common,
        )
    return _change(
        request,
        referral,
        actions.request_information,
        "Votre question est envoyée à la structure qui oriente.",
        **common,
    )


@require_POST
def provide_information(request, pk):
    referral = _referral_or_404(request, pk)
    permissions.require_referral_side(request.user, referral, "sender")
    form = InformationForm(request.POST)
    if not form.is_valid():
        return _detail(request, referral, information_form=form, status=400)
    return _change(
        request,
        referral,
        actions.provide_information,
        "Votre réponse est envoyée au partenaire ; l'orientation attend de nouveau sa réponse.",
        text=form.cleaned_data["text"].strip(),
        expected_state=form.cleaned_data["state"] or None,
    )


@require_POST
def cancel(request, pk):
    referral = _referral_or_404(request, pk)
    permissions.require_referral_side(request.user, referral, "sender")
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _detail(request, referral, cancel_form=form, status=400)
    return _change(
        request,
        referral,
        actions.cancel_referral,
        "Orientation annulée. Le partenaire est prévenu.",
        text=form.cleaned_data["text"].strip(),
        expected_state=form.cleaned_data["state"] or None,
    )


def outbox(request):
    """Every email and SMS the platform sent: the demo shows them here (DEMO_OUTBOX=1)."""
    # The demo's fictitious messages, for its professionals (not its capteurs or funders).
    if not settings.DEMO_OUTBOX or not (
        request.user.is_staff or permissions.person_organisation_ids(request.user)
    ):
        raise Http404("Page réservée à la démonstration.")
    page = Paginator(OutboxMessage.objects.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "referrals/outbox.html", {"page": page})
