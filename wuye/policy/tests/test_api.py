from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wuye.policy.models import PolicyValue
from wuye.regions.models import Region

pytestmark = pytest.mark.django_db

CITY = "411700000000"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def city_user(role_user):
    return role_user("city_bureau", region=Region.objects.get(code=CITY))


def _param(body, key):
    return next(p for p in body["parameters"] if p["key"] == key)


def test_profile_get_and_patch_by_city_bureau(city_user, street):
    api = client_for(city_user)
    body = api.get("/api/v1/policy/profile/", {"region": CITY}).json()
    notice = _param(body, "meeting_notice_days")
    assert notice["value"] == 15 and notice["source_region"] is None and notice["overridden"] is False
    response = api.patch(f"/api/v1/policy/profile/?region={CITY}",
                         {"values": {"meeting_notice_days": 10}, "note": "驻政〔2025〕1号"}, format="json")
    assert response.status_code == 200, response.content
    notice = _param(response.json(), "meeting_notice_days")
    assert notice["value"] == 10 and notice["overridden"] is True and notice["source_region"] == CITY
    # The street inherits it.
    street_body = api.get("/api/v1/policy/profile/", {"region": street.code}).json()
    inherited = _param(street_body, "meeting_notice_days")
    assert inherited["value"] == 10 and inherited["overridden"] is False and inherited["source_region"] == CITY
    value = api.get("/api/v1/policy/parameters/meeting_notice_days/", {"region": street.code}).json()
    assert value["value"] == 10
    # null = inherit again.
    response = api.patch(f"/api/v1/policy/profile/?region={CITY}", {"values": {"meeting_notice_days": None}},
                         format="json")
    assert response.status_code == 200
    assert not PolicyValue.objects.filter(region_id=CITY, key="meeting_notice_days").exists()


def test_patch_invalid_value_400(city_user):
    response = client_for(city_user).patch(f"/api/v1/policy/profile/?region={CITY}",
                                           {"values": {"meeting_notice_days": 0}}, format="json")
    assert response.status_code == 400
    assert "meeting_notice_days" in response.json()
    assert not PolicyValue.objects.exists()


def test_patch_by_street_office_403(role_user, street):
    api = client_for(role_user("street_office", region=street))
    for code in (street.code, "411702000000"):
        response = api.patch(f"/api/v1/policy/profile/?region={code}", {"values": {"meeting_notice_days": 10}},
                             format="json")
        assert response.status_code == 403
    assert not PolicyValue.objects.exists()
    # It may still read the profile of its own street and of the district above it.
    assert api.get("/api/v1/policy/profile/", {"region": "411702000000"}).status_code == 200


def test_unknown_parameter_404_and_missing_region_400(city_user):
    api = client_for(city_user)
    assert api.get("/api/v1/policy/parameters/no_such_key/", {"region": CITY}).status_code == 404
    assert api.get("/api/v1/policy/profile/").status_code == 400


def test_anonymous_refused():
    assert APIClient().patch(f"/api/v1/policy/profile/?region={CITY}", {"values": {}}, format="json").status_code in (401, 403)
