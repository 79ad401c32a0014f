"""The public ways in: a capteur's personal link, "Je cherche un coup de main", and the form for
professionals outside the network. No account, no JavaScript needed, rate-limited per address."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from maillage.accounts.models import Network
from maillage.core import ratelimit
from maillage.core.audit import client_ip
from maillage.outreach import actions
from maillage.outreach.enums import LeadChannel
from maillage.outreach.forms import PrescriberForm, PublicLeadForm, SelfReferralForm
from maillage.outreach.models import Referrer

TOO_MANY = (
    "Trop d'envois depuis cette connexion. Réessayez dans une heure, ou appelez directement "
    "le réseau."
)


def _allowed(request) -> bool:
    return ratelimit.hit(
        "public_lead",
        client_ip(request) or "unknown",
        limit=settings.PUBLIC_FORM_RATE_PER_HOUR,
        window_seconds=3600,
    )


def _public_form(request, *, form_class, template, context, receive, thanks_url, initial=None):
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_robot():
            return redirect(thanks_url)  # say nothing to a robot
        if not _allowed(request):
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            receive(form.save(commit=False))
            return redirect(thanks_url)
    return render(request, template, {**context, "form": form}, status=status)


@login_not_required
@never_cache
def capteur_form(request, token):
    referrer = get_object_or_404(
        Referrer.objects.select_related("network", "commune"), link_token=token, is_active=True
    )
    return _public_form(
        request,
        form_class=PublicLeadForm,
        template="outreach/public/capteur_form.html",
        context={"referrer": referrer, "network": referrer.network},
        initial={"commune": referrer.commune},
        receive=lambda lead: actions.receive_lead(
            request,
            lead=lead,
            network=referrer.network,
            channel=LeadChannel.CAPTEUR,
            referrer=referrer,
        ),
        thanks_url=f"/c/{token}/merci/",
    )


@login_not_required
def capteur_thanks(request, token):
    referrer = get_object_or_404(Referrer.objects.select_related("network"), link_token=token)
    return render(
        request, "outreach/public/thanks.html", {"referrer": referrer, "again": f"/c/{token}/"}
    )


def _network(slug) -> Network:
    return get_object_or_404(Network, slug=slug)


@login_not_required
@never_cache
def self_referral(request, slug):
    network = _network(slug)
    return _public_form(
        request,
        form_class=SelfReferralForm,
        template="outreach/public/self_referral.html",
        context={"network": network},
        receive=lambda lead: actions.receive_lead(
            request, lead=lead, network=network, channel=LeadChannel.SELF_REFERRAL
        ),
        thanks_url=f"/coup-de-main/{slug}/merci/",
    )


@login_not_required
@never_cache
def prescriber(request, slug):
    network = _network(slug)
    return _public_form(
        request,
        form_class=PrescriberForm,
        template="outreach/public/prescriber.html",
        context={"network": network},
        receive=lambda lead: actions.receive_lead(
            request, lead=lead, network=network, channel=LeadChannel.PRESCRIBER
        ),
        thanks_url=f"/coup-de-main/{slug}/merci/",
    )


@login_not_required
def public_thanks(request, slug):
    network = _network(slug)
    return render(
        request,
        "outreach/public/thanks.html",
        {"network": network, "again": f"/coup-de-main/{slug}/"},
    )
