from __future__ import annotations

import datetime as dt

import pytest

from wuye.workcalendar import selectors
from wuye.workcalendar.choices import DaySource, YearStatus
from wuye.workcalendar.models import CalendarDay, CalendarYear
from wuye.workcalendar.rules.workdays import BEIJING
from wuye.workcalendar.services import calendar_day_correct

pytestmark = pytest.mark.django_db


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=BEIJING)


def eod(y, m, d):
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=BEIJING)


def test_migration_seeded_2026_official_and_2027_from_package():
    y2026 = CalendarYear.objects.get(year=2026)
    assert y2026.confirmed and "2026年部分节假日安排" in y2026.source_note
    day = CalendarDay.objects.get(date=dt.date(2026, 10, 10))
    assert day.is_workday and day.source == DaySource.OFFICIAL
    assert not CalendarYear.objects.get(year=2027).confirmed
    assert CalendarDay.objects.get(date=dt.date(2027, 1, 1)).source == DaySource.PACKAGE


def test_national_day_2026_deadline_is_confirmed():
    result = selectors.deadline(at(2026, 9, 30), 5)
    assert result.at == eod(2026, 10, 13)
    assert result.warnings == [] and result.confirmed
    assert selectors.is_workday(dt.date(2026, 10, 10))
    assert not selectors.is_workday(dt.date(2026, 10, 7))


def test_deadline_into_january_2027_warns_about_the_unconfirmed_year():
    result = selectors.deadline(at(2026, 12, 31), 5)
    assert result.at == eod(2027, 1, 8)
    assert [y.year for y in result.years] == [2026, 2027]
    assert len(result.warnings) == 1 and "2027 年放假安排尚未确认" in result.warnings[0]
    assert not result.confirmed


def test_year_status():
    assert selectors.year_status(2026).status == YearStatus.CONFIRMED
    assert selectors.year_status(2026).warning == ""
    info = selectors.year_status(2027)
    assert info.status == YearStatus.PACKAGE_FALLBACK and info.stored and "尚未确认" in info.warning


def test_year_without_data_is_computed_from_the_package_with_a_warning():
    info = selectors.year_status(2035)
    assert info.status == YearStatus.PACKAGE_FALLBACK and not info.stored
    assert "尚未导入" in info.warning
    assert info.overrides[dt.date(2035, 10, 1)] is False  # 国庆节 2035 is a Monday
    assert not CalendarYear.objects.filter(year=2035).exists()


def test_year_the_package_cannot_compute_falls_back_to_weekdays(monkeypatch):
    def broken(year):
        raise RuntimeError("no data")

    monkeypatch.setattr(selectors, "package_days", broken)
    info = selectors.year_status(2099)
    assert info.status == YearStatus.WEEKDAYS_ONLY and "仅按周一至周五" in info.warning
    assert selectors.deadline(at(2099, 1, 2), 1).at == eod(2099, 1, 5)  # Fri -> Mon


def test_a_correction_is_seen_at_once(city_user):
    assert selectors.deadline(at(2026, 9, 30), 5).at == eod(2026, 10, 13)  # cached now
    calendar_day_correct(actor=city_user, date=dt.date(2026, 10, 12), is_workday=False, name="测试", reason="t")
    assert selectors.deadline(at(2026, 9, 30), 5).at == eod(2026, 10, 14)


def test_extension_moves_the_deadline():
    first = selectors.deadline(at(2026, 9, 30), 5).at
    assert selectors.extend_deadline(first, 3).at == eod(2026, 10, 16)


def test_hours_limit():
    assert selectors.deadline_in_hours(at(2026, 9, 30, 17), 24).at == at(2026, 10, 8, 17)


def test_working_days_between():
    assert selectors.working_days_between(at(2026, 12, 31), eod(2027, 1, 8)) == 5


def test_emptied_tables_fall_back_to_the_shipped_2026_schedule():
    """Transactional tests flush every table: the shipped official schedule still answers."""
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    info = selectors.year_status(2026)
    assert info.status == YearStatus.CONFIRMED and not info.stored
    result = selectors.deadline(at(2026, 9, 30), 5)
    assert result.at == eod(2026, 10, 13) and result.warnings == []
