from django import forms

from maillage.directory.forms import LenientMultipleChoiceField
from maillage.referentials import vocabularies

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
