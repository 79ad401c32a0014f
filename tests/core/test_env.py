import pytest
from django.core.exceptions import ImproperlyConfigured

from maillage.core.env import env_bool, env_choice, env_int, env_list, env_str


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for text, expected in [
        ("1", True),
        ("oui", True),
        ("TRUE", True),
        ("0", False),
        ("off", False),
    ]:
        monkeypatch.setenv("X_FLAG", text)
        assert env_bool("X_FLAG", not expected) is expected
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "")
    assert env_bool("X_FLAG", True) is True


def test_a_malformed_value_stops_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("X_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='peut-être' n'est pas un booléen"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_PORT", "vingt-cinq")
    with pytest.raises(
        ImproperlyConfigured, match="X_PORT='vingt-cinq' n'est pas un nombre entier"
    ):
        env_int("X_PORT", 25)
    monkeypatch.setenv("X_PORT", "-1")
    with pytest.raises(ImproperlyConfigured, match="supérieur ou égal à 0"):
        env_int("X_PORT", 25, minimum=0)
    monkeypatch.setenv("X_MODE", "rapide")
    with pytest.raises(ImproperlyConfigured, match="n'est pas une valeur permise"):
        env_choice("X_MODE", "lent", {"lent", "moyen"})


def test_required_strings_and_lists(monkeypatch):
    monkeypatch.delenv("X_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_NAME est obligatoire"):
        env_str("X_NAME")
    assert env_str("X_NAME", "défaut") == "défaut"
    monkeypatch.setenv("X_HOSTS", " a.example , ,b.example")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]
