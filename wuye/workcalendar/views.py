"""Calendar pages: one page per year; officials of the city bureau correct, import and confirm."""
from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core.models import AuditEntry
from wuye.core.views import add_validation_errors
from wuye.workcalendar.forms import DayCorrectForm, ScheduleImportForm, YearConfirmForm
from wuye.workcalendar.models import CalendarDay, CalendarYear
from wuye.workcalendar.permissions import can_edit_calendar
from wuye.workcalendar.selectors import year_overview
from wuye.workcalendar.services import (
    ScheduleImportError,
    calendar_day_correct,
    calendar_import_year,
    calendar_seed_year,
    calendar_year_confirm,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("年度超出范围。"))
    return year


def _require_editor(request) -> None:
    if not can_edit_calendar(request.user):
        raise PermissionDenied(_("只有市住建局和平台管理员可以修改工作日历。"))


def _history(year: int):
    day_ct = ContentType.objects.get_for_model(CalendarDay)
    year_ct = ContentType.objects.get_for_model(CalendarYear)
    row = CalendarYear.objects.filter(year=year).first()
    q = Q(content_type=day_ct, object_repr__startswith=f"{year}-")
    if row is not None:
        q |= Q(content_type=year_ct, object_id=str(row.pk))
    return AuditEntry.objects.filter(q).select_related("actor")[:50]


@login_required
def current_year(request):
    return redirect("workcalendar:year", year=timezone.localdate().year)


@login_required
def year_page(request, year: int, *, correct_form=None, import_form=None, confirm_form=None,
              import_errors=None, status=200):
    year = _year(year)
    editable = can_edit_calendar(request.user)
    ctx = {
        "title": _("%(y)d 年工作日历") % {"y": year},
        "year": year, "prev_year": year - 1, "next_year": year + 1,
        "editable": editable, "history": _history(year),
        "correct_form": correct_form or DayCorrectForm(year=year),
        "import_form": import_form or ScheduleImportForm(),
        "confirm_form": confirm_form or YearConfirmForm(),
        "import_errors": import_errors or [],
        **year_overview(year),
    }
    return render(request, "workcalendar/year.html", ctx, status=status)


@login_required
@require_POST
def day_correct(request, year: int):
    year = _year(year)
    _require_editor(request)
    form = DayCorrectForm(request.POST, year=year)
    if form.is_valid():
        d = form.cleaned_data
        try:
            calendar_day_correct(actor=request.user, date=d["date"], is_workday=d["is_workday"], name=d["name"],
                                 reason=d["reason"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            kind = _("上班") if d["is_workday"] else _("休息")
            messages.success(request, _("已更正：%(d)s %(k)s") % {"d": d["date"], "k": kind})
            return redirect("workcalendar:year", year=year)
    return year_page(request, year, correct_form=form, status=400)


@login_required
@require_POST
def year_import(request, year: int):
    year = _year(year)
    _require_editor(request)
    form = ScheduleImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        d = form.cleaned_data
        upload = d["file"]
        try:
            result = calendar_import_year(actor=request.user, year=year, fileobj=upload, filename=upload.name,
                                          source_note=d["source_note"], confirm=d["confirm"])
        except ScheduleImportError as exc:
            errors = exc.messages
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已导入 %(y)d 年放假安排：保存 %(n)d 天，与默认规则相同未保存 %(s)d 天，删除旧记录 %(r)d 天。")
                             % {"y": year, "n": result.stored, "s": result.default_rule_rows, "r": result.removed})
            return redirect("workcalendar:year", year=year)
    return year_page(request, year, import_form=form, import_errors=errors, status=400)


@login_required
@require_POST
def year_confirm(request, year: int):
    year = _year(year)
    _require_editor(request)
    form = YearConfirmForm(request.POST)
    if form.is_valid():
        try:
            calendar_year_confirm(actor=request.user, year=year, source_note=form.cleaned_data["source_note"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已确认 %(y)d 年工作日历。") % {"y": year})
            return redirect("workcalendar:year", year=year)
    return year_page(request, year, confirm_form=form, status=400)


@login_required
@require_POST
def year_seed(request, year: int):
    year = _year(year)
    _require_editor(request)
    try:
        r = calendar_seed_year(year=year, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        if r.skipped_reason:
            messages.warning(request, r.skipped_reason)
        else:
            messages.success(request, _("已按 holidays 包推算：新增 %(c)d，更新 %(u)d，删除 %(d)d，保留人工/通知数据 %(k)d。")
                             % {"c": r.created, "u": r.updated, "d": r.deleted, "k": r.kept})
    return redirect("workcalendar:year", year=year)


@login_required
def year_template(request, year: int):
    """The year's stored days as a CSV in the import format: a starting point for corrections."""
    year = _year(year)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["日期", "是否工作日", "名称"])
    for day in CalendarDay.objects.filter(date__year=year).order_by("date"):
        writer.writerow([day.date.isoformat(), "是" if day.is_workday else "否", day.name])
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="calendar_{year}.csv"'
    return response
