"""Revisioned caching of reference data read on every request (policy profiles, catalogs).

Each family of data has a revision, shared by all processes: on PostgreSQL a sequence per family
(``FAMILIES``; core migration 0002), elsewhere a token in Django's cache (local memory in the
single-process embedded default). Every write bumps the revision, so all cached entries of that
family are dropped at once; nothing is ever served past a change.

On PostgreSQL a token-authenticated API request reads every revision in the same query as its
token (``wuye.core.api.authentication``): the hot API paths, intake first, then make no cache
round trip at all for them. Sequences, like the cache, are not transactional: a bump is seen by
every process at once and is not undone by a rollback.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection

TTL = 3600

# The families kept in PostgreSQL sequences. A new family needs its sequence in a migration
# (a test checks every family in use has one); until then it falls back to the cache.
FAMILIES = ("address", "calendar", "catalog", "departments", "policy", "roles")

# Within one request every family's revision is read once, all families in one round trip (one
# query, or one ``cache.get_many``, instead of one per cached read; none at all for a token
# request on PostgreSQL). A change made by this request updates the snapshot; a change by
# another process is seen from the next request on.
_request = threading.local()


def request_begin(**kwargs) -> None:
    _request.revisions = {}


def request_end(**kwargs) -> None:
    _request.revisions = None


def _key(family: str) -> str:
    return f"wuye:rev:{family}"


def _sequence(family: str) -> str:
    return f"wuye_cache_rev_{family}"


def _value_sql(family: str) -> str:
    # A new sequence reads 1 both before and after its first nextval(): count that one too.
    return f"(SELECT last_value + is_called::int FROM {_sequence(family)})"


def _in_database(family: str) -> bool:
    return family in FAMILIES and connection.vendor == "postgresql"


def revisions_sql() -> str | None:
    """One SQL expression giving every family's revision, comma-separated in ``FAMILIES`` order;
    None where revisions are not in the database."""
    if connection.vendor != "postgresql":
        return None
    return "concat_ws(',', " + ", ".join(_value_sql(f) for f in FAMILIES) + ")"


def seed_revisions(values: str) -> None:
    """The request's snapshot from ``revisions_sql()``'s value, read along with something else."""
    snapshot = getattr(_request, "revisions", None)
    if snapshot == {} and values:
        snapshot.update(zip(FAMILIES, values.split(","), strict=True))


def _read_all(family: str) -> dict[str, str]:
    """Every family's revision, in one round trip."""
    families = {family, *(f for fs in _WATCHED.values() for f in fs)}
    found: dict[str, str] = {}
    sql = revisions_sql()
    if sql is not None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sql}")
            found.update(zip(FAMILIES, cursor.fetchone()[0].split(","), strict=True))
    rest = [f for f in families if f not in found]
    if rest:
        got = cache.get_many([_key(f) for f in rest])
        found.update({f: got[_key(f)] for f in rest if _key(f) in got})
    return found


def revision(family: str) -> str:
    snapshot = getattr(_request, "revisions", None)
    if snapshot is not None:
        rev = snapshot.get(family)
        if rev is not None:
            return rev
        if not snapshot:
            snapshot.update(_read_all(family))
            rev = snapshot.get(family)
            if rev is not None:
                return rev
    if _in_database(family):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {_value_sql(family)}")
            rev = str(cursor.fetchone()[0])
    else:
        key = _key(family)
        rev = cache.get(key)
        if rev is None:
            rev = uuid.uuid4().hex
            cache.add(key, rev, None)
            rev = cache.get(key) or rev
    if snapshot is not None:
        snapshot[family] = rev
    return rev


# Families this thread bumped in a transaction still open, with that transaction's outermost
# atomic block: what it computes for them sees its own uncommitted rows, so it is not cached.
# Cached under the new revision, it would outlive a rollback (a revision is never undone): an
# estate that was never committed in the address index, a lapsed role that was restored.
_pending = threading.local()


def _transaction_block():
    """The outermost atomic block of the application's own (a test case's wrappers are not)."""
    return next((block for block in connection.atomic_blocks if not block._from_testcase), None)


def _computed_in_pending_transaction(family: str) -> bool:
    pending = getattr(_pending, "blocks", None)
    if not pending:
        return False
    open_blocks = connection.atomic_blocks
    pending[:] = [(f, block) for f, block in pending if any(block is b for b in open_blocks)]
    return any(f == family for f, _block in pending)


def bump(family: str) -> None:
    """Drop a family's cached entries: now (reads later in this transaction see the change) and
    again on commit (another process may have cached the old rows in between). Until the
    transaction ends, this thread computes the family's entries afresh instead of caching them."""
    from django.db import transaction

    block = _transaction_block()
    if block is not None:
        if getattr(_pending, "blocks", None) is None:
            _pending.blocks = []
        _pending.blocks.append((family, block))

    def renew():
        if _in_database(family):
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(%s) + 1", [_sequence(family)])  # as _value_sql reads it
                rev = str(cursor.fetchone()[0])
        else:
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


def clear_local() -> None:
    """Forget this process's copies (tests: a rolled-back test leaves revisions advanced, not undone)."""
    _LOCAL.clear()


def cached(family: str, key: str, compute: Callable[[], Any]) -> Any:
    if _computed_in_pending_transaction(family):
        return compute()
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
