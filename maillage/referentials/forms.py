"""Form fields on the referentials: an occupation (ROME) typed as a label or a code."""

from django import forms
from django.urls import reverse_lazy

from maillage.core.text import normalize
from maillage.referentials.models import Occupation


def occupation_label(occupation: Occupation) -> str:
    return f"{occupation.code} {occupation.label}"


class OccupationAutocompleteWidget(forms.TextInput):
    """Suggests ROME occupations as one types (htmx fills a <datalist>); a plain text input
    without JavaScript, resolved on the server."""

    template_name = "referentials/widgets/occupation_autocomplete.html"
    suggestions_url = reverse_lazy("referentials:occupation_suggestions")

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions_url"] = str(self.suggestions_url)
        return context

    def format_value(self, value):
        if isinstance(value, Occupation):
            return occupation_label(value)
        return super().format_value(value)


class OccupationField(forms.Field):
    """An occupation typed as "M1607", "M1607 Secrétariat", or words of its label."""

    widget = OccupationAutocompleteWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Un métier ou un code ROME, par exemple « cariste ».")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, Occupation):
            return value
        text = (value or "").strip()[:200]
        if not text:
            return None
        code = text.split()[0].upper()
        found = Occupation.objects.filter(code=code).first()
        if found is not None:
            return found
        candidates = list(Occupation.objects.search_with_job_titles(text).order_by("label")[:6])
        exact = [o for o in candidates if o.search_label == normalize(text)]
        if len(candidates) == 1 or len(exact) == 1:
            return (exact or candidates)[0]
        if not candidates:
            raise forms.ValidationError(
                "Aucun métier ne correspond à « %(text)s ». Essayez un autre mot.",
                params={"text": text},
            )
        shown = ", ".join(occupation_label(o) for o in candidates[:5])
        raise forms.ValidationError(
            "Plusieurs métiers correspondent à « %(text)s » : %(shown)s… Choisissez-en un dans "
            "la liste ou tapez son code.",
            params={"text": text, "shown": shown},
        )
