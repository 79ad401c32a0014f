"""Fixed-window rate limits, counted in the database so every worker process shares them.

The increment is one ``UPDATE … SET count = count + 1``: atomic on SQLite and PostgreSQL, so
concurrent requests cannot lose counts (a cache's get-then-set could).
"""

from __future__ import annotations

import hashlib
import time

from django.db import IntegrityError, transaction
from django.db.models import F

from maillage.core.models import RateLimitCounter


def _key(scope: str, key: str, window_seconds: int) -> tuple[str, int]:
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:40]
    return f"{scope}:{digest}", window


def count(scope: str, key: str, *, window_seconds: int) -> int:
    name, window = _key(scope, key, window_seconds)
    row = RateLimitCounter.objects.filter(key=name, window=window).values_list("count", flat=True)
    return row.first() or 0


def exceeded(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Whether ``limit`` attempts were already counted in the current window."""
    return count(scope, key, window_seconds=window_seconds) >= limit


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once more than ``limit`` were made in the current window."""
    name, window = _key(scope, key, window_seconds)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(key=name, window=window).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=name, window=window, count=1)
            except IntegrityError:  # another request created it first
                RateLimitCounter.objects.filter(key=name, window=window).update(
                    count=F("count") + 1
                )
            # Old windows of this key are of no use any more.
            RateLimitCounter.objects.filter(key=name, window__lt=window).delete()
    return count(scope, key, window_seconds=window_seconds) <= limit
