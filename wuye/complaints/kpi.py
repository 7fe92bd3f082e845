"""Work-order KPIs (工单绩效) per department, street or enterprise over a period.

Reads only: every figure is computed in the database with one grouped query (``Count(filter=…)``,
``Sum``), never by looping over orders in Python, and always over the orders visible to the actor.

Definitions (they feed credit and assessment, so they are written down here once):

- The cohort is the orders *received* in [start, end) (local dates), merged duplicates excluded.
  ``received_at`` never moves, so a period's figures only change as its orders progress.
- 派单数: orders of the cohort that were dispatched.
- 按时签收率: acknowledged by ``ack_deadline_at`` / (acknowledged + dispatched-unacknowledged past the deadline).
- 按时办结率: closed by ``deadline_at`` / closed (closed or archived: ``closed_at`` set).
- 回退率: orders returned at least once / dispatched.
- 重办率: orders redone at least once / closed.
- 满意率: (满意 + 基本满意) / rated; 解决率: resolved / rated.
- 平均办理时长: mean of ``closed_at − dispatched_at`` in hours over closed orders (``dispatched_at`` is
  the latest dispatch, so a re-routed order counts from its final dispatch).

Groupings: the department is the order's current 主办 (lead); the street is the street part of the
order's region code (orders at district level fall under the district); the enterprise is the one
serving the order's estate on the day the order was received: a non-voided contract that had
started by then and either still serves (active or holdover) or ended on or after that day — so an
estate that changed enterprise keeps its earlier orders with the earlier enterprise. Orders without
a lead, estate or serving enterprise form a "未指定" row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuye.complaints.choices import AssignmentRole, Satisfaction
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderAssignment
from wuye.estates.querysets import SERVING

GROUPS = {
    "department": _("承办部门"),
    "street": _("街道"),
    "enterprise": _("物业企业"),
}
PRESETS = {
    "month": _("本月"),
    "quarter": _("本季度"),
    "year": _("本年"),
    "custom": _("自定义"),
}
# Metric key → column header; the order of pages, API and Excel.
METRICS = {
    "received": _("受理数"),
    "dispatched": _("派单数"),
    "ack_on_time_rate": _("按时签收率"),
    "close_on_time_rate": _("按时办结率"),
    "return_rate": _("回退率"),
    "redo_rate": _("重办率"),
    "satisfaction_rate": _("满意率"),
    "resolution_rate": _("解决率"),
    "avg_handling_hours": _("平均办理时长（小时）"),
}
RATES = ("ack_on_time_rate", "close_on_time_rate", "return_rate", "redo_rate", "satisfaction_rate", "resolution_rate")
FOUR = Decimal("0.0001")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        return (dt.datetime.combine(self.start, dt.time(), tz), dt.datetime.combine(self.end, dt.time(), tz))


def period_preset(name: str, today: dt.date | None = None) -> Period:
    """本月 / 本季度 / 本年 around ``today``: [first day, first day of the next one)."""
    today = today or timezone.localdate()
    if name == "year":
        return Period(dt.date(today.year, 1, 1), dt.date(today.year + 1, 1, 1))
    if name == "quarter":
        first = (today.month - 1) // 3 * 3 + 1
        start = dt.date(today.year, first, 1)
    else:
        start = today.replace(day=1)
        first = today.month
    months = 3 if name == "quarter" else 1
    month = first + months
    end = dt.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return Period(start, end)


@dataclass
class KpiRow:
    key: str | None
    label: str
    received: int = 0
    dispatched: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    ack_on_time_rate: Decimal | None = None
    close_on_time_rate: Decimal | None = None
    return_rate: Decimal | None = None
    redo_rate: Decimal | None = None
    satisfaction_rate: Decimal | None = None
    resolution_rate: Decimal | None = None
    avg_handling_hours: Decimal | None = None

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, **{m: getattr(self, m) for m in METRICS}}


@dataclass
class KpiReport:
    group: str
    period: Period
    rows: list[KpiRow]
    total: KpiRow


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(FOUR, rounding=ROUND_HALF_UP)


def _aggregates(now: dt.datetime) -> dict:
    closed = Q(closed_at__isnull=False)
    rated = ~Q(satisfaction="")
    acked = Q(acknowledged_at__isnull=False)
    late_unacked = Q(acknowledged_at__isnull=True, dispatched_at__isnull=False, ack_deadline_at__lt=now)
    return {
        "n_received": Count("id"),
        "n_dispatched": Count("id", filter=Q(dispatched_at__isnull=False)),
        "n_ack_due": Count("id", filter=acked | late_unacked),
        "n_ack_on_time": Count("id", filter=acked & Q(acknowledged_at__lte=F("ack_deadline_at"))),
        "n_closed": Count("id", filter=closed),
        "n_closed_on_time": Count("id", filter=closed & Q(closed_at__lte=F("deadline_at"))),
        "n_returned": Count("id", filter=Q(dispatched_at__isnull=False, return_count__gt=0)),
        "n_redone": Count("id", filter=closed & Q(redo_count__gt=0)),
        "n_rated": Count("id", filter=rated),
        "n_satisfied": Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        "n_resolved": Count("id", filter=rated & Q(resolved=True)),
        "n_timed": Count("id", filter=closed & Q(dispatched_at__isnull=False)),
        "handling_total": Sum(
            ExpressionWrapper(F("closed_at") - F("dispatched_at"), output_field=DurationField()),
            filter=closed & Q(dispatched_at__isnull=False),
        ),
    }


def _row(key, label: str, agg: dict) -> KpiRow:
    row = KpiRow(key=key, label=label, received=agg["n_received"], dispatched=agg["n_dispatched"],
                 counts={k: v for k, v in agg.items() if k.startswith("n_")})
    row.ack_on_time_rate = _ratio(agg["n_ack_on_time"], agg["n_ack_due"])
    row.close_on_time_rate = _ratio(agg["n_closed_on_time"], agg["n_closed"])
    row.return_rate = _ratio(agg["n_returned"], agg["n_dispatched"])
    row.redo_rate = _ratio(agg["n_redone"], agg["n_closed"])
    row.satisfaction_rate = _ratio(agg["n_satisfied"], agg["n_rated"])
    row.resolution_rate = _ratio(agg["n_resolved"], agg["n_rated"])
    total = agg["handling_total"]
    if agg["n_timed"] and total is not None:
        if not isinstance(total, dt.timedelta):  # some backends hand back microseconds
            total = dt.timedelta(microseconds=int(total))
        hours = Decimal(total.total_seconds()) / Decimal(3600) / Decimal(agg["n_timed"])
        row.avg_handling_hours = hours.quantize(TWO, rounding=ROUND_HALF_UP)
    return row


def kpi_orders(*, actor, period: Period):
    """The cohort: orders visible to ``actor`` received in the period, merged duplicates excluded."""
    start, end = period.bounds()
    return (WorkOrder.objects.visible_to(actor)
            .filter(received_at__gte=start, received_at__lt=end).exclude(status=S.MERGED))


def _group_key(group: str):
    if group == "department":
        return Subquery(
            WorkOrderAssignment.objects.filter(order=OuterRef("pk"), role=AssignmentRole.LEAD, is_current=True)
            .values("department_id")[:1]
        )
    if group == "street":
        return Substr("region_id", 1, 9)
    if group == "enterprise":
        from wuye.enterprises.choices import ContractStatus
        from wuye.enterprises.models import ServiceContract

        received_on = OuterRef("kpi_received_on")  # annotated on the orders by kpi_report
        in_force = (Q(status__in=SERVING) | Q(status=ContractStatus.ENDED, end_date__isnull=False,
                                               end_date__gte=received_on))
        return Subquery(
            ServiceContract.objects.filter(in_force, estate=OuterRef("estate_id"), is_voided=False,
                                           start_date__lte=received_on)
            .order_by("-start_date", "-pk").values("enterprise_id")[:1]
        )
    raise ValueError(f"unknown KPI grouping: {group}")


def _labels(group: str, keys: list) -> dict:
    keys = [k for k in keys if k is not None]
    if group == "department":
        from wuye.regions.models import Department

        return {d.pk: str(d) for d in Department.objects.filter(pk__in=keys)}
    if group == "street":
        from wuye.regions.models import Region

        names = {r.code[:9]: r.name for r in Region.objects.filter(code__in=[f"{k}000" for k in keys])}
        return {k: names.get(k, k) for k in keys}
    from wuye.enterprises.models import Enterprise

    return {e.pk: str(e) for e in Enterprise.objects.filter(pk__in=keys)}


def kpi_report(*, actor, group: str, period: Period, now: dt.datetime | None = None) -> KpiReport:
    """One row per department / street / enterprise, biggest first, and the total over all rows."""
    if group not in GROUPS:
        raise ValueError(f"unknown KPI grouping: {group}")
    now = now or timezone.now()
    orders = kpi_orders(actor=actor, period=period)
    aggregates = _aggregates(now)
    if group == "enterprise":
        orders = orders.annotate(kpi_received_on=TruncDate("received_at", tzinfo=timezone.get_default_timezone()))
    grouped = list(orders.annotate(kpi_key=_group_key(group)).values("kpi_key").annotate(**aggregates)
                   .order_by("kpi_key"))
    labels = _labels(group, [g["kpi_key"] for g in grouped])
    unassigned = str(_("未指定"))
    rows = [
        _row(None if g["kpi_key"] is None else str(g["kpi_key"]), labels.get(g["kpi_key"], unassigned), g)
        for g in grouped
    ]
    rows.sort(key=lambda r: (r.key is None, -r.received, r.label))
    total = _row("total", str(_("合计")), orders.aggregate(**aggregates))
    return KpiReport(group=group, period=period, rows=rows, total=total)
