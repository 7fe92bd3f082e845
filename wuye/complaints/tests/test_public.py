"""The owners' public pages: submit without login, follow the order, rate it — never a 500, never a leak."""
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from wuye.complaints import services
from wuye.complaints.choices import Channel
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderEvent
from wuye.complaints.tests.factories import department
from wuye.estates.tests.factories import EstateFactory

NAME, PHONE = "李秀兰", "13912345678"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def setup(role_user, street):
    city_mgmt = department("urban_management")
    department("street_office", street.code, "人民街街道物业办")
    return {
        "estate": EstateFactory(region=street, name="建业森林半岛"),
        "dispatcher": role_user("street_office", region=street),
        "handler": role_user("department", department=city_mgmt),
        "street": street,
    }


def form_data(**kw):
    data = {"title": "", "body": "楼道里堆满了杂物，物业一直不清理，存在消防隐患。", "kind": "complaint",
            "address": "建业森林半岛3号楼", "street": "", "name": NAME, "phone": PHONE, "website": ""}
    data.update(kw)
    return data


def post_form(client, **kw):
    return client.post(reverse("public:submit"), form_data(**kw))


def number_in(html: str) -> str:
    return re.search(r"WY\d{15}", html).group(0)


def to_reviewed(setup, order):
    services.work_order_acknowledge(actor=setup["handler"], order=order)
    services.work_order_reply(actor=setup["handler"], order=order, reply="已清理楼道杂物，并约谈物业负责人。")
    services.work_order_review(actor=setup["dispatcher"], order=order, approve=True)
    order.refresh_from_db()
    return order


@pytest.mark.django_db
def test_anyone_submits_and_sees_the_tracking_number(client, setup):
    page = client.get(reverse("public:submit"))
    assert page.status_code == 200 and "诉求内容" in page.content.decode()
    response = post_form(client)
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    order = WorkOrder.objects.get()
    assert order.channel == Channel.WEB and order.complainant_user is None
    assert order.estate == setup["estate"] and order.region == setup["street"]
    assert order.complainant_phone == PHONE and order.complainant_name == NAME
    assert 'data-testid="tracking-number"' in html and order.number in html
    assert NAME not in html and PHONE not in html


