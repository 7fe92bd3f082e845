"""Two-factor login by an authenticator app: setup, confirmation, codes at login (±1 step, no replay,
throttled), disabling, the platform admin's reset and its command.

Codes are computed with pyotp from the stored secret, at a fixed instant passed as ``now``.
"""
import datetime as dt
import io

import pyotp
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from wuye.accounts import totp
from wuye.accounts.models import LoginFailure, RoleAssignment, TotpDevice, User
from wuye.accounts.tests.factories import UserFactory
from wuye.core.models import AuditEntry

pytestmark = pytest.mark.django_db

STEP = dt.timedelta(seconds=30)
ADDRESS = "10.1.2.3"


@pytest.fixture
def t0():
    """An instant in the middle of a time step, so that ±1 step never crosses a second boundary."""
    now = timezone.now().replace(microsecond=0)
    return now - dt.timedelta(seconds=now.timestamp() % 30) + dt.timedelta(seconds=15)


def code_at(device: TotpDevice, when: dt.datetime) -> str:
    return pyotp.TOTP(device.secret).at(when)


def step_of(when: dt.datetime) -> int:
    return int(when.timestamp()) // 30


def enable(user, *, at) -> TotpDevice:
    """A device confirmed with the code of ``at``."""
    device = totp.totp_setup_begin(user=user)
    return totp.totp_setup_confirm(user=user, code=code_at(device, at), now=at)


def audits(user):
    return list(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(User),
                                          object_id=str(user.pk)).order_by("id"))


def test_setup_begin_makes_an_unconfirmed_device_with_a_new_secret_each_time(official):
    first = totp.totp_setup_begin(user=official)
    assert not first.is_confirmed and first.confirmed_at is None
    assert len(first.secret) == 32 and pyotp.TOTP(first.secret).now().isdigit()
    assert not totp.totp_enabled(official)
    again = totp.totp_setup_begin(user=official)
    assert again.secret != first.secret
    assert TotpDevice.objects.filter(user=official).count() == 1
    assert TotpDevice.objects.get(user=official).secret == again.secret
    assert [(a.actor, a.action, a.before, a.after) for a in audits(official)] == [
        (official, "update", {"two_factor": "off"}, {"two_factor": "pending"}),
        (official, "update", {"two_factor": "pending"}, {"two_factor": "pending"}),
    ]


def test_confirm_with_the_current_code_puts_the_device_in_force(official, t0):
    device = totp.totp_setup_begin(user=official)
    confirmed = totp.totp_setup_confirm(user=official, code=code_at(device, t0), now=t0)
    assert confirmed.is_confirmed and confirmed.confirmed_at is not None
    assert confirmed.last_step == step_of(t0)
    assert totp.totp_enabled(official)
    last = audits(official)[-1]
    assert (last.actor, last.before, last.after) == (official, {"two_factor": "pending"}, {"two_factor": "on"})
    # The secret is never written into the audit log.
    assert not any(device.secret in str(a.before) + str(a.after) + a.reason for a in audits(official))


def test_confirm_refuses_a_wrong_code_and_stays_unconfirmed(official, t0):
    device = totp.totp_setup_begin(user=official)
    wrong = f"{(int(code_at(device, t0)) + 1) % 10 ** 6:06d}"
    with pytest.raises(ValidationError, match="动态口令不正确"):
        totp.totp_setup_confirm(user=official, code=wrong, now=t0)
    with pytest.raises(ValidationError, match="动态口令不正确"):
        totp.totp_setup_confirm(user=official, code="abcdef", now=t0)
    assert not TotpDevice.objects.get(user=official).is_confirmed
    assert not totp.totp_enabled(official)


def test_setup_cannot_restart_over_a_device_in_force(official, t0):
    device = enable(official, at=t0)
    with pytest.raises(ValidationError, match="请先停用"):
        totp.totp_setup_begin(user=official)
    assert TotpDevice.objects.get(user=official).secret == device.secret


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_login_code_is_accepted_one_step_early_or_late(official, t0, offset):
    device = enable(official, at=t0 - 10 * STEP)
    code = code_at(device, t0 + offset * STEP)
    totp.totp_verify(user=official, code=code, address=ADDRESS, now=t0)
    device.refresh_from_db()
    assert device.last_step == step_of(t0) + offset
    assert not LoginFailure.objects.exists()


@pytest.mark.parametrize("offset", [-2, 2])
def test_login_code_two_steps_away_is_refused_and_counted(official, t0, offset):
    device = enable(official, at=t0 - 10 * STEP)
    with pytest.raises(ValidationError, match="动态口令错误") as caught:
        totp.totp_verify(user=official, code=code_at(device, t0 + offset * STEP), address=ADDRESS, now=t0)
    assert caught.value.code == "invalid"
    assert LoginFailure.objects.filter(username="zhangsan", address=ADDRESS).count() == 1
    device.refresh_from_db()
    assert device.last_step == step_of(t0 - 10 * STEP)


