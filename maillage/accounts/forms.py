from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from maillage.accounts import actions
from maillage.accounts.enums import MemberRole, NetworkRoleKind, OrganisationKind
from maillage.accounts.models import Organisation
from maillage.accounts.validators import validate_siret
from maillage.core import ratelimit
from maillage.core.audit import client_ip
from maillage.core.enums import AuditAction
from maillage.territories.forms import CommuneField

TOO_MANY = "Trop de tentatives depuis votre connexion. Patientez quelques minutes puis recommencez."


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez-les, en "
        "respectant les majuscules et minuscules du mot de passe.",
        "inactive": "Ce compte est désactivé. Demandez à l'administrateur de votre structure.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Adresse électronique"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": 254}
        )

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (email and password):
            return self.cleaned_data
        ip = client_ip(self.request) or ""
        # Failed attempts from one connection, whatever the addresses tried (password spraying).
        if ratelimit.exceeded("login-ip", ip, limit=30, window_seconds=600):
            raise forms.ValidationError(TOO_MANY, code="rate_limited")
        try:
            self.user_cache = actions.sign_in(self.request, email=email, password=password)
        except actions.SignInLocked as error:
            raise forms.ValidationError(str(error), code="locked") from None
        if self.user_cache is None:
            ratelimit.hit("login-ip", ip, limit=30, window_seconds=600)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class OtpForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres, ou code de secours",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label="Code affiché par l'application",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MagicLinkForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class AccountForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)


class NewAccountForm(forms.Form):
    """Creating one's account from an invitation: the address is the invitation's."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12 caractères au moins ; évitez un mot de passe courant ou proche de votre nom.",
    )
    password2 = forms.CharField(
        label="Le même mot de passe, encore une fois",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe sont différents.")
        elif p1:
            from maillage.accounts.models import User

            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OrganisationForm(forms.ModelForm):
    commune = CommuneField(label="Commune du siège", required=False)
    # Wider than the column: people type a SIRET as printed, with spaces.
    siret = forms.CharField(
        label="SIRET", required=False, max_length=20, help_text="Facultatif. 14 chiffres."
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "siret", "commune", "email", "phone"]
        labels = {"name": "Nom de la structure"}

    def clean_siret(self):
        siret = self.cleaned_data["siret"].replace(" ", "")
        if siret:
            validate_siret(siret)
        taken = Organisation.objects.filter(siret=siret).exclude(pk=self.instance.pk)
        if siret and taken.exists():
            # Said at the field (the database constraint behind it would say it above the form).
            raise forms.ValidationError(
                Organisation._meta.constraints[0].violation_error_message, code="siret_taken"
            )
        return siret


class ExistingOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Structure que vous administrez",
        queryset=Organisation.objects.none(),
        empty_label="— Créer une nouvelle structure —",
        required=False,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique de la personne")
    role = forms.ChoiceField(label="Rôle", choices=MemberRole.choices)
    is_admin = forms.BooleanField(
        label="Administrateur·rice de la structure (gère les membres et les invitations)",
        required=False,
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=MemberRole.choices)
    is_admin = forms.BooleanField(label="Administrateur·rice", required=False)


class InviteOrganisationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne qui représentera la structure",
        help_text="Elle créera ou choisira sa structure, et en sera l'administratrice.",
    )


class NetworkForm(forms.Form):
    name = forms.CharField(label="Nom du réseau", max_length=200)
    territory = forms.CharField(label="Territoire", max_length=200, required=False)
    description = forms.CharField(
        label="Présentation", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    departements = forms.CharField(
        label="Départements couverts",
        required=False,
        max_length=400,
        help_text="Leurs numéros, séparés par des virgules : par exemple « 64, 40 ».",
    )

    def clean_departements(self):
        from maillage.territories.models import Departement

        codes = [c.strip().upper().zfill(2) for c in self.cleaned_data["departements"].split(",")]
        codes = [c for c in codes if c.strip("0")]
        known = set(Departement.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                "Département inconnu : %(codes)s.", params={"codes": ", ".join(unknown)}
            )
        return sorted(set(codes))


class InviteNetworkRoleForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique")
    role = forms.ChoiceField(label="Rôle", choices=NetworkRoleKind.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Message pour l'administrateur·rice (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideJoinRequestForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Accepter"), ("decline", "Refuser")])
    role = forms.ChoiceField(label="Rôle", choices=MemberRole.choices, required=False)
    is_admin = forms.BooleanField(label="Administrateur·rice", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "approve" and not cleaned.get("role"):
            self.add_error("role", "Choisissez le rôle de la personne dans la structure.")
        return cleaned


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    actor = forms.CharField(label="Auteur (adresse)", required=False, max_length=254)
    start = forms.DateField(
        label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Toutes"), *AuditAction.choices]


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label="Nom de la structure", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Tous"), *OrganisationKind.choices]
    )
