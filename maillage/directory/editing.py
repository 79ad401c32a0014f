"""Forms partners use to keep their directory entries, validated as data·inclusion."""

from __future__ import annotations

import re

from data_inclusion.schema import v1
from django import forms
from pydantic import ValidationError

from maillage.directory import opening_hours
from maillage.directory.enums import FranceTravailRule, FrenchLevel, ServiceStatus
from maillage.directory.errors import french_reason
from maillage.directory.models import Service, Structure
from maillage.referentials import vocabularies
from maillage.territories.forms import CommuneField
from maillage.territories.models import Commune, Departement, Epci


def _choices(vocabulary: str):
    return [(t.value, t.label) for t in vocabularies.terms(vocabulary)]


HOURS_HELP = (
    "Au format OpenStreetMap : les jours Mo (lundi), Tu, We, Th, Fr, Sa, Su (dimanche), les "
    "heures sur 24 h. Par exemple « Mo-Fr 09:00-12:00,14:00-17:00 ; Sa 09:00-12:00 » : du lundi "
    "au vendredi de 9 h à 12 h et de 14 h à 17 h, le samedi de 9 h à 12 h. L'aperçu les montre "
    "en français."
)


class MultipleChoice(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class StructureForm(forms.ModelForm):
    lieu = CommuneField(label="Commune", required=False)
    # "exemple.fr" typed without a scheme means https:// (Django 6's default, asked for now).
    site_web = forms.URLField(
        label="Site web", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Structure
        fields = [
            "nom",
            "description",
            "siret",
            "adresse",
            "complement_adresse",
            "telephone",
            "courriel",
            "site_web",
            "horaires_accueil",
        ]
        labels = {
            "nom": "Nom",
            "siret": "SIRET",
            "adresse": "Adresse",
            "complement_adresse": "Complément",
            "telephone": "Téléphone",
            "courriel": "Courriel",
            "site_web": "Site web",
            "horaires_accueil": "Horaires d'accueil",
        }
        help_texts = {"horaires_accueil": HOURS_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.code_insee:
            self.fields["lieu"].initial = Commune.objects.filter(
                code=self.instance.code_insee
            ).first()

    def clean_horaires_accueil(self):
        return _check_hours(self.cleaned_data["horaires_accueil"])

    def save(self, commit=True):
        structure = super().save(commit=False)
        _place(structure, self.cleaned_data.get("lieu"))
        if commit:
            structure.save()
        return structure


def _check_hours(value: str) -> str:
    value = (value or "").strip()
    if value and opening_hours.in_french(value) == [value]:
        raise forms.ValidationError(
            "Horaires illisibles. Écrivez les jours en abrégé anglais (Mo lundi, Tu mardi, We "
            "mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche) et les heures sur 24 h, "
            "par exemple « Mo-Fr 09:00-12:00,14:00-17:00 ; Sa 09:00-12:00 »."
        )
    return value


def _place(obj, commune: Commune | None) -> None:
    obj.code_insee = commune.code if commune else ""
    obj.commune = commune.name if commune else ""
    first = commune.postal_codes.order_by("code").first() if commune else None
    obj.code_postal = first.code if first else ""


ZONE_HELP = (
    "Où habitent les personnes qui peuvent en bénéficier : codes de communes (INSEE), "
    "d'intercommunalités (SIREN), de départements, ou « france », séparés par des virgules. "
    "Vide : la commune du service."
)


class ServiceForm(forms.ModelForm):
    lieu = CommuneField(label="Commune où le service a lieu", required=False)
    type = forms.ChoiceField(label="Type de service", required=False)
    thematiques = MultipleChoice(label="Thématiques")
    publics = MultipleChoice(label="Publics", required=False)
    frais = forms.ChoiceField(label="Frais", required=False)
    modes_accueil = MultipleChoice(label="Accueil", required=False)
    modes_mobilisation = MultipleChoice(label="Comment le mobiliser", required=False)
    mobilisable_par = MultipleChoice(label="Qui peut le mobiliser", required=False)
    zone = forms.CharField(
        label="Zone d'éligibilité", required=False, max_length=2000, help_text=ZONE_HELP
    )
    lien_mobilisation = forms.URLField(
        label="Lien pour s'inscrire", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Service
        fields = [
            "nom",
            "description",
            "conditions_acces",
            "frais_precisions",
            "publics_precisions",
            "adresse",
            "complement_adresse",
            "telephone",
            "courriel",
            "contact_nom_prenom",
            "lien_mobilisation",
            "mobilisation_precisions",
            "horaires_accueil",
            "nombre_semaines",
            "volume_horaire_hebdomadaire",
            # Maillage's own
            "status",
            "suspended_from",
            "suspended_until",
            "update_frequency_days",
            "min_age",
            "max_age",
            "french_level",
            "france_travail",
            "excludes_supported_elsewhere",
            "places_left",
            "next_start_date",
            "accepts_referrals",
            "referral_contact",
            "confidential_address",
        ]
        labels = {
            "nom": "Nom du service",
            "description": "Description",
            "conditions_acces": "Conditions d'accès",
            "frais_precisions": "Précisions sur les frais",
            "publics_precisions": "Précisions sur les publics",
            "adresse": "Adresse",
            "complement_adresse": "Complément d'adresse",
            "telephone": "Téléphone",
            "courriel": "Courriel",
            "contact_nom_prenom": "Personne à contacter",
            "lien_mobilisation": "Lien pour s'inscrire",
            "mobilisation_precisions": "Précisions",
            "horaires_accueil": "Horaires",
            "nombre_semaines": "Durée (semaines)",
            "volume_horaire_hebdomadaire": "Heures par semaine",
        }
        widgets = {
            "suspended_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "suspended_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["horaires_accueil"].help_text = HOURS_HELP
        self.fields["type"].choices = [("", "—"), *_choices("types")]
        self.fields["frais"].choices = [("", "—"), *_choices("frais")]
        self.fields["thematiques"].choices = _choices("thematiques")
        self.fields["publics"].choices = _choices("publics")
        self.fields["modes_accueil"].choices = _choices("modes_accueil")
        self.fields["modes_mobilisation"].choices = _choices("modes_mobilisation")
        self.fields["mobilisable_par"].choices = _choices("personnes_mobilisatrices")
        instance = self.instance
        for name in (
            "type",
            "frais",
            "thematiques",
            "publics",
            "modes_accueil",
            "modes_mobilisation",
            "mobilisable_par",
        ):
            self.fields[name].initial = getattr(instance, name)
        self.fields["zone"].initial = ", ".join(instance.zone_eligibilite or [])
        if instance.code_insee:
            self.fields["lieu"].initial = Commune.objects.filter(code=instance.code_insee).first()
        self.fields["status"].choices = ServiceStatus.choices
        self.fields["french_level"].choices = [("", "Aucun"), *FrenchLevel.choices]
        self.fields["france_travail"].choices = FranceTravailRule.choices

    def clean_horaires_accueil(self):
        return _check_hours(self.cleaned_data["horaires_accueil"])

    def clean_zone(self):
        codes = [c.strip() for c in re.split(r"[,;\s]+", self.cleaned_data["zone"]) if c.strip()]
        codes = ["france" if c.lower() == "france" else c.upper() for c in codes]
        known = (
            set(Commune.objects.filter(code__in=codes).values_list("code", flat=True))
            | set(Epci.objects.filter(code__in=codes).values_list("code", flat=True))
            | set(Departement.objects.filter(code__in=codes).values_list("code", flat=True))
            | {"france"}
        )
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                "Code inconnu : %(codes)s. Donnez des codes INSEE de communes, des SIREN "
                "d'intercommunalités, des numéros de départements ou « france ».",
                params={"codes": ", ".join(unknown)},
            )
        return list(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("min_age")
            and cleaned.get("max_age")
            and cleaned["min_age"] > cleaned["max_age"]
        ):
            self.add_error("max_age", "L'âge maximum doit être supérieur à l'âge minimum.")
        if cleaned.get("status") == ServiceStatus.SUSPENDED:
            start, end = cleaned.get("suspended_from"), cleaned.get("suspended_until")
            if not start or not end:
                self.add_error(
                    "suspended_until", "Donnez les dates de début et de fin de la suspension."
                )
            elif start > end:
                self.add_error("suspended_until", "La fin de la suspension doit suivre son début.")
        if "tous-publics" in (cleaned.get("publics") or []) and len(cleaned["publics"]) > 1:
            self.add_error("publics", "« Tous publics » ne se combine pas avec d'autres publics.")
        return cleaned

    def save(self, commit=True):
        service = super().save(commit=False)
        for name in (
            "type",
            "frais",
            "thematiques",
            "publics",
            "modes_accueil",
            "modes_mobilisation",
            "mobilisable_par",
        ):
            setattr(
                service,
                name,
                self.cleaned_data.get(name) or ([] if name not in ("type", "frais") else ""),
            )
        service.zone_eligibilite = self.cleaned_data.get("zone") or []
        _place(service, self.cleaned_data.get("lieu"))
        if commit:
            service.save()
        return service


def dataincl_problems(service: Service) -> list[tuple[str, str]]:
    """What the official data·inclusion model says of this service: (field, French reason)."""
    from maillage.directory.dataincl import service_record

    try:
        v1.Service.model_validate(service_record(service, public=False))
    except ValidationError as error:
        return [(str(e["loc"][0]) if e["loc"] else "", french_reason(e)) for e in error.errors()]
    return []
