"""Account management (账号管理): services, pages and API under the delegation rule, and the forced
password change after a temporary password."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wuye.accounts import services
from wuye.accounts.models import RoleAssignment, User
from wuye.accounts.selectors import accounts_visible_to, user_scope
from wuye.accounts.tests.factories import UserFactory
from wuye.core.models import AuditEntry
from wuye.regions.models import Region
from wuye.regions.tests.factories import CommunityFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    return Region.objects.get(code="411702000000")  # 驿城区


@pytest.fixture
def district_official(role_user, district):
    return role_user("district_bureau", region=district)


@pytest.fixture
def street_official(role_user, street):
    return role_user("street_office", region=street)


# ---------------------------------------------------------------- services


def test_create_gives_the_first_role_a_temporary_password_and_an_audit(district_official, street):
    user, password = services.account_create(actor=district_official, username="wangwu", display_name="王五",
                                             phone="13800001111", role="street_office", region=street)
    assert user.check_password(password) and len(password) == 12
    assert user.must_change_password
    assert [(a.role, a.region_id) for a in user.role_assignments.all()] == [("street_office", street.code)]
    assert user_scope(user).covers_region(street.code)
    entries = AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user")
    assert entries.count() == 1 and entries[0].actor == district_official
    assert "password" not in entries[0].after  # the hash never reaches the audit log


def test_nobody_gives_a_role_above_their_level_or_outside_their_region(street_official, district, other_street):
    with pytest.raises(PermissionDenied):
        services.account_create(actor=street_official, username="up", display_name="越级", role="district_bureau",
                                region=district)
    with pytest.raises(PermissionDenied):
        services.account_create(actor=street_official, username="away", display_name="外街", role="street_office",
                                region=other_street)
    assert not User.objects.filter(username__in=["up", "away"]).exists()  # nothing half-written


def test_a_taken_username_and_a_missing_target_are_refused(district_official, street):
    UserFactory(username="taken")
    with pytest.raises(ValidationError, match="用户名已存在"):
        services.account_create(actor=district_official, username="taken", display_name="重名",
                                role="street_office", region=street)
    with pytest.raises(ValidationError):
        services.account_create(actor=district_official, username="nodept", display_name="无部门", role="department")
    assert not User.objects.filter(username="nodept").exists()


def test_ending_a_role_takes_its_scope_away_and_keeps_it_on_record(district_official, street, role_user):
    liaison = role_user("street_office", region=street)
    assignment = liaison.role_assignments.get()
    with pytest.raises(ValidationError, match="原因"):
        services.account_role_end(actor=district_official, assignment=assignment, reason=" ")
    services.account_role_end(actor=district_official, assignment=assignment, reason="调离")
    assignment.refresh_from_db()
    assert not assignment.is_active
    fresh = User.objects.get(pk=liaison.pk)
    assert not user_scope(fresh).covers_region(street.code)
    assert liaison in accounts_visible_to(district_official)  # still listed, to be given a role again


def test_disable_stops_password_and_token_logins(client, district_official, street):
    user, password = services.account_create(actor=district_official, username="zhaoliu", display_name="赵六",
                                             role="street_office", region=street)
    token = Token.objects.create(user=user)
    services.account_set_active(actor=district_official, user=user, active=False, reason="离职")
    assert not client.login(username="zhaoliu", password=password)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(reverse("api-ping")).status_code in (401, 403)
    with pytest.raises(ValidationError):
        services.account_set_active(actor=district_official, user=user, active=False, reason="again")
    services.account_set_active(actor=district_official, user=user, active=True, reason="返聘")
    assert client.login(username="zhaoliu", password=password)


def test_managers_cannot_act_on_their_own_account_or_on_a_higher_one(street_official, district_official, street):
    with pytest.raises(PermissionDenied):
        services.account_password_reset(actor=street_official, user=street_official)
    with pytest.raises(PermissionDenied):
        services.account_set_active(actor=street_official, user=district_official, active=False, reason="x")
    # An account holding a street role and the district's: the street cannot reset it, the district can.
    both = UserFactory()
    RoleAssignment.objects.create(user=both, role="street_office", region=street)
    RoleAssignment.objects.create(user=both, role="district_bureau", region=district_official.role_assignments.get().region)
    with pytest.raises(PermissionDenied):
        services.account_password_reset(actor=street_official, user=both)
    assert services.account_password_reset(actor=district_official, user=both)


def test_password_reset_replaces_the_password_and_clears_the_lockout(district_official, street, role_user):
    from wuye.accounts.models import LoginFailure

    user = role_user("street_office", region=street)
    LoginFailure.objects.create(username=user.username, address="10.0.0.1")
    password = services.account_password_reset(actor=district_official, user=user)
    user.refresh_from_db()
    assert user.check_password(password) and not user.check_password("pass12345")
    assert user.must_change_password
    assert not LoginFailure.objects.filter(username=user.username).exists()
    entry = AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user").latest("at")
    assert entry.actor == district_official and password not in str(entry.after) and user.password not in str(entry.after)


def test_visible_accounts_follow_the_jurisdiction(district_official, street_official, street, other_street, role_user):
    liaison = role_user("community_liaison", region=CommunityFactory(parent=street))
    elsewhere = role_user("street_office", region=other_street)
    department = role_user("department", department=DepartmentFactory())
    owner_only = UserFactory()
    assert set(accounts_visible_to(street_official)) >= {liaison, street_official}
    assert department not in accounts_visible_to(street_official)
    assert {liaison, department, street_official} <= set(accounts_visible_to(district_official))
    for manager in (street_official, district_official):
        assert elsewhere not in accounts_visible_to(manager)
        assert owner_only not in accounts_visible_to(manager)
    assert not accounts_visible_to(liaison).exists()


def test_housing_bureaus_give_enterprise_staff_accounts_of_their_enterprises(district_official, street_official,
                                                                             district, role_user):
    from wuye.enterprises.tests.factories import EnterpriseFactory

    ours = EnterpriseFactory(region=district)
    theirs = EnterpriseFactory(region=Region.objects.get(code="411502000000"))
    user, _password = services.account_create(actor=district_official, username="qiye1", display_name="物业经理",
                                              role="enterprise_staff", enterprise=ours)
    assert user.role_assignments.get().enterprise == ours
    assert user_scope(user).enterprise_ids == frozenset({ours.pk})
    assert user in accounts_visible_to(district_official) and user not in accounts_visible_to(street_official)
    with pytest.raises(PermissionDenied):
        services.account_create(actor=district_official, username="qiye2", display_name="外市", role="enterprise_staff",
                                enterprise=theirs)
    with pytest.raises(PermissionDenied):
        services.account_create(actor=street_official, username="qiye3", display_name="街道给", role="enterprise_staff",
                                enterprise=ours)
    with pytest.raises(ValidationError, match="企业"):
        services.account_create(actor=district_official, username="qiye4", display_name="无企业", role="enterprise_staff")
    assert not User.objects.filter(username__in=["qiye2", "qiye3", "qiye4"]).exists()


# ---------------------------------------------------------------- pages


def test_pages_create_then_reset_and_disable(client, district_official, street):
    client.force_login(district_official)
    assert client.get(reverse("accounts:account_list")).status_code == 200
    form = {"username": "sunqi", "display_name": "孙七", "phone": "138 0000 2222", "role": "street_office",
            "region": street.code}
    response = client.post(reverse("accounts:account_create"), form)
    assert response.status_code == 200 and response.headers["Cache-Control"].startswith("max-age=0")
    created = User.objects.get(username="sunqi")
    assert created.phone == "13800002222"
    assert created.check_password(response.context["password"])
    assert response.context["password"] in response.content.decode()

    detail = reverse("accounts:account_detail", args=[created.pk])
    assert "孙七" in client.get(detail).content.decode()
    reset = client.post(detail, {"action": "reset_password"})
    created.refresh_from_db()
    assert created.check_password(reset.context["password"])
    assert client.post(detail, {"action": "disable", "reason": ""}).status_code == 400
    client.post(detail, {"action": "disable", "reason": "借调"})
    created.refresh_from_db()
    assert not created.is_active
    listing = client.get(reverse("accounts:account_list"), {"state": "disabled"}).content.decode()
    assert "sunqi" in listing


@pytest.mark.parametrize("field, value, message", [
    ("username", "a b", "用户名只能包含"),
    ("phone", "12345", "手机号应为"),
    ("region", "999999999999", "区划代码不存在"),
    ("region", "", "该角色须填写区划代码"),
    ("role", "city_bureau", "选择一个有效的选项"),  # above a district bureau: not offered
    ("role", "enterprise_staff", "须填写企业的统一社会信用代码"),
])
def test_create_page_says_what_is_wrong(client, district_official, street, field, value, message):
    client.force_login(district_official)
    form = {"username": "good_name", "display_name": "某人", "phone": "", "role": "street_office", "region": street.code}
    form[field] = value
    response = client.post(reverse("accounts:account_create"), form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(username="good_name").exists()


def test_pages_give_and_end_roles(client, district_official, street, role_user):
    target = role_user("street_office", region=street)
    client.force_login(district_official)
    detail = reverse("accounts:account_detail", args=[target.pk])
    department = DepartmentFactory(name="驿城区市场监督管理局")
    client.post(detail, {"action": "add_role", "role-role": "department", "role-department": department.pk})
    assert target.role_assignments.filter(role="department", department=department, is_active=True).exists()
    first = target.role_assignments.get(role="street_office")
    client.post(detail, {"action": "end_role", "assignment": first.pk, "reason": "调岗"})
    first.refresh_from_db()
    assert not first.is_active
    page = client.get(detail).content.decode()
    assert "调岗" in page and "已结束" in page


def test_pages_are_scoped(client, street_official, other_street, role_user):
    outsider = role_user("street_office", region=other_street)
    client.force_login(street_official)
    assert client.get(reverse("accounts:account_detail", args=[outsider.pk])).status_code == 404
    assert client.post(reverse("accounts:account_detail", args=[outsider.pk]),
                       {"action": "reset_password"}).status_code == 404
    client.force_login(role_user("community_liaison", region=CommunityFactory()))
    assert client.get(reverse("accounts:account_list")).status_code == 403
    assert client.get(reverse("accounts:account_create")).status_code == 403


def test_the_menu_shows_account_management_to_managers_only(client, street_official, role_user, street):
    client.force_login(street_official)
    assert reverse("accounts:account_list") in client.get(reverse("core:home")).content.decode()
    client.force_login(role_user("community_liaison", region=CommunityFactory(parent=street)))
    assert reverse("accounts:account_list") not in client.get(reverse("core:home")).content.decode()


# ---------------------------------------------------------------- forced password change


def test_a_temporary_password_must_be_changed_before_anything_else(client, district_official, street):
    user, password = services.account_create(actor=district_official, username="qianba", display_name="钱八",
                                             role="street_office", region=street)
    response = client.post(reverse("accounts:login"), {"username": "qianba", "password": password})
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and home.url == reverse("accounts:password_change")
    assert client.get("/api/v1/me/").status_code == 403
    weak = client.post(reverse("accounts:password_change"),
                       {"old_password": password, "new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and not User.objects.get(pk=user.pk).check_password("123")
    done = client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": "Zmd-wuye-2026!", "new_password2": "Zmd-wuye-2026!"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Zmd-wuye-2026!")
    assert client.get(reverse("core:home")).status_code == 200  # still logged in, free to go on
    entry = AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user").latest("at")
    assert entry.actor == user and entry.reason == "本人修改密码"


def test_everyone_can_change_their_own_password(client, street_official):
    client.force_login(street_official)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and "must-change" not in page.content.decode()
    wrong = client.post(reverse("accounts:password_change"),
                        {"old_password": "nope", "new_password1": "Zmd-wuye-2026!", "new_password2": "Zmd-wuye-2026!"})
    assert wrong.status_code == 200
    assert User.objects.get(pk=street_official.pk).check_password("pass12345")


# ---------------------------------------------------------------- API


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_create_list_and_actions(district_official, street):
    api = _api(district_official)
    created = api.post(reverse("account-list"), {"username": "api_user", "display_name": "接口建", "role": "street_office",
                                                  "region": street.code}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    user = User.objects.get(pk=body["id"])
    assert user.check_password(body["temporary_password"]) and body["must_change_password"]
    assert [r["role"] for r in body["roles"]] == ["street_office"]
    assert "temporary_password" not in api.get(reverse("account-detail", args=[user.pk])).json()
    rows = api.get(reverse("account-list"), {"q": "接口"}).json()["results"]
    assert [r["username"] for r in rows] == ["api_user"]

    reset = api.post(reverse("account-reset-password", args=[user.pk]))
    user.refresh_from_db()
    assert user.check_password(reset.json()["temporary_password"])
    assert api.post(reverse("account-disable", args=[user.pk]), {}, format="json").status_code == 400
    assert api.post(reverse("account-disable", args=[user.pk]), {"reason": "离职"}, format="json").json()["is_active"] is False
    department = DepartmentFactory()
    added = api.post(reverse("account-add-role", args=[user.pk]), {"role": "department", "department": department.pk},
                     format="json")
    assert added.status_code == 201 and added.json()["department"] == department.pk
    ended = api.post(reverse("account-end-role", args=[user.pk]), {"assignment": added.json()["id"], "reason": "调岗"},
                     format="json")
    assert ended.status_code == 200
    assert not RoleAssignment.objects.get(pk=added.json()["id"]).is_active


def test_api_gives_an_enterprise_staff_role_by_credit_code(district_official, district):
    from wuye.enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(region=district)
    api = _api(district_official)
    created = api.post(reverse("account-list"), {"username": "qiye_api", "display_name": "客服主管",
                                                  "role": "enterprise_staff", "enterprise": enterprise.credit_code},
                       format="json")
    assert created.status_code == 201, created.content
    assert created.json()["roles"][0]["enterprise"] == enterprise.pk
    unknown = api.post(reverse("account-list"), {"username": "qiye_x", "display_name": "无", "role": "enterprise_staff",
                                                  "enterprise": "91411700MA00000000"}, format="json")
    assert unknown.status_code == 400 and "enterprise" in unknown.json()


def test_api_bad_input_and_refusals(district_official, street_official, street, district):
    api = _api(district_official)
    bad = api.post(reverse("account-list"), {"username": "x y", "display_name": "", "role": "street_office",
                                              "region": "123"}, format="json")
    assert bad.status_code == 400 and {"username", "display_name", "region"} <= set(bad.json())
    up = _api(street_official).post(reverse("account-list"), {"username": "upper", "display_name": "越级",
                                                                "role": "street_office", "region": "411702002000"},
                                     format="json")
    assert up.status_code == 403 and not User.objects.filter(username="upper").exists()
    own = _api(street_official).post(reverse("account-reset-password", args=[street_official.pk]))
    assert own.status_code == 403


def test_system_accounts_get_a_token_not_a_password(client, district_official, street):
    user, token = services.account_create(actor=district_official, username="hotline12345", display_name="12345热线平台",
                                          role="street_office", region=street, is_system=True)
    assert user.is_system and not user.has_usable_password() and not user.must_change_password
    assert Token.objects.get(user=user).key == token
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api-ping")).status_code == 200
    with pytest.raises(ValidationError, match="API Token"):
        services.account_password_reset(actor=district_official, user=user)
    renewed = services.account_token_renew(actor=district_official, user=user)
    assert renewed != token
    assert api.get(reverse("api-ping")).status_code in (401, 403)  # the old token stopped at once
    assert APIClient(HTTP_AUTHORIZATION=f"Token {renewed}").get(reverse("api-ping")).status_code == 200
    entry = AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user").latest("at")
    assert renewed not in str(entry.after) and token not in str(entry.after)

    client.force_login(district_official)
    page = client.post(reverse("accounts:account_detail", args=[user.pk]), {"action": "renew_token"})
    assert page.status_code == 200 and page.context["token"] == Token.objects.get(user=user).key
    assert "旧 Token 已失效" in page.content.decode()
    made = client.post(reverse("accounts:account_create"), {"username": "grid2", "display_name": "网格系统",
                                                            "is_system": "on", "role": "street_office",
                                                            "region": street.code})
    assert made.context["token"] == Token.objects.get(user__username="grid2").key
    assert "旧 Token 已失效" not in made.content.decode()  # a new account had no earlier token
    person, _password = services.account_create(actor=district_official, username="person1", display_name="某人",
                                                role="street_office", region=street)
    with pytest.raises(ValidationError):
        services.account_token_renew(actor=district_official, user=person)


def test_api_creates_a_system_account(district_official, street):
    api = _api(district_official)
    created = api.post(reverse("account-list"), {"username": "grid_sys", "display_name": "网格化系统", "is_system": True,
                                                  "role": "street_office", "region": street.code}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["is_system"] and "temporary_password" not in body
    assert Token.objects.get(user_id=body["id"]).key == body["token"]
    renewed = api.post(reverse("account-renew-token", args=[body["id"]])).json()["token"]
    assert Token.objects.get(user_id=body["id"]).key == renewed != body["token"]


def test_the_list_exports_to_excel_as_filtered(client, district_official, street, other_street, role_user):
    import io

    from openpyxl import load_workbook

    role_user("street_office", region=street)
    services.account_create(actor=district_official, username="export_me", display_name="导出者", role="street_office",
                            region=street)
    role_user("street_office", region=other_street)  # out of scope: never exported
    client.force_login(district_official)
    response = client.get(reverse("accounts:account_export"), {"q": "导出"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("用户名", "姓名", "手机号")
    assert [r[0] for r in rows[1:]] == ["export_me"]
    assert "街道/乡镇物业办 · 人民街街道" in rows[1][4] and rows[1][6] == "是"
    everything = list(load_workbook(io.BytesIO(client.get(reverse("accounts:account_export")).content)).active.values)
    assert len(everything) - 1 == accounts_visible_to(district_official).count()
    client.force_login(role_user("community_liaison", region=CommunityFactory(parent=street)))
    assert client.get(reverse("accounts:account_export")).status_code == 403


def test_no_one_gives_roles_to_themselves_or_to_an_account_beyond_their_reach(street_official, district_official,
                                                                              street, role_user):
    liaison_area = CommunityFactory(parent=street)
    with pytest.raises(PermissionDenied):
        services.account_role_add(actor=street_official, user=street_official, role="community_liaison",
                                  region=liaison_area)
    both = UserFactory()
    RoleAssignment.objects.create(user=both, role="street_office", region=street)
    RoleAssignment.objects.create(user=both, role="district_bureau", region=district_official.role_assignments.get().region)
    with pytest.raises(PermissionDenied):
        services.account_role_add(actor=street_official, user=both, role="community_liaison", region=liaison_area)
    with pytest.raises(PermissionDenied):
        services.account_role_end(actor=street_official, assignment=both.role_assignments.get(role="street_office"),
                                  reason="越权")
    assert both.role_assignments.filter(is_active=True).count() == 2
    services.account_role_add(actor=district_official, user=both, role="community_liaison", region=liaison_area)
    assert both.role_assignments.filter(is_active=True).count() == 3


def test_account_filters_are_the_same_on_page_and_api(client, district_official, street, role_user):
    liaison = role_user("community_liaison", region=CommunityFactory(parent=street))
    office = role_user("street_office", region=street)
    services.account_set_active(actor=district_official, user=office, active=False, reason="离职")
    api = _api(district_official)

    def api_names(**params):
        return {r["username"] for r in api.get(reverse("account-list"), params).json()["results"]}

    def page_names(**params):
        client.force_login(district_official)
        return {a.username for a in client.get(reverse("accounts:account_list"), params).context["accounts"]}

    assert api_names(role="community_liaison") == page_names(role="community_liaison") == {liaison.username}
    assert api_names(is_active="false") == page_names(state="disabled") == {office.username}
    assert office.username not in api_names(is_active="true") | page_names(state="active")
    assert api_names(q=liaison.display_name) == page_names(q=liaison.display_name) == {liaison.username}


def test_lifting_a_lockout_lets_the_user_log_in_and_is_audited(client, district_official, street, role_user):
    from wuye.accounts.models import LoginFailure

    user = role_user("street_office", region=street)
    for _ in range(6):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert client.post(reverse("accounts:login"), {"username": user.username, "password": "pass12345"}).status_code == 200
    from django.test import Client

    manager = Client()  # the manager's own session
    manager.force_login(district_official)
    manager.post(reverse("accounts:account_detail", args=[user.pk]), {"action": "unlock"})
    assert not LoginFailure.objects.filter(username=user.username).exists()
    assert client.post(reverse("accounts:login"), {"username": user.username, "password": "pass12345"}).status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user").latest("at")
    assert entry.actor == district_official and entry.reason == "管理员解除登录锁定"
    with pytest.raises(PermissionDenied):
        services.account_unlock(actor=district_official, user=district_official)
