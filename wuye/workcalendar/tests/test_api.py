from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from wuye.workcalendar.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_days_of_a_year(street_user):
    body = api(street_user).get("/api/v1/calendar/days/", {"year": 2026}).json()
    by_date = {d["date"]: d for d in body}
    assert by_date["2026-10-10"]["is_workday"] is True and by_date["2026-10-10"]["source"] == "official"
    assert by_date["2026-10-07"]["is_workday"] is False
    assert all(d["date"].startswith("2026-") for d in body)
    assert api(street_user).get("/api/v1/calendar/days/", {"year": "x"}).status_code == 400


def test_deadline_across_national_day_2026(street_user):
    response = api(street_user).get("/api/v1/calendar/deadline/",
                                    {"start": "2026-09-30T10:00:00+08:00", "working_days": 5})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["deadline"] == "2026-10-13T23:59:59+08:00"
    assert body["confirmed"] is True and body["warnings"] == []


def test_deadline_into_2027_carries_the_warning(street_user):
    body = api(street_user).get("/api/v1/calendar/deadline/",
                                {"start": "2026-12-31T02:00:00Z", "working_days": 5}).json()
    assert body["deadline"] == "2027-01-08T23:59:59+08:00"
    assert body["confirmed"] is False and "2027" in body["warnings"][0]
    assert [y["status"] for y in body["years"]] == ["confirmed", "package_fallback"]


def test_deadline_in_hours_and_bad_input(street_user):
    client = api(street_user)
    body = client.get("/api/v1/calendar/deadline/", {"start": "2026-09-30T17:00:00+08:00", "hours": 24}).json()
    assert body["deadline"] == "2026-10-08T17:00:00+08:00"
    assert client.get("/api/v1/calendar/deadline/", {"working_days": 5}).status_code == 400
    assert client.get("/api/v1/calendar/deadline/", {"start": "2026-09-30T10:00:00+08:00"}).status_code == 400
    assert client.get("/api/v1/calendar/deadline/",
                      {"start": "2026-09-30T10:00:00+08:00", "working_days": -1}).status_code == 400


def test_year_status(street_user):
    body = api(street_user).get("/api/v1/calendar/years/2027/").json()
    assert body["status"] == "package_fallback" and body["warning"] and body["editable"] is False
    assert api(street_user).get("/api/v1/calendar/years/2026/").json()["warning"] == ""


def test_street_office_cannot_write(street_user):
    client = api(street_user)
    assert client.post("/api/v1/calendar/days/correct/", {"date": "2026-10-12", "is_workday": False},
                       format="json").status_code == 403
    assert client.post("/api/v1/calendar/years/2027/confirm/", {"source_note": "x"}, format="json").status_code == 403
    assert client.post("/api/v1/calendar/years/2027/seed/").status_code == 403
    upload = SimpleUploadedFile("x.csv", "日期,是否工作日,名称\n2027-02-08,否,春节\n".encode())
    assert client.post("/api/v1/calendar/years/2027/import/", {"file": upload}, format="multipart").status_code == 403
    assert not CalendarDay.objects.filter(source="manual").exists()
    assert not CalendarYear.objects.get(year=2027).confirmed


def test_city_bureau_writes(city_user):
    client = api(city_user)
    response = client.post("/api/v1/calendar/days/correct/",
                           {"date": "2026-10-12", "is_workday": False, "name": "临时放假"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["stored"]["source"] == "manual"
    deadline = client.get("/api/v1/calendar/deadline/", {"start": "2026-09-30T10:00:00+08:00", "working_days": 5})
    assert deadline.json()["deadline"] == "2026-10-14T23:59:59+08:00"

    bad = SimpleUploadedFile("x.csv", "日期,是否工作日,名称\n2027-02-08,否,春节\n2027-02-08,否,春节\n".encode())
    before = CalendarDay.objects.filter(date__year=2027).count()
    response = client.post("/api/v1/calendar/years/2027/import/", {"file": bad}, format="multipart")
    assert response.status_code == 400 and "重复" in " ".join(response.json()["file"])
    assert CalendarDay.objects.filter(date__year=2027).count() == before

    good = SimpleUploadedFile("x.csv", "日期,是否工作日,名称\n2027-02-08,否,春节\n".encode())
    response = client.post("/api/v1/calendar/years/2027/import/", {"file": good, "source_note": "国办通知"},
                           format="multipart")
    assert response.status_code == 200 and response.json()["stored"] == 1

    response = client.post("/api/v1/calendar/years/2027/confirm/", {"source_note": "国办通知"}, format="json")
    assert response.status_code == 200 and response.json()["confirmed"] is True
    assert client.post("/api/v1/calendar/years/2027/confirm/", {}, format="json").status_code == 400


def test_national_calendar_is_read_by_every_role(role_user, other_street):
    """No scope: an official of another city, an owner-less enterprise user etc. read the same days."""
    outsider = role_user("street_office", region=other_street)
    body = api(outsider).get("/api/v1/calendar/days/", {"year": 2026}).json()
    assert any(d["date"] == "2026-10-10" for d in body)
    assert api(outsider).get("/api/v1/calendar/years/2026/").status_code == 200


def test_anonymous_refused():
    assert api().get("/api/v1/calendar/days/").status_code in (401, 403)
    assert api().get("/api/v1/calendar/years/2026/").status_code in (401, 403)
    assert api().get("/api/v1/calendar/deadline/", {"start": "2026-09-30T10:00:00+08:00",
                                                    "working_days": 5}).status_code in (401, 403)
