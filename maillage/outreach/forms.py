"""Forms of outreach: the public forms (plain French, no JavaScript needed) and the team's."""

from django import forms
from django.utils import timezone

from maillage.accounts.models import User
from maillage.outreach.enums import (
    CLOSED_LEAD_STATUSES,
    ContactKind,
    ContactOutcome,
    LeadChannel,
    LeadStatus,
    LeadTopic,
)
from maillage.outreach.models import Lead, OutreachAction, Referrer, ReferrerVisit
from maillage.territories.forms import CommuneField


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS and from screen readers) that robots fill in."""

    website = forms.CharField(
        required=False,
        label="Ne pas remplir ce champ",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


def _reachable(form, cleaned):
    if not cleaned.get("phone") and not cleaned.get("email"):
        form.add_error("phone", "Indiquez un téléphone ou une adresse électronique.")


class PublicLeadForm(HoneypotMixin, forms.ModelForm):
    """What a capteur, the person or a professional tells us; as little as possible."""

    commune = CommuneField(label="Sa commune", required=True)
    topics = forms.MultipleChoiceField(
        label="De quoi a-t-elle besoin ?",
        choices=LeadTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez une ou plusieurs cases.",
    )
    agreed_to_be_contacted = forms.BooleanField(
        label="La personne est d'accord pour qu'on la contacte.",
        error_messages={"required": "Il faut l'accord de la personne pour la contacter."},
    )

    class Meta:
        model = Lead
        fields = [
            "first_name",
            "phone",
            "email",
            "contact_preference",
            "commune",
            "topics",
            "message",
            "agreed_to_be_contacted",
        ]
        labels = {
            "first_name": "Son prénom",
            "phone": "Son téléphone",
            "email": "Son adresse électronique (si elle en a une)",
            "contact_preference": "Comment la joindre ?",
            "message": "Autre chose à dire ? (facultatif)",
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_preference": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["phone"].required = False

    def clean(self):
        cleaned = super().clean()
        _reachable(self, cleaned)
        return cleaned


class SelfReferralForm(PublicLeadForm):
    """The person writes for themself: "Je cherche un coup de main"."""

    agreed_to_be_contacted = forms.BooleanField(
        label="J'accepte qu'une personne du réseau me contacte.",
        error_messages={"required": "Cochez cette case pour que l'on puisse vous contacter."},
    )
    topics = forms.MultipleChoiceField(
        label="J'ai besoin d'aide pour :",
        choices=LeadTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez une ou plusieurs cases.",
    )
    commune = CommuneField(label="J'habite à", required=True)

    class Meta(PublicLeadForm.Meta):
        fields = [
            "first_name",
            "last_name",
            "phone",
            "email",
            "contact_preference",
            "commune",
            "topics",
            "message",
            "agreed_to_be_contacted",
        ]
        labels = {
            "first_name": "Mon prénom",
            "last_name": "Mon nom (facultatif)",
            "phone": "Mon téléphone",
            "email": "Mon adresse électronique",
            "contact_preference": "Je préfère être contacté·e",
            "message": "Ce que je veux dire en plus (facultatif)",
        }


class PrescriberForm(PublicLeadForm):
    """A professional outside the network sends someone to the network."""

    agreed_to_be_contacted = forms.BooleanField(
        label="La personne est informée et d'accord pour être contactée par le réseau.",
        error_messages={"required": "L'accord de la personne est nécessaire."},
    )

    class Meta(PublicLeadForm.Meta):
        fields = [
            "prescriber_name",
            "prescriber_organisation",
            "prescriber_email",
            "prescriber_phone",
            "first_name",
            "last_name",
            "phone",
            "email",
            "contact_preference",
            "commune",
            "topics",
            "message",
            "agreed_to_be_contacted",
        ]
        labels = {
            **PublicLeadForm.Meta.labels,
            "prescriber_name": "Vos nom et prénom",
            "prescriber_organisation": "Votre structure",
            "prescriber_email": "Votre adresse électronique",
            "prescriber_phone": "Votre téléphone (facultatif)",
            "last_name": "Son nom (facultatif)",
            "message": "Sa situation en quelques mots",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("prescriber_name", "prescriber_organisation", "prescriber_email"):
            self.fields[name].required = True


class TeamLeadForm(forms.ModelForm):
    """A lead typed by the team: met during an action, or a capteur who phoned."""

    commune = CommuneField(label="Commune", required=False)
    topics = forms.MultipleChoiceField(
        label="Besoins exprimés",
        choices=LeadTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agreed_to_be_contacted = forms.BooleanField(
        label="La personne est d'accord pour être recontactée.",
        error_messages={"required": "Sans son accord, ne l'enregistrez pas."},
    )

    class Meta:
        model = Lead
        fields = [
            "channel",
            "referrer",
            "action",
            "first_name",
            "last_name",
            "phone",
            "email",
            "contact_preference",
            "commune",
            "topics",
            "message",
            "agreed_to_be_contacted",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (LeadChannel.OUTREACH_ACTION, "Rencontrée lors d'une action hors les murs"),
            (LeadChannel.CAPTEUR, "Signalée par un capteur (par téléphone, de vive voix)"),
            (LeadChannel.FRONT_DESK, "Venue d'elle-même"),
            (LeadChannel.PRESCRIBER, "Envoyée par un professionnel"),
        ]
        self.fields["referrer"].queryset = network.referrers.filter(is_active=True)
        self.fields["action"].queryset = network.outreach_actions.order_by("-starts_at")
        self.fields["referrer"].required = False
        self.fields["action"].required = False

    def clean(self):
        cleaned = super().clean()
        _reachable(self, cleaned)
        channel = cleaned.get("channel")
        if channel == LeadChannel.CAPTEUR and not cleaned.get("referrer"):
            self.add_error("referrer", "Choisissez le capteur qui a signalé la personne.")
        if channel == LeadChannel.OUTREACH_ACTION and not cleaned.get("action"):
            self.add_error("action", "Choisissez l'action où la personne a été rencontrée.")
        if channel != LeadChannel.CAPTEUR:
            cleaned["referrer"] = None
        if channel != LeadChannel.OUTREACH_ACTION:
            cleaned["action"] = None
        return cleaned


class ReferrerForm(forms.ModelForm):
    commune = CommuneField(label="Commune")

    class Meta:
        model = Referrer
        fields = [
            "name",
            "kind",
            "commune",
            "address",
            "contact_name",
            "phone",
            "email",
            "followed_by",
            "notes",
            "is_active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        # Who may follow a capteur: the network's facilitators.
        self.fields["followed_by"].queryset = User.objects.filter(
            memberships__role="facilitator",
            memberships__organisation__networks=network,
        ).distinct()
        self.fields["followed_by"].label_from_instance = lambda u: u.get_full_name() or u.email


class ReferrerVisitForm(forms.ModelForm):
    class Meta:
        model = ReferrerVisit
        fields = ["visited_on", "notes"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("La date de la visite ne peut pas être dans le futur.")
        return value


class OutreachActionForm(forms.ModelForm):
    commune = CommuneField(label="Commune")

    class Meta:
        model = OutreachAction
        fields = [
            "place",
            "place_label",
            "commune",
            "starts_at",
            "duration_minutes",
            "team",
            "partners",
            "people_met",
            "notes",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "team": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = (
            User.objects.filter(memberships__organisation__networks=network)
            .exclude(memberships__role="capteur")
            .distinct()
        )
        self.fields["team"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.fields["team"].required = False


class ContactAttemptForm(forms.Form):
    kind = forms.ChoiceField(label="Moyen", choices=ContactKind.choices)
    outcome = forms.ChoiceField(label="Résultat", choices=ContactOutcome.choices)
    note = forms.CharField(label="Note (facultatif)", max_length=500, required=False)


class LeadStatusForm(forms.Form):
    status = forms.ChoiceField(label="État", choices=LeadStatus.choices)


class LeadFilterForm(forms.Form):
    """Filters of the inbox; all in the URL. Unknown values are ignored."""

    status = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("", "À traiter"), ("all", "Tous"), *LeadStatus.choices],
    )
    channel = forms.ChoiceField(
        label="Canal", required=False, choices=[("", "Tous"), *LeadChannel.choices]
    )
    mine = forms.BooleanField(label="Suivis par moi", required=False)
    unassigned = forms.BooleanField(label="Sans personne attribuée", required=False)

    def filter(self, leads):
        if not self.is_valid():
            return leads.open()
        data = self.cleaned_data
        if data["status"] == "":
            leads = leads.exclude(status__in=CLOSED_LEAD_STATUSES)
        elif data["status"] != "all":
            leads = leads.filter(status=data["status"])
        if data["channel"]:
            leads = leads.filter(channel=data["channel"])
        return leads
