"""Reads of the working-day calendar: overrides per year, deadlines, and each year's status.

Every time limit on the platform asks this module. A year is read from the database when it
has been seeded or imported; a year with no row at all is computed on the fly from the
``holidays`` package (or, if the package cannot compute it, Monday to Friday only). Any year
that officials have not confirmed carries a warning that callers show next to the deadline.

Each process caches a year's days under the year's ``revision`` token; every write changes the
token, so the next read in any process sees the change (one small query per calendar).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wuye.workcalendar.choices import YearStatus
from wuye.workcalendar.fixtures import OFFICIAL_SCHEDULES, official_entries, official_note
from wuye.workcalendar.models import CalendarDay, CalendarYear
from wuye.workcalendar.package import package_days
from wuye.workcalendar.rules import workdays

# (year, revision) -> overrides; bounded by the number of years times edits in a process's life.
_DB_CACHE: dict[tuple[int, str], dict[dt.date, bool]] = {}
_DB_CACHE_MAX = 256


@dataclass(frozen=True)
class YearInfo:
    year: int
    status: str
    overrides: Mapping[dt.date, bool] = field(repr=False)
    source_note: str = ""
    stored: bool = False

    @property
    def confirmed(self) -> bool:
        return self.status == YearStatus.CONFIRMED

    @property
    def status_label(self) -> str:
        return str(YearStatus(self.status).label)

    @property
    def warning(self) -> str:
        if self.status == YearStatus.CONFIRMED:
            return ""
        if self.status == YearStatus.WEEKDAYS_ONLY:
            return _("%(y)d 年无节假日数据，仅按周一至周五为工作日计算；期限仅供参考，请导入该年度放假安排。") % {"y": self.year}
        if self.stored:
            return _("%(y)d 年放假安排尚未确认，目前按 holidays 包的规则推算，调休安排可能与国务院办公厅通知不同；"
                     "期限仅供参考，通知发布后请更正或导入并确认。") % {"y": self.year}
        return _("%(y)d 年日历尚未导入，按 holidays 包的规则临时推算，调休安排可能与国务院办公厅通知不同；"
                 "期限仅供参考。") % {"y": self.year}


def _package_overrides(year: int) -> dict[dt.date, bool] | None:
    try:
        return {e.date: e.is_workday for e in package_days(year)}
    except Exception:  # noqa: BLE001 - any failure of the package means "no package data"
        return None


def _stored_overrides(year: int, revision: str) -> dict[dt.date, bool]:
    key = (year, revision)
    cached = _DB_CACHE.get(key)
    if cached is None:
        if len(_DB_CACHE) >= _DB_CACHE_MAX:
            _DB_CACHE.clear()
        cached = dict(
            CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")
        )
        _DB_CACHE[key] = cached
    return cached


def _year_info(year: int, row: CalendarYear | None) -> YearInfo:
    if row is not None:
        status = YearStatus.CONFIRMED if row.confirmed else YearStatus.PACKAGE_FALLBACK
        return YearInfo(year, status, _stored_overrides(year, row.revision), row.source_note, stored=True)
    if year in OFFICIAL_SCHEDULES:
        # The schedule shipped with the platform (e.g. on a database whose tables were emptied).
        official = {e.date: e.is_workday for e in official_entries(year) if e.differs_from_default}
        return YearInfo(year, YearStatus.CONFIRMED, official, official_note(year))
    computed = _package_overrides(year)
    if computed is None:
        return YearInfo(year, YearStatus.WEEKDAYS_ONLY, {})
    return YearInfo(year, YearStatus.PACKAGE_FALLBACK, computed)


def _year_rows(years: Iterable[int]) -> dict[int, CalendarYear]:
    """The stored years asked for; cached until any calendar row changes (every deadline reads this)."""
    from wuye.core.cache import cached

    years = sorted(set(years))
    if not years:
        return {}

    def load():
        return {r.year: r for r in
                CalendarYear.objects.filter(year__in=years).only("year", "confirmed", "revision", "source_note")}

    return cached("calendar", ",".join(map(str, years)), load)


class Calendar(Mapping):
    """The overrides of the years asked for, loading further years when a date in them is read.

    ``years_used`` and ``warnings`` tell which years a computation touched and whether any of
    them is unconfirmed.
    """

    def __init__(self, years: Iterable[int] = ()):
        self._years: dict[int, YearInfo] = {}
        years = sorted(set(years))
        rows = _year_rows(years)
        for y in years:
            self._years[y] = _year_info(y, rows.get(y))

    def year(self, year: int) -> YearInfo:
        info = self._years.get(year)
        if info is None:
            info = _year_info(year, _year_rows([year]).get(year))
            self._years[year] = info
        return info

    def get(self, day, default=None):
        return self.year(day.year).overrides.get(day, default)

    def __getitem__(self, day: dt.date) -> bool:
        value = self.get(day)
        if value is None:
            raise KeyError(day)
        return value

    def __iter__(self) -> Iterator[dt.date]:
        for info in self._years.values():
            yield from info.overrides

    def __len__(self) -> int:
        return sum(len(i.overrides) for i in self._years.values())

    @property
    def years_used(self) -> list[YearInfo]:
        return [self._years[y] for y in sorted(self._years)]

    @property
    def warnings(self) -> list[str]:
        return [i.warning for i in self.years_used if i.warning]


def calendar_for(years: Iterable[int]) -> Calendar:
    """The overrides mapping for ``years`` (other years load on first use)."""
    return Calendar(years)


def year_status(year: int) -> YearInfo:
    """Confirmed, package fallback or weekdays only, with the warning to show."""
    return Calendar([year]).year(year)


@dataclass(frozen=True)
class Deadline:
    at: dt.datetime
    years: list[YearInfo] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [y.warning for y in self.years if y.warning]

    @property
    def confirmed(self) -> bool:
        return not self.warnings


def deadline(start: dt.datetime, working_days: int) -> Deadline:
    """The deadline of a limit of ``working_days`` from ``start`` (rules.workdays.add_working_days)."""
    cal = Calendar([workdays.local_date(start).year])
    at = workdays.add_working_days(start, working_days, cal)
    return Deadline(at, cal.years_used)


def deadline_in_hours(start: dt.datetime, hours: int) -> Deadline:
    """The deadline of a limit in hours counted on working days (rules.workdays.add_working_hours)."""
    cal = Calendar([workdays.local_date(start).year])
    at = workdays.add_working_hours(start, hours, cal)
    return Deadline(at, cal.years_used)


def extend_deadline(current: dt.datetime, extra_working_days: int) -> Deadline:
    """An approved extension: ``extra_working_days`` more working days after the current deadline."""
    return deadline(current, extra_working_days)


def is_workday(day: dt.date) -> bool:
    return workdays.is_workday(day, Calendar([day.year]))


def working_days_between(a: dt.datetime | dt.date, b: dt.datetime | dt.date) -> int:
    cal = Calendar({workdays.local_date(a).year, workdays.local_date(b).year})
    return workdays.working_days_between(a, b, cal)


@dataclass(frozen=True)
class MonthView:
    month: int
    days: list[dict]


def year_overview(year: int) -> dict:
    """The page's data: status, stored days (or computed ones) grouped by month."""
    from wuye.workcalendar.package import package_holiday_names

    info = year_status(year)
    stored = {d.date: d for d in CalendarDay.objects.filter(date__year=year).select_related("updated_by")}
    try:
        names = package_holiday_names(year)
    except Exception:  # noqa: BLE001
        names = {}
    months: dict[int, list[dict]] = {m: [] for m in range(1, 13)}
    for day, is_work in sorted(info.overrides.items()):
        row = stored.get(day)
        months[day.month].append({
            "date": day, "is_workday": is_work, "name": row.name if row else names.get(day, ""),
            "source": row.get_source_display() if row else _("holidays 包推算（未入库）"),
            "source_key": row.source if row else "", "row": row,
        })
    # Holidays on weekends are rest days anyway; list them greyed so the festival blocks read whole.
    for day, name in names.items():
        if day not in info.overrides and day.weekday() >= 5:
            months[day.month].append({"date": day, "is_workday": False, "name": name, "source": _("周末"),
                                      "source_key": "weekend", "row": None})
    for m in months.values():
        m.sort(key=lambda d: d["date"])
    row = CalendarYear.objects.filter(year=year).select_related("confirmed_by").first()
    return {"info": info, "row": row, "months": [MonthView(m, d) for m, d in months.items() if d]}
