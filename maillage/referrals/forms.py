"""Forms of referrals: input only. What may be sent and who may answer is decided in actions and
accounts.permissions."""

from django import forms

from maillage.accounts.models import Organisation
from maillage.core.text import parse_id
from maillage.directory.models import Service
from maillage.referrals.enums import DeclineReason, NotifyChannel, ReferralState

OPEN = "open"


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    """Service ids from the form; a value no database column can hold is not a service."""

    def clean(self, value):
        if value and any(parse_id(v) is None for v in value):
            raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid")
        return super().clean(value)


class SendReferralForm(forms.Form):
    # Any existing service: the action decides, so a crafted choice gets the same answer.
    services = ServiceChoiceField(
        label="Services choisis",
        queryset=Service.objects.select_related("structure__organisation"),
        error_messages={
            "required": "Choisissez au moins un service.",
            "invalid_choice": "Ce service n'existe pas.",
            "invalid_pk_value": "Ce service n'existe pas.",
        },
    )
    message = forms.CharField(
        label="Message au partenaire",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que la personne attend du service et ce que le partenaire doit savoir pour "
        "la recevoir. Le partenaire ne voit pas le dossier : seulement ce message, le nom, "
        "l'âge, la commune et les coordonnées de la personne.",
        error_messages={"required": "Écrivez au partenaire ce que la personne attend."},
    )
    notify_person = forms.ChoiceField(
        label="Prévenir la personne de la réponse",
        choices=NotifyChannel.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class AnswerForm(forms.Form):
    """The partner's answer: accept, decline (a reason from the list) or ask a question."""

    ACCEPT, DECLINE, ASK = "accept", "decline", "ask"
    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[
            (ACCEPT, "Accepter : nous recevons la personne"),
            (DECLINE, "Refuser"),
            (ASK, "Demander des informations à la structure qui oriente"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une réponse."},
    )
    reason = forms.ChoiceField(
        label="Motif du refus",
        choices=[("", "—"), *DeclineReason.choices],
        required=False,
    )
    text = forms.CharField(
        label="Message à la structure qui oriente",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un rendez-vous proposé, la raison d'un refus, votre question.",
    )
    # The state the user answered; another answer given meanwhile makes this one lose.
    state = forms.ChoiceField(
        choices=ReferralState.choices, required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.DECLINE and not data.get("reason"):
            self.add_error("reason", "Choisissez le motif du refus.")
        text = data.get("text", "").strip()
        if decision == self.DECLINE and data.get("reason") == DeclineReason.OTHER and not text:
            self.add_error("text", "Précisez la raison du refus.")
        if decision == self.ASK and not text:
            self.add_error("text", "Écrivez votre question.")
        return data


class InformationForm(forms.Form):
    text = forms.CharField(
        label="Votre réponse au partenaire",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez votre réponse au partenaire."},
    )
    state = forms.ChoiceField(
        choices=ReferralState.choices, required=False, widget=forms.HiddenInput
    )


class CancelForm(forms.Form):
    text = forms.CharField(
        label="Pourquoi annuler ? (facultatif)",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    state = forms.ChoiceField(
        choices=ReferralState.choices, required=False, widget=forms.HiddenInput
    )


class ReferralFilterForm(forms.Form):
    """Every filter of the lists lives in the URL."""

    state = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("", "Tous"), (OPEN, "À traiter"), *ReferralState.choices],
    )
    service = forms.ModelChoiceField(
        label="Service", required=False, queryset=Service.objects.none(), empty_label="Tous"
    )
    organisation = forms.ModelChoiceField(
        label="Structure",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Toutes",
    )

    def __init__(self, *args, services, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations

    def filter(self, referrals, *, organisation_field: str, with_state: bool = True):
        if not self.is_valid():
            return referrals
        data = self.cleaned_data
        if with_state and data["state"] == OPEN:
            referrals = referrals.open()
        elif with_state and data["state"]:
            referrals = referrals.filter(state=data["state"])
        if data["service"]:
            referrals = referrals.filter(service=data["service"])
        if data.get("organisation"):
            referrals = referrals.filter(**{organisation_field: data["organisation"]})
        return referrals
