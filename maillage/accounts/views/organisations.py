"""My organisation: members and roles, invitations, join requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.accounts import actions, permissions, twofactor
from maillage.accounts.enums import InvitationKind, JoinRequestStatus
from maillage.accounts.forms import (
    DecideJoinRequestForm,
    ExistingOrganisationForm,
    InviteMemberForm,
    JoinRequestForm,
    MemberRoleForm,
    NewAccountForm,
    OrganisationForm,
    OrganisationSearchForm,
)
from maillage.accounts.middleware import needs_second_factor, second_factor_redirect
from maillage.accounts.models import (
    ApiToken,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    User,
)


def organisations(request):
    """My organisations, and a search to ask to join another one."""
    a = permissions.access(request.user)
    form = OrganisationSearchForm(request.GET or None)
    found = []
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["kind"]):
        found = Organisation.objects.select_related("commune").order_by("name")
        if form.cleaned_data["q"]:
            found = found.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            found = found.filter(kind=form.cleaned_data["kind"])
        found = found[:30]
    pending = set(
        JoinRequest.objects.filter(user=request.user, status=JoinRequestStatus.PENDING).values_list(
            "organisation_id", flat=True
        )
    )
    return render(
        request,
        "accounts/organisations.html",
        {
            "memberships": sorted(a.memberships.values(), key=lambda m: m.organisation.name),
            "form": form,
            "found": found,
            "pending": pending,
            "mine": set(a.memberships),
        },
    )


def _detail_context(request, organisation, **forms) -> dict:
    manage = permissions.can_manage_organisation(request.user, organisation)
    context = {
        "organisation": organisation,
        "manage": manage,
        "members": organisation.memberships.select_related("user").order_by(
            "user__last_name", "user__email"
        ),
        "networks": organisation.networks.order_by("name"),
    }
    if manage:
        context.update(
            invite_form=InviteMemberForm(),
            invitations=organisation.invitations.pending().filter(kind=InvitationKind.MEMBER),
            join_requests=organisation.join_requests.filter(
                status=JoinRequestStatus.PENDING
            ).select_related("user"),
            role_form=MemberRoleForm(),
            decide_form=DecideJoinRequestForm(),
            api_tokens=organisation.api_tokens.active(),
        )
        context.update(forms)
    return context


def organisation_detail(request, pk):
    organisation = permissions.get_organisation_or_404(request.user, pk)
    return render(
        request, "accounts/organisation_detail.html", _detail_context(request, organisation)
    )


def _managed_organisation(request, pk) -> Organisation:
    organisation = permissions.get_organisation_or_404(request.user, pk)
    permissions.require_manage_organisation(request.user, organisation)
    return organisation


def edit_organisation(request, pk):
    organisation = _managed_organisation(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        organisation.refresh_from_db()  # the form wrote into the instance while validating
        actions.update_organisation(request, organisation=organisation, data=data)
        messages.success(request, "Les informations de la structure sont enregistrées.")
        return redirect("accounts:organisation", pk=organisation.pk)
    return render(
        request,
        "accounts/organisation_edit.html",
        {"organisation": organisation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def invite_member(request, pk):
    organisation = _managed_organisation(request, pk)
    form = InviteMemberForm(request.POST)
    if form.is_valid():
        try:
            actions.invite(
                request,
                kind=InvitationKind.MEMBER,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                is_admin=form.cleaned_data["is_admin"],
            )
        except actions.ActionRefused as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
            return redirect("accounts:organisation", pk=organisation.pk)
    return _detail_with_form(request, organisation, invite_form=form)


def _detail_with_form(request, organisation, **forms):
    """Show the organisation page again with a form's errors in place."""
    context = _detail_context(request, organisation, **forms)
    return render(request, "accounts/organisation_detail.html", context, status=400)


@require_POST
def update_member(request, pk, membership_pk):
    organisation = _managed_organisation(request, pk)
    membership = get_object_or_404(Membership, pk=membership_pk, organisation=organisation)
    try:
        if request.POST.get("action") == "reset_2fa":
            if membership.user == request.user:
                raise actions.ActionRefused("Pour votre propre compte, passez par « Mon compte ».")
            twofactor.reset_second_factor(request=request, membership=membership)
            messages.success(
                request,
                f"Double authentification de {membership.user} réinitialisée : "
                "elle ou il la configurera à sa prochaine connexion.",
            )
        elif request.POST.get("action") == "remove":
            actions.remove_member(request, membership=membership)
            messages.success(request, f"{membership.user} ne fait plus partie de la structure.")
        else:
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Rôle inconnu : rien n'a été modifié.")
                return redirect("accounts:organisation", pk=organisation.pk)
            actions.change_member_role(
                request,
                membership=membership,
                role=form.cleaned_data["role"],
                is_admin=form.cleaned_data["is_admin"],
            )
            messages.success(request, f"Rôle de {membership.user} modifié.")
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    return redirect("accounts:organisation", pk=organisation.pk)


