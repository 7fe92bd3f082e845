from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wuye.core.models import AuditEntry
from wuye.estates.models import Estate, Owner, Ownership, Unit
from wuye.estates.tests.factories import BuildingFactory, EstateFactory, OwnerFactory, UnitFactory
from wuye.regions.models import Region
from wuye.regions.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


@pytest.fixture
def api(official):
    client = APIClient()
    client.force_authenticate(official)
    return client


def estate_payload(region, **extra):
    return {"name": "人民街幸福家园", "region": region.code, "address": "人民街1号", "estate_type": "commercial",
            "management_mode": "none", "total_building_area": "12000.50", **extra}


def test_create_estate_writes_audit(api, street, official):
    response = api.post("/api/v1/estates/", estate_payload(street), format="json")
    assert response.status_code == 201, response.content
    estate = Estate.objects.get(pk=response.json()["id"])
    assert estate.region_id == street.code
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Estate), object_id=str(estate.pk))
    assert entry.action == "create" and entry.actor == official
    audit = api.get(f"/api/v1/estates/{estate.pk}/audit/")
    assert audit.status_code == 200 and audit.json()[0]["action"] == "create"


def test_create_estate_in_other_street_refused(api, other_street):
    before = Estate.objects.count()
    response = api.post("/api/v1/estates/", estate_payload(other_street), format="json")
    assert response.status_code in (400, 403)
    assert Estate.objects.count() == before


def test_create_in_visible_but_not_editable_region_is_403(role_user, street):
    # A department reads its region's registry but may not change it.
    user = role_user("department", department=DepartmentFactory(region=Region.objects.get(code="411702000000")))
    client = APIClient()
    client.force_authenticate(user)
    before = Estate.objects.count()
    assert client.post("/api/v1/estates/", estate_payload(street), format="json").status_code == 403
    assert Estate.objects.count() == before
    estate = EstateFactory()
    assert client.get(f"/api/v1/estates/{estate.pk}/").status_code == 200
    response = client.patch(f"/api/v1/estates/{estate.pk}/", {"address": "改"}, format="json")
    assert response.status_code == 403
    estate.refresh_from_db()
    assert estate.address != "改"


def test_update_estate_and_classification_read_only(api):
    estate = EstateFactory()
    response = api.patch(f"/api/v1/estates/{estate.pk}/", {"address": "新地址", "classification": "A"}, format="json")
    assert response.status_code == 200, response.content
    estate.refresh_from_db()
    assert estate.address == "新地址" and estate.classification == ""
    assert AuditEntry.objects.filter(object_id=str(estate.pk), action="update").exists()


def test_classify(api):
    estate = EstateFactory()
    response = api.post(f"/api/v1/estates/{estate.pk}/classify/",
                        {"classification": "C", "effective_date": "2025-01-01", "reason": "无物业"}, format="json")
    assert response.status_code == 201, response.content
    estate.refresh_from_db()
    assert estate.classification == "C"


