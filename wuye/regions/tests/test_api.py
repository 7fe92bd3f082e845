from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wuye.regions.models import Department
from wuye.regions.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(role_user):
    from wuye.regions.models import Region

    client = APIClient()
    client.force_authenticate(role_user("district_bureau", region=Region.objects.get(code="411702000000")))
    return client


def test_regions_filter_by_parent_and_level(api, street):
    rows = api.get("/api/v1/regions/", {"parent": "411702000000", "limit": 500}).json()["results"]
    codes = {r["code"] for r in rows}
    assert street.code in codes and all(c.startswith("411702") for c in codes)
    community = CommunityFactory(parent=street)
    rows = api.get("/api/v1/regions/", {"level": 5, "parent": street.code}).json()["results"]
    assert [r["code"] for r in rows] == [community.code]
    assert api.get(f"/api/v1/regions/{street.code}/").json()["name"] == "人民街街道"
    # Outside the district: 404; the tree is read-only.
    assert api.get("/api/v1/regions/411502000000/").status_code == 404
    assert api.post("/api/v1/regions/", {"code": "411702001999", "name": "x", "level": 5}).status_code == 405


def test_department_crud(api, street, other_street):
    response = api.post("/api/v1/departments/", {"region": street.code, "kind": "urban_management",
                                                 "name": "人民街城管中队"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api.patch(f"/api/v1/departments/{pk}/", {"phone": "0396-1"}, format="json").status_code == 200
    assert Department.objects.get(pk=pk).phone == "0396-1"
    assert api.delete(f"/api/v1/departments/{pk}/").status_code == 405
    response = api.post("/api/v1/departments/", {"region": other_street.code, "kind": "fire", "name": "外区"},
                        format="json")
    assert response.status_code == 400 and "对象不存在" in str(response.json()["region"])
