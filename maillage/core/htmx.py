def wants_fragment(request) -> bool:
    """htmx asks for the part of the page it will swap; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
