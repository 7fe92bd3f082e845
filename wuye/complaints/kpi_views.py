"""工单绩效 pages: period presets, grouping tabs, a table, a bar chart and the Excel export."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from wuye.complaints.kpi import (
    GROUPS,
    METRICS,
    PRESETS,
    RATES,
    KpiReport,
    KpiRow,
    Period,
    kpi_report,
    period_preset,
)
from wuye.core.excel import xlsx_response


def parse_request(params) -> tuple[str, str, Period, list[str]]:
    """group, preset and period from the query string; bad input falls back to 本月 with a message."""
    errors = []
    group = params.get("group") or "department"
    if group not in GROUPS:
        errors.append(_("未知的分组：%(g)s") % {"g": group})
        group = "department"
    preset = params.get("preset") or ("custom" if params.get("from") else "month")
    if preset not in PRESETS:
        preset = "month"
    period = period_preset(preset if preset != "custom" else "month")
    if preset == "custom":
        start, end = parse_date(params.get("from") or ""), parse_date(params.get("to") or "")
        if start is None or end is None or end <= start:
            errors.append(_("自定义期间无效：请填写起止日期（截止日期不含，须晚于起始日期）。"))
            preset = "month"
        else:
            period = Period(start, end)
    return group, preset, period, errors


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def display(row: KpiRow) -> list[str]:
    cells = []
    for m in METRICS:
        v = getattr(row, m)
        cells.append(percent(v) if m in RATES else ("—" if v is None else str(v)))
    return cells


CHART_MAX = 12


@login_required
def index(request: HttpRequest) -> HttpResponse:
    group, preset, period, errors = parse_request(request.GET)
    report: KpiReport = kpi_report(actor=request.user, group=group, period=period)
    # The chart shows the busiest groups; the table below lists all of them.
    charted = sorted(report.rows, key=lambda r: -(r.dispatched or 0))[:CHART_MAX]
    chart = {
        "labels": [r.label for r in charted],
        "series": [
            {"name": str(METRICS[m]), "data": [None if getattr(r, m) is None else float(getattr(r, m) * 100)
                                               for r in charted]}
            for m in ("ack_on_time_rate", "close_on_time_rate", "satisfaction_rate", "resolution_rate")
        ],
    }
    return render(request, "complaints/kpi_index.html", {
        "title": _("工单绩效"),
        "groups": GROUPS, "group": group, "presets": PRESETS, "preset": preset, "period": period,
        "period_last": period.end - dt.timedelta(days=1), "errors": errors,
        "headers": [GROUPS[group], *METRICS.values()],
        "rows": [(r.label, display(r)) for r in report.rows],
        "total": list(zip(METRICS, display(report.total), strict=True)),
        "chart": chart,
        "querystring": request.GET.urlencode(),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    group, _preset, period, _errors = parse_request(request.GET)
    report = kpi_report(actor=request.user, group=group, period=period)
    rows = [[r.label, *[getattr(r, m) for m in METRICS]] for r in [*report.rows, report.total]]
    name = f"工单绩效_{GROUPS[group]}_{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return xlsx_response(filename=name, sheet=str(_("工单绩效")), headers=[str(GROUPS[group]), *map(str, METRICS.values())],
                         rows=rows)
