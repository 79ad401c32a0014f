"""Forms of the front door: the person, their consent, the needs assessment."""

from django import forms
from django.utils import timezone

from maillage.accounts import permissions
from maillage.accounts.models import Network, Organisation
from maillage.directory.forms import LenientMultipleChoiceField
from maillage.intake.enums import Barrier, BarrierLevel, ConsentPurpose, IncomeSupport
from maillage.intake.models import Consent, Meeting, NeedsAssessment, Person
from maillage.referentials import vocabularies
from maillage.referentials.forms import OccupationField
from maillage.territories.forms import CommuneField


class PersonForm(forms.ModelForm):
    commune = CommuneField(label="Commune")
    income_support = forms.MultipleChoiceField(
        label="Minima sociaux, allocations",
        choices=IncomeSupport.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    registered_france_travail = forms.NullBooleanField(
        label="Inscrite à France Travail",
        widget=forms.NullBooleanSelect,
        required=False,
    )
    confirm_not_duplicate = forms.BooleanField(
        label="J'ai vérifié : c'est une autre personne que celles proposées ci-dessus.",
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "organisation",
            "network",
            "first_name",
            "last_name",
            "birth_date",
            "phone",
            "email",
            "preferred_channel",
            "address",
            "commune",
            "languages",
            "french_level",
            "registered_france_travail",
            "already_supported",
            "supported_by",
            "rqth",
            "income_support",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = set(organisations)
        self.fields["registered_france_travail"].widget.choices = [
            ("unknown", "Ne sait pas"),
            ("true", "Oui"),
            ("false", "Non"),
        ]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisations)
        self.fields["organisation"].empty_label = None
        self.fields["network"].queryset = Network.objects.filter(
            organisations__in=organisations
        ).distinct()
        self.fields["network"].empty_label = None
        self.fields["network"].label = "réseau"
        if self.instance.pk:
            del self.fields["confirm_not_duplicate"]
            del self.fields["organisation"]
            del self.fields["network"]
        self.duplicates = []

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value and not (
            timezone.localdate().year - 110 <= value.year <= timezone.localdate().year
        ):
            raise forms.ValidationError("Cette date de naissance n'est pas plausible.")
        return value

    def clean(self):
        cleaned = super().clean()
        organisation, network = cleaned.get("organisation"), cleaned.get("network")
        if (
            organisation
            and network
            and not network.organisations.filter(pk=organisation.pk).exists()
        ):
            self.add_error("network", "Cette structure ne fait pas partie de ce réseau.")
        if cleaned.get("already_supported") is False and cleaned.get("supported_by"):
            cleaned["supported_by"] = ""
        if self.instance.pk is None and not self.errors:
            candidate = Person(
                network=network,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                birth_date=cleaned.get("birth_date"),
                phone=cleaned.get("phone", ""),
            )
            self.duplicates = list(
                candidate.possible_duplicates(self.organisations).select_related("organisation")[:5]
            )
            if self.duplicates and not cleaned.get("confirm_not_duplicate"):
                self.add_error(
                    "confirm_not_duplicate",
                    "Une personne semblable a déjà un dossier dans le réseau : vérifiez avant "
                    "d'en ouvrir un second.",
                )
        return cleaned


class ConsentForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label="La personne accepte de",
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ConsentPurpose.FOLLOW_UP],
    )

    class Meta:
        model = Consent
        fields = ["purposes", "all_network_partners", "shared_with", "method"]
        widgets = {"shared_with": forms.CheckboxSelectMultiple, "method": forms.RadioSelect}
        help_texts = {
            "shared_with": "Les partenaires à qui sa situation peut être transmise, pour "
            "l'orienter.",
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        # Partners who could receive the person: not a capteur's shop.
        self.fields["shared_with"].queryset = (
            person.network.organisations.exclude(pk=person.organisation_id)
            .filter(pk__in=permissions.organisations_receiving_people().values("pk"))
            .order_by("name")
        )
        self.fields["shared_with"].required = False

    def clean(self):
        cleaned = super().clean()
        sharing = ConsentPurpose.SHARING in cleaned.get("purposes", [])
        chosen = cleaned.get("all_network_partners") or cleaned.get("shared_with")
        if sharing and not chosen:
            self.add_error(
                "shared_with", "Choisissez les partenaires, ou « tous les partenaires du réseau »."
            )
        if not sharing and chosen:
            self.add_error(
                "purposes",
                "Des partenaires sont choisis : cochez aussi le partage de sa situation.",
            )
        return cleaned


def thematique_choices():
    """Categories, each followed by its sub-thématiques, as grouped choices."""
    labels = vocabularies.labels("thematiques")
    groups = []
    for category in vocabularies.terms("categories"):
        subs = [
            (value, labels.get(value, value))
            for value in vocabularies.thematiques_of(category.value)
        ]
        groups.append((category.label, [(category.value, f"{category.label} (tout)"), *subs]))
    return groups


class AssessmentForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label="Besoins (thématiques)",
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        required=False,
    )
    occupation_1 = OccupationField(label="Métier envisagé", required=False)
    occupation_2 = OccupationField(label="Autre métier envisagé", required=False)
    occupation_3 = OccupationField(label="Autre métier envisagé", required=False)

    class Meta:
        model = NeedsAssessment
        fields = ["needs", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = thematique_choices()
        level_choices = [("", "Pas un frein"), *BarrierLevel.choices]
        self.barrier_fields = []
        for barrier, label in Barrier.choices:
            name = f"barrier_{barrier}"
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=level_choices, coerce=int, empty_value=None, required=False
            )
            self.barrier_fields.append(name)

    def barrier_bound_fields(self):
        return [self[name] for name in self.barrier_fields]

    def occupations(self) -> list[str]:
        return sorted(
            {o.code for i in (1, 2, 3) if (o := self.cleaned_data.get(f"occupation_{i}"))}
        )

    def barriers(self) -> dict[str, int]:
        return {
            name.removeprefix("barrier_"): self.cleaned_data[name]
            for name in self.barrier_fields
            if self.cleaned_data.get(name)
        }


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "held_at", "summary"]
        widgets = {
            "held_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Nom, date de naissance (jj/mm/aaaa) ou téléphone", required=False, max_length=100
    )


RADIUS_CHOICES = [("", "Services ouverts aux habitants de sa commune")] + [
    (str(km), f"Services à moins de {km} km") for km in (5, 10, 20, 30, 50)
]


class SuggestionsForm(forms.Form):
    """What a counsellor adjusts on the suggestions page; every value stays in the URL."""

    rayon = forms.TypedChoiceField(
        label="Où chercher", choices=RADIUS_CHOICES, required=False, coerce=int, empty_value=None
    )
    thematiques = LenientMultipleChoiceField(
        label="Ajouter des besoins", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Categories are offered as boxes; a sub-thématique in a shared URL is kept too.
        self.fields["thematiques"].choices = [
            (t.value, t.label)
            for vocabulary in ("categories", "thematiques")
            for t in vocabularies.terms(vocabulary)
        ]

    def adjusted(self, criteria):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        criteria.radius_km = data.get("rayon")
        criteria.thematiques = list(
            dict.fromkeys(criteria.thematiques + (data.get("thematiques") or []))
        )
        return criteria
