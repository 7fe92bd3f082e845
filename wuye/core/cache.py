"""Revisioned caching of reference data read on every request (policy profiles, catalogs).

Each family of data has a revision token in Django's cache (Redis in production, shared by all
processes; local memory in the embedded default). Every write bumps the token, so all cached
entries of that family are dropped at once; nothing is ever served past a change.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

TTL = 3600


def revision(family: str) -> str:
    key = f"wuye:rev:{family}"
    rev = cache.get(key)
    if rev is None:
        rev = uuid.uuid4().hex
        cache.add(key, rev, None)
        rev = cache.get(key) or rev
    return rev


def bump(family: str) -> None:
    """Drop a family's cached entries: now (reads later in this transaction see the change) and
    again on commit (another process may have cached the old rows in between)."""
    from django.db import transaction

    cache.set(f"wuye:rev:{family}", uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(f"wuye:rev:{family}", uuid.uuid4().hex, None))


# This process's own copies, so a hit costs no unpickling; keyed by revision like the shared cache.
_LOCAL: dict[str, Any] = {}
_LOCAL_MAX = 2048


def cached(family: str, key: str, compute: Callable[[], Any]) -> Any:
    full = f"wuye:{family}:{revision(family)}:{key}"
    value = _LOCAL.get(full)
    if value is not None:
        return value
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, TTL)
    if len(_LOCAL) >= _LOCAL_MAX:
        _LOCAL.clear()
    _LOCAL[full] = value
    return value
