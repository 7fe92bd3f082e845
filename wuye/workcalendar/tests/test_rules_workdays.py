"""The pure working-day arithmetic, on the official 2026 schedule and on generated calendars."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.workcalendar.fixtures import official_entries
from wuye.workcalendar.package import package_days
from wuye.workcalendar.rules.workdays import (
    BEIJING,
    CalendarError,
    add_working_days,
    add_working_hours,
    is_workday,
    working_days_between,
)

D = dt.date
# The State Council 2026 schedule (shipped fixture) plus the package's rule for 2027 (元旦 2027-01-01 Fri).
OVERRIDES = {e.date: e.is_workday for e in official_entries(2026) if e.differs_from_default}
OVERRIDES |= {e.date: e.is_workday for e in package_days(2027)}


def at(y, m, d, h=10, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=BEIJING)


def eod(y, m, d) -> dt.datetime:
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=BEIJING)


@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 9, 20), True),    # Sunday, 调休上班 for 国庆
    (D(2026, 9, 25), False),   # 中秋节, Friday
    (D(2026, 9, 30), True),
    (D(2026, 10, 1), False),
    (D(2026, 10, 3), False),   # Saturday inside the holiday
    (D(2026, 10, 7), False),   # Wednesday, 调休 from 10-10
    (D(2026, 10, 8), True),
    (D(2026, 10, 10), True),   # Saturday, 调休上班
    (D(2026, 10, 11), False),  # Sunday
    (D(2027, 1, 1), False),    # 元旦 2027 per the package
    (D(2027, 1, 2), False),
    (D(2027, 1, 4), True),
])
def test_is_workday_2026_autumn_and_2027(day, expected):
    assert is_workday(day, OVERRIDES) is expected


@pytest.mark.parametrize(("start", "n", "expected"), [
    # 国庆 2026: dispatched Wed 09-30; 10-01..10-07 off; 10-08 Thu(1) 10-09 Fri(2) 10-10 Sat(3) 10-12(4) 10-13(5).
    (at(2026, 9, 30), 5, eod(2026, 10, 13)),
    (at(2026, 9, 30, 23, 59), 1, eod(2026, 10, 8)),
    (at(2026, 9, 30), 3, eod(2026, 10, 10)),   # the adjusted Saturday is a working day
    (at(2026, 9, 30), 4, eod(2026, 10, 12)),   # ...and Sunday 10-11 is not
    # Dispatched during the holiday: counting starts at the next working day (10-08 is day 1).
    (at(2026, 10, 3), 1, eod(2026, 10, 8)),
    (at(2026, 10, 7, 18), 5, eod(2026, 10, 13)),  # same as from 09-30: the holiday days do not count
    # Dispatched on the adjusted Saturday: the day itself does not count.
    (at(2026, 10, 10), 1, eod(2026, 10, 12)),
    # 中秋 + the Sunday 09-20 working day.
    (at(2026, 9, 18), 1, eod(2026, 9, 20)),
    (at(2026, 9, 24), 1, eod(2026, 9, 28)),
    # Into January 2027: 12-31 Thu; 01-01 元旦 Fri, 01-02/03 weekend; 01-04 Mon(1) ... 01-08 Fri(5).
    (at(2026, 12, 31), 1, eod(2027, 1, 4)),
    (at(2026, 12, 31), 5, eod(2027, 1, 8)),
    (at(2026, 12, 28), 5, eod(2027, 1, 5)),    # 12-29(1) 12-30(2) 12-31(3) 01-04(4) 01-05(5)
    # n = 0: the same day, or the next working day when the start is a rest day.
    (at(2026, 9, 30), 0, eod(2026, 9, 30)),
    (at(2026, 10, 1), 0, eod(2026, 10, 8)),
])
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n, OVERRIDES) == expected


def test_start_is_read_in_beijing_time():
    # 2026-09-30 17:00 UTC is 10-01 01:00 in Beijing: a start during the holiday.
    start = dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)
    assert add_working_days(start, 1, OVERRIDES) == eod(2026, 10, 8)
    assert add_working_days(start, 1, OVERRIDES).utcoffset() == dt.timedelta(hours=8)


def test_naive_start_refused():
    with pytest.raises(CalendarError):
        add_working_days(dt.datetime(2026, 9, 30, 10), 5, OVERRIDES)
    with pytest.raises(CalendarError):
        add_working_days(at(2026, 9, 30), -1, OVERRIDES)


@pytest.mark.parametrize(("start", "hours", "expected"), [
    (at(2026, 9, 29, 10), 24, at(2026, 9, 30, 10)),
    (at(2026, 9, 30, 17), 24, at(2026, 10, 8, 17)),    # 7 h on 09-30, clock stops 10-01..10-07
    (at(2026, 10, 3, 10), 24, at(2026, 10, 9, 0)),     # starts on a rest day: all of 10-08
    (at(2026, 10, 9, 12), 24, at(2026, 10, 10, 12)),   # the adjusted Saturday counts
    (at(2026, 12, 31, 9), 48, at(2027, 1, 5, 9)),
])
def test_add_working_hours(start, hours, expected):
    assert add_working_hours(start, hours, OVERRIDES) == expected


def test_working_days_between():
    assert working_days_between(at(2026, 9, 30), at(2026, 10, 13), OVERRIDES) == 5
    assert working_days_between(at(2026, 10, 13), at(2026, 9, 30), OVERRIDES) == -5
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 7), OVERRIDES) == 0
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 10), OVERRIDES) == 1


# ---------------------------------------------------------------- properties

days = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 30))
random_overrides = st.dictionaries(
    st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 31)), st.booleans(), max_size=60,
)
starts = st.builds(lambda d, s: dt.datetime.combine(d, dt.time(0), tzinfo=BEIJING) + dt.timedelta(seconds=s),
                   days, st.integers(min_value=0, max_value=86399))


@given(start=starts, n=st.integers(min_value=0, max_value=40), overrides=random_overrides)
def test_monotonic_in_n_and_lands_on_a_working_day(start, n, overrides):
    a = add_working_days(start, n, overrides)
    b = add_working_days(start, n + 1, overrides)
    assert b > a if n >= 1 else b >= a  # n = 0 on a rest day already rolls to the next working day
    assert is_workday(a.date(), overrides) and is_workday(b.date(), overrides)
    assert a.time() == dt.time(23, 59, 59) and a.tzinfo is BEIJING


@given(start=starts, n=st.integers(min_value=1, max_value=40), overrides=random_overrides)
def test_between_inverts_add(start, n, overrides):
    assert working_days_between(start, add_working_days(start, n, overrides), overrides) == n


@given(start=starts, n=st.integers(min_value=1, max_value=40))
def test_between_inverts_add_on_the_official_calendar(start, n):
    end = add_working_days(start, n, OVERRIDES)
    assert working_days_between(start, end, OVERRIDES) == n
    assert end.date() > start.date()


@given(start=starts, hours=st.integers(min_value=0, max_value=200), overrides=random_overrides)
def test_working_hours_never_before_wall_clock(start, hours, overrides):
    end = add_working_hours(start, hours, overrides)
    assert end >= start + dt.timedelta(hours=hours)
