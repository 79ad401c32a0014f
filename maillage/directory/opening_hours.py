"""OpenStreetMap opening hours ("Mo-Fr 09:00-12:00,14:00-17:00"), said in French.

The common forms are read (days, day ranges, time ranges, "off", "24/7", "PH off"); anything
else is shown as it was written, never mangled.
"""

import re

DAYS = {
    "Mo": "lundi",
    "Tu": "mardi",
    "We": "mercredi",
    "Th": "jeudi",
    "Fr": "vendredi",
    "Sa": "samedi",
    "Su": "dimanche",
    "PH": "jours fériés",
}
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
_RULE = re.compile(
    rf"^(?P<days>{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*)\s+"
    r"(?P<times>off|closed|\d{1,2}:\d{2}-\d{1,2}:\d{2}(?:,\d{1,2}:\d{2}-\d{1,2}:\d{2})*)$"
)


def _hour(text: str) -> str:
    hours, minutes = text.split(":")
    return f"{int(hours)} h" + (f" {minutes}" if minutes != "00" else "")


def _days(text: str) -> str:
    parts = []
    for part in text.split(","):
        if "-" in part:
            start, end = part.split("-")
            parts.append(f"du {DAYS[start]} au {DAYS[end]}")
        else:
            parts.append(f"le {DAYS[part]}" if part != "PH" else "les jours fériés")
    return ", ".join(parts)


def _times(text: str) -> str:
    if text in ("off", "closed"):
        return "fermé"
    ranges = [f"de {_hour(a)} à {_hour(b)}" for a, b in (r.split("-") for r in text.split(","))]
    return " et ".join(ranges)


def in_french(value: str) -> list[str]:
    """One French sentence per rule; the raw text if it cannot be read."""
    value = (value or "").strip()
    if not value:
        return []
    if value == "24/7":
        return ["Tous les jours, 24 heures sur 24"]
    sentences = []
    for rule in (r.strip() for r in value.split(";") if r.strip()):
        match = _RULE.match(rule)
        if not match:
            return [value]
        sentence = f"{_days(match['days'])} : {_times(match['times'])}"
        sentences.append(sentence[0].upper() + sentence[1:])
    return sentences
