"""工单绩效 on a hand-built set of orders: each metric, each grouping, scoping, API and Excel export.

Orders (received 2026-01-10 09:00, dispatched then; ack deadline +2h):

    o1  lead M  street A  estate of E1   acked +1h   closed +10h ≤ deadline   满意 / resolved
    o2  lead M  street A  estate of E1   acked +3h   closed +30h > deadline   不满意 / unresolved, returned, redone
    o3  lead M  street B  estate of E2   never acked (deadline passed)
    o4  lead S  street B  estate of E2   acked +1h   closed +20h ≤ deadline   基本满意 / resolved
    o5  no lead street A  no estate      not dispatched (manual queue)
    o6  lead S  street A  unserved estate  not acked, ack deadline still ahead

plus one order received in February and one merged duplicate, which no figure counts.
"""
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wuye.complaints import services
from wuye.complaints.choices import AssignmentRole, Channel
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.kpi import Period, kpi_report, period_preset
from wuye.complaints.models import WorkOrder, WorkOrderAssignment
from wuye.complaints.tests.factories import department
from wuye.enterprises.tests.factories import EnterpriseFactory, ServiceContractFactory
from wuye.estates.tests.factories import EstateFactory
from wuye.regions.models import Region

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
T = dt.datetime(2026, 1, 10, 9, 0, tzinfo=SH)
H = dt.timedelta(hours=1)
JANUARY = Period(dt.date(2026, 1, 1), dt.date(2026, 2, 1))
NOW = dt.datetime(2026, 3, 1, tzinfo=SH)


def d(text: str | None):
    return None if text is None else Decimal(text)


@pytest.fixture
def kpi(street, role_user):
    street_b = Region.objects.filter(code__startswith="411702", level=4).exclude(code=street.code).order_by("code").first()
    m = department("urban_management")
    s = department("street_office", street.code, "人民街街道物业办")
    e1, e2 = EnterpriseFactory(name="甲物业"), EnterpriseFactory(name="乙物业")
    ea1 = EstateFactory(region=street, name="甲小区")
    eb1 = EstateFactory(region=street_b, name="乙小区")
    ea2 = EstateFactory(region=street, name="无物业小区")
    ServiceContractFactory(estate=ea1, enterprise=e1)
    ServiceContractFactory(estate=eb1, enterprise=e2)
    # Ended before the period: not serving the estate in January.
    ServiceContractFactory(estate=ea2, enterprise=e1, status="ended", end_date=dt.date(2025, 12, 31))

    def make(region, estate=None, lead=None, received=T, **fields):
        order = services.work_order_submit(channel=Channel.OFFICIAL, title="测试", body=f"诉求{WorkOrder.objects.count()}",
                                           region=region, estate=estate, auto_route=False, dedupe=False)
        base = {"received_at": received, "status": S.HANDLING}
        if lead is not None:
            WorkOrderAssignment.objects.create(order=order, department=lead, role=AssignmentRole.LEAD)
            base.update(dispatched_at=received, ack_deadline_at=received + 2 * H, deadline_at=received + 48 * H)
        base.update(fields)
        WorkOrder.objects.filter(pk=order.pk).update(**base)
        return order

    make(street, ea1, m, acknowledged_at=T + H, closed_at=T + 10 * H, status=S.CLOSED,
         satisfaction="satisfied", resolved=True)
    make(street, ea1, m, acknowledged_at=T + 3 * H, deadline_at=T + 24 * H, closed_at=T + 30 * H, status=S.ARCHIVED,
         satisfaction="dissatisfied", resolved=False, return_count=1, redo_count=1)
    make(street_b, eb1, m, status=S.DISPATCHED)
    make(street_b, eb1, s, acknowledged_at=T + H, closed_at=T + 20 * H, status=S.CLOSED,
         satisfaction="basically", resolved=True)
    make(street, status=S.MANUAL_QUEUE)
    make(street, ea2, s, status=S.DISPATCHED, ack_deadline_at=NOW + 24 * H)
    make(street, ea1, m, received=dt.datetime(2026, 2, 3, tzinfo=SH), acknowledged_at=T + H)
    make(street, ea1, m, status=S.MERGED, acknowledged_at=T + H)
    city = role_user("city_bureau", region=Region.objects.get(code="411700000000"))
    return {"m": m, "s": s, "e1": e1, "e2": e2, "street": street, "street_b": street_b, "city": city, "ea1": ea1}


FIELDS = ("received", "dispatched", "ack_on_time_rate", "close_on_time_rate", "return_rate", "redo_rate",
          "satisfaction_rate", "resolution_rate", "avg_handling_hours")


def figures(row):
    return tuple(getattr(row, f) for f in FIELDS)


def expect(*values):
    return (values[0], values[1], *(d(v) for v in values[2:]))


TOTAL = expect(6, 5, "0.5000", "0.6667", "0.2000", "0.3333", "0.6667", "0.6667", "20.00")


@pytest.mark.django_db
def test_total_over_the_cohort(kpi):
    report = kpi_report(actor=kpi["city"], group="department", period=JANUARY, now=NOW)
    assert figures(report.total) == TOTAL


@pytest.mark.django_db
def test_by_department(kpi):
    report = kpi_report(actor=kpi["city"], group="department", period=JANUARY, now=NOW)
    rows = {r.key: figures(r) for r in report.rows}
    assert rows == {
        str(kpi["m"].pk): expect(3, 3, "0.3333", "0.5000", "0.3333", "0.5000", "0.5000", "0.5000", "20.00"),
        str(kpi["s"].pk): expect(2, 2, "1.0000", "1.0000", "0.0000", "0.0000", "1.0000", "1.0000", "20.00"),
        # Never dispatched: every denominator is zero, so every rate is None (shown as —).
        None: expect(1, 0, None, None, None, None, None, None, None),
    }
    assert [r.label for r in report.rows] == [str(kpi["m"]), str(kpi["s"]), "未指定"]


