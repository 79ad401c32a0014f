"""The data·inclusion v1 vocabularies, read from the official package (never re-typed).

``data-inclusion-schema`` ships each vocabulary as an enum whose members carry a value, a French
label and sometimes a description. A thématique's value is ``<catégorie>--<sous-thématique>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from data_inclusion.schema import v1

# Our name for each vocabulary -> the package's enum.
VOCABULARIES = {
    "categories": v1.Categorie,
    "thematiques": v1.Thematique,
    "publics": v1.Public,
    "types": v1.TypeService,
    "frais": v1.Frais,
    "modes_accueil": v1.ModeAccueil,
    "modes_mobilisation": v1.ModeMobilisation,
    "personnes_mobilisatrices": v1.PersonneMobilisatrice,
    "reseaux_porteurs": v1.ReseauPorteur,
}

VOCABULARY_LABELS = {
    "categories": "Catégories de thématiques",
    "thematiques": "Thématiques",
    "publics": "Publics",
    "types": "Types de service",
    "frais": "Frais",
    "modes_accueil": "Modes d'accueil",
    "modes_mobilisation": "Modes de mobilisation",
    "personnes_mobilisatrices": "Personnes mobilisatrices",
    "reseaux_porteurs": "Réseaux porteurs",
}


@dataclass(frozen=True)
class Term:
    vocabulary: str
    value: str
    label: str
    description: str
    # For a thématique, the value of its catégorie; empty otherwise.
    parent: str = ""


@cache
def terms(vocabulary: str) -> tuple[Term, ...]:
    enum = VOCABULARIES[vocabulary]
    return tuple(
        Term(
            vocabulary=vocabulary,
            value=member.value,
            label=member._label,
            description=member._description or "",
            parent=member.value.split("--", 1)[0] if vocabulary == "thematiques" else "",
        )
        for member in enum
    )


@cache
def labels(vocabulary: str) -> Mapping[str, str]:
    """Value -> French label, built once (read-only: every caller shares it)."""
    return MappingProxyType({term.value: term.label for term in terms(vocabulary)})


def label(vocabulary: str, value: str) -> str:
    """The French label of a value, or the value itself if the vocabulary does not know it."""
    return labels(vocabulary).get(value, value)


def category_of(thematique: str) -> str:
    """The catégorie of a sub-thématique value ("mobilite--preparer-un-permis": "mobilite");
    a catégorie is its own."""
    return thematique.split("--")[0]


def thematiques_of(category: str) -> list[str]:
    """Every sub-thématique value of a catégorie."""
    return [t.value for t in terms("thematiques") if t.parent == category]