@pytest.mark.django_db
def test_a_logged_in_owner_is_linked(client, setup, role_user):
    from wuye.estates.tests.factories import OwnerFactory

    owner_record = OwnerFactory(name=NAME)
    owner = role_user("owner", owner=owner_record)
    client.force_login(owner)
    post_form(client)
    order = WorkOrder.objects.get()
    assert order.complainant_user == owner and order.complainant_owner == owner_record


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field", "message"), [
    ({"body": "   "}, "body", "请填写诉求内容"),
    ({"body": "物业" * 5_000_001}, "body", "诉求内容不能超过 10000 个字"),  # 10 MB of text
    ({"phone": "12345678901"}, "phone", "请填写正确的 11 位手机号码"),
    ({"phone": "1391234567"}, "phone", "请填写正确的 11 位手机号码"),
    ({"address": "某地某处", "body": "门口的灯坏了很久。"}, "street", "无法确定诉求所属街道"),
])
def test_bad_input_gets_a_clear_message_not_a_500(client, setup, data, field, message):
    response = post_form(client, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'data-testid="error-{field}"' in html
    assert not WorkOrder.objects.exists()


@pytest.mark.django_db
def test_choosing_the_street_routes_an_unknown_address(client, setup):
    response = post_form(client, address="某地某处", body="门口的灯坏了很久。", street=setup["street"].code)
    assert response.status_code == 302
    assert WorkOrder.objects.get().region == setup["street"]


@pytest.mark.django_db
def test_a_duplicate_within_the_window_returns_the_earlier_number(client, setup):
    first = post_form(client)
    second = post_form(client)
    assert WorkOrder.objects.count() == 1
    order = WorkOrder.objects.get()
    assert order.number in first["Location"] and order.number in second["Location"]
    html = client.get(second["Location"]).content.decode()
    assert "已合并至原工单" in html and order.number in html
    assert WorkOrderEvent.objects.filter(order=order, action=A.NOTE, data__duplicate=True).count() == 1


@pytest.mark.django_db
def test_the_honeypot_stores_nothing(client, setup):
    response = post_form(client, website="http://spam.example")
    assert response.status_code == 302 and not WorkOrder.objects.exists()


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_ip(client, setup):
    for i in range(10):
        assert post_form(client, body=f"第{i}个问题：楼道灯坏了。").status_code == 302
    response = post_form(client, body="第十一个问题")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert WorkOrder.objects.count() == 10
    other = client.post(reverse("public:submit"), form_data(body="另一台电脑的问题"), REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 302


@pytest.mark.django_db
def test_status_needs_the_right_phone_digits_and_never_shows_personal_data(client, setup):
    post_form(client)
    order = WorkOrder.objects.get()
    services.work_order_acknowledge(actor=setup["handler"], order=order)
    WorkOrderEvent.objects.create(order=order, at=order.received_at, actor=setup["dispatcher"], action=A.NOTE,
                                  from_status=S.HANDLING, to_status=S.HANDLING, reason="内部备注：李秀兰多次来电")
    url = reverse("public:status")
    wrong = [client.post(url, {"number": order.number, "phone_last4": "0000"}),
             client.post(url, {"number": "WY202001010000001", "phone_last4": PHONE[-4:]})]
    for response in wrong:
        assert response.status_code == 200
        assert "未找到该工单" in response.content.decode()
        assert 'data-testid="order-status"' not in response.content.decode()
    right = client.post(url, {"number": order.number.lower(), "phone_last4": PHONE[-4:]})
    html = right.content.decode()
    assert 'data-testid="order-status"' in html and str(S.HANDLING.label) in html
    assert "签收" in html and "承办单位" in html
    assert NAME not in html and PHONE not in html and "内部备注" not in html
    assert 'data-testid="rate-form"' not in html


@pytest.mark.django_db
def test_lookups_are_rate_limited(client, setup):
    url = reverse("public:status")
    for _i in range(30):
        client.post(url, {"number": "WY202001010000001", "phone_last4": "1234"})
    response = client.post(url, {"number": "WY202001010000001", "phone_last4": "1234"})
    assert response.status_code == 429 and "查询过于频繁" in response.content.decode()


@pytest.mark.django_db
def test_the_owner_rates_and_a_satisfied_rating_closes(client, setup):
    post_form(client)
    order = to_reviewed(setup, WorkOrder.objects.get())
    page = client.post(reverse("public:status"), {"number": order.number, "phone_last4": PHONE[-4:]})
    html = page.content.decode()
    assert 'data-testid="rate-form"' in html and "已清理楼道杂物" in html
    assert NAME not in html and PHONE not in html
    bad = client.post(reverse("public:rate"), {"number": order.number, "phone_last4": "9999",
                                               "satisfaction": "satisfied", "resolved": "1"})
    assert "未找到该工单" in bad.content.decode()
    response = client.post(reverse("public:rate"), {"number": order.number, "phone_last4": PHONE[-4:],
                                                    "satisfaction": "satisfied", "resolved": "1"})
    assert response.status_code == 200 and "工单已办结" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.CLOSED and order.satisfaction == "satisfied" and order.resolved is True
    assert order.closed_at is not None
    again = client.post(reverse("public:rate"), {"number": order.number, "phone_last4": PHONE[-4:],
                                                 "satisfaction": "dissatisfied", "resolved": "0"})
    assert again.status_code == 200 and 'data-testid="rate-form"' not in again.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).satisfaction == "satisfied"


@pytest.mark.django_db
def test_dissatisfaction_waits_for_the_dispatcher(client, setup, role_user):
    colleague = role_user("street_office", region=setup["street"])
    colleague.phone = "13900002222"
    colleague.save()
    post_form(client)
    order = to_reviewed(setup, WorkOrder.objects.get())
    response = client.post(reverse("public:rate"), {"number": order.number, "phone_last4": PHONE[-4:],
                                                    "satisfaction": "dissatisfied", "resolved": "0"})
    assert "决定是否重新办理" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.REVIEWED and order.satisfaction == "dissatisfied" and order.closed_at is None
    assert WorkOrderEvent.objects.filter(order=order, action=A.NOTE, data__needs_dispatcher=True).exists()
    # The official who approved the reply has no phone: the street's officials with one hear of it.
    from wuye.messaging.models import SmsMessage

    sms = SmsMessage.objects.get()
    assert sms.phone == "13900002222" and order.number in sms.body and "不满意" in sms.body
    # The owner rated once; the dispatcher's callback decides: the handler was at fault, redo.
    services.work_order_callback(actor=setup["dispatcher"], order=order, satisfaction="dissatisfied", resolved=False,
                                 handler_at_fault=True)
    order.refresh_from_db()
    assert order.status == S.HANDLING and order.redo_count == 1


@pytest.mark.django_db
def test_dissatisfaction_is_texted_to_the_official_who_approved_the_reply(client, setup, role_user):
    from wuye.messaging.models import SmsMessage

    setup["dispatcher"].phone = "13900001111"
    setup["dispatcher"].save()
    colleague = role_user("street_office", region=setup["street"])
    colleague.phone = "13900002222"
    colleague.save()
    post_form(client)
    order = to_reviewed(setup, WorkOrder.objects.get())
    client.post(reverse("public:rate"), {"number": order.number, "phone_last4": PHONE[-4:],
                                         "satisfaction": "dissatisfied", "resolved": "0"})
    assert list(SmsMessage.objects.values_list("phone", flat=True)) == ["13900001111"]
    # A satisfied rating texts nobody.
    post_form(client, body="5号楼楼道里又堆满了纸箱和旧家具，物业一直不清理，存在消防隐患。")
    second = to_reviewed(setup, WorkOrder.objects.exclude(pk=order.pk).get())
    client.post(reverse("public:rate"), {"number": second.number, "phone_last4": PHONE[-4:],
                                         "satisfaction": "satisfied", "resolved": "1"})
    assert SmsMessage.objects.count() == 1


@pytest.mark.django_db
def test_rating_service_checks_phone_and_status(setup):
    order = services.work_order_submit(channel=Channel.WEB, title="", body="楼道灯坏了。", region=setup["street"],
                                       complainant_name=NAME, complainant_phone=PHONE)
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.work_order_rate_by_complainant(order=order, satisfaction="satisfied", resolved=True,
                                                phone_last4="1234")
    with pytest.raises(ValidationError, match="不在待评价状态"):
        services.work_order_rate_by_complainant(order=order, satisfaction="satisfied", resolved=True,
                                                phone_last4=PHONE[-4:])