@require_POST
def issue_token(request, pk):
    organisation = _managed_organisation(request, pk)
    name = (request.POST.get("name") or "").strip()[:100] or "Jeton"
    secret = actions.issue_api_token(request, organisation=organisation, name=name)
    context = _detail_context(request, organisation)
    context["new_token"] = secret
    return render(request, "accounts/organisation_detail.html", context)


@require_POST
def revoke_token(request, pk, token_pk):
    organisation = _managed_organisation(request, pk)
    token = get_object_or_404(ApiToken, pk=token_pk, organisation=organisation)
    actions.revoke_api_token(request, token=token)
    messages.success(request, f"Jeton « {token.name} » révoqué : il ne permet plus rien.")
    return redirect("accounts:organisation", pk=organisation.pk)


@require_POST
def revoke_invitation(request, pk, invitation_pk):
    organisation = _managed_organisation(request, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    try:
        actions.revoke_invitation(request, invitation=invitation)
        messages.success(request, f"Invitation de {invitation.email} annulée.")
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    return redirect("accounts:organisation", pk=organisation.pk)


@require_POST
def decide_join_request(request, pk, request_pk):
    organisation = _managed_organisation(request, pk)
    join_request = get_object_or_404(JoinRequest, pk=request_pk, organisation=organisation)
    form = DecideJoinRequestForm(request.POST)
    if not form.is_valid():
        return _detail_with_form(request, organisation, decide_form=form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        actions.decide_join_request(
            request,
            join_request=join_request,
            approve=approve,
            role=form.cleaned_data["role"],
            is_admin=form.cleaned_data["is_admin"],
        )
        messages.success(
            request, f"Demande de {join_request.user} {'acceptée' if approve else 'refusée'}."
        )
    except actions.ActionRefused as error:
        messages.error(request, str(error))
    return redirect("accounts:organisation", pk=organisation.pk)


@require_POST
def request_to_join(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.request_to_join(
                request, organisation=organisation, message=form.cleaned_data["message"]
            )
            messages.success(request, f"Votre demande a été transmise à {organisation}.")
        except actions.ActionRefused as error:
            messages.error(request, str(error))
    return redirect("accounts:organisations")


@login_not_required
def invitation(request, token):
    """The page an invitation link opens: explains, creates the account, accepts."""
    invitation = Invitation.find(token)
    if invitation is None or not invitation.is_pending:
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=400
        )
    user = request.user if request.user.is_authenticated else None
    if user and needs_second_factor(user):
        return second_factor_redirect(user, request.get_full_path())
    if user and user.email.lower() != invitation.email:
        return render(
            request,
            "accounts/invitation_other_account.html",  # 200: the URL holds a live token (see below)
            {"invitation": invitation},
            status=200,
        )
    existing = user or User.objects.filter(email=invitation.email).first()
    if existing and not user:
        # The address has an account: sign in first, then come back here.
        return render(
            request, "accounts/invitation_sign_in.html", {"invitation": invitation, "token": token}
        )
    account_form = None if user else NewAccountForm(request.POST or None, email=invitation.email)
    wants_org = invitation.kind == InvitationKind.ORGANISATION
    administered = (
        Organisation.objects.filter(memberships__user=user, memberships__is_admin=True)
        if user
        else Organisation.objects.none()
    )
    choice_form = (
        ExistingOrganisationForm(request.POST or None, organisations=administered)
        if wants_org and user
        else None
    )
    org_form = OrganisationForm(request.POST or None, prefix="org") if wants_org else None

    if request.method == "POST":
        chosen = (
            choice_form.cleaned_data.get("organisation")
            if choice_form and choice_form.is_valid()
            else None
        )
        forms_ok = all(
            f.is_valid() for f in [account_form, None if chosen else org_form] if f is not None
        )
        if forms_ok:
            try:
                with transaction.atomic():  # the account, the organisation and the acceptance
                    if user is None:
                        user = actions.create_invited_user(
                            email=invitation.email,
                            first_name=account_form.cleaned_data["first_name"],
                            last_name=account_form.cleaned_data["last_name"],
                            password=account_form.cleaned_data["password1"],
                        )
                        signed_in_here = True
                    else:
                        signed_in_here = False
                    actions.accept_invitation(
                        request,
                        invitation=invitation,
                        user=user,
                        organisation=chosen,
                        new_organisation=org_form.cleaned_data if org_form and not chosen else None,
                    )
            except actions.ActionRefused as error:
                messages.error(request, str(error))
                user = request.user if request.user.is_authenticated else None
            else:
                if signed_in_here:
                    actions.complete_sign_in(request, user, method="invitation")
                messages.success(request, "Invitation acceptée : bienvenue !")
                return redirect("core:home")
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "account_form": account_form,
            "org_form": org_form,
            "choice_form": choice_form,
            "token": token,
        },
        # 200 even with errors: Django logs every 4xx with its URL, and this URL is a secret.
    )
