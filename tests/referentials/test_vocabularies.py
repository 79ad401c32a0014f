import pytest
from data_inclusion.schema import v1

from maillage.referentials import vocabularies
from maillage.referentials.models import VocabularyTerm


def test_vocabularies_come_from_the_official_package():
    assert len(vocabularies.terms("categories")) == 16
    assert len(vocabularies.terms("thematiques")) == 69
    assert len(vocabularies.terms("publics")) == 14
    assert {t.value for t in vocabularies.terms("frais")} == {f.value for f in v1.Frais}
    assert vocabularies.label("modes_accueil", "a-distance") == "À distance"


def test_every_thematique_belongs_to_a_known_category():
    categories = {t.value for t in vocabularies.terms("categories")}
    assert {t.parent for t in vocabularies.terms("thematiques")} == categories
    assert "logement-hebergement--reduire-les-impayes-de-loyer" in vocabularies.thematiques_of(
        "logement-hebergement"
    )


def test_an_unknown_value_is_shown_as_it_is():
    assert vocabularies.label("publics", "inconnu") == "inconnu"


@pytest.mark.django_db
def test_the_database_copy_matches_the_package():
    for name in vocabularies.VOCABULARIES:
        stored = dict(VocabularyTerm.objects.filter(vocabulary=name).values_list("value", "label"))
        assert stored == vocabularies.labels(name), name