def test_duplicate_estate_name_400(api, street):
    EstateFactory(name="重名小区", region=street)
    response = api.post("/api/v1/estates/", estate_payload(street, name="重名小区"), format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("area", ["0", "-5.00"])
def test_unit_area_must_be_positive(api, area):
    building = BuildingFactory()
    response = api.post("/api/v1/units/", {"building": building.pk, "number": "101", "registry_area": area}, format="json")
    assert response.status_code == 400
    assert "registry_area" in response.json()
    assert not Unit.objects.filter(building=building).exists()


def test_unit_create_and_duplicate_number(api):
    building = BuildingFactory()
    payload = {"building": building.pk, "entrance": "1", "number": "101", "registry_area": "89.50"}
    first = api.post("/api/v1/units/", payload, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["estate"] == building.estate_id and body["area"] == "89.50" and body["area_source"] == "registry"
    second = api.post("/api/v1/units/", payload, format="json")
    assert second.status_code == 400
    assert Unit.objects.filter(building=building).count() == 1


def test_foreign_key_out_of_scope_is_400_not_found(api, other_street):
    foreign = BuildingFactory(estate__region=other_street)
    response = api.post("/api/v1/units/", {"building": foreign.pk, "number": "101"}, format="json")
    assert response.status_code == 400
    assert "对象不存在" in str(response.json()["building"])


def test_void_requires_reason_then_hides_from_list(api):
    building = BuildingFactory()
    url = f"/api/v1/buildings/{building.pk}/void/"
    response = api.post(url, {"reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post(url, {"reason": "重复录入"}, format="json")
    assert response.status_code == 200 and response.json()["is_voided"] is True
    ids = [r["id"] for r in api.get("/api/v1/buildings/").json()["results"]]
    assert building.pk not in ids
    ids = [r["id"] for r in api.get("/api/v1/buildings/", {"voided": "1"}).json()["results"]]
    assert building.pk in ids
    # A voided record cannot be changed.
    assert api.patch(f"/api/v1/buildings/{building.pk}/", {"floors": 3}, format="json").status_code == 400


def test_delete_is_405(api):
    estate = EstateFactory()
    assert api.delete(f"/api/v1/estates/{estate.pk}/").status_code == 405
    assert Estate.objects.filter(pk=estate.pk).exists()


def test_owner_masked_and_created_with_unit(api):
    unit = UnitFactory()
    response = api.post("/api/v1/owners/", {"kind": "person", "name": "赵六", "id_number": ID_NUMBER,
                                            "phone": "13912345678", "unit": unit.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id_number"] == "110105********002X" and body["phone"] == "139****5678"
    owner = Owner.objects.get(pk=body["id"])
    assert owner.id_number == ID_NUMBER and owner.phone == "13912345678"
    assert Ownership.objects.filter(owner=owner, unit=unit, estate=unit.estate).exists()
    detail = api.get(f"/api/v1/owners/{owner.pk}/").json()
    assert detail["id_number"] == "110105********002X"


def test_owner_without_unit_is_outside_every_scope(api):
    before = Owner.objects.count()
    response = api.post("/api/v1/owners/", {"kind": "person", "name": "孤立业主"}, format="json")
    assert response.status_code == 403
    assert Owner.objects.count() == before


def test_model_clean_error_names_field(api):
    unit = UnitFactory()
    response = api.post("/api/v1/owners/", {"kind": "organization", "name": "某单位", "id_number": ID_NUMBER,
                                            "unit": unit.pk}, format="json")
    assert response.status_code == 400
    assert "统一社会信用代码" in response.json()["id_number"][0]


def test_ownership_create(api):
    unit = UnitFactory()
    owner = OwnerFactory()
    # The owner has no ownership yet, so is outside every scope: it cannot be referenced.
    response = api.post("/api/v1/ownerships/", {"unit": unit.pk, "owner": owner.pk}, format="json")
    assert response.status_code == 400 and "对象不存在" in str(response.json()["owner"])
    other_unit = UnitFactory(building=unit.building)
    Ownership.objects.create(unit=other_unit, owner=owner, estate=other_unit.estate)
    response = api.post("/api/v1/ownerships/", {"unit": unit.pk, "owner": owner.pk, "is_nominee": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["estate"] == unit.estate_id


def test_management_area_filing_status_read_only(api):
    estate = EstateFactory()
    response = api.post("/api/v1/management-area-filings/", {"estate": estate.pk, "filing_number": "BA-1",
                                                             "status": "filed"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"


def test_token_auth(official):
    token = Token.objects.create(user=official)
    estate = EstateFactory()
    client = APIClient()
    assert client.get("/api/v1/estates/").status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/estates/")
    assert response.status_code == 200
    assert estate.pk in [r["id"] for r in response.json()["results"]]


def test_filters_and_search(api, street):
    EstateFactory(name="阳光花园", region=street)
    EstateFactory(name="月亮湾", region=street)
    names = [r["name"] for r in api.get("/api/v1/estates/", {"search": "阳光"}).json()["results"]]
    assert names == ["阳光花园"]
    assert api.get("/api/v1/estates/", {"region": street.code}).json()["count"] == 2
