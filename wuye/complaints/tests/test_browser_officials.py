"""A street official classifies an order from the manual queue; the department acknowledges and replies.

Real browser: Debian chromium driven by playwright (see wuye/estates/tests/test_browser.py).
"""
import re
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[3] / "test-results"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64




def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_manual_queue_classify_then_department_acknowledges_and_replies(live_server, browser_page, street, settings,
                                                                        tmp_path):
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.complaints import services
    from wuye.complaints.choices import WorkOrderStatus as S
    from wuye.complaints.models import WorkOrder
    from wuye.complaints.tests.factories import department
    from wuye.estates.tests.factories import EstateFactory

    settings.MEDIA_ROOT = tmp_path
    official = UserFactory(username="renminjie", display_name="人民街物业办王敏")
    RoleAssignment.objects.create(user=official, role="street_office", region=street)
    city_mgmt = department("urban_management")
    handler = UserFactory(username="chengguan", display_name="驿城区城管李强")
    RoleAssignment.objects.create(user=handler, role="department", department=city_mgmt)
    estate = EstateFactory(region=street, name="建业森林半岛")
    order = services.work_order_submit(
        actor=official, channel="hotline", title="说不清的事情", body="反映一个情况，请联系我", region=street, estate=estate,
        complainant_name="张三丰", complainant_phone="13812345678", category_code="no_such_category")
    assert order.status == S.MANUAL_QUEUE

    page = browser_page
    base = live_server.url
    log_in(page, base, "renminjie")
    expect(page.get_by_test_id("current-user")).to_contain_text("人民街物业办王敏")
    page.locator("aside").get_by_role("link", name="人工分类队列").click()
    table = page.get_by_test_id("workorders")
    expect(table).to_contain_text(order.number)
    page.screenshot(path=str(RESULTS / "complaints_manual_queue.png"), full_page=True)
    table.get_by_role("link", name=order.number).click()
    expect(page.get_by_test_id("status")).to_have_text("待人工分类")
    classify = page.get_by_test_id("action-classify")
    classify.get_by_label("事项分类").select_option("public_environment")
    classify.get_by_role("button", name="分类").click()
    expect(page.get_by_role("alert")).to_contain_text("已分类并按职责清单派单")
    expect(page.get_by_test_id("status")).to_have_text("已派单待签收")
    expect(page.get_by_test_id("assignments")).to_contain_text(city_mgmt.name)
    expect(page.get_by_test_id("timeline")).to_contain_text("人民街物业办王敏")

    log_in(page, base, "chengguan")
    page.goto(f"{base}/complaints/orders/?queue=mine")
    page.get_by_test_id("workorders").get_by_role("link", name=order.number).click()
    expect(page.get_by_test_id("complainant-phone")).to_have_text("13812345678")
    page.get_by_test_id("action-acknowledge").get_by_role("button", name="签收").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    reply = page.get_by_test_id("action-reply")
    reply.get_by_role("button", name="答复").click()  # empty: the form says what is missing, in Chinese
    expect(page.get_by_test_id("action-reply")).to_contain_text("请上传答复佐证材料")
    reply = page.get_by_test_id("action-reply")
    reply.get_by_label("答复内容").fill("已到现场核实并清理，约谈物业公司。")
    reply.get_by_label(re.compile("佐证材料")).set_input_files(
        files=[{"name": "现场照片.png", "mimeType": "image/png", "buffer": PNG}])
    reply.get_by_role("button", name="答复").click()
    expect(page.get_by_test_id("status")).to_have_text("已答复待审核")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("驿城区城管李强")
    expect(timeline).to_contain_text("现场照片.png")
    page.screenshot(path=str(RESULTS / "complaints_detail_replied.png"), full_page=True)

    order.refresh_from_db()
    assert order.status == S.REPLIED and order.reply.startswith("已到现场") and order.attachments.count() == 1
    assert WorkOrder.objects.filter(status=S.MANUAL_QUEUE).count() == 0
