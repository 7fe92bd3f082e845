"""Login (Chinese page, throttled), logout and the user's own profile with API token."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from wuye.accounts.selectors import primary_region
from wuye.accounts.services import login_failure_record, login_failures_clear, login_is_throttled
from wuye.core.http import client_address


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}))
    password = forms.CharField(label=gettext_lazy("密码"), widget=forms.PasswordInput(attrs={"class": "form-control"}))


def _client_address(request) -> str:
    return client_address(request)


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
            else:
                login_failures_clear(username=username)
                login(request, user)
                if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                    return redirect(next_url)
                return redirect("core:home")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


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


@login_required
def profile(request):
    token = Token.objects.filter(user=request.user).first()
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        messages.success(request, _("已生成新的 API Token，旧 Token 已失效。"))
    assignments = request.user.role_assignments.filter(is_active=True).select_related(
        "region", "department", "enterprise", "estate", "owner")
    return render(request, "accounts/profile.html", {
        "assignments": assignments, "token": token, "region": primary_region(request.user)})
