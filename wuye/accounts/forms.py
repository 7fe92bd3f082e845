"""Forms of account management (账号管理): a new account, a role given, a reason."""
from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.accounts.choices import Role
from wuye.accounts.models import User
from wuye.accounts.rules.delegation import (
    DEPARTMENT,
    ENTERPRISE_STAFF,
    MANAGED_ROLES,
    PLATFORM_ADMIN,
    grantable_roles,
)
from wuye.accounts.selectors import manager_grants
from wuye.regions.models import Department, Region

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{3,150}$")


class RoleTargetForm(forms.Form):
    """A role the manager may give, and where: a region code, or a department."""

    role = forms.ChoiceField(label=_("角色"), widget=forms.Select(attrs={"class": "form-select"}))
    region = forms.CharField(label=_("区划代码"), required=False, max_length=12, widget=forms.TextInput(attrs={
        "class": "form-control", "list": "region-options", "inputmode": "numeric", "placeholder": "411702001000"}),
        help_text=_("市、区县、街道或社区的 12 位区划代码；职能部门和企业人员角色不填"))
    department = forms.ModelChoiceField(label=_("部门"), required=False, queryset=Department.objects.none(),
                                        widget=forms.Select(attrs={"class": "form-select"}),
                                        help_text=_("仅职能部门角色"))
    enterprise = forms.CharField(label=_("企业统一社会信用代码"), required=False, max_length=18, widget=forms.TextInput(
        attrs={"class": "form-control", "list": "enterprise-options", "autocomplete": "off"}),
        help_text=_("仅企业人员角色：本辖区注册的物业服务企业"))

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.grants = manager_grants(manager)
        allowed = grantable_roles(self.grants)
        self.fields["role"].choices = [(r, Role(r).label) for r in MANAGED_ROLES if r in allowed]
        departments = Department.objects.select_related("region").order_by("region_id", "name")
        self.fields["department"].queryset = self._in_regions(departments, "region__code")
        self.fields["department"].label_from_instance = lambda d: f"{d.region.name} · {d.name}"

    def _in_regions(self, rows, code_field: str):
        """``rows`` whose ``code_field`` lies in one of the manager's regions (all for a platform admin)."""
        from django.db.models import Q

        if any(role == PLATFORM_ADMIN for role, _p in self.grants):
            return rows
        q = Q(pk__in=[])
        for _role, prefix in self.grants:
            q |= Q(**{f"{code_field}__startswith": prefix})
        return rows.filter(q)

    def region_options(self):
        """Regions offered while typing (the manager's own and the levels below, capped)."""
        rows = Region.objects.filter(level__gte=2, level__lte=5).order_by("code")
        return self._in_regions(rows, "code").only("code", "name")[:800]

    def enterprise_options(self):
        """Enterprises offered while typing (registered in the manager's regions, capped)."""
        from wuye.enterprises.models import Enterprise

        rows = Enterprise.objects.filter(is_voided=False).order_by("name")
        return self._in_regions(rows, "region__code").only("credit_code", "name")[:800]

    def clean_enterprise(self):
        from wuye.enterprises.models import Enterprise

        code = (self.cleaned_data.get("enterprise") or "").strip().upper()
        if not code:
            return None
        enterprise = Enterprise.objects.filter(credit_code=code, is_voided=False).first()
        if enterprise is None:
            raise forms.ValidationError(_("没有统一社会信用代码为 %(c)s 的在册企业。") % {"c": code})
        return enterprise

    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip()
        if not code:
            return None
        if not code.isdigit() or len(code) > 12:
            raise forms.ValidationError(_("区划代码应为 12 位数字：%(c)s") % {"c": code})
        region = Region.objects.filter(code=code.ljust(12, "0")).first()
        if region is None:
            raise forms.ValidationError(_("区划代码不存在：%(c)s") % {"c": code})
        return region

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == DEPARTMENT:
            if not data.get("department"):
                self.add_error("department", _("职能部门角色须选择部门。"))
            data["region"] = data["enterprise"] = None
        elif role == ENTERPRISE_STAFF:
            if not data.get("enterprise") and "enterprise" not in self.errors:
                self.add_error("enterprise", _("企业人员角色须填写企业的统一社会信用代码。"))
            data["region"] = data["department"] = None
        elif role and role != PLATFORM_ADMIN:
            if not data.get("region") and "region" not in self.errors:
                self.add_error("region", _("该角色须填写区划代码。"))
            data["department"] = data["enterprise"] = None
        else:
            data["region"] = data["department"] = data["enterprise"] = None
        return data


class AccountCreateForm(RoleTargetForm):
    username = forms.CharField(label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={
        "class": "form-control", "autocomplete": "off"}), help_text=_("登录用，3–150 位字母、数字或 _ . @ + -"))
    display_name = forms.CharField(label=_("姓名或系统名称"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}))
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}))

    is_system = forms.BooleanField(label=_("系统账号（对接系统，使用 API Token，不能登录网页）"), required=False,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                                   help_text=_("如 12345 热线平台、网格化系统、Open311 客户端：角色一般为受理街道的街道物业办"))

    field_order = ["username", "display_name", "phone", "is_system", "role", "region", "department", "enterprise"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not _USERNAME.match(username):
            raise forms.ValidationError(_("用户名只能包含字母、数字和 _ . @ + -，长度 3–150 位。"))
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("用户名已存在：%(u)s") % {"u": username})
        return username

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data.get("phone") or "")
        if phone and not _MOBILE.match(phone):
            raise forms.ValidationError(_("手机号应为 11 位中国大陆手机号码：%(p)s") % {"p": phone})
        return phone


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"}))
