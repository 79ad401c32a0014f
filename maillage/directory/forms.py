from django import forms

from maillage.directory.search import MAX_RADIUS_KM, SearchParams
from maillage.referentials import vocabularies
from maillage.territories.forms import CommuneField

RADIUS_CHOICES = [("", "Ouverts à ses habitants")] + [
    (str(km), f"À moins de {km} km") for km in (5, 10, 20, 30, 50)
]


def _choices(vocabulary: str):
    return [(t.value, t.label) for t in vocabularies.terms(vocabulary)]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Unknown values in a shared URL are dropped, not an error: a search never fails on them."""

    def clean(self, value):
        allowed = {str(k) for k, _ in self.choices}
        return [v for v in (value or []) if v in allowed]


class ServiceSearchForm(forms.Form):
    commune = CommuneField(label="Commune ou code postal", required=False)
    rayon = forms.TypedChoiceField(
        label="Périmètre", choices=RADIUS_CHOICES, required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(
        label="Que cherchez-vous ?",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "ex. garde d'enfants, permis, apprendre le français",
            }
        ),
    )
    thematiques = LenientMultipleChoiceField(
        label="Thématiques", required=False, widget=forms.CheckboxSelectMultiple
    )
    publics = LenientMultipleChoiceField(
        label="Publics", required=False, widget=forms.CheckboxSelectMultiple
    )
    types = LenientMultipleChoiceField(
        label="Types", required=False, widget=forms.CheckboxSelectMultiple
    )
    frais = LenientMultipleChoiceField(
        label="Frais", required=False, widget=forms.CheckboxSelectMultiple
    )
    modes_accueil = LenientMultipleChoiceField(
        label="Accueil", required=False, widget=forms.CheckboxSelectMultiple
    )
    orientation = forms.BooleanField(label="Reçoit des orientations par Maillage", required=False)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematiques"].choices = _choices("categories") + _choices("thematiques")
        self.fields["publics"].choices = _choices("publics")
        self.fields["types"].choices = _choices("types")
        self.fields["frais"].choices = _choices("frais")
        self.fields["modes_accueil"].choices = _choices("modes_accueil")

    def params(self) -> SearchParams:
        """The search this form asks for; fields with errors are left out, never fatal."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        radius = data.get("rayon")
        return SearchParams(
            commune=data.get("commune"),
            radius_km=min(radius, MAX_RADIUS_KM) if radius else None,
            thematiques=data.get("thematiques") or [],
            publics=data.get("publics") or [],
            types=data.get("types") or [],
            frais=data.get("frais") or [],
            modes_accueil=data.get("modes_accueil") or [],
            accepts_referrals=bool(data.get("orientation")),
            q=data.get("q") or "",
            page=data.get("page") or 1,
        )
