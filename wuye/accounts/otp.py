"""Login by a one-time code sent to the phone on the owners' roll (e-ballots).

- The code is 6 digits, stored only as an HMAC keyed with SECRET_KEY, valid ``WUYE_OTP_TTL_MINUTES``,
  refused after ``WUYE_OTP_MAX_ATTEMPTS`` wrong tries, and usable once.
- Requests are limited per phone and per address (rows in the database, so every app process
  counts the same) and verification per address (cache).
- The answer is the same whether the phone is known or not: a row is written either way, but only a
  known phone gets a message.
- A verified phone logs in as the user holding the ``owner`` role for that Owner, created on first
  login (no password: it can only log in by code).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.choices import Role
from wuye.accounts.models import OneTimeCode, RoleAssignment, User
from wuye.accounts.selectors import forget_cached_roles

MOBILE = re.compile(r"^1[3-9]\d{9}$")
VERIFY_LIMIT = (30, 600)  # verification attempts per address per 10 minutes


def normalize_phone(raw: str) -> str:
    phone = re.sub(r"[\s-]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not MOBILE.match(phone):
        raise ValidationError({"phone": _("请填写正确的 11 位手机号码。")})
    return phone


def code_hash(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"otp:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def owners_with_phone(phone: str):
    from wuye.estates.models import Owner

    return Owner.objects.filter(phone=phone, is_voided=False, ownerships__is_voided=False).distinct().order_by("pk")


@transaction.atomic
def otp_request(*, phone: str, address: str, now: dt.datetime | None = None) -> None:
    """Send a login code to ``phone`` if it belongs to an owner; raise ValidationError when rate-limited."""
    from wuye.messaging.choices import SmsPurpose
    from wuye.messaging.services import sms_send

    now = now or timezone.now()
    phone = normalize_phone(phone)
    hour = now - dt.timedelta(hours=1)
    recent = OneTimeCode.objects.filter(created_at__gte=hour)
    if recent.filter(address=address[:64]).count() >= settings.WUYE_OTP_PER_ADDRESS_HOUR:
        raise ValidationError(_("获取验证码过于频繁，请一小时后再试。"))
    per_phone = recent.filter(phone=phone)
    if per_phone.count() >= settings.WUYE_OTP_PER_PHONE_HOUR:
        raise ValidationError(_("该号码获取验证码过于频繁，请一小时后再试。"))
    last = per_phone.order_by("-created_at").first()
    if last and (now - last.created_at).total_seconds() < settings.WUYE_OTP_RESEND_SECONDS:
        raise ValidationError(_("验证码已发送，请 %(s)d 秒后再重新获取。") % {"s": settings.WUYE_OTP_RESEND_SECONDS})
    code = f"{secrets.randbelow(10 ** 6):06d}"
    # Earlier codes of this phone stop working: only the newest one counts.
    OneTimeCode.objects.filter(phone=phone, used_at__isnull=True).update(used_at=now)
    OneTimeCode.objects.create(phone=phone, code_hash=code_hash(phone, code), address=address[:64],
                               expires_at=now + dt.timedelta(minutes=settings.WUYE_OTP_TTL_MINUTES))
    if owners_with_phone(phone).exists():
        sms_send(phone=phone, purpose=SmsPurpose.LOGIN_CODE,
                 body=_("【物业监管平台】您的业主投票登录验证码为 %(c)s，%(m)d 分钟内有效。请勿告诉他人。")
                 % {"c": code, "m": settings.WUYE_OTP_TTL_MINUTES})


def _verify_throttled(address: str) -> bool:
    count, seconds = VERIFY_LIMIT
    key = f"wuye:otp-verify:{address}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count


def otp_verify(*, phone: str, code: str, address: str, now: dt.datetime | None = None) -> User:
    """The owner user for a correct, unexpired, unused code; else ValidationError (same text for any miss)."""
    now = now or timezone.now()
    phone = normalize_phone(phone)
    code = (code or "").strip()
    if _verify_throttled(address[:64]):
        raise ValidationError(_("尝试次数过多，请稍后再试。"))
    # The wrong try is counted in a transaction of its own that commits before the error is raised.
    with transaction.atomic():
        row = (OneTimeCode.objects.select_for_update()
               .filter(phone=phone, used_at__isnull=True).order_by("-created_at").first())
        if row is None or row.expires_at <= now:
            error = _("验证码错误或已过期，请重新获取。")
        elif row.attempts >= settings.WUYE_OTP_MAX_ATTEMPTS:
            error = _("验证码错误次数过多，请重新获取。")
        elif not hmac.compare_digest(row.code_hash, code_hash(phone, code)):
            OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
            left = settings.WUYE_OTP_MAX_ATTEMPTS - row.attempts - 1
            error = (_("验证码错误次数过多，请重新获取。") if left <= 0
                     else _("验证码错误，还可尝试 %(n)d 次。") % {"n": left})
        else:
            owners = list(owners_with_phone(phone))
            if not owners:  # an unknown phone never got a code; answer as for a wrong one
                OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
                error = _("验证码错误或已过期，请重新获取。")
            else:
                OneTimeCode.objects.filter(pk=row.pk).update(used_at=now)
                return owner_user_for(owners, phone=phone)
    raise ValidationError(error)


def owner_user_for(owners: list, *, phone: str = "") -> User:
    """The code-only user holding the owner role for these Owner records (one person, one phone); created if none.

    An account with a password (an official's, say, that also holds an owner role) is never the one
    a phone code logs in: the code would stand in for its password and its authenticator code. Such
    a person gets a separate code-only account for voting.
    """
    existing = (RoleAssignment.objects.filter(role=Role.OWNER, owner__in=owners, is_active=True)
                .select_related("user").order_by("pk"))
    user = next((a.user for a in existing if a.user.is_active and not a.user.has_usable_password()), None)
    if user is None:
        user = User(username=f"owner-{phone or owners[0].pk}"[:150], display_name=owners[0].name[:100], phone=phone)
        if User.objects.filter(username=user.username).exists():
            user.username = f"owner-{owners[0].pk}-{secrets.token_hex(3)}"
        user.set_unusable_password()
        user.save()
    held = {a.owner_id for a in existing if a.user_id == user.pk}
    for owner in owners:
        if owner.pk not in held:
            RoleAssignment.objects.create(user=user, role=Role.OWNER, owner=owner)
    forget_cached_roles(user)
    return user
