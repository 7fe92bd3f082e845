"""The ``holidays`` package's China calendar, as the days that differ from Monday-to-Friday.

The package knows both the holidays and, since it encodes each State Council substitution
("休息日（由 2026-10-10 调休）"), the adjusted working weekends (``weekend_workdays``). For years
without a published notice it applies the statutory rule (festival days, weekend days moved to
the next working day) and cannot know the year's 调休, so such years stay unconfirmed.
"""
from __future__ import annotations

import datetime as dt
import functools

from wuye.workcalendar.rules.schedule import WORKDAY_NAME, DayEntry


def package_version() -> str:
    import holidays

    return holidays.__version__


@functools.lru_cache(maxsize=64)
def package_days(year: int) -> tuple[DayEntry, ...]:
    """Weekday holidays and working weekends of ``year``; raises if the package cannot compute it."""
    import holidays

    # The next year too: a substitution may take a working day from the previous December.
    cal = holidays.China(years=(year, year + 1), language="zh_CN")
    out: dict[dt.date, DayEntry] = {}
    for day, name in cal.items():
        if day.year == year and day.weekday() < 5:
            out[day] = DayEntry(day, False, str(name)[:50])
    for day in getattr(cal, "weekend_workdays", ()):
        if day.year == year and day.weekday() >= 5:
            out[day] = DayEntry(day, True, WORKDAY_NAME)
    return tuple(sorted(out.values(), key=lambda e: e.date))


def package_holiday_names(year: int) -> dict[dt.date, str]:
    """Every holiday the package names in ``year``, weekend ones included (for display)."""
    import holidays

    return {d: str(n) for d, n in holidays.China(years=year, language="zh_CN").items() if d.year == year}
