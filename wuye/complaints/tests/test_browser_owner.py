"""An owner's request end to end in a real browser (Debian chromium driven by playwright).

The owner submits on the phone-sized public form and gets a number; the department signs and
replies on the officials' pages; the dispatcher approves (service); the owner rates on the status
page; the city official's KPI page shows 满意率 move from — to 100%.
"""
import re
from pathlib import Path

import pytest
from PIL import Image

RESULTS = Path(__file__).resolve().parents[3] / "test-results"
PHONE = "13912345678"
BODY = "楼道里堆满了杂物，物业一直不清理，存在消防隐患。"


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_submits_department_replies_owner_rates_kpi_moves(live_server, browser_page, street):
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.complaints import services
    from wuye.complaints.choices import WorkOrderStatus as S
    from wuye.complaints.models import WorkOrder
    from wuye.complaints.tests.factories import department
    from wuye.estates.tests.factories import EstateFactory
    from wuye.regions.models import Region

    department("urban_management")
    department("street_office", street.code, "人民街街道物业办")
    EstateFactory(region=street, name="建业森林半岛")
    dispatcher = UserFactory(username="renminjie", display_name="人民街受理员")
    RoleAssignment.objects.create(user=dispatcher, role="street_office", region=street)
    city = UserFactory(username="shizhujian", display_name="市住建局刘洋")
    RoleAssignment.objects.create(user=city, role="city_bureau", region=Region.objects.get(code="411700000000"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # The owner, on a phone.
    phone_ctx = browser_page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                                         is_mobile=True, has_touch=True)
    owner = phone_ctx.new_page()
    owner.set_default_timeout(15_000)
    owner.goto(f"{base}/public/")
    expect(owner.get_by_role("heading", name="物业问题反映")).to_be_visible()
    owner.get_by_label("诉求内容").fill(BODY)
    owner.get_by_label("小区名称/地址").fill("建业森林半岛3号楼")
    owner.get_by_label("姓名").fill("李秀兰")
    owner.get_by_label("手机号").fill(PHONE)
    owner.screenshot(path=str(RESULTS / "public_submit.png"), full_page=True)
    owner.get_by_test_id("submit").click()
    number = owner.get_by_test_id("tracking-number").inner_text().strip()
    assert re.fullmatch(r"WY\d{15}", number)
    owner.screenshot(path=str(RESULTS / "public_submitted.png"), full_page=True)
    assert "李秀兰" not in owner.content() and PHONE not in owner.content()

    order = WorkOrder.objects.get(number=number)
    if order.status != S.DISPATCHED:  # the classifier was unsure: the street classifies it by hand
        services.work_order_classify(actor=dispatcher, order=order, category_code="public_environment")
    order.refresh_from_db()
    assert order.status == S.DISPATCHED
    handler = UserFactory(username="chengguan", display_name="城管局赵强")
    RoleAssignment.objects.create(user=handler, role="department", department=order.lead_assignment.department)

    # The city official sees the month with nothing rated yet.
    page = browser_page
    login(page, base, "shizhujian")
    page.goto(f"{base}/kpi/")
    expect(page.get_by_role("heading", name="工单绩效")).to_be_visible()
    expect(page.get_by_test_id("total-received")).to_have_text("1")
    expect(page.get_by_test_id("total-satisfaction_rate")).to_have_text("—")
    logout(page)

    # The department signs and replies on its pages.
    login(page, base, "chengguan")
    page.goto(f"{base}/complaints/orders/{order.pk}/")
    page.get_by_test_id("submit-acknowledge").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    page.get_by_test_id("action-reply").get_by_label("答复内容").fill("已清理楼道杂物，并约谈物业负责人。")
    photo = RESULTS / "reply_evidence.png"
    Image.new("RGB", (40, 30), "white").save(photo)
    page.get_by_test_id("action-reply").locator("input[type=file]").set_input_files(str(photo))
    page.get_by_test_id("submit-reply").click()
    expect(page.get_by_test_id("status")).to_have_text("已答复待审核")
    logout(page)

    services.work_order_review(actor=dispatcher, order=order, approve=True)

    # The owner rates on the status page.
    owner.goto(f"{base}/public/status/")
    owner.get_by_label("工单编号").fill(number)
    owner.get_by_label("手机号后四位").fill(PHONE[-4:])
    owner.get_by_test_id("lookup").click()
    expect(owner.get_by_test_id("status-label")).to_have_text("已审核待回访")
    expect(owner.get_by_test_id("reply")).to_contain_text("已清理楼道杂物")
    owner.screenshot(path=str(RESULTS / "public_status.png"), full_page=True)
    owner.get_by_label("满意", exact=True).check()
    owner.get_by_label("已解决").check()
    owner.get_by_test_id("rate").click()
    expect(owner.get_by_test_id("status-notice")).to_contain_text("工单已办结")
    expect(owner.get_by_test_id("status-label")).to_have_text("已办结")
    assert "李秀兰" not in owner.content() and PHONE not in owner.content()
    owner.screenshot(path=str(RESULTS / "public_rated.png"), full_page=True)
    phone_ctx.close()

    # The KPI page moves.
    login(page, base, "shizhujian")
    page.goto(f"{base}/kpi/")
    expect(page.get_by_test_id("total-satisfaction_rate")).to_have_text("100.0%")
    expect(page.get_by_test_id("total-resolution_rate")).to_have_text("100.0%")
    page.wait_for_timeout(500)  # let ECharts draw before the screenshot
    page.screenshot(path=str(RESULTS / "kpi_index.png"), full_page=True)
    order.refresh_from_db()
    assert order.status == S.CLOSED and order.satisfaction == "satisfied" and order.resolved is True
