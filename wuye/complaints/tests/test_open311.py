"""Open311 GeoReport v2 as a client sends it: form-encoded POSTs with api_key, JSON and XML."""
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder
from wuye.complaints.tests.factories import department
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db
BASE = "/open311/v2/"


@pytest.fixture
def key(role_user, street):
    department("urban_management")
    EstateFactory(region=street, name="建业森林半岛", latitude="32.980000", longitude="114.020000")
    user = role_user("street_office", region=street)
    return Token.objects.create(user=user).key


def post(key, fmt="json", **data):
    form = {"api_key": key, "service_code": "public_environment", "address_string": "建业森林半岛3号楼",
            "description": "楼道堆放杂物，物业不清理。", "first_name": "三", "last_name": "张",
            "phone": "13812345678", "email": "z@example.com", **data}
    return Client().post(f"{BASE}requests.{fmt}", {k: v for k, v in form.items() if v is not None})


def test_discovery_and_services_in_both_formats(key):
    c = Client()
    assert c.get(f"{BASE}discovery.json").json()["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    root = ET.fromstring(c.get(f"{BASE}discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None
    services = c.get(f"{BASE}services.json").json()
    svc = next(s for s in services if s["service_code"] == "public_environment")
    assert svc["metadata"] is False and svc["type"] == "realtime" and svc["service_name"]
    root = ET.fromstring(c.get(f"{BASE}services.xml").content)
    assert root.tag == "services" and root.find("service/service_code").text
    definition = c.get(f"{BASE}services/public_environment.json").json()
    assert definition == {"service_code": "public_environment", "attributes": []}
    assert ET.fromstring(c.get(f"{BASE}services/public_environment.xml").content).tag == "service_definition"
    missing = c.get(f"{BASE}services/nope.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def test_post_request_form_encoded_creates_a_routed_order(key):
    response = post(key)
    assert response.status_code == 201, response.content
    row = response.json()[0]
    assert set(row) == {"service_request_id", "token", "service_notice", "account_id"}
    order = WorkOrder.objects.get(number=row["service_request_id"])
    assert order.channel == "open311" and order.status == S.DISPATCHED and order.estate.name == "建业森林半岛"
    assert order.complainant_name == "张三" and order.complainant_phone == "13812345678"
    xml = post(key, "xml", description="另一件事：电梯故障", phone="13900000000")
    root = ET.fromstring(xml.content)
    assert xml.status_code == 201 and root.tag == "service_requests"
    assert root.find("request/service_request_id").text.startswith("WY")


def test_errors_in_open311_format(key):
    response = post(key, service_code="")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "service_code is required"}]
    response = post("wrong-key")
    assert response.status_code == 403 and response.json()[0]["code"] == 403
    root = ET.fromstring(post(None, "xml").content)
    assert root.tag == "errors" and root.find("error/code").text == "403" and root.find("error/description").text
    response = post(key, service_code="no_such")
    assert response.status_code == 404
    response = post(key, address_string="", lat=None, long=None)
    assert response.status_code == 400 and "location" in response.json()[0]["description"]
    assert WorkOrder.objects.count() == 0


def test_unresolvable_address_lands_on_the_keys_street_and_latlong_finds_the_estate(key, street):
    row = post(key, address_string="不存在的路 99 号", description="路面有坑").json()[0]
    assert WorkOrder.objects.get(number=row["service_request_id"]).region == street
    row = post(key, address_string="", lat="32.9801", long="114.0201", description="垃圾清运不及时",
               phone="13700000000").json()[0]
    assert WorkOrder.objects.get(number=row["service_request_id"]).estate.name == "建业森林半岛"


def test_get_requests_filters_one_request_and_tokens(key):
    first = post(key).json()[0]
    second = post(key, description="电梯停运三天", phone="13900000000", service_code="public_environment").json()[0]
    c = Client()
    rows = c.get(f"{BASE}requests.json", {"api_key": key}).json()
    assert {r["service_request_id"] for r in rows} == {first["service_request_id"], second["service_request_id"]}
    row = rows[0]
    assert row["status"] == "open" and row["agency_responsible"] and row["requested_datetime"].endswith("+08:00")
    assert "13812345678" not in str(rows) and "张三" not in str(rows) and "z@example.com" not in str(rows)
    one = c.get(f"{BASE}requests.json", {"api_key": key, "service_request_id": first["service_request_id"]}).json()
    assert len(one) == 1
    assert c.get(f"{BASE}requests.json", {"api_key": key, "status": "closed"}).json() == []
    assert len(c.get(f"{BASE}requests.json", {"api_key": key, "status": "open",
                                              "service_code": "public_environment"}).json()) == 2
    assert c.get(f"{BASE}requests.json", {"api_key": key, "start_date": "2099-01-01T00:00:00+08:00"}).json() == []
    assert c.get(f"{BASE}requests.json", {"api_key": key, "status": "nope"}).status_code == 400
    detail = c.get(f"{BASE}requests/{first['service_request_id']}.xml", {"api_key": key})
    root = ET.fromstring(detail.content)
    assert root.find("request/status").text == "open" and root.find("request/status_notes").text
    assert c.get(f"{BASE}requests/WY000.json", {"api_key": key}).status_code == 404
    assert c.get(f"{BASE}requests.json").status_code == 403
    token = c.get(f"{BASE}tokens/{first['token']}.json", {"api_key": key}).json()
    assert token == [{"service_request_id": first["service_request_id"], "token": first["token"]}]
    assert c.get(f"{BASE}tokens/forged.json", {"api_key": key}).status_code == 404


def test_closed_orders_map_to_closed(key):
    number = post(key).json()[0]["service_request_id"]
    WorkOrder.objects.filter(number=number).update(status=S.ARCHIVED)
    rows = Client().get(f"{BASE}requests.json", {"api_key": key, "status": "closed"}).json()
    assert [r["service_request_id"] for r in rows] == [number]
