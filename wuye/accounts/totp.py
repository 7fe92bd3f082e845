"""Two-factor login for officials by an authenticator app (TOTP, RFC 6238; SPEC §2.14).

- The code math is pyotp's and the QR code is qrcode's (an inline SVG: nothing leaves the server).
- Setting up writes an unconfirmed device with a new secret; the first correct code confirms it.
  Only then does the login ask for a code after the password (wuye.accounts.views).
- A code is accepted one time step (30 s) early or late, for phones whose clock drifts. The step of
  the last accepted code is stored and a code of that step or an earlier one is refused: a code
  cannot be replayed.
- Wrong codes at login and at disabling count as failed logins (wuye.accounts.services), so the
  same throttle that stops password guessing stops guessing the 6 digits.
- Every change (set up, enabled, disabled, reset) is audited on the user, never with the secret.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import NoReturn

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyotp.exceptions import OTPVerificationError

from wuye.accounts.choices import Role
from wuye.accounts.models import TotpDevice, User
from wuye.accounts.selectors import user_roles
from wuye.accounts.services import login_failure_record, login_is_throttled
from wuye.core.choices import AuditAction
from wuye.core.services import audit_record

VALID_WINDOW = 1  # time steps accepted either side of now
CODE = re.compile(r"^\d{6}$")

# Audit values of the user's "two_factor" field.
OFF, PENDING, ON = "off", "pending", "on"


#
# Reads
#

def totp_device(user) -> TotpDevice | None:
    if not getattr(user, "pk", None):
        return None
    return TotpDevice.objects.filter(user_id=user.pk).first()


def totp_enabled(user) -> bool:
    """Whether the login must ask this user for a code after the password."""
    return bool(getattr(user, "pk", None)) and TotpDevice.objects.filter(user_id=user.pk, is_confirmed=True).exists()


def totp_offered(user) -> bool:
    """Whether the profile page offers two-factor login: to anyone who logs in with a password, except
    users who are only owners (they log in by a code sent to their phone). A user who already has a
    device always sees it, so that it can be disabled."""
    if not getattr(user, "is_authenticated", False):
        return False
    if totp_device(user) is not None:
        return True
    roles = user_roles(user)
    return user.has_usable_password() and not (roles and roles <= {Role.OWNER})


def _totp(device: TotpDevice) -> pyotp.TOTP:
    from wuye.core.crypto import DecryptionError

    try:
        secret = device.secret
    except DecryptionError:
        # The server's keys changed without WUYE_FIELD_KEYS keeping the old one (wuye.core.crypto).
        raise ValidationError(_("动态口令密钥无法解密（服务器密钥已更换），请联系平台管理员重置两步验证。")) from None
    return pyotp.TOTP(secret, name=device.user.username, issuer=settings.WUYE_TOTP_ISSUER)


def totp_provisioning_uri(device: TotpDevice) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return _totp(device).provisioning_uri()


def totp_qr_svg(device: TotpDevice) -> str:
    """The QR code of the provisioning address, as an inline <svg> element (no XML declaration)."""
    image = qrcode.make(totp_provisioning_uri(device), image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg"):]
    # qrcode sizes the image in millimetres; the page wants a fixed, scannable size in pixels.
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg width="200" height="200" role="img"', svg, count=1)


def totp_secret(device: TotpDevice) -> str:
    """The seed in clear, for the setup page only (ValidationError when the keys no longer open it)."""
    return _totp(device).secret


def totp_secret_groups(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


#
# Writes
#

def _audit(*, actor, user: User, before: str, after: str, reason: str) -> None:
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user,
                 before={"two_factor": before}, after={"two_factor": after}, reason=reason)


def _normalize(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def _matching_step(device: TotpDevice, code: str, now: dt.datetime | None) -> int | None:
    """The time step whose code is ``code``, within one step of ``now``; None when none matches."""
    if not CODE.match(code):
        return None
    try:
        return _totp(device).verify_and_get_timecode(code, for_time=now or timezone.now(), valid_window=VALID_WINDOW)
    except OTPVerificationError:
        return None


@transaction.atomic
def totp_setup_begin(*, user: User) -> TotpDevice:
    """A new secret for the user's authenticator app, not yet in force (replaces an unfinished setup)."""
    User.objects.select_for_update().get(pk=user.pk)  # two tabs starting at once write one device
    device = TotpDevice.objects.filter(user=user).first()
    if device is not None and device.is_confirmed:
        raise ValidationError(_("两步验证已启用；如需更换手机，请先停用再重新设置。"))
    before = PENDING if device else OFF
    if device is None:
        device = TotpDevice(user=user)
    device.secret = pyotp.random_base32()
    device.last_step = None
    device.save()
    _audit(actor=user, user=user, before=before, after=PENDING, reason=_("开始设置两步验证（动态口令）"))
    return device


