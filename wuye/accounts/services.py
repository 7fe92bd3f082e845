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


def user_create(*, actor=None, username: str, password: str | None, display_name: str = "", phone: str = "",
                is_system: bool = False) -> User:
    """A user; ``password`` None gives one that cannot log in by password (a system account, by token)."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名已存在：%(u)s") % {"u": username}})
    user = User(username=username, display_name=display_name, phone=phone, is_system=is_system)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    record_create(actor=actor, instance=user)
    return user


# ---------------------------------------------------------------- account management (账号管理)
#
# Who may do what is the delegation rule (wuye.accounts.rules.delegation): officials give and end
# the roles of their own jurisdiction, from their own level down. Every change is audited on the
# user; passwords never appear in the audit, only that one was set.

# Temporary passwords: no look-alike characters (0/O, 1/l/I), read out over the phone.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """12 random characters with a lower-case letter, an upper-case letter and a digit."""
    import secrets

    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(12))
        if any(c.islower() for c in password) and any(c.isupper() for c in password) and any(
                c.isdigit() for c in password):
            return password


def _grant_target(role: str, region, department, enterprise=None) -> dict:
    from wuye.accounts.rules.delegation import (
        DEPARTMENT,
        ENTERPRISE_STAFF,
        MANAGED_ROLES,
        PLATFORM_ADMIN,
    )

    if role not in MANAGED_ROLES:
        raise ValidationError({"role": _("账号管理中不能授予该角色：%(r)s") % {"r": role}})
    if role == PLATFORM_ADMIN:
        return {}
    if role == ENTERPRISE_STAFF:
        if enterprise is None:
            raise ValidationError({"enterprise": _("企业人员角色须选择企业。")})
        if enterprise.is_voided:
            raise ValidationError({"enterprise": _("该企业已作废，不能授予其人员角色。")})
        return {"enterprise": enterprise}
    if role == DEPARTMENT:
        if department is None:
            raise ValidationError({"department": _("职能部门角色须选择部门。")})
        return {"department": department}
    if region is None:
        raise ValidationError({"region": _("该角色须选择区划。")})
    return {"region": region}


def _require_grant(actor, role: str, target: dict) -> None:
    from django.core.exceptions import PermissionDenied

    from wuye.accounts.rules.delegation import may_grant
    from wuye.accounts.selectors import manager_grants

    if "department" in target:
        code = target["department"].region_id
    elif "enterprise" in target:
        code = target["enterprise"].region_id
    else:
        code = target["region"].code if "region" in target else None
    if not may_grant(manager_grants(actor), role, code):
        raise PermissionDenied(_("您不能在该区划授予此角色。"))


def _require_manage(actor, user: User) -> None:
    from django.core.exceptions import PermissionDenied

    from wuye.accounts.selectors import may_manage_account

    if not may_manage_account(actor, user):
        raise PermissionDenied(_("您不能管理该账号：它持有您无权授予的角色，或是您本人的账号。"))


@transaction.atomic
def account_create(*, actor, username: str, display_name: str, phone: str = "", role: str, region=None,
                   department=None, enterprise=None, is_system: bool = False) -> tuple[User, str]:
    """A new account with its first role, and its credential, returned once to be handed over.

    A person gets a temporary password, to be changed at the first login. A system account (the
    12345 platform, a grid system, an Open311 client) gets an API token and no password: it cannot
    log in to the pages.
    """
    from rest_framework.authtoken.models import Token

    username = (username or "").strip()
    target = _grant_target(role, region, department, enterprise)
    _require_grant(actor, role, target)
    password = None if is_system else temporary_password()
    user = user_create(actor=actor, username=username, password=password, display_name=display_name.strip(),
                       phone=phone.strip(), is_system=is_system)
    role_assign(actor=actor, user=user, role=role, **target)
    if is_system:
        return user, Token.objects.create(user=user).key
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    user.must_change_password = True
    return user, password


def account_role_add(*, actor, user: User, role: str, region=None, department=None,
                     enterprise=None) -> RoleAssignment:
    """Give ``user`` one more role: the manager must be able to give that role there, and to manage
    the account as a whole (not one's own, not one holding roles beyond the manager's reach)."""
    target = _grant_target(role, region, department, enterprise)
    _require_manage(actor, user)
    _require_grant(actor, role, target)
    if RoleAssignment.objects.filter(user=user, role=role, is_active=True, **target).exists():
        raise ValidationError(_("该账号已有此角色。"))
    return role_assign(actor=actor, user=user, role=role, **target)


def account_role_end(*, actor, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    """End a role (a transfer, a retirement): it stays on record, no longer in force."""
    from wuye.core.services import record_update

    if assignment.department_id:
        target = {"department": assignment.department}
    elif assignment.enterprise_id:
        target = {"enterprise": assignment.enterprise}
    else:
        target = {"region": assignment.region} if assignment.region_id else {}
    if assignment.user_id == getattr(actor, "pk", None):
        raise ValidationError(_("不能结束本人的角色，请由上级或同级其他管理员办理。"))
    _require_manage(actor, assignment.user)
    _require_grant(actor, assignment.role, target)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写原因（如调离、退休）。")})
    if not assignment.is_active:
        raise ValidationError(_("该角色已结束。"))
    record_update(actor=actor, instance=assignment, data={"is_active": False}, reason=reason)
    forget_cached_roles(assignment.user)
    return assignment


def account_set_active(*, actor, user: User, active: bool, reason: str) -> User:
    """Disable an account (it can no longer log in, by password or token) or enable it again."""
    from wuye.core.services import record_update

    _require_manage(actor, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写原因。")})
    if user.is_active == active:
        raise ValidationError(_("该账号已是此状态。"))
    return record_update(actor=actor, instance=user, data={"is_active": active}, reason=reason)


@transaction.atomic
def account_password_reset(*, actor, user: User) -> str:
    """A new temporary password for someone who forgot theirs; returned once, changed at the next login.
    Failed-login throttling for the username is cleared."""
    from wuye.core.choices import AuditAction
    from wuye.core.services import audit_record

    _require_manage(actor, user)
    if user.is_system:
        raise ValidationError(_("系统账号没有密码，请重新生成 API Token。"))
    locked = User.objects.select_for_update().get(pk=user.pk)
    password = temporary_password()
    locked.set_password(password)
    locked.must_change_password = True
    locked.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, before={"password": "", "must_change_password": user.must_change_password},
                 after={"password": _("（已重置为临时密码）"), "must_change_password": True}, reason=_("管理员重置密码"))
    login_failures_clear(username=locked.username)
    user.__dict__.update(password=locked.password, must_change_password=True)
    return password


@transaction.atomic
def account_unlock(*, actor, user: User) -> int:
    """Lift the login lockout of an account (its recent failed logins are forgotten); audited."""
    from wuye.core.choices import AuditAction
    from wuye.core.services import audit_record

    _require_manage(actor, user)
    failures = LoginFailure.objects.filter(username=user.username.lower()).count()
    login_failures_clear(username=user.username)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, before={"login_failures": failures},
                 after={"login_failures": 0}, reason=_("管理员解除登录锁定"))
    return failures


@transaction.atomic
def account_token_renew(*, actor, user: User) -> str:
    """A new API token for a system account (a leaked or lost one); the old token stops at once."""
    from rest_framework.authtoken.models import Token

    from wuye.core.choices import AuditAction
    from wuye.core.services import audit_record

    _require_manage(actor, user)
    if not user.is_system:
        raise ValidationError(_("只有系统账号由管理员生成 API Token；个人在“我的账号”页自行生成。"))
    User.objects.select_for_update().get(pk=user.pk)
    had = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, before={"api_token": _("有") if had else _("无")},
                 after={"api_token": _("（已重新生成）")}, reason=_("管理员重新生成 API Token"))
    return token.key


@transaction.atomic
def password_changed(*, user: User) -> None:
    """After the user set a new password of their own (Django's password form saved it): lift the
    must-change flag and audit the change by name only."""
    from wuye.core.choices import AuditAction
    from wuye.core.services import audit_record

    was = user.must_change_password
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    user.must_change_password = False
    audit_record(actor=user, action=AuditAction.UPDATE, obj=user, before={"password": "", "must_change_password": was},
                 after={"password": _("（本人已修改）"), "must_change_password": False}, reason=_("本人修改密码"))
