"""Account management pages (账号管理) and the user's own password page.

Managers (platform admin, city and district bureaus, street offices) list the accounts of their
jurisdiction, open one (404 outside it), create accounts, give and end roles, reset passwords and
disable accounts — each through the audited services of wuye.accounts.services under the
delegation rule of wuye.accounts.rules.delegation. A temporary password is shown once, on the
page that made it, and must be changed at the next login.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wuye.accounts import services, totp
from wuye.accounts.choices import Role
from wuye.accounts.forms import AccountCreateForm, ReasonForm, RoleTargetForm
from wuye.accounts.models import RoleAssignment, User
from wuye.accounts.selectors import (
    accounts_matching,
    accounts_visible_to,
    can_manage_accounts,
    may_manage_account,
    user_roles,
)
from wuye.core.models import AuditEntry
from wuye.core.pagination import paginate
from wuye.core.selectors import audit_entries


def _manager_required(request) -> None:
    if not can_manage_accounts(request.user):
        raise PermissionDenied(_("只有平台管理员、市/区县住建局和街道物业办可以管理账号。"))


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _filtered_accounts(request):
    """The manager's accounts with the list's filters (q, role, state) applied."""
    q = (request.GET.get("q") or "").strip()
    role = request.GET.get("role") or ""
    state = request.GET.get("state") or ""
    active = {"active": True, "disabled": False}.get(state)
    rows = accounts_matching(request.user, q=q, role=role, active=active).order_by("-is_active", "username")
    return rows, {"q": q, "role": role, "state": state}


def _with_active_roles(accounts: list[User]) -> list[User]:
    assignments: dict[int, list[RoleAssignment]] = {}
    for a in (RoleAssignment.objects.filter(user__in=accounts, is_active=True)
              .select_related("region", "department", "enterprise", "estate", "owner").order_by("role")):
        assignments.setdefault(a.user_id, []).append(a)
    for account in accounts:
        account.active_roles = assignments.get(account.pk, [])
    return accounts


@login_required
def account_list(request):
    _manager_required(request)
    rows, filters = _filtered_accounts(request)
    page = paginate(rows, request)
    accounts = _with_active_roles(list(page.object_list))
    return render(request, "accounts/account_list.html", {
        "page": page, "accounts": accounts, "roles": Role.choices, "querystring": urlencode(filters), **filters})


@login_required
def account_export(request):
    """The list as filtered, to Excel (every row, not one page)."""
    from wuye.core.excel import xlsx_response

    _manager_required(request)
    rows, _filters = _filtered_accounts(request)
    accounts = _with_active_roles(list(rows[:50000]))
    return xlsx_response(
        filename=_("账号") + ".xlsx", sheet=_("账号"),
        headers=[_("用户名"), _("姓名"), _("手机号"), _("类型"), _("角色"), _("状态"), _("待改密码"), _("最近登录"),
                 _("创建时间")],
        rows=[[a.username, a.display_name, a.phone, _("系统账号（API Token）") if a.is_system else _("个人账号"),
               "；".join(str(r) for r in a.active_roles), _("启用") if a.is_active else _("已停用"),
               _("是") if a.must_change_password else "", _local(a.last_login), _local(a.date_joined)] for a in accounts])


def _local(at) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else ""


@never_cache
@login_required
def account_create(request):
    _manager_required(request)
    form = AccountCreateForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, credential = services.account_create(
                actor=request.user, username=d["username"], display_name=d["display_name"], phone=d["phone"],
                role=d["role"], region=d["region"], department=d["department"], enterprise=d["enterprise"],
                is_system=d["is_system"])
        except PermissionDenied as exc:
            form.add_error("region", str(exc))
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return render(request, "accounts/account_password.html", {
                "account": user, "created": True, **({"token": credential} if user.is_system else {"password": credential})})
    return render(request, "accounts/account_form.html", {"form": form})


def _detail_context(request, account: User, **extra) -> dict:
    audit = audit_entries(account, extra_labels={"password": _("密码")})
    role_ct = ContentType.objects.get_for_model(RoleAssignment)
    assignments = list(account.role_assignments.select_related("region", "department__region", "enterprise", "estate",
                                                               "owner").order_by("-is_active", "role"))
    role_audit = list(AuditEntry.objects.filter(content_type=role_ct, object_id__in=[str(a.pk) for a in assignments])
                      .select_related("actor").order_by("-at")[:100])
    manageable = may_manage_account(request.user, account)
    return {
        "account": account, "assignments": assignments, "audit": audit, "role_audit": role_audit,
        "manageable": manageable, "is_self": account.pk == request.user.pk,
        "is_admin": Role.PLATFORM_ADMIN in user_roles(request.user),
        "totp_on": totp.totp_enabled(account),
        "role_form": extra.pop("role_form", None) or RoleTargetForm(manager=request.user, prefix="role"),
        "reason_form": extra.pop("reason_form", None) or ReasonForm(),
        **extra,
    }


@never_cache
@login_required
def account_detail(request, pk: int):
    _manager_required(request)
    account = get_object_or_404(accounts_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return render(request, "accounts/account_detail.html", _detail_context(request, account))
    action = request.POST.get("action", "")
    try:
        if action == "add_role":
            form = RoleTargetForm(request.POST, manager=request.user, prefix="role")
            if not form.is_valid():
                return render(request, "accounts/account_detail.html",
                              _detail_context(request, account, role_form=form), status=400)
            d = form.cleaned_data
            services.account_role_add(actor=request.user, user=account, role=d["role"], region=d["region"],
                                      department=d["department"], enterprise=d["enterprise"])
            messages.success(request, _("已授予角色。"))
        elif action == "end_role":
            assignment = account.role_assignments.filter(pk=request.POST.get("assignment")).first()
            if assignment is None:
                raise Http404
            services.account_role_end(actor=request.user, assignment=assignment, reason=request.POST.get("reason", ""))
            messages.success(request, _("已结束该角色。"))
        elif action in ("disable", "enable"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return render(request, "accounts/account_detail.html",
                              _detail_context(request, account, reason_form=form), status=400)
            services.account_set_active(actor=request.user, user=account, active=action == "enable",
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("已启用该账号。") if action == "enable" else _("已停用该账号：它不能再登录。"))
        elif action == "reset_password":
            password = services.account_password_reset(actor=request.user, user=account)
            return render(request, "accounts/account_password.html", {"account": account, "password": password})
        elif action == "renew_token":
            token = services.account_token_renew(actor=request.user, user=account)
            return render(request, "accounts/account_password.html", {"account": account, "token": token})
        elif action == "totp_reset":
            done = totp.totp_reset(actor=request.user, user=account, reason=request.POST.get("reason", ""))
            messages.success(request, _("已重置两步验证。") if done else _("该账号未设置两步验证。"))
        elif action == "unlock":
            services.account_unlock(actor=request.user, user=account)
            messages.success(request, _("已解除登录锁定。"))
        else:
            return render(request, "accounts/account_detail.html", _detail_context(request, account), status=400)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您无权执行此操作。"))
        return render(request, "accounts/account_detail.html", _detail_context(request, account), status=403)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return render(request, "accounts/account_detail.html", _detail_context(request, account), status=400)
    return redirect("accounts:account_detail", pk=account.pk)


class _PasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


@never_cache
@login_required
def password_change(request):
    form = _PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay logged in here; other sessions end
        services.password_changed(user=user)
        messages.success(request, _("密码已修改。"))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})
