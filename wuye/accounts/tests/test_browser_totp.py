"""An official turns on two-factor login on the profile page, logs out, and logs in again with the
password and a code from the authenticator app, in a real browser.

Real browser: Debian chromium driven by playwright (see wuye/estates/tests/test_browser.py). The app
is played by pyotp, computing codes from the secret stored in the database.
"""
import re
import time
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[3] / "test-results"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_enables_two_factor_then_logs_in_with_password_and_code(live_server, browser_page, street):
    import pyotp
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment, TotpDevice
    from wuye.accounts.tests.factories import UserFactory

    user = UserFactory(username="renminjie", display_name="人民街物业办王敏")
    RoleAssignment.objects.create(user=user, role="street_office", region=street)

    page = browser_page
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("renminjie")
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("人民街物业办王敏")  # no code asked yet

    page.get_by_test_id("current-user").click()
    card = page.get_by_test_id("totp")
    expect(card).to_contain_text("两步验证（动态口令）")
    expect(page.get_by_test_id("totp-status")).to_have_text("未启用")
    card.get_by_role("button", name="启用两步验证").click()
    expect(page.get_by_test_id("totp-qr").locator("svg path")).to_be_visible()
    device = TotpDevice.objects.get(user=user)
    assert not device.is_confirmed
    expect(page.get_by_test_id("totp-secret")).to_have_text(
        " ".join(re.findall(".{1,4}", device.secret)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS / "accounts_totp_setup.png"), full_page=True)

    app = pyotp.TOTP(device.secret)
    page.get_by_test_id("totp-confirm").get_by_label("动态口令").fill(app.now())
    page.get_by_role("button", name="确认启用").click()
    expect(page.get_by_role("alert")).to_contain_text("已启用两步验证")
    expect(page.get_by_test_id("totp-status")).to_have_text("已启用")
    expect(page.get_by_test_id("totp")).not_to_contain_text(device.secret[:4] + " " + device.secret[4:8])

    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="物业综合监管平台 · 登录")).to_be_visible()
    page.goto(f"{base}/accounts/login/?next=/accounts/profile/")
    page.get_by_label("用户名").fill("renminjie")
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="物业综合监管平台 · 两步验证")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)  # not logged in by the password alone

    page.get_by_label("动态口令").fill("000000" if app.now() != "000000" else "111111")
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("动态口令错误")

    # The code that confirmed the setup was spent; the app's next code is good from then on.
    device.refresh_from_db()
    step = max(app.timecode(time.time()), device.last_step + 1)
    page.get_by_label("动态口令").fill(app.generate_otp(step))
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("人民街物业办王敏")
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))  # the ?next= survived the code step
    expect(page.get_by_test_id("totp-status")).to_have_text("已启用")
    page.screenshot(path=str(RESULTS / "accounts_totp_login.png"), full_page=True)

    device.refresh_from_db()
    assert device.is_confirmed and device.last_step == step
