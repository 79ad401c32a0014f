"""Words for the simple text search (the SQLite path): normalized, crudely stemmed French."""

import functools

from maillage.core.text import normalize

# Words that carry no meaning for a search.
STOP_WORDS = {
    "a",
    "au",
    "aux",
    "avec",
    "ce",
    "ces",
    "d",
    "dans",
    "de",
    "des",
    "du",
    "en",
    "et",
    "je",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "mon",
    "ma",
    "mes",
    "ne",
    "on",
    "ou",
    "par",
    "pas",
    "pour",
    "qu",
    "que",
    "qui",
    "sa",
    "se",
    "ses",
    "son",
    "sur",
    "un",
    "une",
    "vos",
    "votre",
    "nous",
}


def stem(word: str) -> str:
    """Drop plural and a few common endings so "métiers" finds "métier", "formations" finds
    "formation", "créer" finds "création"… A crude light stemmer, not Snowball."""
    for ending in (
        "ations",
        "ation",
        "ements",
        "ement",
        "euses",
        "euse",
        "eurs",
        "eur",
        "ives",
        "ive",
        "ifs",
        "if",
        "er",
        "es",
        "s",
        "x",
        "e",
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    # normalize() works word by word (spaces stay separators), so the words of a text are those
    # of its space-separated parts, and a directory repeats its parts a lot: an import of 100,000
    # services spent a fifth of its time here before the cache.
    return [word for part in text.split() for word in _part_words(part)]


@functools.lru_cache(maxsize=50_000)
def _part_words(part: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in normalize(part).split() if w not in STOP_WORDS)


def search_text(*parts: str) -> str:
    """The indexed text: every stemmed word, with spaces around so ' word' matches a prefix."""
    return " " + " ".join(w for part in parts for w in words(part)) + " "
