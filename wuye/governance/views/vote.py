"""Owners' voting pages (/vote/) and the public receipt check (/vote/verify/).

An owner logs in with a one-time code sent to the phone on the roll (``wuye.accounts.otp``), sees
the open decisions of their estates where they are on the roll, chooses, confirms, and gets a
receipt code on screen and by SMS. The receipt check needs no login and shows neither the voter
nor the choice.
"""
from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib.auth import login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wuye.accounts import otp
from wuye.core.http import client_address
from wuye.governance.choices import BallotChannel, BallotChoice, DecisionStatus
from wuye.governance.models import Ballot, Decision
from wuye.governance.selectors import decisions as selectors
from wuye.governance.services import decisions as services

VERIFY_LIMIT = (30, 600)  # receipt checks per address per 10 minutes
SHOWN = (DecisionStatus.OPEN, DecisionStatus.CLOSED, DecisionStatus.PRELIMINARY, DecisionStatus.FINAL)


def client_ip(request) -> str:
    return client_address(request)


def over_limit(request, bucket: str, limit: tuple[int, int]) -> bool:
    count, seconds = limit
    key = f"wuye:vote:{bucket}:{client_ip(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "form-check-input")
        else:
            field.widget.attrs.setdefault("class", "form-control form-control-lg")


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def owner_required(view):
    """Logged in as an owner; otherwise to the code login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('vote:login')}?next={request.path}")
        if not selectors.owner_ids_of(request.user):
            return render(request, "governance/vote/not_owner.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


# ---------------------------------------------------------------- login by code


class PhoneForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("手机号（表决名册登记的号码）"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "tel", "autofocus": True})
        _style(self)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("短信验证码（6 位数字）"), max_length=6, min_length=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code",
                                                 "autofocus": True})
        _style(self)


@require_http_methods(["GET", "POST"])
def login_phone(request):
    if request.user.is_authenticated and selectors.owner_ids_of(request.user):
        return redirect("vote:decisions")
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            otp.otp_request(phone=form.cleaned_data["phone"], address=client_ip(request))
        except ValidationError as exc:
            for m in _messages(exc):
                form.add_error("phone" if "手机号" in m else None, m)
        else:
            request.session["vote_phone"] = otp.normalize_phone(form.cleaned_data["phone"])
            return redirect("vote:code")
    return render(request, "governance/vote/login.html", {"form": form})


@require_http_methods(["GET", "POST"])
def login_code(request):
    phone = request.session.get("vote_phone")
    if not phone:
        return redirect("vote:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = otp.otp_verify(phone=phone, code=form.cleaned_data["code"], address=client_ip(request))
        except ValidationError as exc:
            for m in _messages(exc):
                form.add_error("code", m)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop("vote_phone", None)
            return redirect("vote:decisions")
    masked = phone[:3] + "****" + phone[-4:]
    return render(request, "governance/vote/code.html", {"form": form, "phone": masked})


# ---------------------------------------------------------------- the owner's decisions


def _visible(user):
    return Decision.objects.visible_to(user).filter(status__in=SHOWN).select_related("estate")


@owner_required
def decision_list(request):
    rows = []
    for d in _visible(request.user).order_by("-opened_at"):
        entry, _why = selectors.roll_entry_for(request.user, d)
        ballot = Ballot.objects.filter(decision=d, roll_entry=entry).first() if entry else None
        rows.append({"decision": d, "entry": entry, "ballot": ballot})
    return render(request, "governance/vote/decisions.html", {"rows": rows})


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=gettext_lazy("表决意见"), choices=BallotChoice.choices,
                               widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


def already_voted(request, decision, ballot) -> HttpResponse:
    return render(request, "governance/vote/already_voted.html", {"decision": decision, "ballot": ballot}, status=409)


@owner_required
@require_http_methods(["GET", "POST"])
def decision_vote(request, pk: int):
    """Choose → confirm → cast. A second ballot gets the "已投票" page; nothing is counted twice."""
    decision = get_object_or_404(_visible(request.user), pk=pk)
    entry, why = selectors.roll_entry_for(request.user, decision)
    ballot = Ballot.objects.filter(decision=decision, roll_entry=entry).first() if entry else None
    ctx = {"decision": decision, "entry": entry, "why": why, "ballot": ballot,
           "notice": services.decision_notice(decision),
           "result": selectors.result_rows(decision) if decision.result_published else None}
    if request.method == "GET":
        ctx["form"] = BallotForm()
        return render(request, "governance/vote/decision.html", ctx)
    if ballot is not None:
        return already_voted(request, decision, ballot)
    form = BallotForm(request.POST)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "governance/vote/decision.html", ctx, status=400)
    choice = form.cleaned_data["choice"]
    if request.POST.get("confirm") != "1":
        ctx["choice"] = choice
        ctx["choice_label"] = BallotChoice(choice).label
        return render(request, "governance/vote/confirm.html", ctx)
    person = selectors.roll_entry_for(request.user, decision)[1] if entry else next(iter(
        selectors.owner_ids_of(request.user)))
    try:
        cast = services.ballot_cast(actor=request.user, decision=decision, voter_key=person, choice=choice,
                                    channel=BallotChannel.ELECTRONIC)
    except ValidationError as exc:
        if services.ALREADY_VOTED in _messages(exc):
            entry, _why = selectors.roll_entry_for(request.user, decision)
            return already_voted(request, decision, Ballot.objects.filter(decision=decision, roll_entry=entry).first())
        for m in _messages(exc):
            form.add_error(None, m)
        return render(request, "governance/vote/decision.html", ctx, status=400)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return render(request, "governance/vote/decision.html", ctx, status=403)
    return redirect("vote:receipt", pk=decision.pk, ballot=cast.pk)


@owner_required
def receipt(request, pk: int, ballot: int):
    decision = get_object_or_404(_visible(request.user), pk=pk)
    b = get_object_or_404(Ballot.objects.visible_to(request.user).filter(decision=decision), pk=ballot)
    return render(request, "governance/vote/receipt.html", {"decision": decision, "ballot": b})


# ---------------------------------------------------------------- public receipt check


class VerifyForm(forms.Form):
    decision = forms.IntegerField(label=gettext_lazy("决定编号"), min_value=1)
    receipt = forms.CharField(label=gettext_lazy("回执码"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["receipt"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        _style(self)


@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(request.POST or request.GET or None) if (request.POST or request.GET.get("receipt")) else VerifyForm()
    answer = None
    status = 200
    if form.is_bound and form.is_valid():
        if over_limit(request, "verify", VERIFY_LIMIT):
            form.add_error(None, _("查询过于频繁，请 10 分钟后再试。"))
            status = 429
        else:
            answer = selectors.receipt_check(form.cleaned_data["decision"], form.cleaned_data["receipt"])
    return render(request, "governance/vote/verify.html", {"form": form, "answer": answer}, status=status)
