"""The front door: the person, what they agreed to, and what stands in their way.

Who may read any of this is decided in accounts.permissions (``can_view_person``); each read of a
person's file is written to the audit log by the view that shows it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.core.text import normalize
from maillage.directory.enums import FrenchLevel
from maillage.intake.enums import (
    Barrier,
    BarrierLevel,
    ConsentMethod,
    ConsentPurpose,
    IncomeSupport,
    MeetingKind,
    PreferredChannel,
)
from maillage.outreach.enums import LeadChannel


def phone_digits(phone: str) -> str:
    """The last nine digits: 06 12 34 56 78, +33 6 12 34 56 78 and 0612345678 are one number."""
    digits = "".join(c for c in phone if c.isdigit())
    return digits[-9:] if len(digits) >= 9 else digits


class PersonQuerySet(models.QuerySet):
    def find(self, text: str):
        """By name (any order, accents ignored), birth date (dd/mm/yyyy) or phone."""
        text = text.strip()
        if not text:
            return self.none()
        digits = phone_digits(text)
        query = models.Q()
        if len(digits) >= 9 and not any(c.isalpha() for c in text):
            query |= models.Q(phone_key=digits)
        try:
            day, month, year = (int(p) for p in text.replace("-", "/").split("/"))
            query |= models.Q(birth_date=date(year, month, day))
        except (ValueError, TypeError, OverflowError):
            pass
        words = normalize(text).split()
        if words:
            by_name = models.Q()
            for word in words:
                by_name &= models.Q(name_key__contains=word)
            query |= by_name
        return self.filter(query)


class Person(models.Model):
    """Someone the network serves. Minimum identity; everything else optional."""

    network = models.ForeignKey("accounts.Network", on_delete=models.PROTECT, related_name="+")
    # The organisation that holds the file; its professionals may read it.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="structure qui suit la personne",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    preferred_channel = models.CharField(
        "préfère être contactée par",
        max_length=10,
        choices=PreferredChannel.choices,
        default=PreferredChannel.PHONE,
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    # Derived from the commune when saved (the QPV at commune level: the address decides).
    commune_has_qpv = models.BooleanField("commune avec un QPV", default=False, editable=False)
    commune_frr = models.CharField(
        "classement FRR de la commune", max_length=40, blank=True, editable=False
    )
    languages = models.CharField(
        "langues parlées", max_length=200, blank=True, help_text="Par exemple : arabe, espagnol."
    )
    french_level = models.CharField(
        "niveau de français", max_length=2, choices=FrenchLevel.choices, blank=True
    )
    registered_france_travail = models.BooleanField(
        "inscrite à France Travail", null=True, blank=True
    )
    already_supported = models.BooleanField(
        "déjà accompagnée par une autre structure", default=False
    )
    supported_by = models.CharField("par quelle structure", max_length=200, blank=True)
    rqth = models.BooleanField("RQTH (travailleur handicapé)", default=False)
    income_support = models.JSONField("minima sociaux, allocations", default=list, blank=True)

    # Where the person came from: copied from the lead, kept for every later step.
    origin_lead = models.ForeignKey(
        "outreach.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    origin_channel = models.CharField(
        "arrivée par", max_length=20, choices=LeadChannel.choices, default=LeadChannel.FRONT_DESK
    )
    origin_referrer = models.ForeignKey(
        "outreach.Referrer", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    origin_action = models.ForeignKey(
        "outreach.OutreachAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )

    name_key = models.CharField(max_length=210, editable=False, db_index=True)
    phone_key = models.CharField(max_length=9, editable=False, blank=True, db_index=True)
    created_at = models.DateTimeField("dossier ouvert le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_contact_at = models.DateTimeField("dernier contact", default=timezone.now)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.name_key = normalize(f"{self.first_name} {self.last_name}")
        self.phone_key = phone_digits(self.phone)
        if self.commune_id:
            self.commune_has_qpv = self.commune.qpvs.exists()
            self.commune_frr = self.commune.frr or ""
        super().save(*args, **kwargs)

    @property
    def audit_label(self) -> str:
        """How the audit log names it: by number, never by the person's name."""
        return f"Dossier n° {self.pk}"

    def age(self, on: date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        on = on or timezone.localdate()
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - before_birthday

    def income_support_labels(self) -> list[str]:
        labels = dict(IncomeSupport.choices)
        return [labels.get(v, v) for v in self.income_support]

    def possible_duplicates(self, own_organisations=()):
        """People of the same network who may be this person: in the user's own organisations,
        the same name (birth date unknown or equal) or the same phone; in another organisation,
        only the same name and the same birth date (a phone alone must not tell a counsellor
        which structure follows someone)."""
        others = Person.objects.filter(network_id=self.network_id).exclude(pk=self.pk)
        same_name = models.Q(name_key=normalize(f"{self.first_name} {self.last_name}"))
        own = models.Q(organisation__in=list(own_organisations))
        mine = same_name
        if self.birth_date:
            mine &= models.Q(birth_date=self.birth_date) | models.Q(birth_date=None)
        if phone_digits(self.phone):
            mine |= models.Q(phone_key=phone_digits(self.phone))
        query = own & mine
        if self.birth_date:
            query |= ~own & same_name & models.Q(birth_date=self.birth_date)
        return others.filter(query)


class ConsentQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at=None)


