from django import forms
from django.urls import reverse_lazy

from maillage.territories.lookups import (
    AmbiguousCommune,
    CommuneNotFound,
    commune_label,
    resolve_commune,
    search_communes,
)
from maillage.territories.models import Commune


class CommuneAutocompleteWidget(forms.TextInput):
    """A text input that suggests communes as one types (htmx fills a <datalist>).

    Without JavaScript it is a plain text input: the form is submitted and CommuneField resolves
    the text, or answers at the field with the candidates to choose from.
    """

    template_name = "territories/widgets/commune_autocomplete.html"
    suggestions_url = reverse_lazy("territories:commune_suggestions")

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "inputmode": "search", **(attrs or {})}
        )
        self.resolved: tuple[str, Commune | None] = ("", None)  # set by CommuneField
        self.candidates: list[Commune] = []  # the namesakes of an ambiguous text, idem

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions_url"] = str(self.suggestions_url)
        # A typed value comes back with its suggestions already in the <datalist>: the browser
        # offers them natively, so choosing among namesakes works without JavaScript too.
        text = value.strip() if isinstance(value, str) else ""
        resolved_text, commune = self.resolved
        if text and text == resolved_text:  # the field found the commune meant: it alone
            context["widget"]["options"] = [(commune_label(commune), commune)]
        else:
            context["widget"]["options"] = (
                [(commune_label(c), c) for c in search_communes(text, limit=10)] if text else []
            )
        return context

    def format_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        return super().format_value(value)


class CommuneField(forms.Field):
    """A commune typed as text (name, postcode, INSEE code), cleaned to a Commune."""

    widget = CommuneAutocompleteWidget
    max_length = 120
    default_error_messages = {
        "not_found": "Aucune commune ne correspond à « %(text)s ». Vérifiez l'orthographe ou "
        "saisissez le code postal.",
        "ambiguous": "Plusieurs communes correspondent à « %(text)s » : %(candidates)s. "
        "Choisissez-en une dans la liste proposée ou ajoutez le code postal, par exemple "
        "« %(example)s ».",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Nom ou code postal, par exemple « Mourenx » ou « 64150 ».")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value):
        if isinstance(value, Commune):
            return value
        text = (value or "").strip()[: self.max_length]
        if not text:
            return None
        try:
            commune = resolve_commune(text)
        except AmbiguousCommune as error:
            labels = [commune_label(c) for c in error.candidates]
            shown = ", ".join(labels[:5]) + (f" et {len(labels) - 5} autre(s)" * (len(labels) > 5))
            if isinstance(self.widget, CommuneAutocompleteWidget):
                self.widget.candidates = error.candidates
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"text": text, "candidates": shown, "example": labels[0]},
            ) from None
        except CommuneNotFound:
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text}
            ) from None
        if isinstance(self.widget, CommuneAutocompleteWidget):
            self.widget.resolved = (text, commune)
        return commune


class CommuneSearchForm(forms.Form):
    q = forms.CharField(
        label="Commune ou code postal",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": "ex. Mourenx, 86000"}
        ),
    )


class DistanceForm(forms.Form):
    origin = CommuneField(label="Commune de départ")
    destination = CommuneField(label="Commune d'arrivée")
