"""A street official edits an estate in a real browser (Debian chromium driven by playwright).

Fails loudly when chromium is missing: `make test` installs it (apt-get install chromium fonts-noto-cjk).
"""
import re
from pathlib import Path

import pytest

SCREENSHOT = Path(__file__).resolve().parents[3] / "test-results" / "estate_edit.png"




@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_official_edits_an_estate_address(live_server, browser_page, street):
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.core.models import AuditEntry
    from wuye.estates.models import Estate
    from wuye.estates.tests.factories import EstateFactory

    user = UserFactory(username="renminjie", display_name="人民街物业办王敏")
    RoleAssignment.objects.create(user=user, role="street_office", region=street)
    estate = EstateFactory(region=street, name="建业森林半岛", address="驿城区人民街18号")
    EstateFactory(region=street, name="天中花园")

    page = browser_page
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="物业综合监管平台 · 登录")).to_be_visible()
    page.get_by_label("用户名").fill("renminjie")
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("人民街物业办王敏")

    page.locator("aside").get_by_role("link", name="小区", exact=True).click()
    expect(page.get_by_role("heading", name="小区")).to_be_visible()
    page.get_by_label("搜索").fill("森林")
    page.get_by_test_id("search").click()
    table = page.locator("#object-table")
    expect(table).to_contain_text("共 1 条")
    expect(table).not_to_contain_text("天中花园")

    table.get_by_role("link", name="建业森林半岛").click()
    expect(page.get_by_role("heading", name="建业森林半岛")).to_be_visible()
    page.get_by_test_id("edit").click()
    expect(page.get_by_role("heading", name="修改小区")).to_be_visible()
    page.get_by_label("地址").fill("驿城区人民街88号")
    page.get_by_test_id("save").click()

    expect(page.get_by_role("alert")).to_contain_text("已保存：建业森林半岛")
    expect(page.locator("dl")).to_contain_text("驿城区人民街88号")
    audit = page.get_by_test_id("audit-log")
    expect(audit).to_contain_text("变更记录")
    expect(audit).to_contain_text("修改")
    expect(audit).to_contain_text("人民街物业办王敏")
    expect(audit).to_contain_text("地址")
    expect(audit).to_contain_text("驿城区人民街18号 → 驿城区人民街88号")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    estate.refresh_from_db()
    assert estate.address == "驿城区人民街88号"
    assert Estate.objects.filter(name="建业森林半岛").count() == 1
    entry = AuditEntry.objects.get(object_id=str(estate.pk), content_type__model="estate", action="update")
    assert entry.actor == user and entry.after == {"address": "驿城区人民街88号"}
