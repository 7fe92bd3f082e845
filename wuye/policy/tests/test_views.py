"""The policy profile page: city bureau edits, others read, nothing saved on a bad value."""
import pytest
from django.urls import reverse

from wuye.core.models import AuditEntry
from wuye.policy.models import PolicyValue
from wuye.policy.selectors import get_parameter, resolve_profile
from wuye.regions.models import Region

pytestmark = pytest.mark.django_db

CITY = "411700000000"
URL = "/policy/"


def form_values(region_code):
    """What the page's form posts when the user changes nothing."""
    data = {"region": region_code, "note": ""}
    for item in resolve_profile(region_code):
        key, value = item.definition.key, item.value
        if item.definition.kind == "bool":
            data[f"value_{key}"] = "true" if value else "false"
        else:
            data[f"value_{key}"] = "" if value is None else str(value)
    return data


@pytest.fixture
def city_bureau(role_user, client):
    user = role_user("city_bureau", region=Region.objects.get(code=CITY))
    client.force_login(user)
    return user


def test_url_is_stable():
    assert reverse("policy:profile") == URL


def test_unchanged_form_saves_nothing(city_bureau, client):
    response = client.post(URL, form_values(CITY))
    assert response.status_code == 302
    assert not PolicyValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_city_bureau_edits_the_city_profile(city_bureau, client):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "政策参数" in html and 'name="value_meeting_notice_days"' in html
    data = form_values(CITY)
    data.update({"value_meeting_notice_days": "20", "value_parking_counts_as_area": "true",
                 "note": "驻政办〔2022〕18号"})
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?region={CITY}"
    assert get_parameter(CITY, "meeting_notice_days") == 20
    assert get_parameter("411702001000", "parking_counts_as_area") is True
    assert PolicyValue.objects.count() == 2  # the untouched inherited values stay inherited
    page = client.get(response["Location"]).content.decode()
    assert "已保存 2 项参数" in page
    cell = page[page.index('data-testid="value-meeting_notice_days"'):]
    assert cell[:60].count("20天") == 1
    history = page[page.index("修改记录"):]
    assert "驻政办〔2022〕18号" in history and str(city_bureau) in history
    assert AuditEntry.objects.filter(actor=city_bureau, content_type__model="policyvalue").count() == 2


def test_inherit_checkbox_removes_the_override(city_bureau, client):
    data = form_values(CITY)
    data["value_meeting_notice_days"] = "20"
    client.post(URL, data)
    data = form_values(CITY)
    data["inherit_meeting_notice_days"] = "1"
    client.post(URL, data)
    assert get_parameter(CITY, "meeting_notice_days") == 15
    assert not PolicyValue.objects.exists()


def test_bad_value_saves_nothing_even_if_others_were_valid(city_bureau, client):
    data = form_values(CITY)
    data.update({"value_meeting_notice_days": "20", "value_committee_max": "9", "value_deposit_rate": "0.5"})
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "以下参数有误，未保存任何修改" in html
    assert "不能大于 0.08" in html
    assert not PolicyValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_inconsistent_values_are_refused(city_bureau, client):
    data = form_values(CITY)
    data.update({"value_committee_min": "13", "value_committee_max": "11"})
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "不能大于最多人数" in response.content.decode()
    assert not PolicyValue.objects.exists()


def test_street_office_reads_but_cannot_post(role_user, street, client):
    client.force_login(role_user("street_office", region=street))
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "业主大会会议提前通知天数" in html
    assert 'name="value_' not in html and 'data-testid="save-profile"' not in html
    data = form_values(street.code)
    data["value_meeting_notice_days"] = "20"
    assert client.post(URL, data).status_code == 403
    assert not PolicyValue.objects.exists()


def test_district_bureau_cannot_edit_the_city_profile_it_inherits(role_user, client):
    client.force_login(role_user("district_bureau", region=Region.objects.get(code="411702000000")))
    page = client.get(URL, {"region": CITY})
    assert page.status_code == 200  # ancestors are readable
    assert 'name="value_' not in page.content.decode()
    data = form_values(CITY)
    data["value_meeting_notice_days"] = "20"
    assert client.post(URL, data).status_code == 403


def test_profile_outside_scope_is_404(city_bureau, client):
    assert client.get(URL, {"region": "411500000000"}).status_code == 404
    assert client.get(URL, {"region": "411502000000"}).status_code == 404
    data = form_values("411500000000")
    assert client.post(URL, data).status_code == 404
