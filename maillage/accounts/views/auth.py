"""Signing in and out, second factor, sign-in links, password reset, my account."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_POST

from maillage.accounts import actions, permissions, twofactor
from maillage.accounts import mail as account_mail
from maillage.accounts.forms import (
    AccountForm,
    EnrolmentForm,
    LoginForm,
    MagicLinkForm,
    OtpForm,
)
from maillage.accounts.middleware import second_factor_redirect, two_factor_exempt
from maillage.accounts.models import JoinRequest, User
from maillage.core import audit, ratelimit
from maillage.core.audit import client_ip
from maillage.core.enums import AuditAction


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        actions.complete_sign_in(self.request, user)
        if permissions.requires_two_factor(user):
            # Straight to the second factor, then on to where the user was going.
            return second_factor_redirect(user, self.get_success_url())
        return HttpResponseRedirect(self.get_success_url())


login = login_not_required(LoginView.as_view())


@two_factor_exempt
@require_POST
def logout(request):
    if request.user.is_authenticated:
        audit.record(AuditAction.LOGOUT, request=request, target_label=request.user.email)
    return auth_views.LogoutView.as_view()(request)


@two_factor_exempt
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, type the first code, keep recovery codes."""
    if twofactor.has_confirmed_device(request.user) and not request.user.is_verified():
        # Replacing an app takes the current one: a password alone must never be enough.
        return redirect(f"{reverse('accounts:otp_verify')}?{request.GET.urlencode()}")
    device = twofactor.pending_totp_device(request.user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_totp_device(
                request=request, device=device, code=form.cleaned_data["code"]
            )
        except twofactor.Throttled as error:
            form.add_error("code", str(error))
            codes = None
        if codes is not None:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _safe_next(request, reverse("core:home"))},
            )
        elif not form.errors:
            form.add_error(
                "code",
                "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et "
                "saisissez le code affiché maintenant.",
            )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code_data_uri(device),
            "secret": twofactor.readable_secret(device),
            "already_enrolled": twofactor.has_confirmed_device(request.user),
            "next": _safe_next(request, ""),
        },
    )


@two_factor_exempt
def otp_verify(request):
    if request.user.is_verified():
        return redirect(_safe_next(request, reverse("core:home")))
    if not twofactor.has_confirmed_device(request.user):
        return redirect(f"{reverse('accounts:otp_setup')}?{request.GET.urlencode()}")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if twofactor.verify_second_factor(request=request, code=form.cleaned_data["code"]):
                return redirect(_safe_next(request, reverse("core:home")))
            form.add_error(
                "code",
                "Code incorrect ou expiré. Saisissez le code affiché maintenant par votre "
                "application, ou l'un de vos codes de secours.",
            )
        except twofactor.Throttled as error:
            form.add_error("code", str(error))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


@require_POST
def recovery_codes(request):
    codes = twofactor.generate_recovery_codes(user=request.user, request=request)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:account")},
    )


@login_not_required
def magic_link_request(request):
    form = MagicLinkForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        allowed = ratelimit.hit("magic-ip", client_ip(request) or "", limit=10, window_seconds=3600)
        allowed = ratelimit.hit("magic-email", email, limit=3, window_seconds=3600) and allowed
        if not allowed:
            form.add_error(None, "Trop de demandes de lien. Patientez une heure puis recommencez.")
        else:
            actions.send_magic_link(request, email=email)
            sent = True
    return render(request, "accounts/magic_link_request.html", {"form": form, "sent": sent})


@login_not_required
def magic_link_login(request, uidb64, token):
    """GET shows a button; only the POST signs in, so a mail scanner opening the link does not
    spend it."""
    try:
        user = User.objects.filter(pk=int(force_str(urlsafe_base64_decode(uidb64)))).first()
    except (ValueError, TypeError, OverflowError):
        user = None
    if request.method == "POST":
        if actions.sign_in_with_magic_link(request, user=user, token=token):
            return redirect("core:home")
        return render(request, "accounts/magic_link_invalid.html", status=400)
    from maillage.accounts.tokens import magic_link_tokens

    if user is None or not magic_link_tokens.check_token(user, token):
        return render(request, "accounts/magic_link_invalid.html", status=400)
    return render(request, "accounts/magic_link_confirm.html", {"account": user})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        allowed = ratelimit.hit(
            "reset-ip", client_ip(self.request) or "", limit=10, window_seconds=3600
        )
        # No address gets flooded with reset emails either.
        allowed = ratelimit.hit("reset-email", email, limit=3, window_seconds=3600) and allowed
        if not allowed:
            form.add_error(None, "Trop de demandes. Patientez une heure puis recommencez.")
            return self.form_invalid(form)
        audit.record(AuditAction.PASSWORD_RESET_REQUESTED, request=self.request, target_label=email)
        # The worker finds the accounts and makes their links (accounts.mail): this page takes
        # the same time whether the address has an account or not, and the queue holds no link.
        account_mail.send_password_reset.enqueue(
            email, self.request.get_host(), self.request.is_secure()
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            AuditAction.PASSWORD_CHANGED,
            actor=form.user,
            request=self.request,
            target_label=form.user.email,
            method="reset",
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            AuditAction.PASSWORD_CHANGED, request=self.request, target_label=self.request.user.email
        )
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return response


password_reset = login_not_required(PasswordResetView.as_view())
password_reset_done = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = login_not_required(PasswordResetConfirmView.as_view())
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
password_change = PasswordChangeView.as_view()


def account(request):
    user = request.user
    form = AccountForm(
        request.POST or None, initial={"first_name": user.first_name, "last_name": user.last_name}
    )
    if request.method == "POST" and form.is_valid():
        user.first_name, user.last_name = (
            form.cleaned_data["first_name"],
            form.cleaned_data["last_name"],
        )
        user.save(update_fields=["first_name", "last_name"])
        messages.success(request, "Vos informations ont été enregistrées.")
        return redirect("accounts:account")
    a = permissions.access(user)
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "memberships": sorted(a.memberships.values(), key=lambda m: m.organisation.name),
            "networks": permissions.visible_networks(user),
            "network_roles": user.network_roles.select_related("network"),
            "two_factor": twofactor.has_confirmed_device(user),
            "two_factor_required": permissions.requires_two_factor(user),
            "join_requests": JoinRequest.objects.filter(user=user).select_related("organisation")[
                :10
            ],
        },
    )
