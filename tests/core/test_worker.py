"""A server process loads every view before its first request and keeps that out of the garbage
collector's full passes (maillage.core.worker, called by wsgi.py and asgi.py)."""

import gc
import importlib
import sys

from data_inclusion.schema import v1


def test_the_loaded_code_is_frozen_out_of_collections():
    sys.modules.pop("maillage.wsgi", None)
    try:
        wsgi = importlib.import_module("maillage.wsgi")
        assert callable(wsgi.application)
        assert "maillage.api.directory" in sys.modules  # the URLconf was loaded with its views
        assert gc.get_freeze_count() > 0
        # A model class loaded before is not in the generations a collection walks.
        assert all(obj is not v1.Service for obj in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(obj is v1.Service for obj in gc.get_objects())
