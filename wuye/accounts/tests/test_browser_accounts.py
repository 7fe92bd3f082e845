"""A district bureau official creates a street official's account in a real browser; the new
official logs in with the temporary password, must set a new one, and then works normally; the
district official disables the account and its login stops working.

Real browser: Debian chromium driven by playwright (see wuye/estates/tests/test_browser.py).
"""
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[3] / "test-results"


def _login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_district_creates_an_account_that_changes_its_temporary_password(live_server, browser_page, street):
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment, User
    from wuye.accounts.tests.factories import UserFactory
    from wuye.regions.models import Region

    manager = UserFactory(username="yichengqu", display_name="驿城区住建局李强")
    RoleAssignment.objects.create(user=manager, role="district_bureau", region=Region.objects.get(code="411702000000"))

    page = browser_page
    base = live_server.url
    _login(page, base, "yichengqu", "pass12345")
    page.get_by_role("link", name="账号管理").click()
    page.get_by_test_id("account-add").click()
    form = page.get_by_test_id("account-form")
    form.get_by_label("用户名").fill("renminjie2")
    form.get_by_label("姓名").fill("人民街物业办周涛")
    form.get_by_label("手机号").fill("13800003333")
    form.get_by_label("角色").select_option(label="街道/乡镇物业办")
    form.get_by_label("区划代码").fill("411702999000")  # no such street: said plainly, nothing created
    page.get_by_test_id("account-save").click()
    expect(page.get_by_test_id("account-form")).to_contain_text("区划代码不存在")
    assert not User.objects.filter(username="renminjie2").exists()
    page.get_by_label("区划代码").fill(street.code)
    page.get_by_test_id("account-save").click()
    temporary = page.get_by_test_id("temporary-password").inner_text()
    assert len(temporary) == 12
    RESULTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS / "accounts_created.png"), full_page=True)
    page.get_by_role("button", name="退出").click()

    _login(page, base, "renminjie2", temporary)
    expect(page.get_by_test_id("must-change")).to_be_visible()
    page.goto(f"{base}/estates/estate/")  # every page leads back to the password form until it is changed
    expect(page.get_by_test_id("must-change")).to_be_visible()
    page.get_by_label("旧密码").fill(temporary)
    page.get_by_label("新密码", exact=True).fill("Renmin-2026-jie")
    page.get_by_label("新密码确认").fill("Renmin-2026-jie")
    page.get_by_test_id("password-save").click()
    expect(page.get_by_role("alert")).to_contain_text("密码已修改")
    expect(page.get_by_test_id("current-user")).to_contain_text("人民街物业办周涛")
    page.goto(f"{base}/estates/estate/")
    expect(page.get_by_test_id("must-change")).to_have_count(0)
    page.get_by_role("button", name="退出").click()

    _login(page, base, "yichengqu", "pass12345")
    page.goto(f"{base}/accounts/users/")
    page.get_by_label("搜索（用户名、姓名、手机号）").fill("周涛")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="renminjie2").click()
    expect(page.get_by_test_id("account-roles")).to_contain_text("人民街街道")
    actions = page.get_by_test_id("account-actions")
    actions.get_by_placeholder("原因").fill("调离")
    page.get_by_test_id("toggle-active").click()
    expect(page.get_by_test_id("account-disabled")).to_be_visible()
    expect(page.get_by_test_id("audit-log")).to_contain_text("调离")
    page.screenshot(path=str(RESULTS / "accounts_detail.png"), full_page=True)
    page.get_by_role("button", name="退出").click()

    _login(page, base, "renminjie2", "Renmin-2026-jie")
    expect(page.get_by_role("heading", name="物业综合监管平台 · 登录")).to_be_visible()
