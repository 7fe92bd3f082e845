from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wuye.enterprises.models import Enterprise, ServiceContract
from wuye.enterprises.tests.factories import (
    EnterpriseFactory,
    EnterpriseStaffFactory,
    ServiceContractFactory,
    credit_code,
)
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(role_user, street):
    client = APIClient()
    client.force_authenticate(role_user("street_office", region=street))
    return client


def test_create_enterprise(api, street):
    response = api.post("/api/v1/enterprises/", {"name": "人民街物业公司", "credit_code": credit_code(9001),
                                                 "legal_representative": "张三", "region": street.code,
                                                 "status": "deregistered"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "operating"  # status is read-only


def test_invalid_credit_code_400_in_chinese(api, street):
    before = Enterprise.objects.count()
    response = api.post("/api/v1/enterprises/", {"name": "坏代码公司", "credit_code": "91411702MA0000000X",
                                                 "legal_representative": "张三", "region": street.code}, format="json")
    assert response.status_code == 400
    messages = response.json()["credit_code"]
    assert any("统一社会信用代码" in m for m in messages)
    assert Enterprise.objects.count() == before


def test_second_active_contract_refused(api, street):
    estate = EstateFactory(region=street)
    first = api.post("/api/v1/service-contracts/", {
        "estate": estate.pk, "enterprise": EnterpriseFactory(region=street).pk, "kind": "preliminary",
        "start_date": "2024-01-01", "end_date": "2026-12-31", "fee_standard_fen": 150}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["fee_standard_fen"] == 150
    estate.refresh_from_db()
    assert estate.management_mode == "professional"  # the service's side effect
    before = ServiceContract.objects.count()
    second = api.post("/api/v1/service-contracts/", {
        "estate": estate.pk, "enterprise": EnterpriseFactory(region=street).pk, "kind": "assembly_hired",
        "start_date": "2025-01-01", "fee_standard_fen": 180}, format="json")
    assert second.status_code == 400
    assert "履行中" in str(second.json())
    assert ServiceContract.objects.count() == before


def test_contract_update_cannot_reactivate_second(api, street):
    estate = EstateFactory(region=street)
    ServiceContractFactory(estate=estate)
    ended = ServiceContractFactory(estate=estate, status="ended")
    response = api.patch(f"/api/v1/service-contracts/{ended.pk}/", {"status": "active"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    ended.refresh_from_db()
    assert ended.status == "ended"


def test_contract_fee_must_be_positive_integer(api, street):
    estate = EstateFactory(region=street)
    payload = {"estate": estate.pk, "enterprise": EnterpriseFactory(region=street).pk, "kind": "preliminary",
               "start_date": "2024-01-01"}
    assert api.post("/api/v1/service-contracts/", {**payload, "fee_standard_fen": 0}, format="json").status_code == 400
    assert api.post("/api/v1/service-contracts/", {**payload, "fee_standard_fen": "1.5"}, format="json").status_code == 400


def test_contract_dates_ordered(api, street):
    estate = EstateFactory(region=street)
    response = api.post("/api/v1/service-contracts/", {
        "estate": estate.pk, "enterprise": EnterpriseFactory(region=street).pk, "kind": "preliminary",
        "start_date": "2024-01-01", "end_date": "2023-01-01", "fee_standard_fen": 100}, format="json")
    assert response.status_code == 400
    assert "终止日期" in str(response.json())


def test_staff_masked(api, street):
    enterprise = EnterpriseFactory(region=street)
    response = api.post("/api/v1/enterprise-staff/", {"enterprise": enterprise.pk, "name": "孙七",
                                                      "id_number": "11010519491231002X", "phone": "13800001111"},
                        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "138****1111"
    assert response.json()["id_number"] == "110105********002X"
    listed = api.get("/api/v1/enterprise-staff/").json()["results"]
    assert all("*" in r["phone"] for r in listed if r["phone"])


def test_certificate_has_no_void(api, street):
    staff = EnterpriseStaffFactory(enterprise=EnterpriseFactory(region=street))
    response = api.post("/api/v1/staff-certificates/", {"staff": staff.pk, "kind": "electrician", "number": "E-1"},
                        format="json")
    assert response.status_code == 201, response.content
    assert api.post(f"/api/v1/staff-certificates/{response.json()['id']}/void/", {"reason": "x"}).status_code == 404


def test_enterprise_staff_user_edits_own_enterprise_only(role_user, street):
    mine = EnterpriseFactory(region=street)
    user = role_user("enterprise_staff", enterprise=mine)
    client = APIClient()
    client.force_authenticate(user)
    assert client.patch(f"/api/v1/enterprises/{mine.pk}/", {"phone": "0396-1234567"}, format="json").status_code == 200
    other = EnterpriseFactory(region=street)
    assert client.patch(f"/api/v1/enterprises/{other.pk}/", {"phone": "1"}, format="json").status_code == 404