class Consent(models.Model):
    """What the person agreed to, given to whom and when. Withdrawing it stops sharing from then
    on; nothing is deleted (the record shows what was allowed at each moment)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purposes = models.JSONField("finalités", default=list)
    # Partners the person agreed their situation may be shared with, to orient them.
    all_network_partners = models.BooleanField("tous les partenaires du réseau", default=False)
    shared_with = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name="partenaires choisis"
    )
    method = models.CharField(
        "recueilli", max_length=10, choices=ConsentMethod.choices, default=ConsentMethod.ORAL
    )
    given_at = models.DateTimeField("donné le", default=timezone.now)
    given_to = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "consentement"
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"Consentement de {self.person} du {self.given_at:%d/%m/%Y}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    def purpose_labels(self) -> list[str]:
        labels = dict(ConsentPurpose.choices)
        return [labels.get(v, v) for v in self.purposes]

    def covers(self, organisation) -> bool:
        """Whether this consent, now, lets the person's situation go to ``organisation``."""
        if not self.in_force or ConsentPurpose.SHARING not in self.purposes:
            return False
        if self.all_network_partners:
            return organisation.networks.filter(pk=self.person.network_id).exists()
        return self.shared_with.filter(pk=organisation.pk).exists()


class NeedsAssessment(models.Model):
    """The diagnostic: barriers with their level, needs as data·inclusion thématiques, occupations
    of interest (ROME). Notes are for the author's organisation only."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField("fait le", default=timezone.now)
    # {"mobilite": 3, "logement": 2}: barrier → BarrierLevel
    barriers = models.JSONField("freins", default=dict, blank=True)
    needs = models.JSONField("besoins (thématiques)", default=list, blank=True)
    occupations = models.ManyToManyField(
        "referentials.Occupation", blank=True, related_name="+", verbose_name="métiers envisagés"
    )
    notes = models.TextField("notes (visibles par votre structure seulement)", blank=True)

    class Meta:
        verbose_name = "diagnostic"
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"Diagnostic de {self.person} du {self.made_at:%d/%m/%Y}"

    def barrier_items(self) -> list[tuple[str, str, int]]:
        """(code, label, level) in the order of the list, most severe barriers kept visible."""
        labels = dict(Barrier.choices)
        levels = dict(BarrierLevel.choices)
        return [
            (code, labels[code], levels.get(int(level), ""))
            for code, level in sorted(self.barriers.items(), key=lambda i: -int(i[1]))
            if code in labels
        ]


class Meeting(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("type", max_length=20, choices=MeetingKind.choices)
    held_at = models.DateTimeField("le", default=timezone.now)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.TextField("compte rendu", blank=True, max_length=4000)

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.held_at:%d/%m/%Y}"
