"""Login (Chinese, throttled), logout by POST, safe ?next= redirects, API token on the profile."""
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from wuye.accounts.models import LoginFailure
from wuye.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def user(street):
    from wuye.accounts.models import RoleAssignment

    u = UserFactory(username="zhangsan", display_name="张三")
    RoleAssignment.objects.create(user=u, role="street_office", region=street)
    return u


def login(client, username="zhangsan", password="pass12345", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_chinese(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "物业综合监管平台 · 登录" in html and "用户名" in html and "密码" in html


def test_login_and_land_on_home(client, user):
    response = login(client)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    home = client.get("/").content.decode()
    assert "张三" in home


def test_wrong_password_message(client, user):
    response = login(client, password="wrong")
    assert response.status_code == 200
    assert "用户名或密码错误。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="zhangsan").count() == 1


def test_empty_fields_are_required_in_chinese(client):
    html = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert "该字段是必填项" in html


def test_throttled_after_five_failures_even_with_the_right_password(client, user):
    for _ in range(5):
        assert "用户名或密码错误" in login(client, password="wrong").content.decode()
    response = login(client)
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Usernames are throttled case-insensitively.
    assert "登录失败次数过多" in login(client, username="ZhangSan").content.decode()


def test_one_address_spraying_many_usernames_is_throttled(client, user, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 8
    for n in range(8):  # a different username each time: no username reaches its own limit
        login(client, username=f"guess{n}", password="wrong")
    assert "登录失败次数过多" in login(client).content.decode()  # even the right password, from here
    other = type(client)(REMOTE_ADDR="10.0.0.9")
    assert login(other).status_code == 302  # another address is not affected


@pytest.mark.parametrize(("hops", "forwarded", "remote", "expected"), [
    (0, "1.2.3.4", "10.0.0.1", "10.0.0.1"),           # no proxy: the header is the client's own words
    (1, "1.2.3.4", "10.0.0.1", "1.2.3.4"),            # one proxy appended the client's address
    (1, "6.6.6.6, 1.2.3.4", "10.0.0.1", "1.2.3.4"),   # a forged first entry is ignored
    (2, "1.2.3.4, 172.16.0.2", "10.0.0.1", "1.2.3.4"),
    (1, "", "10.0.0.1", "10.0.0.1"),                  # header missing: the proxy's own address
])
def test_client_address_trusts_only_the_configured_proxies(rf, settings, hops, forwarded, remote, expected):
    from wuye.core.http import client_address

    settings.WUYE_TRUSTED_PROXIES = hops
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_address(request) == expected


def test_success_clears_earlier_failures(client, user):
    for _ in range(4):
        login(client, password="wrong")
    assert login(client).status_code == 302
    assert not LoginFailure.objects.filter(username="zhangsan").exists()


def test_logout_only_by_post(client, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("next_url", "expected"), [("/vote/", "/vote/"), ("https://evil.example/", None), ("", None)])
def test_logout_goes_back_to_a_page_of_this_site_only(client, user, next_url, expected):
    client.force_login(user)
    response = client.post("/accounts/logout/", {"next": next_url})
    assert response["Location"] == (expected or reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/estates/estate/", "/estates/estate/"),
        ("/policy/?region=411700000000", "/policy/?region=411700000000"),
        ("https://evil.example.com/", "/"),
        ("//evil.example.com/", "/"),
        ("http://testserver.evil.com/", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_redirects_only_to_the_same_host(client, user, next_url, expected):
    response = client.post(LOGIN + "?next=" + next_url, {"username": "zhangsan", "password": "pass12345"})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_next_from_the_hidden_field(client, user):
    page = client.get(LOGIN, {"next": "/estates/estate/"}).content.decode()
    assert 'name="next" value="/estates/estate/"' in page
    assert login(client, next="/estates/estate/")["Location"] == "/estates/estate/"


def test_protected_page_sends_anonymous_to_login_with_next(client):
    response = client.get("/estates/estate/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/estates/estate/"


def test_logged_in_user_on_login_page_goes_home(client, user):
    client.force_login(user)
    assert client.get(LOGIN)["Location"] == reverse("core:home")


def test_profile_generates_a_new_token(client, user):
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert "尚未生成" in page and "街道/乡镇物业办" in page
    client.post("/accounts/profile/")
    first = Token.objects.get(user=user)
    page = client.get("/accounts/profile/").content.decode()
    assert first.key in page
    response = client.post("/accounts/profile/")
    assert "已生成新的 API Token，旧 Token 已失效。" in response.content.decode()
    second = Token.objects.get(user=user)
    assert second.key != first.key
    assert not Token.objects.filter(key=first.key).exists()


def test_ping_needs_authentication_and_does_nothing_else(client, role_user, street):
    assert client.get("/api/v1/ping/").status_code in (401, 403)
    client.force_login(role_user("street_office", region=street))
    assert client.get("/api/v1/ping/").json() == {"ok": True}
