from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wuye.workcalendar.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def year_url(year, action=""):
    return reverse(f"workcalendar:{action or 'year'}", args=[year])


def test_everyone_logged_in_reads_the_page_but_only_the_city_bureau_edits(client, street_user):
    client.force_login(street_user)
    page = client.get(year_url(2026))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="day-2026-10-10"' in html and "调休上班" in html
    assert 'data-testid="year-warning"' not in html  # 2026 is confirmed
    assert 'data-testid="correct-form"' not in html
    response = client.post(year_url(2026, "correct"), {"date": "2026-10-12", "is_workday": "0"})
    assert response.status_code == 403
    assert client.post(year_url(2027, "confirm"), {"source_note": "x"}).status_code == 403
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 12)).exists()


def test_unconfirmed_year_shows_the_warning(client, city_user):
    client.force_login(city_user)
    html = client.get(year_url(2027)).content.decode()
    assert 'data-testid="year-warning"' in html and "2027 年放假安排尚未确认" in html
    assert 'data-testid="confirm-form"' in html


def test_index_redirects_to_this_year_and_menu_lists_the_calendar(client, city_user):
    client.force_login(city_user)
    response = client.get(reverse("workcalendar:index"))
    assert response.status_code == 302 and "/calendar/" in response["Location"]
    assert "工作日历" in client.get(reverse("core:home")).content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(year_url(2026))
    assert response.status_code == 302 and "login" in response["Location"]


def test_city_bureau_corrects_imports_and_confirms(client, city_user):
    client.force_login(city_user)
    response = client.post(year_url(2026, "correct"), {"date": "2026-10-12", "is_workday": "0", "name": "临时放假",
                                                       "reason": "测试"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 12)).source == "manual"
    # A date of another year is refused on this year's page.
    assert client.post(year_url(2026, "correct"), {"date": "2027-01-04", "is_workday": "0"}).status_code == 400

    bad = SimpleUploadedFile("2027.csv", "日期,是否工作日,名称\n2027-02-30,否,春节\n".encode())
    before = CalendarDay.objects.filter(date__year=2027).count()
    response = client.post(year_url(2027, "import"), {"file": bad, "source_note": ""})
    assert response.status_code == 400
    assert "第2行" in response.content.decode()
    assert CalendarDay.objects.filter(date__year=2027).count() == before

    good = SimpleUploadedFile("2027.csv", "日期,是否工作日,名称\n2027-02-08,否,春节\n".encode())
    response = client.post(year_url(2027, "import"), {"file": good, "source_note": "国办通知"})
    assert response.status_code == 302
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [dt.date(2027, 2, 8)]

    response = client.post(year_url(2027, "confirm"), {"source_note": "国务院办公厅关于2027年部分节假日安排的通知"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed
    assert 'data-testid="year-warning"' not in client.get(year_url(2027)).content.decode()


def test_template_csv_round_trips(client, city_user):
    client.force_login(city_user)
    body = client.get(year_url(2026, "template")).content
    upload = SimpleUploadedFile("2026.csv", body)
    before = list(CalendarDay.objects.filter(date__year=2026).values_list("date", "is_workday"))
    assert client.post(year_url(2026, "import"), {"file": upload}).status_code == 302
    assert list(CalendarDay.objects.filter(date__year=2026).values_list("date", "is_workday")) == before
