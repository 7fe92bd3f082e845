"""The work-order REST API: intake by a system account, actions by each role, scope and masking."""
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderEvent
from wuye.complaints.tests.factories import department
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/work-orders/"


@pytest.fixture
def ctx(role_user, street, other_street):
    city_mgmt = department("urban_management")
    system = role_user("street_office", region=street)
    system.is_system = True
    system.save()
    return {
        "estate": EstateFactory(region=street, name="建业森林半岛"),
        "system": system,
        "dispatcher": role_user("street_office", region=street),
        "handler": role_user("department", department=city_mgmt),
        "outsider": role_user("street_office", region=other_street),
        "city_mgmt": city_mgmt,
        "street": street,
    }


def client_for(user, token: bool = False) -> APIClient:
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    else:
        client.force_authenticate(user)
    return client


def submit(ctx, **extra):
    data = {"title": "楼道堆物", "body": "建业森林半岛3号楼楼道堆放杂物，物业不清理。", "complainant_name": "张三丰",
            "complainant_phone": "13812345678", "category": "public_environment", **extra}
    return client_for(ctx["system"], token=True).post(URL, data, format="json")


def act(user, order_id, action, **data):
    return client_for(user).post(f"{URL}{order_id}/actions/{action}/", data, format="json")


def test_intake_with_token_classifies_routes_and_sets_deadline(ctx):
    response = submit(ctx)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == S.DISPATCHED and body["category"] == "public_environment"
    assert body["department"] == ctx["city_mgmt"].name and body["deadline_at"] and body["number"].startswith("WY")
    order = WorkOrder.objects.get(pk=body["id"])
    assert order.channel == "api" and order.estate == ctx["estate"] and order.region == ctx["street"]
    assert WorkOrderEvent.objects.filter(order=order, action="submit").exists()


def test_intake_errors_are_chinese_field_errors(ctx):
    assert submit(ctx, body="", title="").json()["body"] == ["诉求内容不能为空。"]
    response = submit(ctx, body="长" * (10 * 1024 * 1024))
    assert response.status_code == 400 and "不能超过" in response.json()["body"][0]
    response = submit(ctx, region="411502001000")
    assert response.status_code == 400 and "管辖范围" in response.json()["region"][0]
    assert WorkOrder.objects.count() == 0


def test_unknown_category_and_unresolvable_address_still_make_an_order(ctx):
    response = submit(ctx, category="no_such_code", body="某处有问题", address="火星路1号")
    assert response.status_code == 201
    order = WorkOrder.objects.get(pk=response.json()["id"])
    assert order.status == S.MANUAL_QUEUE and order.region == ctx["street"]  # the account's receiving street


def test_duplicate_within_a_minute_returns_the_first_order(ctx):
    first = submit(ctx).json()
    second = submit(ctx)
    assert second.status_code == 200 and second.json()["duplicate"] and second.json()["id"] == first["id"]
    assert WorkOrder.objects.count() == 1


def test_lifecycle_through_action_endpoints(ctx):
    order_id = submit(ctx).json()["id"]
    assert act(ctx["dispatcher"], order_id, "acknowledge").status_code == 403  # not the handling department
    assert act(ctx["handler"], order_id, "acknowledge").json()["status"] == S.HANDLING
    response = act(ctx["handler"], order_id, "reply", reply="")
    assert response.status_code == 400 and response.json()["reply"] == ["答复内容不能为空。"]
    assert act(ctx["handler"], order_id, "reply", reply="已清理").json()["status"] == S.REPLIED
    assert act(ctx["dispatcher"], order_id, "review", approve=True).json()["status"] == S.REVIEWED
    response = act(ctx["dispatcher"], order_id, "callback", satisfaction="satisfied", resolved=True)
    assert response.json()["status"] == S.CLOSED
    assert act(ctx["dispatcher"], order_id, "archive").json()["status"] == S.ARCHIVED
    response = act(ctx["dispatcher"], order_id, "archive")
    assert response.status_code == 400 and "不能执行" in response.json()["non_field_errors"][0]
    events = client_for(ctx["dispatcher"]).get(f"{URL}{order_id}/events/").json()
    assert [e["action"] for e in events][:3] == ["submit", "classify", "dispatch"] and events[-1]["action"] == "archive"


def test_return_reclassify_dispatch_extension_and_merge(ctx):
    order_id = submit(ctx).json()["id"]
    response = act(ctx["handler"], order_id, "return", reason_code="wrong_function", reason="非城管职责")
    assert response.json()["status"] == S.RETURNED
    response = act(ctx["dispatcher"], order_id, "dispatch", lead=ctx["city_mgmt"].pk, final=True)
    assert response.status_code == 200 and response.json()["final_ruling"]
    act(ctx["handler"], order_id, "acknowledge")
    assert act(ctx["handler"], order_id, "request-extension", working_days=3, reason="需协调").status_code == 200
    assert act(ctx["dispatcher"], order_id, "decide-extension", approve=True).status_code == 403
    other = submit(ctx, body="另一件：建业森林半岛路灯不亮", complainant_phone="13900000000").json()["id"]
    response = act(ctx["dispatcher"], other, "merge", into=WorkOrder.objects.get(pk=order_id).number)
    assert response.json()["status"] == S.MERGED
    assert act(ctx["dispatcher"], order_id, "fly").status_code == 404


def test_outsider_gets_404_and_lists_nothing(ctx):
    order_id = submit(ctx).json()["id"]
    client = client_for(ctx["outsider"])
    assert client.get(f"{URL}{order_id}/").status_code == 404
    assert act(ctx["outsider"], order_id, "archive").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_complainant_masked_for_who_does_not_handle(ctx, role_user):
    order_id = submit(ctx).json()["id"]
    mine = client_for(ctx["handler"]).get(f"{URL}{order_id}/").json()
    assert mine["complainant_name"] == "张三丰" and mine["complainant_phone"] == "13812345678"
    district = role_user("district_bureau", region=ctx["street"].parent)
    seen = client_for(district).get(f"{URL}{order_id}/").json()
    assert seen["complainant_masked"] and seen["complainant_name"] == "张**"
    assert "12345678" not in seen["complainant_phone"]


def test_filters_and_catalog(ctx):
    submit(ctx)
    client = client_for(ctx["dispatcher"])
    assert client.get(URL, {"status": "dispatched", "region": "411702"}).json()["count"] == 1
    assert client.get(URL, {"status": "closed"}).json()["count"] == 0
    assert client.get(URL, {"category": "public_environment", "overdue": "false"}).json()["count"] == 1
    codes = {e["code"] for e in client.get(reverse("catalog-entry-list"), {"limit": 500}).json()["results"]}
    assert "public_environment" in codes
