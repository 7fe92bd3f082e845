"""Revisioned caching of reference data read on every request (policy profiles, catalogs).

Each family of data has a revision token in Django's cache (Redis in production, shared by all
processes; local memory in the embedded default). Every write bumps the token, so all cached
entries of that family are dropped at once; nothing is ever served past a change.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

TTL = 3600

# Within one request every family's revision is read once, all families in one round trip
# (``cache.get_many``: one Redis call instead of one per cached read). A change made by this
# request updates the snapshot; a change by another process is seen from the next request on.
_request = threading.local()


def request_begin(**kwargs) -> None:
    _request.revisions = {}


def request_end(**kwargs) -> None:
    _request.revisions = None


def _key(family: str) -> str:
    return f"wuye:rev:{family}"


def revision(family: str) -> str:
    snapshot = getattr(_request, "revisions", None)
    if snapshot is not None:
        rev = snapshot.get(family)
        if rev is not None:
            return rev
        if not snapshot:
            families = {family, *(f for fs in _WATCHED.values() for f in fs)}
            found = cache.get_many([_key(f) for f in families])
            snapshot.update({f: found[_key(f)] for f in families if _key(f) in found})
            rev = snapshot.get(family)
            if rev is not None:
                return rev
    key = _key(family)
    rev = cache.get(key)
    if rev is None:
        rev = uuid.uuid4().hex
        cache.add(key, rev, None)
        rev = cache.get(key) or rev
    if snapshot is not None:
        snapshot[family] = rev
    return rev


def bump(family: str) -> None:
    """Drop a family's cached entries: now (reads later in this transaction see the change) and
    again on commit (another process may have cached the old rows in between)."""
    from django.db import transaction

    def renew():
        rev = uuid.uuid4().hex
        cache.set(_key(family), rev, None)
        snapshot = getattr(_request, "revisions", None)
        if snapshot is not None:
            snapshot[family] = rev

    renew()
    transaction.on_commit(renew)


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


# ---------------------------------------------------------------- families that follow a model

# model label -> families whose cached entries are built from that model's rows.
_WATCHED: dict[str, set[str]] = {}


def watch(family: str, *models) -> None:
    """Drop ``family`` whenever a row of one of ``models`` is saved or deleted.

    ``save()``/``delete()`` announce themselves through Django's model signals; the bulk paths that
    bypass them (``wuye.core.bulk``, ``QuerySet.bulk_create``/``update``) call ``bump_for(model)``.
    """
    from django.db.models.signals import post_delete, post_save

    def changed(**kwargs):
        bump(family)

    for model in models:
        _WATCHED.setdefault(model._meta.label_lower, set()).add(family)
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-{family}-{model._meta.label_lower}")
        post_delete.connect(changed, sender=model, weak=False,
                            dispatch_uid=f"cache-del-{family}-{model._meta.label_lower}")


def bump_for(model) -> None:
    """Drop every family built from ``model`` (after a write that sent no model signal)."""
    for family in _WATCHED.get(model._meta.label_lower, ()):
        bump(family)