@transaction.atomic
def totp_setup_confirm(*, user: User, code: str, now: dt.datetime | None = None) -> TotpDevice:
    """Put the device in force once the app shows a correct code (it proves the app holds the secret)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        raise ValidationError(_("请先开始设置两步验证。"))
    if device.is_confirmed:
        raise ValidationError(_("两步验证已启用。"))
    step = _matching_step(device, _normalize(code), now)
    if step is None:
        raise ValidationError({"code": _("动态口令不正确，请核对手机时间后输入应用中当前显示的 6 位数字。")})
    device.is_confirmed = True
    device.confirmed_at = timezone.now()
    device.last_step = step  # the code just shown cannot also log in
    device.save(update_fields=["is_confirmed", "confirmed_at", "last_step", "updated_at"])
    _audit(actor=user, user=user, before=PENDING, after=ON, reason=_("启用两步验证（动态口令）"))
    return device


@transaction.atomic
def totp_setup_cancel(*, user: User) -> None:
    """Drop an unfinished setup (a device in force is disabled with totp_disable)."""
    deleted, _rows = TotpDevice.objects.filter(user=user, is_confirmed=False).delete()
    if deleted:
        _audit(actor=user, user=user, before=PENDING, after=OFF, reason=_("取消设置两步验证"))


def _refuse(*, user: User, address: str, message: str, code: str) -> NoReturn:
    # Counted outside any transaction of ours, so that raising does not roll the count back.
    login_failure_record(username=user.username, address=address)
    raise ValidationError(message, code=code)


def _check_throttle(*, user: User, address: str) -> None:
    if login_is_throttled(username=user.username, address=address):
        raise ValidationError(_("登录失败次数过多，请 15 分钟后再试。"), code="throttled")


def _accept_code(*, user: User, code: str, now: dt.datetime | None) -> str | None:
    """Check ``code`` against the user's device in force and store its step; the error text, or None."""
    with transaction.atomic():
        # Locked: two requests with the same code cannot both get past the replay check.
        device = TotpDevice.objects.select_for_update().select_related("user").filter(
            user=user, is_confirmed=True).first()
        if device is None:
            return _("未启用两步验证。")
        step = _matching_step(device, _normalize(code), now)
        if step is None:
            return _("动态口令错误。")
        if device.last_step is not None and step <= device.last_step:
            return _("该动态口令已使用过，请等待应用显示下一个口令。")
        device.last_step = step
        device.save(update_fields=["last_step", "updated_at"])
    return None


def totp_verify(*, user: User, code: str, address: str, now: dt.datetime | None = None) -> None:
    """Accept the login code of a user whose password was right, or raise ValidationError.

    The error's ``code`` is "throttled" when too many logins failed (the code was not even checked),
    else "invalid"; a wrong or replayed code counts as a failed login.
    """
    _check_throttle(user=user, address=address)
    error = _accept_code(user=user, code=code, now=now)
    if error:
        _refuse(user=user, address=address, message=error, code="invalid")


def totp_disable(*, user: User, address: str, code: str = "", password: str = "",
                 now: dt.datetime | None = None) -> None:
    """Turn two-factor login off; the user proves it is them by a current code or the password.

    A wrong code or password counts as a failed login (a stolen session cannot guess its way in).
    """
    if not TotpDevice.objects.filter(user=user, is_confirmed=True).exists():
        raise ValidationError(_("未启用两步验证。"))
    code = _normalize(code)
    if not code and not password:
        raise ValidationError(_("请输入当前动态口令或登录密码。"))
    _check_throttle(user=user, address=address)
    if code:
        error = _accept_code(user=user, code=code, now=now)
    else:
        error = None if user.check_password(password) else _("密码错误。")
    if error:
        _refuse(user=user, address=address, message=error, code="invalid")
    with transaction.atomic():
        deleted, _rows = TotpDevice.objects.filter(user=user).delete()
        if deleted:
            _audit(actor=user, user=user, before=ON, after=OFF, reason=_("本人停用两步验证（动态口令）"))


def totp_reset(*, actor: User | None, user: User, reason: str = "") -> bool:
    """The platform admin removes another user's device (a lost phone); False when there was none.

    ``actor`` None is the command line (``manage.py totp_reset``): whoever runs it already holds the
    server. The user then logs in with the password alone and may set up a new device.
    """
    if actor is not None and Role.PLATFORM_ADMIN not in user_roles(actor):
        raise PermissionDenied(_("只有平台管理员可以重置他人的两步验证。"))
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        before = ON if device.is_confirmed else PENDING
        device.delete()
        text = _("管理员重置两步验证（动态口令）")
        _audit(actor=actor, user=user, before=before, after=OFF, reason=f"{text}：{reason}" if reason else text)
    return True
