"""What a server process does once Django is set up, before its first request."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def prepare() -> None:
    """Import every view and API schema now, and keep what is loaded out of the garbage
    collector's full passes.

    The pydantic models loaded (the data·inclusion schema, the API's schemas) make a full
    collection of a worker's objects cost about 70 ms; one search in a few hundred paid it
    (docs/benchmarks.md, issue 4). gc.freeze() puts what exists now in a generation that is
    never collected; what requests create is collected as usual.
    """
    get_resolver().url_patterns  # noqa: B018 (imports the URLconf, hence every view)
    gc.collect()
    gc.freeze()