def test_a_code_cannot_be_replayed_nor_an_older_one_used_after_it(official, t0):
    device = enable(official, at=t0 - 10 * STEP)
    code = code_at(device, t0)
    totp.totp_verify(user=official, code=code, address=ADDRESS, now=t0)
    with pytest.raises(ValidationError, match="已使用过"):
        totp.totp_verify(user=official, code=code, address=ADDRESS, now=t0)
    # The previous step's code is still inside the ±1 window, but older than the accepted one.
    with pytest.raises(ValidationError, match="已使用过"):
        totp.totp_verify(user=official, code=code_at(device, t0 - STEP), address=ADDRESS, now=t0)
    assert LoginFailure.objects.filter(username="zhangsan").count() == 2
    totp.totp_verify(user=official, code=code_at(device, t0 + STEP), address=ADDRESS, now=t0 + STEP)
    device.refresh_from_db()
    assert device.last_step == step_of(t0) + 1


def test_the_code_that_confirmed_the_setup_cannot_also_log_in(official, t0):
    device = enable(official, at=t0)
    with pytest.raises(ValidationError, match="已使用过"):
        totp.totp_verify(user=official, code=code_at(device, t0), address=ADDRESS, now=t0)


def test_wrong_codes_count_as_failed_logins_until_even_the_right_code_is_throttled(official, t0, settings):
    device = enable(official, at=t0 - 10 * STEP)
    right = code_at(device, t0)
    wrong = f"{(int(right) + 1) % 10 ** 6:06d}"
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(ValidationError):
            totp.totp_verify(user=official, code=wrong, address=ADDRESS, now=t0)
    assert LoginFailure.objects.filter(username="zhangsan").count() == settings.LOGIN_MAX_FAILURES
    with pytest.raises(ValidationError, match="登录失败次数过多") as caught:
        totp.totp_verify(user=official, code=right, address=ADDRESS, now=t0)
    assert caught.value.code == "throttled"
    device.refresh_from_db()
    assert device.last_step == step_of(t0 - 10 * STEP)  # the right code was not even looked at


def test_verify_refuses_a_user_without_a_device_in_force(official, t0):
    device = totp.totp_setup_begin(user=official)  # not confirmed yet
    with pytest.raises(ValidationError, match="未启用两步验证"):
        totp.totp_verify(user=official, code=code_at(device, t0), address=ADDRESS, now=t0)


def test_disable_needs_a_code_or_the_password_and_counts_wrong_ones(official, t0):
    device = enable(official, at=t0 - 10 * STEP)
    with pytest.raises(ValidationError, match="请输入当前动态口令或登录密码"):
        totp.totp_disable(user=official, address=ADDRESS)
    with pytest.raises(ValidationError, match="密码错误"):
        totp.totp_disable(user=official, address=ADDRESS, password="wrong")
    with pytest.raises(ValidationError, match="动态口令错误"):
        totp.totp_disable(user=official, address=ADDRESS, code=f"{(int(code_at(device, t0)) + 1) % 10 ** 6:06d}",
                          now=t0)
    assert LoginFailure.objects.filter(username="zhangsan").count() == 2
    assert totp.totp_enabled(official)
    totp.totp_disable(user=official, address=ADDRESS, password="pass12345")
    assert not TotpDevice.objects.filter(user=official).exists()
    last = audits(official)[-1]
    assert (last.actor, last.before, last.after) == (official, {"two_factor": "on"}, {"two_factor": "off"})


def test_disable_with_a_current_code_then_codes_no_longer_work(official, t0):
    device = enable(official, at=t0 - 10 * STEP)
    totp.totp_disable(user=official, address=ADDRESS, code=code_at(device, t0), now=t0)
    assert not totp.totp_enabled(official)
    with pytest.raises(ValidationError, match="未启用两步验证"):
        totp.totp_verify(user=official, code=code_at(device, t0 + STEP), address=ADDRESS, now=t0 + STEP)
    with pytest.raises(ValidationError, match="未启用两步验证"):
        totp.totp_disable(user=official, address=ADDRESS, password="pass12345")


def test_disable_is_throttled_like_a_login(official, t0, settings):
    enable(official, at=t0)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(ValidationError):
            totp.totp_disable(user=official, address=ADDRESS, password="wrong")
    with pytest.raises(ValidationError, match="登录失败次数过多"):
        totp.totp_disable(user=official, address=ADDRESS, password="pass12345")
    assert totp.totp_enabled(official)


def test_cancel_drops_only_an_unfinished_setup(official, t0):
    totp.totp_setup_begin(user=official)
    totp.totp_setup_cancel(user=official)
    assert not TotpDevice.objects.filter(user=official).exists()
    assert audits(official)[-1].after == {"two_factor": "off"}
    enable(official, at=t0)
    totp.totp_setup_cancel(user=official)
    assert totp.totp_enabled(official)


def test_platform_admin_resets_another_users_device(official, t0):
    enable(official, at=t0)
    admin = UserFactory(username="pingtai")
    RoleAssignment.objects.create(user=admin, role="platform_admin")
    assert totp.totp_reset(actor=admin, user=official, reason="手机丢失") is True
    assert not TotpDevice.objects.filter(user=official).exists()
    last = audits(official)[-1]
    assert (last.actor, last.before, last.after) == (admin, {"two_factor": "on"}, {"two_factor": "off"})
    assert "手机丢失" in last.reason
    assert totp.totp_reset(actor=admin, user=official) is False


