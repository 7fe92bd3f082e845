"""People and systems that log in, and the roles that give them a scope."""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.accounts.choices import ROLE_OPTIONAL_TARGETS, ROLE_REGION_LEVEL, ROLE_TARGET, Role
from wuye.core.models import TimeStampedModel


class User(AbstractUser):
    """A person (session login) or a system account (token login)."""

    display_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_system = models.BooleanField(_("系统账号"), default=False, help_text=_("对接系统使用 Token 认证"))
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("由管理员设置的临时密码：下次登录后须先修改密码"))

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(TimeStampedModel):
    """A role held by a user over one region node, department, enterprise, estate or owner record."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("regions.Department", verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey("estates.Owner", verbose_name=_("业主档案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        ordering = ["user_id", "role"]

    def __str__(self) -> str:
        target = self.target
        return f"{self.get_role_display()} · {target}" if target else str(self.get_role_display())

    @property
    def target(self):
        name = ROLE_TARGET.get(Role(self.role))
        return getattr(self, name) if name else None

    def clean(self) -> None:
        needed = ROLE_TARGET.get(Role(self.role))
        optional = ROLE_OPTIONAL_TARGETS.get(Role(self.role), ())
        for name in ("region", "department", "enterprise", "estate", "owner"):
            value = getattr(self, f"{name}_id")
            if name == needed and value is None:
                raise ValidationError({name: _("该角色必须指定%(field)s。") % {"field": self._meta.get_field(name).verbose_name}})
            if name != needed and name not in optional and value is not None:
                raise ValidationError({name: _("该角色不应指定%(field)s。") % {"field": self._meta.get_field(name).verbose_name}})
        level = ROLE_REGION_LEVEL.get(Role(self.role))
        if level and self.region and self.region.level != level:
            raise ValidationError({"region": _("%(role)s 必须对应“%(level)s”级区划。") % {
                "role": self.get_role_display(), "level": self.region._meta.get_field("level").choices[level - 1][1]}})


class LoginFailure(models.Model):
    """Failed logins, for throttling by username and address."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class OneTimeCode(models.Model):
    """A one-time login code sent by SMS (owners' e-ballot login); only its keyed hash is stored.

    A row is written for every request, known phone or not, so that rate limits and answers are the
    same either way (no enumeration of the phones on a roll).
    """

    phone = models.CharField(_("手机号"), max_length=20, db_index=True)
    code_hash = models.CharField(max_length=64)
    purpose = models.CharField(_("用途"), max_length=20, default="vote_login")
    address = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("一次性验证码")
        verbose_name_plural = _("一次性验证码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone[-4:]} {self.created_at:%Y-%m-%d %H:%M}"


class TotpDevice(TimeStampedModel):
    """An authenticator app (TOTP, RFC 6238) that asks an official for a 6-digit code after the password.

    The secret is shown only while it is being set up; once confirmed no page shows it again (a lost
    phone means disable and set up anew, or a reset by the platform admin). ``last_step`` is the time
    step of the last accepted code: a code of that step or an earlier one is refused, so a code seen
    over someone's shoulder cannot be used a second time.
    """

    user = models.OneToOneField(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="totp_device")
    # The base32 seed, encrypted (wuye.core.crypto); read and set it through ``secret``.
    secret_encrypted = models.CharField(_("密钥（加密）"), max_length=255, editable=False)
    is_confirmed = models.BooleanField(_("已启用"), default=False)
    confirmed_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    last_step = models.BigIntegerField(_("最近使用的时间步"), null=True, blank=True)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")
        constraints = [
            models.CheckConstraint(condition=models.Q(is_confirmed=False) | models.Q(confirmed_at__isnull=False),
                                   name="accounts_totp_confirmed_has_time"),
        ]

    @property
    def secret(self) -> str:
        from wuye.core.crypto import decrypt

        return decrypt(self.secret_encrypted) if self.secret_encrypted else ""

    @secret.setter
    def secret(self, value: str) -> None:
        from wuye.core.crypto import encrypt

        self.secret_encrypted = encrypt(value)

    def __str__(self) -> str:
        return f"{self.user} · {_('动态口令')}"
