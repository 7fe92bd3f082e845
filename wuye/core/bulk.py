"""Fast multi-row INSERT for imports and generators: plain tuples, one statement per batch.

Django's ``bulk_create`` prepares every value through its field machinery, which costs more
than the database itself at hundreds of thousands of rows. This writes already-validated rows
as multi-row ``INSERT … VALUES … RETURNING id`` (PostgreSQL, and SQLite ≥ 3.35) and gives back
the new primary keys in order. Callers validate first; constraints still hold in the database.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import uuid
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

# SQLite allows 32,766 bound variables per statement; PostgreSQL 65,535.
MAX_VARIABLES = 30_000


def _adapter(field: models.Field):
    """A cheap per-value conversion for the current backend (most values pass unchanged)."""
    vendor = connection.vendor
    if isinstance(field, models.DateTimeField):
        last: list[Any] = [None, None]  # rows of one insert share their timestamps: adapt once

        def adapt_datetime(v):
            if v is None:
                return None
            if v is not last[0]:
                last[0], last[1] = v, connection.ops.adapt_datetimefield_value(v)
            return last[1]

        return adapt_datetime
    if vendor == "sqlite":
        if isinstance(field, models.DecimalField):
            return lambda v: str(v) if isinstance(v, Decimal) else v
        if isinstance(field, models.DateField):
            return lambda v: v.isoformat() if isinstance(v, dt.date) else v
        if isinstance(field, models.JSONField):
            return lambda v: field.get_db_prep_save(v, connection)
    elif isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert ``rows`` (values in ``fields`` order, by attname) and return their new ids in order."""
    if not rows:
        return []
    from wuye.core.cache import bump_for

    bump_for(model)  # cached reference data built from this table (wuye.core.cache.watch)
    if connection.vendor == "postgresql":
        return _copy_rows(model, fields, rows)
    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in concrete)
    adapters = [(i, a) for i, a in ((i, _adapter(f)) for i, f in enumerate(concrete)) if a is not None]
    table = connection.ops.quote_name(meta.db_table)
    pk = connection.ops.quote_name(meta.pk.column)
    per_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = max(1, MAX_VARIABLES // len(fields))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params: list[Any] = []
            for row in chunk:
                if adapters:
                    row = list(row)
                    for i, adapt in adapters:
                        row[i] = adapt(row[i])
                params.extend(row)
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([per_row] * len(chunk))} RETURNING {pk}"
            cursor.execute(sql, params)
            ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _copy_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """PostgreSQL: reserve ids from the table's sequence, then stream the rows with COPY."""
    from psycopg.types.json import Jsonb

    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    json_cols = [i for i, f in enumerate(concrete) if isinstance(f, models.JSONField)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join([quote(meta.pk.column), *(quote(f.column) for f in concrete)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        # The raw psycopg cursor: wrap its errors as Django's (IntegrityError …) like any query.
        with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                if json_cols:
                    row = list(row)
                    for i in json_cols:
                        row[i] = None if row[i] is None else Jsonb(row[i])
                copy.write_row((pk, *row))
    return ids


_DEFAULTS: dict[type, tuple[dict[str, Any], list]] = {}


def unsaved(model: type[models.Model], **values: Any) -> models.Model:
    """A new, unsaved instance for ``insert_objects``, built without ``Model.__init__``.

    For hundreds of thousands of rows ``__init__``'s per-field work dominates an import. Takes
    attnames (``building_id``, not ``building``); fields not given get their defaults.
    """
    cached = _DEFAULTS.get(model)
    if cached is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        fixed = {f.attname: f.get_default() for f in fields if not (f.has_default() and callable(f.default))}
        fixed[model._meta.pk.attname] = None
        per_instance = [f for f in fields if f.has_default() and callable(f.default)]  # e.g. default=list
        cached = _DEFAULTS[model] = (fixed, per_instance)
    fixed, per_instance = cached
    obj = model.__new__(model)
    obj._state = models.base.ModelState()
    obj.__dict__.update(fixed)
    for f in per_instance:
        obj.__dict__[f.attname] = f.get_default()
    obj.__dict__.update(values)
    return obj


def insert_objects(objs: Sequence[models.Model], *, exclude: Sequence[str] = ()) -> None:
    """Insert unsaved model instances through ``insert_rows`` and set their primary keys.

    Fields with ``auto_now``/``auto_now_add`` get the current time, as ``save()`` would give them.
    """
    if not objs:
        return
    model = type(objs[0])
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in exclude]
    stamp = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    names = [f.attname for f in fields]
    defaults = {}
    for f in fields:
        if f.attname not in stamp and f.has_default():
            defaults[f.attname] = f.get_default()
    rows = []
    for obj in objs:
        values = obj.__dict__
        rows.append([now if n in stamp else values.get(n, defaults.get(n)) for n in names])
    ids = insert_rows(model, names, rows)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()  # full precision: DjangoJSONEncoder would drop the microseconds
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not a column value")


_RECORD_FIELDS: dict[tuple, list[tuple[str, str, models.Field | None]]] = {}


def json_records(objs: Sequence[models.Model], fields: Sequence[str]) -> str:
    """``objs`` as one JSON array of ``{column: value}`` — values as ``save()`` would write them
    (``auto_now`` fields stamped) — for PostgreSQL's ``jsonb_populate_recordset(NULL::<table>, %s)``.

    Statements that write several tables at once (``INSERT … SELECT`` in a ``WITH``) then take a
    row, or many, as one parameter, typed by the table itself, and no cast can cut a value short.
    Hot statements of this kind go through ``prepared_cursor()``.
    """
    if not objs:
        return "[]"
    model = type(objs[0])
    plan = _RECORD_FIELDS.get((model, tuple(fields)))
    if plan is None:
        plan = []
        for name in fields:
            f = model._meta.get_field(name)
            stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            plan.append((f.column, f.attname, f if stamped else None))  # only stamped fields need pre_save
        _RECORD_FIELDS[(model, tuple(fields))] = plan
    rows = []
    for obj in objs:
        values = obj.__dict__
        rows.append({column: (values[attname] if stamp is None else stamp.pre_save(obj, True))
                     for column, attname, stamp in plan})
    return json.dumps(rows, default=_json_value, ensure_ascii=False)


@contextlib.contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A cursor on the default connection whose statements PostgreSQL prepares once per
    connection, at their first execution, and then only executes.

    For a hot statement that is expensive to parse and plan: intake's one ``WITH … INSERT``
    (three tables of up to 45 columns, typed through ``jsonb_populate_recordset``) cost
    PostgreSQL about 0.9 ms of CPU per execution unprepared and about 0.46 ms prepared.
    Django turns psycopg's preparing off for the sake of connection poolers;
    ``DB_PREPARED_STATEMENTS=0`` turns this use off too (PgBouncer's transaction pooling before
    1.21 cannot carry prepared statements). The parameters are sent beside the statement
    (server-side binding), as preparing requires.

    Queries still pass through Django's wrappers: error translation, ``execute_wrapper``,
    query logging. Other databases get the usual cursor.
    """
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    pg = connection.connection
    if pg.prepare_threshold is None:
        # Django sets psycopg's threshold to None, which ignores an explicit prepare as well. A
        # threshold never reached keeps automatic preparing off and lets an explicit one through.
        pg.prepare_threshold = _NEVER
    with connection.wrap_database_errors:
        raw = _preparing_cursor_class()(pg)
    with connection._prepare_cursor(raw) as cursor:  # Django's wrapping, as connection.cursor() does
        yield cursor


_NEVER = 2**31 - 1


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Prepares what it executes (Django's cursor wrapper passes no ``prepare``)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)

        def _send_query_prepared(self, name, pgq, *, binary=None):
            # psycopg records the query it sent only for unprepared executions; Django's query
            # log (last_executed_query) reads it, and would log None for a prepared one.
            self._query = pgq
            return super()._send_query_prepared(name, pgq, binary=binary)

    return PreparingCursor