@pytest.mark.django_db
def test_by_street(kpi):
    report = kpi_report(actor=kpi["city"], group="street", period=JANUARY, now=NOW)
    rows = {r.key: figures(r) for r in report.rows}
    assert rows == {
        kpi["street"].code[:9]: expect(4, 3, "0.5000", "0.5000", "0.3333", "0.5000", "0.5000", "0.5000", "20.00"),
        kpi["street_b"].code[:9]: expect(2, 2, "0.5000", "1.0000", "0.0000", "0.0000", "1.0000", "1.0000", "20.00"),
    }
    assert {r.label for r in report.rows} == {kpi["street"].name, kpi["street_b"].name}


@pytest.mark.django_db
def test_by_enterprise_serving_the_estate(kpi):
    report = kpi_report(actor=kpi["city"], group="enterprise", period=JANUARY, now=NOW)
    rows = {r.key: figures(r) for r in report.rows}
    assert rows == {
        str(kpi["e1"].pk): expect(2, 2, "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "20.00"),
        str(kpi["e2"].pk): expect(2, 2, "0.5000", "1.0000", "0.0000", "0.0000", "1.0000", "1.0000", "20.00"),
        None: expect(2, 1, None, None, "0.0000", None, None, None, None),
    }


@pytest.mark.django_db
def test_enterprise_is_the_one_serving_on_the_day_received(kpi):
    """An estate changed enterprise on 1 February: its January orders stay with the January enterprise."""
    from wuye.enterprises.models import ServiceContract

    e3 = EnterpriseFactory(name="丙物业")
    ServiceContract.objects.filter(estate=kpi["ea1"]).update(status="ended", end_date=dt.date(2026, 1, 31))
    ServiceContractFactory(estate=kpi["ea1"], enterprise=e3, start_date=dt.date(2026, 2, 1), end_date=None)
    january = {r.key: r.received for r in kpi_report(actor=kpi["city"], group="enterprise", period=JANUARY,
                                                      now=NOW).rows}
    assert january[str(kpi["e1"].pk)] == 2 and str(e3.pk) not in january
    # The fixture's order of 3 February at 甲小区 belongs to the new enterprise.
    february = {r.key: r.received for r in kpi_report(
        actor=kpi["city"], group="enterprise", period=Period(dt.date(2026, 2, 1), dt.date(2026, 3, 1)), now=NOW).rows}
    assert february == {str(e3.pk): 1}


@pytest.mark.django_db
def test_scoped_to_the_orders_the_user_sees(kpi, role_user, other_street):
    outsider = role_user("street_office", region=other_street)
    report = kpi_report(actor=outsider, group="department", period=JANUARY, now=NOW)
    assert report.rows == [] and report.total.received == 0 and report.total.satisfaction_rate is None
    handler = role_user("department", department=kpi["s"])
    report = kpi_report(actor=handler, group="department", period=JANUARY, now=NOW)
    assert [r.key for r in report.rows] == [str(kpi["s"].pk)] and report.total.received == 2


def test_period_presets():
    assert period_preset("month", dt.date(2026, 12, 15)) == Period(dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert period_preset("quarter", dt.date(2026, 11, 15)) == Period(dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    assert period_preset("quarter", dt.date(2026, 5, 1)) == Period(dt.date(2026, 4, 1), dt.date(2026, 7, 1))
    assert period_preset("year", dt.date(2026, 5, 1)) == Period(dt.date(2026, 1, 1), dt.date(2027, 1, 1))


@pytest.mark.django_db
def test_page_export_and_api(kpi, client, role_user, other_street, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(kpi["city"])
    params = {"group": "department", "preset": "custom", "from": "2026-01-01", "to": "2026-02-01"}
    page = client.get(reverse("kpi:index"), params)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="kpi-table"' in html
    assert str(kpi["m"]) in html and "33.3%" in html and "66.7%" in html and "—" in html

    export = client.get(reverse("kpi:export"), params)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("承办部门", "受理数", "派单数", "按时签收率")
    assert rows[-1][0] == "合计" and rows[-1][1] == 6 and Decimal(str(rows[-1][3])) == Decimal("0.5")

    api = client.get("/api/v1/kpi/", {"group": "street", "from": "2026-01-01", "to": "2026-02-01"})
    assert api.status_code == 200
    body = api.json()
    assert body["group"] == "street" and body["total"]["satisfaction_rate"] == "0.6667"
    assert body["total"]["avg_handling_hours"] == "20.00"
    assert {r["key"] for r in body["rows"]} == {kpi["street"].code[:9], kpi["street_b"].code[:9]}
    assert client.get("/api/v1/kpi/", {"group": "nonsense"}).status_code == 400
    assert client.get("/api/v1/kpi/", {"from": "2026-02-01", "to": "2026-01-01"}).status_code == 400

    outsider = role_user("street_office", region=other_street)
    client.force_login(outsider)
    api = client.get("/api/v1/kpi/", {"group": "street", "from": "2026-01-01", "to": "2026-02-01"})
    assert api.json()["rows"] == [] and api.json()["total"]["received"] == 0
    client.logout()
    assert client.get("/api/v1/kpi/").status_code in (401, 403)
    assert client.get(reverse("kpi:index")).status_code == 302
