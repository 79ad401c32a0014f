from django.core.exceptions import ValidationError

# La Poste's establishments share one SIREN whose SIRETs do not follow the Luhn rule.
LA_POSTE_SIREN = "356000000"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET: 14 digits whose SIREN (first 9) and whole number pass the Luhn check."""
    digits = value.replace(" ", "")
    if len(digits) != 14 or not digits.isdigit():
        raise ValidationError(
            "Un numéro SIRET compte 14 chiffres (vous en avez saisi %(count)s).",
            code="siret_length",
            params={"count": sum(c.isdigit() for c in digits)},
        )
    if _luhn_ok(digits[:9]) and _luhn_ok(digits):
        return
    if digits.startswith(LA_POSTE_SIREN) and sum(int(c) for c in digits) % 5 == 0:
        return
    raise ValidationError(
        "Ce numéro SIRET n'existe pas : vérifiez-le sur l'avis de situation SIRENE ou un "
        "document officiel de la structure.",
        code="siret_checksum",
    )
