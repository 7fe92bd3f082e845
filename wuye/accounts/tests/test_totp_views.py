"""Two-factor login through the pages: the code step after the password, its throttle and expiry, and
setting it up and turning it off on the profile page."""
import datetime as dt
import time

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from wuye.accounts import totp
from wuye.accounts.models import LoginFailure, TotpDevice
from wuye.accounts.views import TOTP_PENDING

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE_STEP = "/accounts/login/code/"
PROFILE = "/accounts/profile/"


@pytest.fixture
def device(official):
    """A device in force, confirmed ten minutes ago (so the current code has not been used)."""
    earlier = timezone.now() - dt.timedelta(minutes=10)
    started = totp.totp_setup_begin(user=official)
    return totp.totp_setup_confirm(user=official, code=pyotp.TOTP(started.secret).at(earlier), now=earlier)


def current_code(device) -> str:
    return pyotp.TOTP(device.secret).now()


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 10 ** 6:06d}"


def password_step(client, next_url="", password="pass12345"):
    data = {"username": "zhangsan", "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_right_password_leads_to_the_code_step_not_to_a_login(client, device):
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login_totp")
    assert not logged_in(client)
    assert client.get("/")["Location"].startswith(LOGIN)  # still anonymous
    page = client.get(CODE_STEP).content.decode()
    assert "物业综合监管平台 · 两步验证" in page and "动态口令" in page and 'autocomplete="one-time-code"' in page


def test_right_code_logs_in_and_goes_to_the_safe_next(client, official, device):
    password_step(client, next_url="/estates/estate/")
    response = client.post(CODE_STEP, {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/estates/estate/"
    assert client.session["_auth_user_id"] == str(official.pk)
    assert TOTP_PENDING not in client.session
    assert "张三" in client.get("/").content.decode()


def test_an_unsafe_next_still_lands_on_home(client, device):
    password_step(client, next_url="https://evil.example.com/")
    response = client.post(CODE_STEP, {"code": current_code(device)})
    assert response["Location"] == reverse("core:home")


def test_wrong_code_is_an_error_and_a_counted_failure(client, device):
    password_step(client)
    response = client.post(CODE_STEP, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "动态口令错误。" in response.content.decode()
    assert not logged_in(client)
    assert LoginFailure.objects.filter(username="zhangsan").count() == 1
    # The same pending login may try again, and a right code then clears the failures.
    assert client.post(CODE_STEP, {"code": current_code(device)}).status_code == 302
    assert logged_in(client)
    assert not LoginFailure.objects.filter(username="zhangsan").exists()


def test_a_code_used_once_cannot_log_in_again(client, device):
    code = current_code(device)
    password_step(client)
    client.post(CODE_STEP, {"code": code})
    assert logged_in(client)
    client.post("/accounts/logout/")
    password_step(client)
    response = client.post(CODE_STEP, {"code": code})
    assert "已使用过" in response.content.decode()
    assert not logged_in(client)


def test_wrong_codes_exhaust_the_login_throttle(client, device, settings):
    password_step(client)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert "动态口令错误" in client.post(CODE_STEP, {"code": wrong_code(device)}).content.decode()
    response = client.post(CODE_STEP, {"code": current_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "登录失败次数过多" in response.content.decode()
    assert not logged_in(client) and TOTP_PENDING not in client.session
    # The password step is throttled too now: the six digits cannot be guessed by starting over.
    assert "登录失败次数过多" in password_step(client).content.decode()
    assert not logged_in(client)


def test_the_right_password_does_not_wipe_earlier_failures_of_a_two_factor_user(client, device, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        password_step(client, password="wrong")
    assert password_step(client)["Location"] == CODE_STEP
    assert LoginFailure.objects.filter(username="zhangsan").count() == settings.LOGIN_MAX_FAILURES - 1
    client.post(CODE_STEP, {"code": wrong_code(device)})
    response = client.post(CODE_STEP, {"code": current_code(device)}, follow=True)
    assert "登录失败次数过多" in response.content.decode() and not logged_in(client)


def test_the_code_step_expires_after_five_minutes(client, device, monkeypatch):
    password_step(client)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 299)
    assert client.get(CODE_STEP).status_code == 200  # still waiting just before the five minutes
    monkeypatch.setattr(time, "time", lambda: real_time() + 301)
    response = client.post(CODE_STEP, {"code": current_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "登录已超时，请重新输入用户名和密码。" in response.content.decode()
    assert not logged_in(client) and TOTP_PENDING not in client.session


def test_the_code_step_without_a_password_first_goes_back_to_login(client, device):
    response = client.post(CODE_STEP, {"code": current_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert not logged_in(client)


def test_a_password_changed_while_waiting_ends_the_wait(client, official, device):
    password_step(client)
    official.set_password("another-pass-987")
    official.save()
    response = client.post(CODE_STEP, {"code": current_code(device)})
    assert response["Location"] == reverse("accounts:login")
    assert not logged_in(client)


def test_users_without_a_device_in_force_log_in_with_the_password_alone(client, official):
    totp.totp_setup_begin(user=official)  # an unfinished setup does not ask for codes
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert logged_in(client)


def test_api_token_is_not_asked_for_a_code(client, official, device):
    token = Token.objects.create(user=official)
    response = client.get("/api/v1/ping/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_the_admin_sites_login_form_cannot_skip_the_code(client, official, device):
    official.is_staff = official.is_superuser = True
    official.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302 and landing["Location"] == f"{LOGIN}?next=/admin/"
    client.post("/admin/login/", {"username": "zhangsan", "password": "pass12345"})
    assert not logged_in(client)


#
# Profile page
#

def test_profile_sets_up_two_factor_with_a_qr_code_then_hides_the_secret(client, official):
    client.force_login(official)
    page = client.get(PROFILE).content.decode()
    assert "两步验证（动态口令）" in page and "未启用" in page and "启用两步验证" in page

    assert client.post(PROFILE, {"action": "totp_begin"})["Location"] == PROFILE
    device = TotpDevice.objects.get(user=official)
    assert not device.is_confirmed
    page = client.get(PROFILE).content.decode()
    assert '<svg width="200" height="200"' in page and "<path" in page
    assert totp.totp_secret_groups(device.secret) in page
    assert "确认启用" in page

    response = client.post(PROFILE, {"action": "totp_confirm", "code": wrong_code(device)})
    assert "动态口令不正确" in response.content.decode()
    assert not TotpDevice.objects.get(user=official).is_confirmed

    response = client.post(PROFILE, {"action": "totp_confirm", "code": current_code(device)}, follow=True)
    assert "已启用两步验证" in response.content.decode()
    assert TotpDevice.objects.get(user=official).is_confirmed
    page = client.get(PROFILE).content.decode()
    assert "已启用" in page and "停用两步验证" in page
    assert device.secret not in page and totp.totp_secret_groups(device.secret) not in page
    assert "<svg" not in page


def test_profile_disables_two_factor_with_the_password(client, official, device):
    client.force_login(official)
    response = client.post(PROFILE, {"action": "totp_disable", "password": "wrong"})
    assert "密码错误" in response.content.decode()
    assert totp.totp_enabled(official)
    assert LoginFailure.objects.filter(username="zhangsan").count() == 1
    response = client.post(PROFILE, {"action": "totp_disable", "password": "pass12345"}, follow=True)
    assert "已停用两步验证。" in response.content.decode()
    assert not TotpDevice.objects.filter(user=official).exists()
    client.post("/accounts/logout/")
    assert password_step(client)["Location"] == reverse("core:home")  # the password alone again


def test_profile_disables_two_factor_with_a_current_code(client, official, device):
    client.force_login(official)
    client.post(PROFILE, {"action": "totp_disable", "code": current_code(device)})
    assert not TotpDevice.objects.filter(user=official).exists()


def test_profile_cancels_an_unfinished_setup(client, official):
    client.force_login(official)
    client.post(PROFILE, {"action": "totp_begin"})
    response = client.post(PROFILE, {"action": "totp_cancel"}, follow=True)
    assert "已取消设置两步验证。" in response.content.decode()
    assert not TotpDevice.objects.filter(user=official).exists()


def test_owners_do_not_see_two_factor_and_cannot_post_it(client):
    from wuye.accounts.otp import owner_user_for
    from wuye.estates.tests.factories import OwnerFactory

    owner = owner_user_for([OwnerFactory()], phone="13900000001")
    client.force_login(owner)
    page = client.get(PROFILE).content.decode()
    assert "我的账号" in page and "两步验证" not in page
    assert client.post(PROFILE, {"action": "totp_begin"}).status_code == 403
    assert not TotpDevice.objects.filter(user=owner).exists()
