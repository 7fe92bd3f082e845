"""The officials' work-order pages: scope of every role, masking, each action through its form,
the catalog versions and mediation."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from wuye.complaints import services
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import (
    CatalogVersion,
    Mediation,
    WorkOrder,
    WorkOrderAttachment,
    WorkOrderEvent,
)
from wuye.complaints.selectors import catalog_active
from wuye.complaints.tests.factories import WorkOrderInput, department
from wuye.enterprises.tests.factories import EnterpriseFactory
from wuye.estates.tests.factories import EstateFactory, OwnerFactory
from wuye.regions.models import Region

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DISTRICT = "411702000000"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def w(role_user, street):
    city_mgmt = department("urban_management")
    street_dept = department("street_office", street.code, "人民街街道物业办")
    estate = EstateFactory(region=street, name="建业森林半岛")
    return {
        "street": street, "estate": estate, "city_mgmt": city_mgmt, "street_dept": street_dept,
        "dispatcher": role_user("street_office", region=street),
        "handler": role_user("department", department=city_mgmt),
        "district": role_user("district_bureau", region=Region.objects.get(code=DISTRICT)),
        "city": role_user("city_bureau", region=Region.objects.get(code="411700000000")),
    }


def submit(w, **kw):
    kw.setdefault("category_code", "public_environment")
    data = WorkOrderInput(region=w["street"], estate=w["estate"], complainant_name="张三丰",
                          complainant_phone="13812345678", **kw)
    return services.work_order_submit(actor=w["dispatcher"], **data)


def login(client, user):
    client.force_login(user)
    return client


def detail(order):
    return reverse("complaints:workorder_detail", args=[order.pk])


def act(order, action):
    return reverse("complaints:workorder_action", args=[order.pk, action])


LIST = reverse("complaints:workorder_list")


# ---------------------------------------------------------------- scope


@pytest.fixture
def outsiders(role_user, street, w):
    other_street_same_district = Region.objects.filter(parent_id=DISTRICT, level=4).exclude(code=street.code).first()
    enterprise = EnterpriseFactory()
    other_estate = EstateFactory(region=street, name="天中花园")
    owner = OwnerFactory()
    return {
        "street office of another street": role_user("street_office", region=other_street_same_district),
        "district bureau of 411502": role_user("district_bureau", region=Region.objects.get(code="411502000000")),
        "city bureau of 4115": role_user("city_bureau", region=Region.objects.get(code="411500000000")),
        "a department not assigned": role_user("department", department=department("fire")),
        "staff of an unrelated enterprise": role_user("enterprise_staff", enterprise=enterprise),
        "committee member of another estate": role_user("committee_member", estate=other_estate),
        "an owner elsewhere": role_user("owner", owner=owner),
    }


@pytest.mark.django_db
def test_in_scope_officials_see_the_order_and_outsiders_get_404(client, w, outsiders):
    order = submit(w, title="楼道堆放杂物")
    for who in ("dispatcher", "handler", "district", "city"):
        login(client, w[who])
        assert order.number in client.get(LIST).content.decode(), who
        assert client.get(detail(order)).status_code == 200, who
    for label, user in outsiders.items():
        login(client, user)
        page = client.get(LIST)
        assert page.status_code == 200 and order.number not in page.content.decode(), label
        assert client.get(detail(order)).status_code == 404, label
        assert client.post(act(order, "acknowledge")).status_code == 404, label


@pytest.mark.django_db
def test_a_department_sees_only_the_orders_assigned_to_it(client, w):
    mine = submit(w, title="楼道堆放杂物")
    other = submit(w, title="物业服务差", category_code="service_quality")  # to the street office
    login(client, w["handler"])
    text = client.get(LIST).content.decode()
    assert mine.number in text and other.number not in text
    assert client.get(detail(other)).status_code == 404
    assert mine.number in client.get(LIST + "?queue=mine").content.decode()


@pytest.mark.django_db
def test_complainant_is_masked_except_for_the_handler(client, w):
    order = submit(w)
    login(client, w["district"])
    page = client.get(detail(order)).content.decode()
    assert "138****5678" in page and "13812345678" not in page and "张*" in page and "张三丰" not in page
    assert "13812345678" not in client.get(LIST).content.decode()
    login(client, w["handler"])
    page = client.get(detail(order)).content.decode()
    assert "13812345678" in page and "张三丰" in page


@pytest.mark.django_db
def test_filters_queues_search_and_export(client, w):
    a = submit(w, title="楼道堆放杂物")
    b = submit(w, title="无法识别的事", category_code="nonsense")  # manual queue
    login(client, w["dispatcher"])
    assert b.number in client.get(reverse("complaints:manual_queue")).content.decode()
    assert a.number not in client.get(LIST + "?queue=manual").content.decode()
    text = client.get(LIST + "?status=dispatched").content.decode()
    assert a.number in text and b.number not in text
    text = client.get(LIST + "?q=识别").content.decode()
    assert b.number in text and a.number not in text
    text = client.get(LIST + f"?region={w['street'].code}&category=public_environment").content.decode()
    assert a.number in text and b.number not in text
    assert a.number not in client.get(LIST + "?region=411502000000").content.decode()  # outside the user's regions
    response = client.get(reverse("complaints:workorder_export") + "?status=dispatched")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工单编号" and [r[0] for r in rows[1:]] == [a.number]


# ---------------------------------------------------------------- actions


def events(order):
    return list(WorkOrderEvent.objects.filter(order=order).values_list("action", flat=True))


@pytest.mark.django_db
def test_lifecycle_through_the_forms(client, w):
    order = submit(w, category_code="nonsense")
    assert order.status == S.MANUAL_QUEUE
    login(client, w["dispatcher"])
    page = client.get(detail(order)).content.decode()
    assert 'data-testid="action-classify"' in page and 'data-testid="action-acknowledge"' not in page
    r = client.post(act(order, "classify"), {"classify-category": "public_environment"})
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == S.DISPATCHED and order.lead_assignment.department == w["city_mgmt"]

    login(client, w["handler"])
    assert client.post(act(order, "acknowledge"), HTTP_HX_REQUEST="true").headers["HX-Redirect"] == detail(order)
    r = client.post(act(order, "extension"), {"extension-working_days": "3", "extension-reason": "需协调"})
    assert r.status_code == 302
    login(client, w["district"])
    assert client.post(act(order, "decide_extension"), {"decide_extension-decision": "approve"}).status_code == 302
    login(client, w["handler"])
    r = client.post(act(order, "reply"), {"reply-reply": "已清理", "reply-evidence": SimpleUploadedFile("现场.png", PNG)})
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == S.REPLIED
    attachment = WorkOrderAttachment.objects.get(order=order)
    assert attachment.content_type == "image/png" and attachment.event.action == A.REPLY
    assert client.get(reverse("complaints:attachment", args=[attachment.pk])).status_code == 200

    login(client, w["dispatcher"])
    assert client.post(act(order, "review"), {"review-decision": "approve"}).status_code == 302
    r = client.post(act(order, "callback"), {"callback-satisfaction": "satisfied", "callback-resolved": "1"})
    assert r.status_code == 302
    assert client.post(act(order, "archive")).status_code == 302
    order.refresh_from_db()
    assert order.status == S.ARCHIVED
    assert events(order)[-10:] == [A.CLASSIFY, A.DISPATCH, A.ACKNOWLEDGE, A.REQUEST_EXTENSION, A.APPROVE_EXTENSION,
                                   A.REPLY, A.APPROVE_REPLY, A.CALLBACK, A.CLOSE, A.ARCHIVE]
    page = client.get(detail(order)).content.decode()
    assert "现场.png" in page and "批准延期" in page


@pytest.mark.django_db
def test_refused_actions_show_the_chinese_error_or_403(client, w):
    order = submit(w)
    login(client, w["handler"])
    client.post(act(order, "acknowledge"))
    r = client.post(act(order, "acknowledge"))  # already handling
    assert r.status_code == 200 and "不能执行“签收”" in r.content.decode()
    r = client.post(act(order, "acknowledge"), HTTP_HX_REQUEST="true")
    assert "不能执行“签收”" in r.content.decode() and 'id="action-acknowledge"' in r.content.decode()
    r = client.post(act(order, "reply"), {"reply-reply": "已处理",
                                          "reply-evidence": SimpleUploadedFile("x.png", b"MZ not an image")})
    assert "不是图片或 PDF" in r.content.decode()
    login(client, w["dispatcher"])
    assert client.post(act(order, "acknowledge")).status_code == 403  # not the handling department
    order.refresh_from_db()
    assert order.status == S.HANDLING


@pytest.mark.django_db
def test_return_then_final_dispatch_and_supervise_and_merge(client, w):
    order = submit(w)
    login(client, w["handler"])
    r = client.post(act(order, "return"), {"return-reason_code": "wrong_function", "return-reason": "非城管职责"})
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == S.RETURNED
    login(client, w["dispatcher"])
    assert order.number in client.get(LIST + "?queue=returned").content.decode()
    r = client.post(act(order, "dispatch"), {"dispatch-lead": w["street_dept"].pk, "dispatch-assists": [w["city_mgmt"].pk],
                                             "dispatch-final": "on"})
    assert r.status_code == 302
    order.refresh_from_db()
    assert order.status == S.DISPATCHED and order.final_ruling
    assert order.assignments.filter(is_current=True, role="assist", department=w["city_mgmt"]).exists()
    login(client, w["district"])
    assert client.post(act(order, "supervise"), {"supervise-reason": "请加快办理"}).status_code == 302
    assert order.number in client.get(LIST + "?queue=supervised").content.decode()
    login(client, w["dispatcher"])
    dup = submit(w, title="另一件")
    r = client.post(act(dup, "merge"), {"merge-target": "WY-none"})
    assert "未找到工单编号" in r.content.decode()
    assert client.post(act(dup, "merge"), {"merge-target": order.number}).status_code == 302
    dup.refresh_from_db()
    assert dup.status == S.MERGED and dup.merged_into == order


@pytest.mark.django_db
def test_whistle_page_and_check_in(client, w, role_user):
    fire = department("fire")
    fire_user = role_user("department", department=fire)
    login(client, w["dispatcher"])
    r = client.post(reverse("complaints:whistle"), {"estate": w["estate"].pk, "title": "消防通道堵塞",
                                                    "body": "多部门联合处置", "departments": [w["city_mgmt"].pk, fire.pk]})
    assert r.status_code == 302
    parent = WorkOrder.objects.get(pk=int(r.url.rstrip("/").split("/")[-1]))
    assert parent.sub_orders.count() == 2
    page = client.get(detail(parent)).content.decode()
    assert "未报到" in page and fire.name in page
    sub = parent.sub_orders.get(assignments__department=fire)
    login(client, fire_user)
    assert client.post(act(sub, "check_in")).status_code == 302
    sub.refresh_from_db()
    assert sub.checked_in_at and sub.status == S.HANDLING
    login(client, w["handler"])
    assert client.get(reverse("complaints:whistle")).status_code == 403


# ---------------------------------------------------------------- catalog


@pytest.mark.django_db
def test_catalog_versions_publish_and_reroute(client, w):
    order = submit(w)
    city = Region.objects.get(code="411700000000")
    v1 = catalog_active(city)
    login(client, w["dispatcher"])
    assert client.get(reverse("complaints:catalog")).status_code == 200
    assert client.post(reverse("complaints:catalog_version_create")).status_code == 403
    login(client, w["city"])
    r = client.post(reverse("complaints:catalog_version_create"), {"note": "驻政办〔2026〕1号"})
    v2 = CatalogVersion.objects.get(region=city, number=v1.number + 1)
    assert r.url == reverse("complaints:catalog_version", args=[v2.pk]) and not v2.is_active
    entry = v2.entries.get(code="service_quality")
    r = client.post(reverse("complaints:catalog_entry", args=[entry.pk]),
                    {"name": entry.name, "description": entry.description, "department_kind": "urban_management",
                     "level": 3, "deadline_days": 7, "urgent_deadline_days": 2})
    assert r.status_code == 302
    old = v1.entries.get(code="service_quality")
    r = client.post(reverse("complaints:catalog_entry", args=[old.pk]),
                    {"name": "x", "description": "", "department_kind": "fire", "level": 3})
    assert "已发布的版本不能修改" in r.content.decode()
    assert client.post(reverse("complaints:catalog_publish", args=[v2.pk])).status_code == 302
    assert list(CatalogVersion.objects.filter(region=city, is_active=True)) == [v2]
    assert "历史版本" in client.get(reverse("complaints:catalog_version", args=[v1.pk])).content.decode()
    login(client, w["dispatcher"])
    client.post(act(order, "classify"), {"classify-category": "service_quality"})
    order.refresh_from_db()
    assert order.category.version == v2 and order.lead_assignment.department == w["city_mgmt"]


# ---------------------------------------------------------------- mediation


@pytest.mark.django_db
def test_mediation_flow(client, w, outsiders):
    order = submit(w, category_code="dispute_mediation")
    committee = department("mediation", w["street"].code, "人民街人民调解委员会")
    login(client, w["dispatcher"])
    r = client.post(reverse("complaints:mediation_create", args=[order.pk]),
                    {"parties": "业主张三；物业公司", "mediator_name": "李调解", "committee": committee.pk})
    mediation = Mediation.objects.get(order=order)
    assert r.url == reverse("complaints:mediation_detail", args=[mediation.pk])
    r = client.post(reverse("complaints:mediation_session", args=[mediation.pk]),
                    {"session-held_at": "2026-03-02T10:00", "session-place": "社区会议室", "session-notes": "双方陈述"})
    assert r.status_code == 302
    r = client.post(reverse("complaints:mediation_conclude", args=[mediation.pk]),
                    {"conclude-outcome": "agreed", "conclude-result": "物业减免一个月物业费"})
    mediation.refresh_from_db()
    assert mediation.status == "agreed" and mediation.sessions.count() == 1
    assert order.number in client.get(reverse("complaints:mediation_list")).content.decode()
    assert WorkOrderEvent.objects.filter(order=order, action=A.NOTE, reason__contains="达成协议").exists()
    login(client, outsiders["street office of another street"])
    assert client.get(reverse("complaints:mediation_detail", args=[mediation.pk])).status_code == 404
    assert order.number not in client.get(reverse("complaints:mediation_list")).content.decode()


@pytest.mark.django_db
def test_callback_queue_puts_owner_dissatisfaction_first(client, w):
    def reviewed(body):
        order = submit(w, body=body)
        services.work_order_acknowledge(actor=w["handler"], order=order)
        services.work_order_reply(actor=w["handler"], order=order, reply="已处理")
        services.work_order_review(actor=w["dispatcher"], order=order, approve=True)
        return order

    calm, unhappy = reviewed("楼道堆物一"), reviewed("楼道堆物二")
    submit(w, body="还在办理中")  # not awaiting callback: not in the queue
    services.work_order_rate_by_complainant(order=unhappy, satisfaction="dissatisfied", resolved=False,
                                            phone_last4="5678")
    rows = login(client, w["dispatcher"]).get(LIST, {"queue": "callback"}).context["rows"]
    numbers = [row[0].number if isinstance(row, tuple) else row.number for row in rows]
    assert numbers == [unhappy.number, calm.number]
