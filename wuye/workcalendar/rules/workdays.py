"""Working-day arithmetic on the official Chinese calendar. Pure: no ORM, no settings.

Definitions used by every time limit on the platform:

* **Default rule**: Monday to Friday are working days, Saturday and Sunday are rest days.
* **Overrides**: a mapping ``date -> bool`` holding only the days on which the official calendar
  differs from the default rule: ``False`` for a holiday on a weekday (国庆节 Thursday 2026-10-01),
  ``True`` for an adjusted working weekend (调休上班 Saturday 2026-10-10). Anything with
  ``.get(day)`` works; ``wuye.workcalendar.selectors`` passes a mapping that loads years on demand.
* **Local date**: times are read in Asia/Shanghai (Beijing time), whatever zone they carry.

Limits in working days (``add_working_days``), after Civil Code arts. 201 and 203:
the day of the trigger (派单) does not count; counting starts on the next day and only working
days count, so the deadline is **23:59:59 Beijing time of the n-th working day strictly after
the start's local date**. A start on a rest day therefore counts from the next working day
(that day is day 1). ``n = 0`` means "the same day": 23:59:59 of the start day if it is a working
day, else of the next working day (art. 203: a period ending on a rest day ends on the next
working day). The result is always on a working day.

Limits in hours (``add_working_hours``, e.g. 签收 within 24 hours): the clock runs through
all 24 hours of working days and stops on rest days. Friday 17:00 + 24 h is Monday 17:00;
Saturday 10:00 + 24 h is Tuesday 00:00 (the end of Monday).

``working_days_between(a, b)`` counts the working days d with ``local(a) < d <= local(b)``
(negative when b is before a), so ``working_days_between(s, add_working_days(s, n)) == n``
for every n >= 1.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
END_OF_DAY = dt.time(23, 59, 59)
ONE_DAY = dt.timedelta(days=1)
# No real calendar has a year of rest days; a search longer than this means bad overrides.
MAX_SEARCH_DAYS = 3 * 366

Overrides = Mapping[dt.date, bool]


class CalendarError(ValueError):
    """Input the calendar arithmetic cannot use (a naive time, an impossible calendar)."""


def default_is_workday(day: dt.date) -> bool:
    return day.weekday() < 5


def is_workday(day: dt.date, overrides: Overrides) -> bool:
    """True when ``day`` is a working day: the override if there is one, else Monday to Friday."""
    value = overrides.get(day)
    return default_is_workday(day) if value is None else bool(value)


def local_date(moment: dt.datetime | dt.date) -> dt.date:
    """The Beijing date of an aware datetime (a plain date is taken as it is)."""
    if isinstance(moment, dt.datetime):
        return to_beijing(moment).date()
    return moment


def to_beijing(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise CalendarError("时间必须带时区（例如 2026-09-30T10:00:00+08:00）。")
    return moment.astimezone(BEIJING)


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=BEIJING)


def next_workday(day: dt.date, overrides: Overrides, *, include: bool = False) -> dt.date:
    """The first working day after ``day`` (or ``day`` itself when ``include`` and it is one)."""
    current = day if include else day + ONE_DAY
    for _i in range(MAX_SEARCH_DAYS):
        if is_workday(current, overrides):
            return current
        current += ONE_DAY
    raise CalendarError(f"{day} 之后 {MAX_SEARCH_DAYS} 天内没有工作日，请检查工作日历。")


def add_working_days(start: dt.datetime | dt.date, n: int, overrides: Overrides) -> dt.datetime:
    """The deadline of a limit of ``n`` working days triggered at ``start`` (see the module doc)."""
    if n < 0:
        raise CalendarError("工作日数不能为负数。")
    day = local_date(start)
    if n == 0:
        return end_of_day(next_workday(day, overrides, include=True))
    for _i in range(n):
        day = next_workday(day, overrides)
    return end_of_day(day)


def working_days_between(a: dt.datetime | dt.date, b: dt.datetime | dt.date, overrides: Overrides) -> int:
    """Working days d with local(a) < d <= local(b); negative when b is before a."""
    start, end = local_date(a), local_date(b)
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if is_workday(day, overrides):
            count += 1
        day += ONE_DAY
    return sign * count


def add_working_hours(start: dt.datetime, hours: int | float, overrides: Overrides) -> dt.datetime:
    """``start`` plus ``hours`` counted only on working days (the clock stops on rest days)."""
    if hours < 0:
        raise CalendarError("小时数不能为负数。")
    cursor = to_beijing(start)
    remaining = dt.timedelta(hours=hours)
    for _i in range(MAX_SEARCH_DAYS + int(hours // 24) + 1):
        day = cursor.date()
        day_end = dt.datetime.combine(day + ONE_DAY, dt.time(0), tzinfo=BEIJING)
        if is_workday(day, overrides):
            available = day_end - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        cursor = day_end
    raise CalendarError("在合理范围内找不到足够的工作时间，请检查工作日历。")
