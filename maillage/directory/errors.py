"""Pydantic's validation errors, said in French for the import reports."""

FRENCH = {
    "missing": "champ obligatoire manquant",
    "string_pattern_mismatch": "format invalide",
    "string_too_short": "texte trop court",
    "string_too_long": "texte trop long",
    "string_type": "texte attendu",
    "date_parsing": "date invalide (AAAA-MM-JJ attendu)",
    "date_from_datetime_parsing": "date invalide (AAAA-MM-JJ attendu)",
    "date_type": "date invalide (AAAA-MM-JJ attendu)",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "url_parsing": "adresse web invalide",
    "url_scheme": "adresse web invalide (http ou https attendu)",
    "url_type": "adresse web invalide",
    "list_type": "liste attendue",
    "set_type": "liste attendue",
    "literal_error": "valeur non permise",
    "extra_forbidden": "champ inconnu",
}


def french_reason(problem: dict) -> str:
    kind = problem.get("type", "")
    value = problem.get("input")
    if kind == "enum":
        expected = problem.get("ctx", {}).get("expected", "")
        return f"valeur inconnue : « {value} »" + (f" (attendu : {expected})" if expected else "")
    if kind == "value_error" and "email" in problem.get("msg", ""):
        return f"adresse électronique invalide : « {value} »"
    if kind in FRENCH:
        shown = (
            f" : « {value} »" if isinstance(value, str | int | float) and kind != "missing" else ""
        )
        return FRENCH[kind] + shown
    return problem.get("msg", "valeur invalide")
