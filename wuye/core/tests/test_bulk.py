"""The fast insert path used by imports: ids in order, values intact, constraints still enforced."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from wuye.core.bulk import insert_objects, insert_rows
from wuye.estates.models import Building, Unit
from wuye.estates.tests.factories import BuildingFactory, EstateFactory


@pytest.mark.django_db
def test_insert_objects_sets_ids_and_round_trips_values():
    building = BuildingFactory()
    units = [
        Unit(building=building, estate_id=building.estate_id, entrance="1", number=f"{i:04d}",
             floor=i, registry_area=Decimal("89.55") + i, survey_area=None)
        for i in range(1, 2001)
    ]
    insert_objects(units)
    assert all(u.pk for u in units)
    stored = {u.pk: u for u in Unit.objects.filter(building=building)}
    assert len(stored) == 2000
    for u in units:
        s = stored[u.pk]
        assert (s.number, s.floor, s.registry_area, s.survey_area) == (u.number, u.floor, u.registry_area, None)
        assert s.created_at is not None and s.created_at.tzinfo is not None


@pytest.mark.django_db
def test_insert_rows_returns_ids_in_order_across_batches():
    estate = EstateFactory()
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = [(estate.pk, f"{i}号楼", None, False, False, "", now, now) for i in range(12_000)]
    ids = insert_rows(Building, ("estate_id", "number", "floors", "has_elevator", "is_voided", "void_reason",
                                 "created_at", "updated_at"), rows)
    assert len(ids) == len(set(ids)) == 12_000
    by_id = dict(Building.objects.filter(pk__in=ids).values_list("pk", "number"))
    assert [by_id[i] for i in ids[:3]] == ["0号楼", "1号楼", "2号楼"]
    # The next ordinary save still gets a fresh id (the sequence moved past the reserved ones).
    assert BuildingFactory(estate=estate, number="新楼").pk > max(ids)


@pytest.mark.django_db
def test_database_constraints_still_hold():
    building = BuildingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_objects([Unit(building=building, estate_id=building.estate_id, number="1", registry_area=Decimal("-1"))])
    assert not Unit.objects.filter(building=building).exists()


@pytest.mark.django_db
def test_unsaved_instances_get_field_defaults_and_insert():
    from wuye.core.bulk import unsaved
    from wuye.estates.models import Owner

    owner = unsaved(Owner, name="赵六")
    assert (owner.kind, owner.is_voided, owner.void_reason, owner.id_number, owner.pk) == ("person", False, "", "", None)
    insert_objects([owner])
    stored = Owner.objects.get(pk=owner.pk)
    assert (stored.name, stored.kind, stored.is_developer) == ("赵六", "person", False)


_PREPARED = "SELECT name FROM pg_prepared_statements WHERE statement LIKE %s"


def _prepared_count(marker: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_PREPARED, [f"%{marker}%"])
        return len(cursor.fetchall())


@pytest.mark.django_db
def test_prepared_cursor_prepares_its_statement_once_and_nothing_else():
    from django.test.utils import CaptureQueriesContext

    from wuye.core.bulk import prepared_cursor

    with CaptureQueriesContext(connection) as queries:
        for n in range(3):
            with prepared_cursor() as cursor:
                cursor.execute("SELECT CAST(%s AS integer) + 1 AS prepared_marker", [n])
                assert cursor.fetchone() == (n + 1,)
    # Through Django's wrappers: the queries are logged like any other.
    assert sum("prepared_marker" in q["sql"] for q in queries.captured_queries) == 3
    if connection.vendor != "postgresql":
        return
    assert _prepared_count("prepared_marker") == 1
    # Django's own cursors keep psycopg's automatic preparing off, however often a query runs.
    for n in range(10):
        with connection.cursor() as cursor:
            cursor.execute("SELECT CAST(%s AS integer) AS unprepared_marker", [n])
    assert _prepared_count("unprepared_marker") == 0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL prepares")
def test_prepared_cursor_can_be_turned_off_for_a_connection_pooler(settings):
    from wuye.core.bulk import prepared_cursor

    settings.DB_PREPARED_STATEMENTS = False
    for n in range(3):
        with prepared_cursor() as cursor:
            cursor.execute("SELECT CAST(%s AS integer) AS pooled_marker", [n])
    assert _prepared_count("pooled_marker") == 0
    settings.DB_PREPARED_STATEMENTS = True  # … and the same statement is prepared when on
    with prepared_cursor() as cursor:
        cursor.execute("SELECT CAST(%s AS integer) AS pooled_marker", [9])
    assert _prepared_count("pooled_marker") == 1


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite divides by zero into NULL")
def test_prepared_cursor_errors_are_django_errors_and_the_statement_stays_usable():
    from django.db import DataError

    from wuye.core.bulk import prepared_cursor

    sql = "SELECT 100 / CAST(%s AS integer) AS failing_marker"
    with transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute(sql, [4])
        assert cursor.fetchone() == (25,)
    with pytest.raises(DataError), transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute(sql, [0])  # division by zero, raised as Django's error class
    with transaction.atomic(), prepared_cursor() as cursor:  # after the rollback, prepared again
        cursor.execute(sql, [5])
        assert cursor.fetchone() == (20,)
