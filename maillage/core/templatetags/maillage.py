from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``{{ counts|get:value }}``: a dictionary lookup by a variable key (0 when absent)."""
    if not mapping:
        return 0
    return mapping.get(key, 0)


@register.filter
def get_label(mapping, key):
    """``{{ labels|get_label:value }}``: the label of a value, or the value itself."""
    return (mapping or {}).get(key, key)


_VOWELS = set("AEIOUYÂÀÉÈÊËÎÏÔÛÙŒ")


@register.filter
def de(name: str) -> str:
    """``{{ commune.name|de }}``: "de Pau", "d'Orthez", "du Havre", "des Ulis"."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name[:1].upper() in _VOWELS:
        return f"d’{name}"
    return f"de {name}"
