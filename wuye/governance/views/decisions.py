"""Officials' and organisers' pages of joint decisions (共同决定).

Reads start from ``visible_to(user)`` (404 outside scope). Every change goes through
``wuye.governance.services.decisions``, which checks the organiser's right (403) and the state (the
page shows the message). Before close nobody sees a running yes/no count: the organiser sees
turnout by area and by head only.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wuye.core.pagination import paginate
from wuye.core.uploads import check_upload
from wuye.core.views import add_validation_errors
from wuye.estates.models import Estate
from wuye.governance.choices import BallotChannel, BallotChoice, DecisionStatus, OrganiserKind
from wuye.governance.models import Ballot, Decision, RollEntry
from wuye.governance.rules.ballot import MATTERS
from wuye.governance.selectors import decisions as selectors
from wuye.governance.services import decisions as services


def _decisions(user):
    return Decision.objects.visible_to(user).select_related("estate", "estate__region")


def _get(user, pk: int) -> Decision:
    return get_object_or_404(_decisions(user), pk=pk)


def mask_name(name: str) -> str:
    return f"{name[:1]}*" if name else ""


def voter_label(entry: RollEntry, *, full: bool) -> str:
    if entry.is_developer:
        return _("建设单位（未售/未交付房屋合计1人）")
    name = entry.owner.name if entry.owner_id else entry.voter_key
    return name if full else mask_name(name)


# ---------------------------------------------------------------- list


@login_required
def decision_list(request):
    qs = _decisions(request.user).annotate(ballot_count=Count("ballots", distinct=True),
                                           roll_count=Count("roll", distinct=True))
    status = request.GET.get("status") or ""
    if status in DecisionStatus.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(title__icontains=q) | qs.filter(estate__name__icontains=q)
    page = paginate(qs.order_by("-created_at", "-id"), request)
    return render(request, "governance/decisions/list.html", {
        "title": _("共同决定"), "page": page, "status": status, "q": q, "statuses": DecisionStatus.choices,
        "can_create": selectors.organiser_estates(request.user).exists(),
    })


# ---------------------------------------------------------------- create


class DecisionForm(forms.Form):
    estate = forms.ModelChoiceField(label=gettext_lazy("小区"), queryset=Estate.objects.none())
    matter = forms.TypedChoiceField(label=gettext_lazy("表决事项（民法典第278条）"), coerce=int,
                                    choices=sorted(MATTERS.items()))
    title = forms.CharField(label=gettext_lazy("议题"), max_length=200)
    organiser = forms.ChoiceField(label=gettext_lazy("组织者"), choices=OrganiserKind.choices)
    closes_at = forms.DateTimeField(label=gettext_lazy("表决截止时间"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    notice_text = forms.CharField(label=gettext_lazy("会议通知/表决公告"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    notice_attachment = forms.FileField(label=gettext_lazy("通知附件（表决方案等）"), required=False)
    open_now = forms.BooleanField(label=gettext_lazy("立即开始表决（冻结表决名册）"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = selectors.organiser_estates(user)
        for f in self.fields.values():
            if isinstance(f.widget, forms.CheckboxInput):
                f.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(f.widget, forms.Select):
                f.widget.attrs.setdefault("class", "form-select")
            else:
                f.widget.attrs.setdefault("class", "form-control")

    def clean_notice_attachment(self):
        f = self.cleaned_data.get("notice_attachment")
        if f:
            check_upload(f)
        return f


@login_required
def decision_create(request):
    if not selectors.organiser_estates(request.user).exists():
        raise PermissionDenied(_("只有业主委员会成员或街道物业办可以组织共同决定。"))
    form = DecisionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_draft_create(
                actor=request.user, estate=data["estate"], matter=data["matter"], title=data["title"],
                closes_at=data["closes_at"], organiser=data["organiser"], notice_text=data["notice_text"],
                notice_attachment=data["notice_attachment"])
            if data["open_now"]:
                warning = services.notice_warning(decision, opens_at=timezone.now())
                services.decision_open_draft(actor=request.user, decision=decision)
                if warning:
                    messages.warning(request, warning)
                messages.success(request, _("已开始表决，表决名册已冻结。"))
            else:
                messages.success(request, _("已保存草稿并发布会议通知。"))
            return redirect("governance:decision_detail", pk=decision.pk)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    return render(request, "governance/decisions/form.html", {"title": _("组织共同决定"), "form": form})


# ---------------------------------------------------------------- detail, turnout, result, audit


class BallotEntryForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("方式"), choices=[
        (BallotChannel.PAPER, BallotChannel.PAPER.label), (BallotChannel.PROXY, BallotChannel.PROXY.label)])
    voter = forms.CharField(label=gettext_lazy("表决人（姓名或房号，输入后从列表选择）"), max_length=100)
    choice = forms.ChoiceField(label=gettext_lazy("表决意见"), choices=BallotChoice.choices)
    scanned_ballot = forms.FileField(label=gettext_lazy("纸质表决票扫描件"), required=False)
    proxy_document = forms.FileField(label=gettext_lazy("书面授权委托书"), required=False)

    def __init__(self, *args, decision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select" if isinstance(f.widget, forms.Select) else "form-control")
        if decision is not None:
            # A roll may hold 10,000 voters: the list is searched on the server as the organiser types.
            self.fields["voter"].widget.attrs.update({
                "list": "voter-options", "autocomplete": "off",
                "hx-get": reverse("governance:decision_voter_options", args=[decision.pk]),
                "hx-trigger": "input changed delay:250ms", "hx-target": "#voter-options", "name": "voter"})

    def clean_voter(self):
        """A voter key from the list, or a name or unit that matches exactly one voter who has not voted."""
        text = self.cleaned_data["voter"].strip()
        matches = voters_matching(self.decision, text, limit=6)
        exact = [key for key, _label in matches if key == text]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0][0]
        if not matches:
            raise ValidationError(_("名册中没有尚未投票、且姓名或房号与“%(t)s”相符的表决人。") % {"t": text})
        shown = "；".join(label for _key, label in matches[:5])
        raise ValidationError(_("有多名表决人与“%(t)s”相符，请从列表中选择：%(m)s") % {"t": text, "m": shown})

    def clean(self):
        data = super().clean()
        for name in ("scanned_ballot", "proxy_document"):
            f = data.get(name)
            if f:
                try:
                    check_upload(f)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data


def voters_matching(decision, text: str, *, limit: int = 20) -> list[tuple[str, str]]:
    """(voter key, label) of roll entries without a ballot whose key, name or a unit label contains ``text``."""
    text = (text or "").strip()
    if not text or decision is None:
        return []
    voted = set(Ballot.objects.filter(decision=decision).values_list("roll_entry_id", flat=True))
    rows = (decision.roll.select_related("owner").only("id", "voter_key", "unit_labels", "is_developer", "owner__name")
            .order_by("id"))
    found = []
    for e in rows.iterator(chunk_size=2000):
        if e.pk in voted:
            continue
        name = voter_label(e, full=True)
        if text == e.voter_key or text in name or any(text in u for u in e.unit_labels):
            found.append((e.voter_key, f"{name} · {'、'.join(e.unit_labels[:3])}"))
            if len(found) >= limit:
                break
    return found


def _ballot_entry_form(decision, data=None, files=None):
    return BallotEntryForm(data, files, decision=decision)


@login_required
def decision_voter_options(request, pk: int):
    """htmx: the <option>s of the paper/proxy voter field for what the organiser has typed."""
    from django.utils.html import format_html_join

    decision = _get(request.user, pk)
    if not selectors.can_organise(request.user, decision):
        raise PermissionDenied(_("纸质表决票和书面委托投票只能由本次表决的组织者录入。"))
    options = voters_matching(decision, request.GET.get("voter", ""))
    return HttpResponse(format_html_join("", '<option value="{}">{}</option>', options))


def _ballots_context(user, decision, organiser: bool) -> dict:
    """The ballots table: the first 500 in order, each voter named as the viewer may see them, and
    the choices only once the result is public."""
    ballots = Ballot.objects.visible_to(user).filter(decision=decision).select_related("roll_entry__owner", "cast_by")
    return {
        "ballots": [(b, voter_label(b.roll_entry, full=organiser)) for b in ballots.order_by("sequence")[:500]],
        "ballot_count": ballots.count(), "show_choices": decision.choices_public,
    }


def _detail_context(request, decision, **extra):
    user = request.user
    organiser = selectors.can_organise(user, decision)
    roll = RollEntry.objects.visible_to(user).filter(decision=decision).select_related("owner")
    roll_count = roll.count()
    ctx = {
        "title": decision.title, "decision": decision, "organiser": organiser,
        "roll": [(e, voter_label(e, full=organiser)) for e in roll[:500]], "roll_count": roll_count,
        **_ballots_context(user, decision, organiser), "turnout": selectors.decision_turnout(decision),
        "result": selectors.result_rows(decision) if decision.result_published else None,
        "notice": services.decision_notice(decision), "void_reason": services.void_reason(decision)
        if decision.status == DecisionStatus.VOIDED else "",
        "now": timezone.now(),
    }
    if decision.status == DecisionStatus.DRAFT:
        ctx["notice_warning"] = services.notice_warning(decision, opens_at=timezone.now())
    if organiser and decision.status == DecisionStatus.OPEN:
        ctx["entry_form"] = extra.pop("entry_form", None) or _ballot_entry_form(decision)
    entry, _why = selectors.roll_entry_for(user, decision)
    if entry is not None:
        ctx["my_ballot"] = Ballot.objects.filter(decision=decision, roll_entry=entry).first()
        ctx["my_entry"] = entry
    ctx.update(extra)
    return ctx


@login_required
def decision_detail(request, pk: int):
    decision = _get(request.user, pk)
    return render(request, "governance/decisions/detail.html", _detail_context(request, decision))


@login_required
def decision_turnout(request, pk: int):
    """The htmx partial polled on the detail page: turnout by area and by head, never the choices."""
    decision = _get(request.user, pk)
    return render(request, "governance/decisions/_turnout.html",
                  {"decision": decision, "turnout": selectors.decision_turnout(decision)})


@login_required
def decision_ballot_table(request, pk: int):
    """The htmx partial polled on the detail page: the ballots table as it grows."""
    decision = _get(request.user, pk)
    organiser = selectors.can_organise(request.user, decision)
    return render(request, "governance/decisions/_ballots.html",
                  {"decision": decision, "organiser": organiser, **_ballots_context(request.user, decision, organiser)})


@login_required
def decision_result(request, pk: int):
    decision = _get(request.user, pk)
    if not decision.result_published:
        return render(request, "governance/decisions/result.html", {
            "title": _("表决结果"), "decision": decision, "result": None})
    return render(request, "governance/decisions/result.html", {
        "title": _("表决结果"), "decision": decision, "result": selectors.result_rows(decision),
        "problems": services.verify_chain(decision)})


@login_required
def decision_audit(request, pk: int):
    decision = _get(request.user, pk)
    if not selectors.can_audit(request.user, decision):
        raise PermissionDenied(_("选票链核验页仅供组织者和监管人员查看。"))
    ballots = decision.ballots.order_by("sequence")
    return render(request, "governance/decisions/audit.html", {
        "title": _("选票链核验"), "decision": decision, "problems": services.verify_chain(decision),
        "ballots": ballots[:2000], "count": ballots.count()})


# ---------------------------------------------------------------- actions


def _act(request, decision, service, *, done: str, warning: str = "", **kwargs) -> HttpResponse:
    """Run one organiser action (the service checks the right and the state, as for the API's ``_run``).

    A refused state is shown on the detail page; a refused right stays a 403.
    """
    try:
        service(actor=request.user, decision=decision, **kwargs)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        if warning:
            messages.warning(request, warning)
        messages.success(request, done)
    return redirect("governance:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_open(request, pk: int):
    decision = _get(request.user, pk)

    closes_at = None
    raw = (request.POST.get("closes_at") or "").strip()
    if raw:
        field = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
        try:
            closes_at = field.clean(raw)
        except ValidationError:
            messages.error(request, _("截止时间格式不正确。"))
            return redirect("governance:decision_detail", pk=decision.pk)
    return _act(request, decision, services.decision_open_draft, closes_at=closes_at,
                warning=services.notice_warning(decision, opens_at=timezone.now()),
                done=_("已开始表决，表决名册已冻结。"))


@login_required
@require_POST
def decision_close(request, pk: int):
    return _act(request, _get(request.user, pk), services.decision_close,
                done=_("表决已截止，初步结果已公布，进入异议期。"))


@login_required
@require_POST
def decision_finalize(request, pk: int):
    return _act(request, _get(request.user, pk), services.decision_finalize, done=_("已确定最终结果并公布。"))


@login_required
@require_POST
def decision_void(request, pk: int):
    return _act(request, _get(request.user, pk), services.decision_void, reason=request.POST.get("reason", ""),
                done=_("已作废。"))


@login_required
@require_POST
def decision_ballot_enter(request, pk: int):
    """A paper ballot (with its scan) or a written proxy (with the proxy document), entered by the organiser."""
    decision = _get(request.user, pk)
    if not selectors.can_organise(request.user, decision):
        raise PermissionDenied(_("纸质表决票和书面委托投票只能由本次表决的组织者录入。"))
    form = _ballot_entry_form(decision, request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            ballot = services.ballot_cast(
                actor=request.user, decision=decision, voter_key=d["voter"], choice=d["choice"],
                channel=d["channel"], scanned_ballot=d.get("scanned_ballot"), proxy_document=d.get("proxy_document"))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已录入第 %(s)d 张选票，回执码 %(r)s。") % {"s": ballot.sequence,
                                                                         "r": ballot.receipt_code})
            return redirect("governance:decision_detail", pk=decision.pk)
    return render(request, "governance/decisions/detail.html",
                  _detail_context(request, decision, entry_form=form), status=400)
