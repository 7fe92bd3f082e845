"""Intake reads its reference data from the revisioned cache, and every change is seen at once.

Address names, departments, the calendar and role assignments are cached across requests so that
intake costs a handful of statements; each test changes the data behind a warm cache and checks
the very next request sees the change.
"""
import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from wuye.accounts.models import RoleAssignment
from wuye.accounts.selectors import user_scope
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderAssignment, WorkOrderEvent
from wuye.complaints.selectors import resolve_address
from wuye.complaints.tests.factories import department
from wuye.complaints.tests.test_api import client_for, submit
from wuye.complaints.tests.test_api import ctx as ctx  # noqa: F401 - the fixture
from wuye.core.bulk import unsaved
from wuye.core.importing import bulk_create
from wuye.estates.models import Estate
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db


def test_intake_writes_in_a_handful_of_statements_and_answers_without_reading_back(ctx):
    # Warm the caches (the first intake of a city also creates its catalog, which drops the cache once).
    submit(ctx, body="预热：建业森林半岛楼道堆物", complainant_phone="13700000000")
    submit(ctx, body="预热：建业森林半岛路灯不亮", complainant_phone="13700000001")
    with CaptureQueriesContext(connection) as queries:
        response = submit(ctx)
    assert response.status_code == 201, response.content
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    # No estates, regions, catalog, departments, calendar or roles are read: only the token (the
    # test client looks it up, then DRF checks it).
    assert sum("authtoken_token" in q for q in sql) == 2, sql
    rest = [q for q in sql if "authtoken_token" not in q]
    if connection.vendor == "postgresql":
        # The duplicate check, the order with its number, the lead assignment and every event:
        # one statement, in autocommit — no BEGIN or COMMIT round trips either.
        assert len(rest) == 1 and rest[0].startswith("WITH dup AS"), rest
    else:
        # The duplicate check, then the order, its number, the lead assignment and all events.
        assert [q.split()[0] for q in rest] == ["SELECT", "INSERT", "UPDATE", "INSERT", "INSERT"], rest
    body = response.json()
    order = WorkOrder.objects.get(pk=body["id"])
    assert body["number"] == order.number and order.number.startswith("WY") and order.status == S.DISPATCHED
    assert body["department"] == ctx["city_mgmt"].name
    assert list(order.events.order_by("id").values_list("action", "from_status", "to_status")) == [
        ("submit", "", "received"), ("classify", "received", "classified"), ("dispatch", "classified", "dispatched")]
    assert WorkOrderAssignment.objects.get(order=order).department == ctx["city_mgmt"]
    assert order.deadline_at and order.ack_deadline_at and order.dispatched_at


def test_a_new_estate_resolves_at_once_behind_a_warm_cache(ctx):
    street = ctx["street"]
    assert resolve_address(text="幸福里小区漏水", within=street).estate is None  # cached: no such estate
    estate = EstateFactory(region=street, name="幸福里小区")
    assert resolve_address(text="幸福里小区漏水", within=street).estate == estate
    estate.aliases = "幸福里东院"
    estate.save()
    assert resolve_address(text="幸福里东院2号楼", within=street).estate == estate


def test_estates_written_in_bulk_by_an_import_also_drop_the_cache(ctx):
    street = ctx["street"]
    assert resolve_address(text="导入花园3号楼", within=street).estate is None
    bulk_create(Estate, [unsaved(Estate, name="导入花园", region_id=street.code, aliases="")])
    found = resolve_address(text="导入花园3号楼", within=street)
    assert found.estate is not None and found.estate.name == "导入花园"


def test_longest_name_wins_from_the_cached_index(ctx):
    street = ctx["street"]
    EstateFactory(region=street, name="森林半岛")
    longer = EstateFactory(region=street, name="建业森林半岛二期")
    assert resolve_address(text="建业森林半岛二期5号楼", within=street).estate == longer


def test_a_department_created_after_routing_was_cached_gets_the_next_order(ctx):
    # No market-regulation department exists: price complaints wait for a person.
    first = submit(ctx, category="price_violation", body="建业森林半岛物业乱收费", complainant_phone="13600000001")
    order = WorkOrder.objects.get(pk=first.json()["id"])
    assert order.status == S.CLASSIFIED and order.events.filter(action="note").exists()
    market = department("market_regulation")
    second = submit(ctx, category="price_violation", body="建业森林半岛物业又乱收费", complainant_phone="13600000002")
    assert second.json()["department"] == market.name
    market.name = "驿城区市场监督管理局（更名）"
    market.save()
    third = submit(ctx, category="price_violation", body="建业森林半岛第三次乱收费", complainant_phone="13600000003")
    assert third.json()["department"] == "驿城区市场监督管理局（更名）"


def test_role_changes_reach_the_next_request_of_the_same_user(ctx, role_user, other_street):
    user = role_user("street_office", region=ctx["street"])
    order_id = submit(ctx).json()["id"]
    assert client_for(user).get(f"/api/v1/work-orders/{order_id}/").status_code == 200
    assignment = RoleAssignment.objects.get(user=user)
    assignment.region = other_street
    assignment.save()
    fresh = type(user).objects.get(pk=user.pk)  # a new request loads the user again
    assert not user_scope(fresh).covers_region(ctx["street"].code)
    assert client_for(fresh).get(f"/api/v1/work-orders/{order_id}/").status_code == 404
    RoleAssignment.objects.filter(user=user).delete()
    again = type(user).objects.get(pk=user.pk)
    assert client_for(again).get("/api/v1/work-orders/").json()["count"] == 0


