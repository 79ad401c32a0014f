"""The front door's pages: find or open a person's file, consent, assessment, timeline.

Every page that shows a person's file writes a PERSON_VIEWED line to the audit log.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.accounts import permissions
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.text import parse_id
from maillage.intake import actions, timeline
from maillage.intake.forms import (
    AssessmentForm,
    ConsentForm,
    MeetingForm,
    PersonForm,
    PersonSearchForm,
)
from maillage.intake.models import Consent, NeedsAssessment, Person
from maillage.outreach.models import Lead


def _viewed(request, person: Person, page: str) -> None:
    audit.record(
        AuditAction.PERSON_VIEWED,
        request=request,
        target=person,
        network=person.network,
        organisation=person.organisation,
        page=page,
    )


def _organisations_or_404(request) -> set[int]:
    organisations = permissions.person_organisation_ids(request.user)
    if not organisations:
        raise Http404("Seuls les professionnels qui accompagnent des personnes ont des dossiers.")
    return organisations


def people(request):
    organisations = _organisations_or_404(request)
    form = PersonSearchForm(request.GET or None)
    rows = Person.objects.filter(organisation__in=organisations).select_related(
        "commune", "organisation"
    )
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = rows.find(query) if query else rows.order_by("-last_contact_at")
    return render(
        request,
        "intake/people.html",
        {"form": form, "people": rows[:50], "query": query},
    )


def person_new(request):
    organisations = _organisations_or_404(request)
    lead = None
    lead_pk = parse_id(request.GET.get("lead"))
    if lead_pk:
        lead = Lead.objects.select_related("network", "commune").filter(pk=lead_pk).first()
        if lead is None or not permissions.can_work_leads(request.user, lead.network):
            raise Http404("Signalement introuvable.")
        audit.record(
            AuditAction.LEAD_VIEWED,
            request=request,
            target=lead,
            network=lead.network,
            page="person_new",
        )
    initial = {}
    if lead is not None:
        initial = {
            "network": lead.network,
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "phone": lead.phone,
            "email": lead.email,
            "commune": lead.commune,
            "preferred_channel": {"sms": "sms", "email": "email"}.get(
                lead.contact_preference, "phone"
            ),
        }
    form = PersonForm(request.POST or None, organisations=organisations, initial=initial)
    valid = request.method == "POST" and form.is_valid()
    for other in form.duplicates:
        if other.organisation_id not in organisations:
            # Telling which structure follows someone is a read of their file.
            _viewed(request, other, "duplicate_check")
    if valid:
        person = actions.open_person_file(request, person=form.save(commit=False), lead=lead)
        messages.success(
            request,
            f"Le dossier de {person} est ouvert. Recueillez son consentement, puis faites le "
            "diagnostic.",
        )
        return redirect("intake:person", pk=person.pk)
    return render(
        request,
        "intake/person_form.html",
        {
            "form": form,
            "lead": lead,
            "lead_topics": lead.topic_labels() if lead else [],
            "duplicates": form.duplicates,
            # Files of other organisations are named only by who holds them.
            "my_organisations": organisations,
        },
    )


def person_detail(request, pk):
    person = permissions.get_person_or_404(
        request.user,
        pk,
        Person.objects.select_related("commune", "organisation", "network", "origin_lead"),
    )
    _viewed(request, person, "timeline")
    consents = list(person.consents.prefetch_related("shared_with"))
    return render(
        request,
        "intake/person_detail.html",
        {
            "person": person,
            "events": timeline.events(person, request.user),
            "consents": consents,
            "consent_in_force": next((c for c in consents if c.in_force), None),
            "assessment": person.assessments.prefetch_related("occupations").first(),
            "meeting_form": MeetingForm(),
        },
    )


def person_edit(request, pk):
    person = permissions.get_person_or_404(request.user, pk)
    _viewed(request, person, "edit")
    form = PersonForm(request.POST or None, instance=person, organisations={person.organisation_id})
    if request.method == "POST" and form.is_valid():
        actions.update_person(request, person=form.save(commit=False), changed=form.changed_data)
        messages.success(request, "Le dossier est à jour.")
        return redirect("intake:person", pk=pk)
    return render(request, "intake/person_form.html", {"form": form, "person": person})


def consent_new(request, pk):
    person = permissions.get_person_or_404(
        request.user, pk, Person.objects.select_related("network")
    )
    _viewed(request, person, "consent")
    form = ConsentForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        actions.record_consent(request, person=person, consent=form.save(commit=False), form=form)
        messages.success(request, "Le consentement est enregistré.")
        if _safe_next(request):  # back to the referral being prepared
            return redirect(request.GET["next"])
        return redirect("intake:person", pk=pk)
    return render(request, "intake/consent_form.html", {"form": form, "person": person})


def _safe_next(request) -> bool:
    target = request.GET.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@require_POST
def consent_withdraw(request, pk, consent_pk):
    person = permissions.get_person_or_404(request.user, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, person=person)
    actions.withdraw_consent(request, consent=consent)
    messages.success(
        request,
        "Le consentement est retiré : plus rien ne sera partagé en son nom à partir de maintenant.",
    )
    return redirect("intake:person", pk=pk)


def assessment_edit(request, pk):
    person = permissions.get_person_or_404(request.user, pk)
    _viewed(request, person, "assessment")
    latest = person.assessments.first()
    # A new assessment starts from the previous one: situations change little between meetings.
    instance = NeedsAssessment()
    initial = {}
    if latest is not None:
        initial = {"needs": latest.needs, "notes": ""}
        initial.update({f"barrier_{b}": level for b, level in latest.barriers.items()})
        for i, occupation in enumerate(latest.occupations.all()[:3], start=1):
            initial[f"occupation_{i}"] = occupation
    form = AssessmentForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_assessment(
            request,
            person=person,
            assessment=form.save(commit=False),
            barriers=form.barriers(),
            occupations=form.occupations(),
        )
        messages.success(request, "Le diagnostic est enregistré.")
        return redirect("intake:person", pk=pk)
    return render(request, "intake/assessment_form.html", {"form": form, "person": person})


@require_POST
def meeting_new(request, pk):
    person = permissions.get_person_or_404(request.user, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        actions.log_meeting(request, person=person, meeting=form.save(commit=False))
        messages.success(request, "Le rendez-vous est noté.")
    else:
        messages.error(request, "Indiquez le type et la date du rendez-vous.")
    return redirect("intake:person", pk=pk)
