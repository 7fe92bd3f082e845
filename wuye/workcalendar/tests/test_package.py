"""What the holidays package says about China, checked against the State Council 2026 notice."""
from __future__ import annotations

import datetime as dt

import holidays

from wuye.workcalendar.fixtures import official_entries
from wuye.workcalendar.package import package_days

D = dt.date


def test_package_2026_agrees_with_the_state_council_notice():
    official = {e.date: e.is_workday for e in official_entries(2026) if e.differs_from_default}
    package = {e.date: e.is_workday for e in package_days(2026)}
    assert package == official


def test_package_knows_the_adjusted_working_weekends_of_2026():
    cal = holidays.China(years=2026)
    working_weekends = sorted(d for d in cal.weekend_workdays if d.year == 2026)
    assert working_weekends == [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
                                D(2026, 9, 20), D(2026, 10, 10)]
    assert cal.is_working_day(D(2026, 10, 10))
    assert not cal.is_working_day(D(2026, 10, 7))


def test_package_2027_is_the_rule_only():
    days = {e.date: e for e in package_days(2027)}
    assert days[D(2027, 1, 1)].is_workday is False
    assert not any(e.is_workday for e in days.values())  # no 调休 known before the notice
    assert D(2027, 1, 4) not in days
