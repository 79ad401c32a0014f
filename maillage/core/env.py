"""Typed readers of environment variables that fail loudly on a bad value.

A setting that is misspelt or malformed must stop the process at start-up with a message naming
the variable, never fall back silently to a default (after healthchecks' hc/settings.py).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non"}
_MISSING = object()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | object | None = _MISSING) -> str | None:
    value = _raw(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire.")
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if not value:  # unset or empty: the default, never a silent "false"
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} n'est pas un booléen : utilisez 1/0, true/false, yes/no ou on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} n'est pas un nombre entier.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} doit être supérieur ou égal à {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = _raw(name) or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} n'est pas une valeur permise ({', '.join(sorted(choices))})."
        )
    return value
