"""Writes on the working-day calendar: seed, import, correct, confirm. Each one audited.

* ``calendar_seed_year`` copies the ``holidays`` package's days into the table. It is idempotent
  and never touches a day that came from an official notice or a manual correction, nor a
  confirmed year.
* ``calendar_import_year`` replaces a year with the rows of a CSV/xlsx file (日期, 是否工作日, 名称):
  every row is checked first, and a file with any error writes nothing.
* ``calendar_day_correct`` sets one day; ``calendar_year_confirm`` marks a year as checked
  against the State Council notice.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record, record_create, record_update, snapshot
from wuye.workcalendar.choices import DaySource
from wuye.workcalendar.models import CalendarDay, CalendarYear, new_revision
from wuye.workcalendar.package import package_days, package_version
from wuye.workcalendar.permissions import can_edit_calendar
from wuye.workcalendar.rules.schedule import DayEntry, RowError, header_key, parse_schedule
from wuye.workcalendar.rules.workdays import default_is_workday

PROTECTED_SOURCES = (DaySource.OFFICIAL, DaySource.MANUAL)


class ScheduleImportError(ValidationError):
    """A file that cannot be imported; ``row_errors`` lists every bad row."""

    def __init__(self, message: str, row_errors: list[RowError] | None = None):
        self.row_errors = row_errors or []
        messages = [message] + [str(e) for e in self.row_errors]
        super().__init__(messages)


@dataclass
class SeedResult:
    year: int
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0
    skipped_reason: str = ""
    changes: list[str] = field(default_factory=list)


def _check(actor) -> None:
    if actor is not None and not can_edit_calendar(actor):
        raise PermissionDenied(_("只有市住建局和平台管理员可以修改工作日历。"))


def _year_row(year: int, *, note: str = "") -> CalendarYear:
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        row = CalendarYear(year=year, source_note=note)
        record_create(actor=None, instance=row, reason=note)
    return row


def _ensure_year(year: int, actor) -> CalendarYear:
    """The year's row; a year not stored yet is first seeded from the package, so that storing
    one correction does not drop the package's other days of that year."""
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        try:
            calendar_seed_year(year=year, actor=actor)
        except ValidationError:
            pass
        row = _year_row(year)
    return row


def _touch(row: CalendarYear) -> None:
    """A new revision: every process's cached copy of the year is now stale."""
    from wuye.core.cache import bump_for

    CalendarYear.objects.filter(pk=row.pk).update(revision=new_revision(), updated_at=timezone.now())
    bump_for(CalendarYear)


def _delete_day(actor, day: CalendarDay, reason: str) -> None:
    audit_record(actor=actor, action=AuditAction.VOID, obj=day, before=snapshot(day), after=None, reason=reason)
    day.delete()


@transaction.atomic
def calendar_seed_year(*, year: int, actor=None) -> SeedResult:
    """Copy the package's days of ``year``; official and manual days and confirmed years stay as they are."""
    _check(actor)
    result = SeedResult(year)
    try:
        entries = {e.date: e for e in package_days(year)}
    except Exception as exc:  # noqa: BLE001 - the package cannot compute every year
        raise ValidationError(_("holidays 包无法推算 %(y)d 年：%(e)s") % {"y": year, "e": exc}) from None
    reason = _("按 holidays %(v)s 推算") % {"v": package_version()}
    row = _year_row(year, note=reason)
    if row.confirmed:
        result.skipped_reason = _("该年度已确认，未按 holidays 包重新推算。")
        return result
    existing = {d.date: d for d in CalendarDay.objects.select_for_update().filter(date__year=year)}
    for day, current in existing.items():
        if current.source in PROTECTED_SOURCES:
            result.kept += 1
            continue
        entry = entries.get(day)
        if entry is None:
            _delete_day(actor, current, reason)
            result.deleted += 1
        elif (current.is_workday, current.name) != (entry.is_workday, entry.name):
            record_update(actor=actor, instance=current, data={"is_workday": entry.is_workday, "name": entry.name},
                          reason=reason)
            result.updated += 1
    for day, entry in entries.items():
        if day not in existing:
            record_create(actor=actor, reason=reason, instance=CalendarDay(
                date=day, is_workday=entry.is_workday, name=entry.name, source=DaySource.PACKAGE,
                updated_by=actor if getattr(actor, "pk", None) else None))
            result.created += 1
    if result.created or result.updated or result.deleted:
        _touch(row)
    return result


@transaction.atomic
def calendar_day_correct(*, actor, date: dt.date, is_workday: bool, name: str = "", reason: str = "") -> CalendarDay | None:
    """Set one day as a working or rest day (source: manual). Returns the stored day."""
    _check(actor)
    name = (name or "").strip()[:50] or (_("调休上班") if is_workday else _("休息日"))
    row = _ensure_year(date.year, actor)
    current = CalendarDay.objects.select_for_update().filter(date=date).first()
    by = actor if getattr(actor, "pk", None) else None
    if current is None:
        if is_workday == default_is_workday(date):
            # Already the default rule (the year was seeded above, so the package has no entry here).
            _touch(row)
            return None
        day = record_create(actor=actor, reason=reason, instance=CalendarDay(
            date=date, is_workday=is_workday, name=name, source=DaySource.MANUAL, updated_by=by))
    else:
        day = record_update(actor=actor, instance=current, reason=reason, data={
            "is_workday": is_workday, "name": name, "source": DaySource.MANUAL, "updated_by": by})
    _touch(row)
    return day


