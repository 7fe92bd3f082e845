from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from wuye.core.models import AuditEntry
from wuye.workcalendar.choices import DaySource
from wuye.workcalendar.models import CalendarDay, CalendarYear
from wuye.workcalendar.services import (
    ScheduleImportError,
    calendar_day_correct,
    calendar_import_year,
    calendar_seed_year,
    calendar_year_confirm,
)

pytestmark = pytest.mark.django_db
D = dt.date


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def days(year):
    return list(CalendarDay.objects.filter(date__year=year).order_by("date").values_list("date", "is_workday", "source"))


def test_seeding_is_idempotent():
    before, audits = days(2027), AuditEntry.objects.count()
    result = calendar_seed_year(year=2027)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert days(2027) == before and AuditEntry.objects.count() == audits


def test_seeding_a_new_year_then_again():
    first = calendar_seed_year(year=2030)
    assert first.created > 0 and CalendarYear.objects.filter(year=2030, confirmed=False).exists()
    second = calendar_seed_year(year=2030)
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)


def test_seeding_never_overwrites_manual_corrections(city_user):
    calendar_day_correct(actor=city_user, date=D(2027, 1, 1), is_workday=True, name="测试更正", reason="演练")
    calendar_day_correct(actor=city_user, date=D(2027, 1, 9), is_workday=True, name="调休上班", reason="演练")
    result = calendar_seed_year(year=2027)
    assert result.kept == 2 and result.updated == 0
    new_year = CalendarDay.objects.get(date=D(2027, 1, 1))
    assert new_year.is_workday and new_year.source == DaySource.MANUAL and new_year.updated_by == city_user
    assert CalendarDay.objects.get(date=D(2027, 1, 9)).is_workday


def test_seeding_removes_stale_package_days_and_skips_confirmed_years():
    CalendarDay.objects.create(date=D(2027, 3, 3), is_workday=False, name="旧版本推算", source=DaySource.PACKAGE)
    assert calendar_seed_year(year=2027).deleted == 1
    assert not CalendarDay.objects.filter(date=D(2027, 3, 3)).exists()
    before = days(2026)
    result = calendar_seed_year(year=2026)
    assert result.skipped_reason and days(2026) == before


def test_correct_a_day_is_audited(city_user):
    day = calendar_day_correct(actor=city_user, date=D(2026, 10, 12), is_workday=False, name="临时放假", reason="通知")
    assert day.source == DaySource.MANUAL
    entry = AuditEntry.objects.filter(object_id=str(day.pk)).first()
    assert entry.actor == city_user and entry.after["is_workday"] is False and entry.reason == "通知"


def test_correcting_an_unseeded_year_seeds_it_first(city_user):
    calendar_day_correct(actor=city_user, date=D(2031, 3, 3), is_workday=False, name="测试", reason="")
    assert CalendarDay.objects.filter(date=D(2031, 10, 1), source=DaySource.PACKAGE).exists()
    assert CalendarDay.objects.get(date=D(2031, 3, 3)).source == DaySource.MANUAL


def test_street_office_may_not_change_the_calendar(street_user):
    with pytest.raises(PermissionDenied):
        calendar_day_correct(actor=street_user, date=D(2026, 10, 12), is_workday=False)
    with pytest.raises(PermissionDenied):
        calendar_year_confirm(actor=street_user, year=2027, source_note="x")
    with pytest.raises(PermissionDenied):
        calendar_seed_year(year=2027, actor=street_user)


def test_confirm_needs_a_source(city_user):
    with pytest.raises(ValidationError):
        calendar_year_confirm(actor=city_user, year=2027, source_note=" ")
    row = calendar_year_confirm(actor=city_user, year=2027, source_note="国务院办公厅关于2027年部分节假日安排的通知")
    assert row.confirmed and row.confirmed_by == city_user and row.confirmed_at is not None


GOOD_2027 = """日期,是否工作日,名称
2027-01-01,否,元旦
2027-01-02,否,元旦
2027-02-20,是,调休上班
2027-02-08,否,春节
"""


def test_import_replaces_the_year(city_user):
    result = calendar_import_year(actor=city_user, year=2027, fileobj=csv_file(GOOD_2027), filename="2027.csv",
                                  source_note="国办通知（测试）", confirm=True)
    assert result.stored == 3 and result.default_rule_rows == 1  # 01-02 is a Saturday
    assert days(2027) == [(D(2027, 1, 1), False, "official"), (D(2027, 2, 8), False, "official"),
                          (D(2027, 2, 20), True, "official")]
    assert CalendarYear.objects.get(year=2027).confirmed
    # A later seed leaves the confirmed year alone.
    assert calendar_seed_year(year=2027).skipped_reason


def test_import_xlsx(city_user):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "是否工作日", "名称"])
    ws.append([dt.datetime(2027, 10, 9), "是", "调休上班"])
    ws.append(["2027/10/6", "否", "国庆节"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    calendar_import_year(actor=city_user, year=2027, fileobj=buf, filename="2027.xlsx")
    assert days(2027) == [(D(2027, 10, 6), False, "official"), (D(2027, 10, 9), True, "official")]


@pytest.mark.parametrize(("body", "messages"), [
    ("日期,是否工作日,名称\n2027-01-01,否,元旦\n2027-13-01,否,坏日期\n", ["第3行", "无效"]),
    ("日期,是否工作日,名称\n2027-01-01,否,元旦\n2027-01-01,否,元旦\n", ["第3行", "与第2行重复"]),
    ("日期,是否工作日,名称\n2026-12-31,否,元旦\n", ["第2行", "不属于 2027 年"]),
    ("日期,是否工作日,名称\n2027-01-01,也许,元旦\n", ["第2行", "是否工作日"]),
    ("date,x\n2027-01-01,否\n", ["表头"]),
    ("", ["文件为空"]),
])
def test_import_errors_write_nothing(city_user, body, messages):
    before, audits = days(2027), AuditEntry.objects.count()
    with pytest.raises(ScheduleImportError) as info:
        calendar_import_year(actor=city_user, year=2027, fileobj=csv_file(body), filename="x.csv")
    text = " ".join(info.value.messages)
    for m in messages:
        assert m in text
    assert days(2027) == before and AuditEntry.objects.count() == audits