def test_only_a_platform_admin_may_reset(official, street, t0):
    enable(official, at=t0)
    colleague = UserFactory()
    RoleAssignment.objects.create(user=colleague, role="street_office", region=street)
    with pytest.raises(PermissionDenied):
        totp.totp_reset(actor=colleague, user=official)
    assert totp.totp_enabled(official)
    superuser = UserFactory(is_superuser=True)  # a superuser is a platform admin
    assert totp.totp_reset(actor=superuser, user=official) is True


def test_offered_to_password_users_but_not_to_owners_only(official):
    from wuye.accounts.otp import owner_user_for
    from wuye.estates.tests.factories import OwnerFactory

    assert totp.totp_offered(official)
    assert totp.totp_offered(UserFactory())  # no role yet, but a password
    owner = owner_user_for([OwnerFactory()], phone="13900000001")  # logs in by SMS code, no password
    assert not totp.totp_offered(owner)
    owner.set_password("pass12345")
    owner.save()
    assert not totp.totp_offered(owner)  # only an owner: still not offered


def test_qr_code_and_secret_for_the_app(official):
    device = totp.totp_setup_begin(user=official)
    uri = totp.totp_provisioning_uri(device)
    assert uri.startswith("otpauth://totp/") and f"secret={device.secret}" in uri and "zhangsan" in uri
    assert pyotp.parse_uri(uri).secret == device.secret
    svg = totp.totp_qr_svg(device)
    assert svg.startswith('<svg width="200" height="200"') and "<path" in svg and "<?xml" not in svg
    groups = totp.totp_secret_groups(device.secret)
    assert groups.replace(" ", "") == device.secret and all(len(g) == 4 for g in groups.split())


#
# manage.py totp_reset
#

def run_reset(*args) -> str:
    out = io.StringIO()
    call_command("totp_reset", *args, stdout=out)
    return out.getvalue()


def test_reset_command_removes_the_device_and_says_so(official, t0):
    enable(official, at=t0)
    output = run_reset("zhangsan", "--reason", "手机丢失")
    assert "已重置用户 zhangsan（张三）的两步验证" in output
    assert not TotpDevice.objects.filter(user=official).exists()
    last = audits(official)[-1]
    assert last.actor is None and last.after == {"two_factor": "off"} and "手机丢失" in last.reason
    assert "未设置两步验证，无需重置" in run_reset("zhangsan")
    assert len(audits(official)) == 3  # begin, confirm, reset: nothing for the idle second run


def test_reset_command_by_a_named_platform_admin(official, t0):
    enable(official, at=t0)
    admin = UserFactory(username="pingtai")
    RoleAssignment.objects.create(user=admin, role="platform_admin")
    assert "已重置" in run_reset("zhangsan", "--by", "pingtai")
    assert audits(official)[-1].actor == admin


def test_reset_command_refuses_unknown_users_and_non_admins(official, street, t0):
    enable(official, at=t0)
    with pytest.raises(CommandError, match="没有用户名为 nobody 的用户"):
        run_reset("nobody")
    colleague = UserFactory(username="lisi")
    RoleAssignment.objects.create(user=colleague, role="street_office", region=street)
    with pytest.raises(CommandError, match="只有平台管理员"):
        run_reset("zhangsan", "--by", "lisi")
    assert totp.totp_enabled(official)


def test_the_seed_is_stored_encrypted_and_read_back(official, settings):
    """A copy of the database alone does not give the seed away (wuye.core.crypto)."""
    from django.db import connection

    from wuye.core.crypto import PREFIX

    device = totp.totp_setup_begin(user=official)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret_encrypted FROM accounts_totpdevice WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith(PREFIX) and device.secret not in stored
    assert TotpDevice.objects.get(pk=device.pk).secret == device.secret and len(device.secret) == 32


def test_keys_rotate_and_a_lost_key_is_a_clear_message(official, settings):
    from cryptography.fernet import Fernet

    from wuye.core import crypto

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WUYE_FIELD_KEYS = [old]
    device = totp.totp_setup_begin(user=official)
    seed = device.secret
    settings.WUYE_FIELD_KEYS = [new, old]  # the new key first, the old one still opens
    assert TotpDevice.objects.get(pk=device.pk).secret == seed
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.WUYE_FIELD_KEYS = [new]  # the old key dropped: the rotated seed still opens
    assert TotpDevice.objects.get(pk=device.pk).secret == seed

    settings.WUYE_FIELD_KEYS = [Fernet.generate_key().decode()]  # every key lost
    with pytest.raises(crypto.DecryptionError):
        _ = TotpDevice.objects.get(pk=device.pk).secret
    with pytest.raises(ValidationError, match="无法解密"):
        totp.totp_setup_confirm(user=official, code="123456")
    with pytest.raises(CommandError, match="无法解密"):
        call_command("rotate_field_keys", stdout=io.StringIO())
    settings.WUYE_FIELD_KEYS = [new]
    assert TotpDevice.objects.get(pk=device.pk).secret == seed  # the failed rotation changed nothing