@transaction.atomic
def calendar_year_confirm(*, actor, year: int, source_note: str) -> CalendarYear:
    """Mark ``year`` as checked against the State Council notice named in ``source_note``."""
    _check(actor)
    source_note = (source_note or "").strip()
    if not source_note:
        raise ValidationError({"source_note": _("请填写依据（国务院办公厅通知的名称或文号）。")})
    row = _ensure_year(year, actor)
    row = record_update(actor=actor, instance=row, reason=source_note, data={
        "confirmed": True, "source_note": source_note[:300],
        "confirmed_by": actor if getattr(actor, "pk", None) else None, "confirmed_at": timezone.now()})
    _touch(row)
    return row


@transaction.atomic
def calendar_year_unconfirm(*, actor, year: int, reason: str) -> CalendarYear:
    """Withdraw a confirmation (e.g. the State Council changed the schedule)."""
    _check(actor)
    row = _year_row(year)
    row = record_update(actor=actor, instance=row, reason=reason,
                        data={"confirmed": False, "confirmed_by": None, "confirmed_at": None})
    _touch(row)
    return row


# ---------------------------------------------------------------- import


def read_schedule_file(fileobj, filename: str = "") -> list[tuple[int, dict[str, Any]]]:
    """(row number, {"date", "is_workday", "name"}) from a CSV (UTF-8 or GBK) or xlsx file."""
    data = fileobj.read() if hasattr(fileobj, "read") else bytes(fileobj)
    if filename.lower().endswith((".xlsx", ".xls")) or data[:2] == b"PK":
        table = _xlsx_rows(data)
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ScheduleImportError(_("无法识别文件编码，请另存为 UTF-8 的 CSV 或 .xlsx。"))
        table = list(csv.reader(io.StringIO(text)))
    if not table:
        raise ScheduleImportError(_("文件为空。"))
    mapping = {i: header_key(v) for i, v in enumerate(table[0])}
    present = {k for k in mapping.values() if k}
    if not {"date", "is_workday"} <= present:
        raise ScheduleImportError(_("第1行应为表头：日期、是否工作日、名称。"))
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(str(v or "").strip() for v in values):
            continue
        rows.append((number, {k: values[i] for i, k in mapping.items() if k and i < len(values)}))
    return rows


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [list(r) for r in wb.get_sheet_by_index(0).to_python()]
    except Exception:  # noqa: BLE001 - zip, XML and reader errors all mean the same to the user
        raise ScheduleImportError(_("文件不是有效的 Excel（.xlsx）文件。")) from None


@dataclass
class ImportResult:
    year: int
    stored: int
    default_rule_rows: int
    removed: int


@transaction.atomic
def calendar_import_year(*, actor, year: int, fileobj, filename: str = "", source_note: str = "",
                         confirm: bool = False) -> ImportResult:
    """Replace ``year`` with the file's schedule (source: official); any bad row writes nothing.

    Rows that only restate the default rule (a holiday on a Saturday) are accepted and not stored.
    With ``confirm`` the year is also confirmed with ``source_note``.
    """
    _check(actor)
    entries, errors = parse_schedule(read_schedule_file(fileobj, filename), year=year)
    if errors:
        raise ScheduleImportError(_("文件有 %(n)d 处错误，未导入任何数据。") % {"n": len(errors)}, errors)
    if not entries:
        raise ScheduleImportError(_("文件中没有数据行。"))
    return apply_schedule(actor=actor, year=year, entries=entries, source_note=source_note, confirm=confirm)


def apply_schedule(*, actor, year: int, entries: list[DayEntry], source_note: str = "",
                   confirm: bool = False) -> ImportResult:
    reason = source_note or _("导入放假安排")
    row = _year_row(year, note=source_note)
    wanted = {e.date: e for e in entries if e.differs_from_default}
    existing = {d.date: d for d in CalendarDay.objects.select_for_update().filter(date__year=year)}
    by = actor if getattr(actor, "pk", None) else None
    removed = 0
    for day, current in existing.items():
        if day not in wanted:
            _delete_day(actor, current, reason)
            removed += 1
    for day, entry in wanted.items():
        data = {"is_workday": entry.is_workday, "name": entry.name, "source": DaySource.OFFICIAL, "updated_by": by}
        current = existing.get(day)
        if current is None:
            record_create(actor=actor, reason=reason, instance=CalendarDay(date=day, **data))
        else:
            record_update(actor=actor, instance=current, data=data, reason=reason)
    if source_note:
        row = record_update(actor=actor, instance=row, data={"source_note": source_note[:300]}, reason=reason)
    _touch(row)
    if confirm:
        calendar_year_confirm(actor=actor, year=year, source_note=source_note or row.source_note)
    return ImportResult(year, len(wanted), len(entries) - len(wanted), removed)
