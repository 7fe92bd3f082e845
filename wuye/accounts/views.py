"""Login (Chinese page, throttled, with an optional authenticator code), logout and the user's own
profile with API token and two-factor setup."""
from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from wuye.accounts import totp
from wuye.accounts.models import User
from wuye.accounts.selectors import primary_region
from wuye.accounts.services import login_failure_record, login_failures_clear, login_is_throttled
from wuye.core.http import client_address

# Session key of a login whose password was right and whose authenticator code is awaited.
TOTP_PENDING = "wuye_totp_pending"


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}))
    password = forms.CharField(label=gettext_lazy("密码"), widget=forms.PasswordInput(attrs={"class": "form-control"}))


class TotpCodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("动态口令"), max_length=8, widget=forms.TextInput(attrs={
        "class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}))


class TotpDisableForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("当前动态口令"), max_length=8, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric",
                                                         "autocomplete": "one-time-code"}))
    password = forms.CharField(label=gettext_lazy("或登录密码"), required=False,
                               widget=forms.PasswordInput(attrs={"class": "form-control",
                                                                 "autocomplete": "current-password"}))


def _client_address(request) -> str:
    return client_address(request)


def _redirect_after_login(request, next_url: str):
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("core:home")


def _pending_start(request, user, next_url: str) -> None:
    """Remember a login whose password was right until its code comes, for a few minutes."""
    request.session.cycle_key()
    request.session[TOTP_PENDING] = {
        "user_id": user.pk,
        "backend": user.backend,
        "auth_hash": user.get_session_auth_hash(),  # a password changed meanwhile ends the wait
        "until": int(time.time()) + settings.WUYE_TOTP_PENDING_SECONDS,
        "next": next_url,
    }


def _pending(request) -> tuple[User, dict] | None:
    """The user and data of the login awaiting a code; None (and forgotten) when expired or stale."""
    data = request.session.get(TOTP_PENDING)
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("user_id"), is_active=True).first()
    if (data.get("until", 0) < time.time() or user is None
            or user.get_session_auth_hash() != data.get("auth_hash")):
        request.session.pop(TOTP_PENDING, None)
        return None
    return user, data


def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = _client_address(request)
        if login_is_throttled(username=username, address=address):
            form.add_error(None, _("登录失败次数过多，请 15 分钟后再试。"))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                login_failure_record(username=username, address=address)
                form.add_error(None, _("用户名或密码错误。"))
            elif totp.totp_enabled(user):
                # Failures are not cleared yet: a wrong code must still count towards the throttle.
                _pending_start(request, user, next_url)
                return redirect("accounts:login_totp")
            else:
                login_failures_clear(username=username)
                login(request, user)
                return _redirect_after_login(request, next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def login_totp(request):
    """The second step of a login: the 6-digit code of the user's authenticator app."""
    if request.user.is_authenticated:
        return redirect("core:home")
    pending = _pending(request)
    if pending is None:
        messages.error(request, _("登录已超时，请重新输入用户名和密码。"))
        return redirect("accounts:login")
    user, data = pending
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp.totp_verify(user=user, code=form.cleaned_data["code"], address=_client_address(request))
        except ValidationError as exc:
            if getattr(exc, "code", None) == "throttled":
                request.session.pop(TOTP_PENDING, None)
                messages.error(request, exc.messages[0])
                return redirect("accounts:login")
            form.add_error(None, exc)
        else:
            request.session.pop(TOTP_PENDING, None)
            login_failures_clear(username=user.username)
            login(request, user, backend=data["backend"])
            return _redirect_after_login(request, data.get("next", ""))
    return render(request, "accounts/login_totp.html", {"form": form})


@require_POST
def logout_view(request):
    """Log out and go to ``next`` when it is a page of this site (the voting pages send owners back to
    /vote/), else to the officials' login page."""
    from django.utils.http import url_has_allowed_host_and_scheme

    next_url = request.POST.get("next", "")
    logout(request)
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("accounts:login")


def _profile_totp_post(request, action: str, totp_forms: dict):
    """One two-factor action of the profile page: a redirect when done, else None with the error on
    the bound form in ``totp_forms``."""
    user = request.user
    if not totp.totp_offered(user):
        raise PermissionDenied
    if action in ("totp_begin", "totp_cancel"):
        try:
            if action == "totp_begin":
                totp.totp_setup_begin(user=user)
            else:
                totp.totp_setup_cancel(user=user)
                messages.info(request, _("已取消设置两步验证。"))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("accounts:profile")
    if action == "totp_confirm":
        form = totp_forms["confirm"] = TotpCodeForm(request.POST)
        if form.is_valid():
            try:
                totp.totp_setup_confirm(user=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("已启用两步验证：今后登录时，输入密码后还需输入手机应用中的动态口令。"))
                return redirect("accounts:profile")
    elif action == "totp_disable":
        form = totp_forms["disable"] = TotpDisableForm(request.POST)
        if form.is_valid():
            try:
                totp.totp_disable(user=user, address=_client_address(request), code=form.cleaned_data["code"],
                                  password=form.cleaned_data["password"])
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("已停用两步验证。"))
                return redirect("accounts:profile")
    return None


@login_required
def profile(request):
    token = Token.objects.filter(user=request.user).first()
    totp_forms = {"confirm": TotpCodeForm(), "disable": TotpDisableForm()}
    if request.method == "POST":
        action = request.POST.get("action", "token")
        if action.startswith("totp_"):
            done = _profile_totp_post(request, action, totp_forms)
            if done is not None:
                return done
        else:
            Token.objects.filter(user=request.user).delete()
            token = Token.objects.create(user=request.user)
            messages.success(request, _("已生成新的 API Token，旧 Token 已失效。"))
    assignments = request.user.role_assignments.filter(is_active=True).select_related(
        "region", "department", "enterprise", "estate", "owner")
    context = {"assignments": assignments, "token": token, "region": primary_region(request.user),
               "totp_offered": totp.totp_offered(request.user)}
    device = totp.totp_device(request.user) if context["totp_offered"] else None
    if device is not None and not device.is_confirmed:
        # The secret is shown only while the setup is unfinished; never again once in force.
        try:
            context.update(totp_qr=mark_safe(totp.totp_qr_svg(device)),  # SVG made here by qrcode
                           totp_secret=totp.totp_secret_groups(totp.totp_secret(device)))
        except ValidationError as exc:  # a seed the server's keys no longer open: start the setup again
            messages.error(request, exc.messages[0])
    context.update(totp_device=device, totp_confirm_form=totp_forms["confirm"], totp_disable_form=totp_forms["disable"])
    return render(request, "accounts/profile.html", context)
