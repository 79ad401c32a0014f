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
