"""Writes about users: login throttling and role assignment."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.models import LoginFailure, RoleAssignment, User
from wuye.accounts.selectors import forget_cached_roles
from wuye.core.services import record_create


def login_is_throttled(*, username: str, address: str) -> bool:
    """Too many recent failures for this username, or from this address (password spraying across
    many usernames). The address limit is higher: an office's users share one address."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=username.lower()).count() >= settings.LOGIN_MAX_FAILURES:
        return True
    return bool(address) and recent.filter(address=address[:64]).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS


def login_failure_record(*, username: str, address: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], address=address[:64])


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


@transaction.atomic
def role_assign(*, actor, user: User, role: str, **target) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, **target)
    try:
        record_create(actor=actor, instance=assignment)
    except ValidationError:
        raise
    forget_cached_roles(user)
    return assignment


def user_create(*, actor=None, username: str, password: str, display_name: str = "", phone: str = "",
                is_system: bool = False) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名已存在：%(u)s") % {"u": username}})
    user = User(username=username, display_name=display_name, phone=phone, is_system=is_system)
    user.set_password(password)
    record_create(actor=actor, instance=user)
    return user