@pytest.mark.django_db(transaction=True)  # real commits: a write outside the unit would stay
def test_a_failed_intake_writes_nothing(ctx):
    """The writes are one unit: when the last of them (the events) fails, no order or assignment stays."""
    refuse, allow = {
        "postgresql": ("ALTER TABLE complaints_workorderevent ADD CONSTRAINT test_refuse_dispatch "
                       "CHECK (action <> 'dispatch')",
                       "ALTER TABLE complaints_workorderevent DROP CONSTRAINT test_refuse_dispatch"),
        "sqlite": ("CREATE TEMP TRIGGER test_refuse_dispatch BEFORE INSERT ON complaints_workorderevent "
                   "WHEN NEW.action = 'dispatch' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                   "DROP TRIGGER test_refuse_dispatch"),
    }[connection.vendor]
    with connection.cursor() as cursor:  # the database refuses the dispatch event
        cursor.execute(refuse)
    try:
        with pytest.raises(DatabaseError):
            submit(ctx)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(allow)
    assert WorkOrder.objects.count() == 0 and WorkOrderAssignment.objects.count() == 0
    assert WorkOrderEvent.objects.count() == 0
    assert submit(ctx).status_code == 201  # and the next intake goes through


def test_the_number_keeps_every_digit_of_an_id_past_seven(ctx):
    submit(ctx, body="预热：建业森林半岛楼道堆物", complainant_phone="13700000000")
    sequence = "pg_get_serial_sequence('complaints_workorder', 'id')"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a sequence ignores the test's rollback: put it back after
            cursor.execute(f"SELECT {sequence}")
            cursor.execute(f"SELECT last_value FROM {cursor.fetchone()[0]}")
            (restore,) = cursor.fetchone()
            cursor.execute(f"SELECT setval({sequence}, 123456788)")
        else:
            restore = None
            cursor.execute("UPDATE sqlite_sequence SET seq = 123456788 WHERE name = 'complaints_workorder'")
    try:
        body = submit(ctx, body="建业森林半岛电梯坏了", complainant_phone="13700000002").json()
    finally:
        if restore is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval({sequence}, %s)", [restore])
    assert body["id"] == 123456789
    assert body["number"].endswith("123456789") and len(body["number"]) == len("WY20261122") + 9
    assert WorkOrder.objects.get(pk=123456789).number == body["number"]


def test_a_second_submission_in_the_window_writes_no_order_only_a_note_on_the_first(ctx):
    first = submit(ctx, body="建业森林半岛电梯坏了", complainant_phone="13700000003").json()
    orders, events = WorkOrder.objects.count(), WorkOrderEvent.objects.count()
    again = submit(ctx, body="建业森林半岛 电梯坏了", complainant_phone="13700000003")
    assert again.status_code == 200 and again.json()["id"] == first["id"] and again.json()["duplicate"] is True
    assert WorkOrder.objects.count() == orders
    assert WorkOrderEvent.objects.count() == events + 1
    note = WorkOrderEvent.objects.latest("id")
    assert note.order_id == first["id"] and note.action == "note" and note.data["duplicate"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement writer is PostgreSQL's")
def test_the_one_statement_writer_writes_what_the_orm_writes(ctx):
    """Every column of the order, its events and its assignment, written both ways, compared."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from wuye.complaints.selectors import catalog_entry
    from wuye.complaints.services import _Intake

    entry = catalog_entry(ctx["street"], "public_environment")
    received = timezone.now() - dt.timedelta(minutes=5)

    def intake(phone: str) -> _Intake:
        order = WorkOrder(
            external_number="12345-0001", channel="api", kind="consultation", urgency="urgent", title="楼道堆物",
            body="建业森林半岛3号楼楼道堆放杂物（“引号”\\反斜杠'单引号）", address="人民街道", complainant_name="张三丰",
            complainant_phone=phone, complainant_user=ctx["system"], region=ctx["street"], estate=ctx["estate"],
            address_resolved=True, received_at=received, latitude=Decimal("32.9876543"),
            longitude=Decimal("114.0123456"), fingerprint="f" * 64)
        made = _Intake(order, ctx["system"])
        made.event("submit", from_status="", reason="受理", data={"estate_resolved": True, "嵌套": {"a": [1, None]}})
        made.classify(entry, source="auto", confidence=Decimal("0.912"))
        made.dispatch(ctx["city_mgmt"])
        return made

    by_orm, by_pg = intake("13800000001"), intake("13800000002")
    assert by_orm._write_orm(None) is None and by_pg._write_pg(None) is None
    skip = {"id", "number", "created_at", "updated_at", "complainant_phone", "dispatched_at"}  # dispatched: now()

    def rows(model, **where):
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip | {"order_id", "at"}]
        return list(model.objects.filter(**where).order_by("id").values_list(*names))

    orm_order, pg_order = WorkOrder.objects.get(pk=by_orm.order.pk), WorkOrder.objects.get(pk=by_pg.order.pk)
    assert rows(WorkOrder, pk=orm_order.pk) == rows(WorkOrder, pk=pg_order.pk)
    assert pg_order.number == by_pg.number_for(pg_order.pk) and pg_order.created_at and pg_order.updated_at
    assert rows(WorkOrderEvent, order=orm_order) == rows(WorkOrderEvent, order=pg_order)
    assert [e.at for e in pg_order.events.order_by("id")] == [e.at for e in by_pg.events]  # microseconds kept
    assert rows(WorkOrderAssignment, order=orm_order) == rows(WorkOrderAssignment, order=pg_order) != []
