"""Text normalisation shared by every lookup on French names."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+", re.ASCII)
# What people type for the saints of French place names.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalize(text: str) -> str:
    """Lower case, no accents, every run of punctuation or spaces turned into one space.

    >>> normalize("L'Haÿ-les-Roses")
    'l hay les roses'
    >>> normalize("  ST-Étienne ")
    'saint etienne'
    """
    # NFKD also folds full-width and other compatibility characters to their plain form.
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


# The largest identifier a database column can hold (a bigger number makes the driver fail).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """An identifier from a URL or a form, or None: "12" → 12; "", "²", "-1", "9" * 30 → None.

    ``str.isdigit`` accepts "²", which ``int()`` refuses: only ASCII digits pass here."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdecimal()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
