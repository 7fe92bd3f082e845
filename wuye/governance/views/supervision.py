"""Pages of the committee's own records and of the street's supervision.

- the supervision index (officials): overdue publications, open orders, late decisions, unheld requests;
- a committee's records (committee members; officials read; owners see what is published to them):
  meetings, motions and votes, minutes, seals and their use log, annual publications, orders;
- (the owners' notices are messaging's notice board, wuye.messaging.views).

Reads start from ``visible_to(user)`` (404 outside scope). Every change goes through
``wuye.governance.services.supervision``, which checks the right (403) and the rules (the page shows
the message; nothing is written).
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wuye.core.pagination import paginate
from wuye.core.uploads import DocumentField
from wuye.core.views import add_validation_errors
from wuye.governance.choices import (
    BallotChoice,
    MeetingStatus,
    MotionStatus,
    SealKind,
    SupervisionKind,
    SupervisionStatus,
)
from wuye.governance.models import (
    AnnualPublication,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    Motion,
    Seal,
    SealUse,
    SupervisionOrder,
)
from wuye.governance.rules import committee_meeting as meeting_rules
from wuye.governance.rules.supervision import fen_to_yuan, yuan_to_fen
from wuye.governance.selectors import supervision as selectors
from wuye.governance.services import supervision as services

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control form-control-sm"},
                               format="%Y-%m-%dT%H:%M")


def _input(widget=None, **attrs):
    widget = widget or forms.TextInput
    return widget(attrs={"class": "form-control form-control-sm", **attrs})


def _select(**attrs):
    return forms.Select(attrs={"class": "form-select form-select-sm", **attrs})


def _checks():
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class UploadField(DocumentField):
    widget = forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"})


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class YuanField(forms.CharField):
    """An amount typed in yuan, cleaned to integer fen."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return yuan_to_fen(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


# ---------------------------------------------------------------- forms


class RequestForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("会议名称"), max_length=200, required=False, widget=_input())
    requesters = MembersField(label=gettext_lazy("提议委员（三分之一以上）"), queryset=None, widget=_checks())
    reason = forms.CharField(label=gettext_lazy("提议事由"), widget=_input(forms.Textarea, rows=3))

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesters"].queryset = selectors.members_on(committee, timezone.localdate())


class ScheduleForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("会议名称"), max_length=200, widget=_input())
    scheduled_for = forms.DateTimeField(label=gettext_lazy("召开时间"), widget=DATETIME,
                                        help_text=gettext_lazy("议程应于会议召开 7 日前公告（GR 39）"))
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, required=False, widget=_input())
    agenda = forms.CharField(label=gettext_lazy("议程"), widget=_input(forms.Textarea, rows=4))


class HoldForm(forms.Form):
    held_at = forms.DateTimeField(label=gettext_lazy("实际召开时间"), widget=DATETIME)
    present = MembersField(label=gettext_lazy("出席委员"), queryset=None, widget=_checks(), required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = committee.members.all().order_by("until", "position", "id")


VOTE_CHOICES = [("", gettext_lazy("未表决")), *BallotChoice.choices]


class MotionForm(forms.Form):
    """One matter and each present member's own vote. A written proxy for an absent member is refused."""

    title = forms.CharField(label=gettext_lazy("议题"), max_length=200, widget=_input())
    text = forms.CharField(label=gettext_lazy("决定内容"), required=False, widget=_input(forms.Textarea, rows=2))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.present = [a.member for a in meeting.attendance.select_related("member")]
        for m in self.present:
            self.fields[f"vote_{m.pk}"] = forms.ChoiceField(label=m.name, choices=VOTE_CHOICES, required=False,
                                                            widget=_select())
        present_ids = {m.pk for m in self.present}
        absent = [m for m in selectors.members_on(meeting.committee, timezone.localdate(meeting.held_at))
                  if m.pk not in present_ids]
        if absent:
            self.fields["proxy_for"] = forms.ChoiceField(
                label=gettext_lazy("委托代理表决：缺席委员"), required=False, widget=_select(),
                choices=[("", "—"), *[(m.pk, m.name) for m in absent]],
                help_text=gettext_lazy("业委会会议不得委托代理表决（GR 38），登记将被拒绝。"))
            self.fields["proxy_by"] = forms.ChoiceField(
                label=gettext_lazy("代理人（出席委员）"), required=False, widget=_select(),
                choices=[("", "—"), *[(m.pk, m.name) for m in self.present]])
            self.fields["proxy_choice"] = forms.ChoiceField(label=gettext_lazy("代理表决意见"), required=False,
                                                            choices=VOTE_CHOICES, widget=_select())

    def vote_fields(self):
        return [self[f"vote_{m.pk}"] for m in self.present]

    def proxy_fields(self):
        return [self[n] for n in ("proxy_for", "proxy_by", "proxy_choice") if n in self.fields]

    def votes(self) -> list[services.VoteInput]:
        d = self.cleaned_data
        out = [services.VoteInput(m.pk, d[f"vote_{m.pk}"]) for m in self.present if d.get(f"vote_{m.pk}")]
        if d.get("proxy_for"):
            out.append(services.VoteInput(int(d["proxy_for"]), d.get("proxy_choice") or BallotChoice.YES,
                                          cast_by=int(d["proxy_by"]) if d.get("proxy_by") else 0))
        return out


class MinutesForm(forms.Form):
    minutes = UploadField(label=gettext_lazy("会议记录（扫描件）"))
    signed_by = MembersField(label=gettext_lazy("已签字的出席委员"), queryset=None, widget=_checks(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from wuye.governance.models import CommitteeMember

        self.fields["signed_by"].queryset = CommitteeMember.objects.filter(
            pk__in=meeting.attendance.values("member_id"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=300, widget=_input())


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("督办类型"), choices=SupervisionKind.choices,
                             widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                             initial=SupervisionKind.CORRECTION)
    reason = forms.CharField(label=gettext_lazy("违反的规定及事实"), widget=_input(forms.Textarea, rows=3))
    deadline = forms.DateField(label=gettext_lazy("整改期限（责令整改时必填）"), required=False, widget=DATE)
    sms = forms.BooleanField(label=gettext_lazy("同时短信通知业主"), required=False,
                             widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class RespondForm(forms.Form):
    report = forms.CharField(label=gettext_lazy("整改情况报告"), widget=_input(forms.Textarea, rows=4))
    document = UploadField(label=gettext_lazy("附件"), required=False)


class DecideForm(forms.Form):
    ACCEPT, REJECT, REVOKE = "accept", "reject", "revoke"
    outcome = forms.ChoiceField(label=gettext_lazy("街道意见"), widget=forms.RadioSelect(
        attrs={"class": "form-check-input"}), choices=[
        (ACCEPT, gettext_lazy("验收通过")), (REJECT, gettext_lazy("退回重新整改")),
        (REVOKE, gettext_lazy("拒不整改，撤销决定"))])
    note = forms.CharField(label=gettext_lazy("意见/理由"), required=False, widget=_input(forms.Textarea, rows=2))
    deadline = forms.DateField(label=gettext_lazy("新的整改期限（退回时可选）"), required=False, widget=DATE)


class _CustodianFields(forms.Form):
    """The custodian: a member in office (followed: an alert when they leave), or a name only."""

    custodian_member = forms.ModelChoiceField(label=gettext_lazy("保管委员"), queryset=CommitteeMember.objects.none(),
                                              required=False, widget=_select())
    custodian_name = forms.CharField(label=gettext_lazy("或保管人姓名（非委员）"), max_length=50, required=False,
                                     widget=_input())

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            self.fields["custodian_member"].queryset = selectors.members_on(committee, timezone.localdate())

    def clean(self):
        data = super().clean()
        if not data.get("custodian_member") and not (data.get("custodian_name") or "").strip():
            raise forms.ValidationError(_("请选择保管委员或填写保管人姓名。"))
        return data


class SealForm(_CustodianFields):
    kind = forms.ChoiceField(label=gettext_lazy("印章类型"), choices=SealKind.choices, widget=_select())
    name = forms.CharField(label=gettext_lazy("印章名称"), max_length=120, widget=_input())
    field_order = ["kind", "name", "custodian_member", "custodian_name"]


class SealUseForm(forms.Form):
    used_on = forms.DateField(label=gettext_lazy("用印日期"), widget=DATE)
    document_title = forms.CharField(label=gettext_lazy("用印文件"), max_length=200, widget=_input())
    purpose = forms.CharField(label=gettext_lazy("用途"), max_length=300, widget=_input())
    copies = forms.IntegerField(label=gettext_lazy("份数"), min_value=1, max_value=999, initial=1,
                                widget=_input(forms.NumberInput))
    used_by = forms.CharField(label=gettext_lazy("经办人"), max_length=50, widget=_input())
    motion = forms.ModelChoiceField(label=gettext_lazy("依据的业委会决定"), queryset=None, required=False,
                                    widget=_select())
    decision = forms.ModelChoiceField(label=gettext_lazy("依据的业主共同决定"), queryset=None, required=False,
                                      widget=_select())

    def __init__(self, *args, seal: Seal, user, **kwargs):
        super().__init__(*args, **kwargs)
        if seal.kind == SealKind.COMMITTEE:
            self.fields["motion"].queryset = (Motion.objects.visible_to(user).filter(committee=seal.committee)
                                              .select_related("meeting").order_by("-decided_at"))
            del self.fields["decision"]
        else:
            self.fields["decision"].queryset = Decision.objects.visible_to(user).filter(estate=seal.estate)
            del self.fields["motion"]


class PublicationForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, widget=_input(forms.NumberInput))
    common_revenue = YuanField(label=gettext_lazy("共有部分经营收益（元）"), widget=_input(inputmode="decimal"))
    fund_use = YuanField(label=gettext_lazy("维修资金使用（元）"), widget=_input(inputmode="decimal"))
    expenses = YuanField(label=gettext_lazy("工作经费开支（元）"), widget=_input(inputmode="decimal"))
    details = forms.CharField(label=gettext_lazy("明细说明"), required=False, widget=_input(forms.Textarea, rows=3))
    attachment = UploadField(label=gettext_lazy("附件（明细表）"), required=False)


FIELD_MAP = {"common_revenue_fen": "common_revenue", "fund_use_fen": "fund_use", "expenses_fen": "expenses"}


def _errors(form, exc: ValidationError, mapping: dict | None = None) -> None:
    if mapping and hasattr(exc, "error_dict"):
        exc = ValidationError({mapping.get(k, k): v for k, v in exc.error_dict.items()})
    add_validation_errors(form, exc)


# ---------------------------------------------------------------- helpers


def _committee(user, pk: int) -> Committee:
    return get_object_or_404(Committee.objects.visible_to(user).select_related("estate__region"), pk=pk)


def _meeting(user, pk: int) -> CommitteeMeeting:
    return get_object_or_404(CommitteeMeeting.objects.visible_to(user).select_related("committee", "estate"), pk=pk)


def _order(user, pk: int) -> SupervisionOrder:
    return get_object_or_404(SupervisionOrder.objects.visible_to(user)
                             .select_related("motion__meeting", "committee", "estate"), pk=pk)


def _ensure_committee_side(user, estate) -> None:
    if not selectors.acts_for_committee(user, estate):
        raise PermissionDenied(_("只有本小区业委会（物管会）委员可以办理此事项。"))


def _ensure_supervisor(user, estate) -> None:
    if not selectors.can_supervise(user, estate):
        raise PermissionDenied(_("只有小区所在街道（乡镇）及以上主管部门可以办理此事项。"))


def _money(pub: AnnualPublication) -> dict:
    return {"common_revenue": fen_to_yuan(pub.common_revenue_fen), "fund_use": fen_to_yuan(pub.fund_use_fen),
            "expenses": fen_to_yuan(pub.expenses_fen)}


# ---------------------------------------------------------------- supervision index (officials)


@login_required
def supervision_index(request):
    if not selectors.can_read_overview(request.user):
        raise PermissionDenied(_("业委会监督页面仅供主管部门使用。"))
    data = selectors.supervision_overview(request.user)
    return render(request, "governance/supervision/index.html", {"title": _("业委会监督"), **data})


# ---------------------------------------------------------------- committees


@login_required
def committee_records_list(request):
    """Entry page: the committees the user sees, each linked to its records."""
    rows = selectors.committees_for(request.user)
    page = paginate(rows, request)
    own = selectors.committee_estate_ids(request.user)
    return render(request, "governance/supervision/committees.html",
                  {"title": _("业委会履职记录"), "page": page, "own_estates": own})


@login_required
def committee_records(request, pk: int):
    committee = _committee(request.user, pk)
    user = request.user
    meetings = list(CommitteeMeeting.objects.visible_to(user).filter(committee=committee)
                    .prefetch_related("motions__supervision_orders").order_by("-created_at"))
    for mt in meetings:
        for m in mt.motions.all():
            m.open_order = next((o for o in m.supervision_orders.all() if o.is_open), None)
    pubs = AnnualPublication.objects.visible_to(user).filter(committee=committee).order_by("-year")
    seals = Seal.objects.visible_to(user).filter(estate=committee.estate).order_by("retired_on", "kind")
    orders = SupervisionOrder.objects.visible_to(user).filter(committee=committee).select_related("motion")
    today = timezone.localdate()
    published_years = {p.year for p in pubs if p.is_published}
    due = [{"year": y, "due_on": services.publication_due_on(committee, y)}
           for y in selectors.publication_years(committee, today) if y not in published_years]
    for d in due:
        d["overdue"] = today > d["due_on"]
    return render(request, "governance/supervision/committee.html", {
        "title": _("%(c)s履职记录") % {"c": committee.name}, "committee": committee, "meetings": meetings,
        "publications": pubs, "seals": seals, "orders": orders, "due_publications": due,
        "members": selectors.members_on(committee, today),
        "can_record": selectors.acts_for_committee(user, committee.estate),
        "can_supervise": selectors.can_supervise(user, committee.estate),
        "request_threshold": meeting_rules.request_threshold(max(1, selectors.members_on(committee, today).count())),
    })


# ---------------------------------------------------------------- meetings


@login_required
def meeting_request(request, pk: int):
    committee = _committee(request.user, pk)
    _ensure_committee_side(request.user, committee.estate)
    form = RequestForm(data=request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.meeting_request(actor=request.user, committee=committee, title=d["title"],
                                               requesters=list(d["requesters"]), reason=d["reason"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已登记委员提议，应于 %(d)s 前召开会议") % {"d": meeting.hold_by})
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(request, "governance/supervision/form.html", {
        "title": _("委员提议召开会议"), "form": form, "committee": committee,
        "hint": _("三分之一以上委员提议的，应在 7 日内召开会议（GR 37）。")})


@login_required
def meeting_create(request, pk: int):
    committee = _committee(request.user, pk)
    _ensure_committee_side(request.user, committee.estate)
    form = ScheduleForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(actor=request.user, committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            _notice_warning(request, meeting)
            return redirect("governance:meeting_detail", pk=meeting.pk)
    return render(request, "governance/supervision/form.html", {
        "title": _("召开委员会会议：公告议程"), "form": form, "committee": committee,
        "hint": _("会议议程应于会议召开 7 日前公告（GR 39）。")})


def _notice_warning(request, meeting) -> None:
    if meeting.agenda_notice_short:
        messages.warning(request, _("议程仅提前 %(n)d 天公告，不足 7 天（GR 39）；已记录并向街道提示。") % {
            "n": meeting.agenda_notice_days})
    else:
        messages.success(request, _("议程已公告"))


def _meeting_context(request, meeting, **forms_):
    user = request.user
    can_record = selectors.acts_for_committee(user, meeting.estate)
    motions = list(meeting.motions.visible_to(user).prefetch_related("votes__member", "supervision_orders")
                   .order_by("number"))
    can_supervise = selectors.can_supervise(user, meeting.estate)
    bound = forms_.get("order_form")
    for m in motions:
        m.open_order = next((o for o in m.supervision_orders.all() if o.is_open), None)
        if can_supervise and m.status == MotionStatus.PASSED and m.open_order is None:
            m.order_form = bound if bound is not None and bound.prefix == f"order-{m.pk}" else OrderForm(
                prefix=f"order-{m.pk}")
    ctx = {
        "title": meeting.title, "meeting": meeting, "committee": meeting.committee, "motions": motions,
        "attendance": meeting.attendance.select_related("member"), "requested_by": meeting.requested_by.all(),
        "can_record": can_record, "can_supervise": can_supervise, "today": timezone.localdate(),
    }
    if can_record:
        status = meeting.status
        if status == MeetingStatus.REQUESTED:
            ctx["schedule_form"] = forms_.get("schedule_form") or ScheduleForm(prefix="schedule",
                                                                               initial={"title": meeting.title})
        if status in (MeetingStatus.REQUESTED, MeetingStatus.SCHEDULED):
            ctx["hold_form"] = forms_.get("hold_form") or HoldForm(prefix="hold", committee=meeting.committee)
            ctx["cancel_form"] = forms_.get("cancel_form") or ReasonForm(prefix="cancel")
        if status == MeetingStatus.HELD:
            ctx["motion_form"] = forms_.get("motion_form") or MotionForm(prefix="motion", meeting=meeting)
        if status in (MeetingStatus.HELD, MeetingStatus.INQUORATE):
            ctx["minutes_form"] = forms_.get("minutes_form") or MinutesForm(prefix="minutes", meeting=meeting)
    return ctx


def _render_meeting(request, meeting, **forms_):
    return render(request, "governance/supervision/meeting.html", _meeting_context(request, meeting, **forms_))


@login_required
def meeting_detail(request, pk: int):
    return _render_meeting(request, _meeting(request.user, pk))


@login_required
@require_POST
def meeting_action(request, pk: int, action: str):
    meeting = _meeting(request.user, pk)
    user = request.user
    _ensure_committee_side(user, meeting.estate)
    if action == "schedule":
        form = ScheduleForm(request.POST, prefix="schedule")
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(actor=user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                _notice_warning(request, meeting)
                return redirect("governance:meeting_detail", pk=meeting.pk)
        return _render_meeting(request, meeting, schedule_form=form)
    if action == "hold":
        form = HoldForm(request.POST, prefix="hold", committee=meeting.committee)
        if form.is_valid():
            try:
                meeting = services.meeting_hold(actor=user, meeting=meeting, held_at=form.cleaned_data["held_at"],
                                                present=list(form.cleaned_data["present"]))
            except ValidationError as exc:
                _errors(form, exc)
            else:
                if meeting.status == MeetingStatus.INQUORATE:
                    messages.warning(request, _("出席委员 %(p)d 名，未过在任委员 %(t)d 名的半数，会议不能作出决定（GR 38）") % {
                        "p": meeting.present_count, "t": meeting.members_total})
                else:
                    messages.success(request, _("已登记会议召开及出席情况"))
                return redirect("governance:meeting_detail", pk=meeting.pk)
        return _render_meeting(request, meeting, hold_form=form)
    if action == "cancel":
        form = ReasonForm(request.POST, prefix="cancel")
        if form.is_valid():
            try:
                services.meeting_cancel(actor=user, meeting=meeting, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("会议已取消"))
                return redirect("governance:meeting_detail", pk=meeting.pk)
        return _render_meeting(request, meeting, cancel_form=form)
    if action == "preview":
        return _motion_preview(request, meeting)
    if action == "motion":
        form = MotionForm(request.POST, prefix="motion", meeting=meeting)
        if form.is_valid():
            try:
                motion = services.motion_decide(actor=user, meeting=meeting, title=form.cleaned_data["title"],
                                                text=form.cleaned_data["text"], votes=form.votes())
            except ValidationError as exc:
                _errors(form, exc, {"votes": None})
            else:
                messages.success(request, _("第 %(n)d 项：%(s)s（同意 %(y)d 票，须 %(need)d 票）") % {
                    "n": motion.number, "s": motion.get_status_display(), "y": motion.yes,
                    "need": meeting_rules.pass_threshold(motion.members_total)})
                return redirect("governance:meeting_detail", pk=meeting.pk)
        return _render_meeting(request, meeting, motion_form=form)
    if action == "minutes":
        form = MinutesForm(request.POST, request.FILES, prefix="minutes", meeting=meeting)
        if form.is_valid():
            try:
                services.meeting_record_minutes(actor=user, meeting=meeting, minutes=form.cleaned_data["minutes"],
                                                signed_by=list(form.cleaned_data["signed_by"]))
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("已登记会议记录及签字"))
                return redirect("governance:meeting_detail", pk=meeting.pk)
        return _render_meeting(request, meeting, minutes_form=form)
    if action == "post":
        try:
            services.meeting_post_decisions(actor=user, meeting=meeting)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("会议决定已向业主公告"))
        return redirect("governance:meeting_detail", pk=meeting.pk)
    raise PermissionDenied(_("未知的操作。"))


def _motion_preview(request, meeting):
    """htmx: the count of the votes entered so far, by the same rule code; nothing is written."""
    form = MotionForm(request.POST, prefix="motion", meeting=meeting)
    form.is_valid()
    d = form.cleaned_data
    present = [m.pk for m in form.present]
    members = [str(m.pk) for m in selectors.members_on(meeting.committee, timezone.localdate(meeting.held_at))]
    votes = [meeting_rules.Vote(str(pk), d[f"vote_{pk}"]) for pk in present if d.get(f"vote_{pk}")]
    if d.get("proxy_for"):
        votes.append(meeting_rules.Vote(str(d["proxy_for"]), d.get("proxy_choice") or "yes", str(d.get("proxy_by") or 0)))
    ctx = {"meeting": meeting}
    try:
        ctx["result"] = meeting_rules.count_motion(members=members, present=[str(pk) for pk in present], votes=votes,
                                                   labels={str(m.pk): m.name for m in meeting.committee.members.all()})
    except meeting_rules.MeetingRuleError as exc:
        ctx["error"] = str(exc)
    return render(request, "governance/supervision/_motion_preview.html", ctx)


@login_required
@require_POST
def motion_order(request, pk: int):
    """The street orders a committee decision corrected, or revokes it."""
    motion = get_object_or_404(Motion.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    _ensure_supervisor(request.user, motion.estate)
    form = OrderForm(request.POST, prefix=f"order-{motion.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            order = services.supervision_order(actor=request.user, motion=motion, kind=d["kind"], reason=d["reason"],
                                               deadline=d["deadline"], sms=d["sms"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已下达：%(k)s，并已向业主公告") % {"k": order.get_kind_display()})
            return redirect("governance:order_detail", pk=order.pk)
    meeting = _meeting(request.user, motion.meeting_id)
    return _render_meeting(request, meeting, order_form=form)


# ---------------------------------------------------------------- supervision orders


def _order_context(request, order, **forms_):
    user = request.user
    ctx = {"title": _("业委会决定督办"), "order": order, "motion": order.motion,
           "events": order.events.select_related("actor", "notice"),
           "can_respond": order.status == SupervisionStatus.ORDERED and selectors.acts_for_committee(user, order.estate),
           "can_decide": order.status in (SupervisionStatus.RESPONDED, SupervisionStatus.ORDERED)
           and selectors.can_supervise(user, order.estate),
           "today": timezone.localdate()}
    if ctx["can_respond"]:
        ctx["respond_form"] = forms_.get("respond_form") or RespondForm(prefix="respond")
    if ctx["can_decide"]:
        form = forms_.get("decide_form") or DecideForm(prefix="decide")
        if order.status == SupervisionStatus.ORDERED:  # nothing to accept yet: only revoke
            form.fields["outcome"].choices = [c for c in form.fields["outcome"].choices if c[0] == DecideForm.REVOKE]
        ctx["decide_form"] = form
    return ctx


@login_required
def order_detail(request, pk: int):
    order = _order(request.user, pk)
    return render(request, "governance/supervision/order.html", _order_context(request, order))


@login_required
@require_POST
def order_respond(request, pk: int):
    order = _order(request.user, pk)
    _ensure_committee_side(request.user, order.estate)
    form = RespondForm(request.POST, request.FILES, prefix="respond")
    if form.is_valid():
        try:
            services.supervision_respond(actor=request.user, order=order, report=form.cleaned_data["report"],
                                         document=form.cleaned_data["document"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("整改情况已报告街道"))
            return redirect("governance:order_detail", pk=order.pk)
    return render(request, "governance/supervision/order.html", _order_context(request, order, respond_form=form))


@login_required
@require_POST
def order_decide(request, pk: int):
    order = _order(request.user, pk)
    _ensure_supervisor(request.user, order.estate)
    form = DecideForm(request.POST, prefix="decide")
    if form.is_valid():
        d = form.cleaned_data
        try:
            if d["outcome"] == DecideForm.ACCEPT:
                services.supervision_accept(actor=request.user, order=order, note=d["note"])
                done = _("整改验收通过，已向业主公告")
            elif d["outcome"] == DecideForm.REJECT:
                services.supervision_reject(actor=request.user, order=order, note=d["note"], deadline=d["deadline"])
                done = _("已退回重新整改")
            else:
                services.supervision_revoke(actor=request.user, order=order, reason=d["note"])
                done = _("已撤销该决定，并已向业主公告")
        except ValidationError as exc:
            _errors(form, exc, {"reason": "note"})
        else:
            messages.success(request, done)
            return redirect("governance:order_detail", pk=order.pk)
    return render(request, "governance/supervision/order.html", _order_context(request, order, decide_form=form))


# ---------------------------------------------------------------- seals


@login_required
def seal_list(request, pk: int):
    committee = _committee(request.user, pk)
    user = request.user
    seals = list(Seal.objects.visible_to(user).filter(estate=committee.estate).order_by("retired_on", "kind"))
    if not seals and not selectors.acts_for_committee(user, committee.estate) \
            and not selectors.can_supervise(user, committee.estate):
        raise PermissionDenied(_("印章使用登记仅供业委会委员和主管部门查阅。"))
    uses = (SealUse.objects.visible_to(user).filter(seal__in=seals)
            .select_related("seal", "motion__meeting", "decision", "voids", "recorded_by").order_by("-recorded_at", "-id"))
    voided = set(SealUse.objects.filter(voids__in=uses).values_list("voids_id", flat=True))
    can_record = selectors.acts_for_committee(user, committee.estate)
    form = None
    if can_record or selectors.can_supervise(user, committee.estate):
        form = SealForm(data=request.POST or None, prefix="seal", committee=committee,
                        initial={"name": f"{committee.name}印章", "kind": SealKind.COMMITTEE})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.seal_register(actor=user, estate=committee.estate, kind=d["kind"], name=d["name"],
                                       custodian_name=d["custodian_name"], custodian_member=d["custodian_member"],
                                       committee=committee if d["kind"] == SealKind.COMMITTEE else None)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("已登记印章及保管人"))
                return redirect("governance:seal_list", pk=committee.pk)
    return render(request, "governance/supervision/seals.html", {
        "title": _("印章及用印登记"), "committee": committee, "seals": seals, "uses": uses, "voided": voided,
        "seal_form": form, "can_record": can_record, "void_form": ReasonForm(prefix="void"),
        "custodian_form": CustodianForm(prefix="custodian", committee=committee),
        "retire_form": ReasonForm(prefix="retire")})


@login_required
def seal_use_create(request, pk: int):
    seal = get_object_or_404(Seal.objects.visible_to(request.user).select_related("committee", "estate"), pk=pk)
    _ensure_committee_side(request.user, seal.estate)
    form = SealUseForm(data=request.POST or None, seal=seal, user=request.user,
                       initial={"used_on": timezone.localdate()})
    committee = selectors.seal_committee(seal)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.seal_use_record(actor=request.user, seal=seal, used_on=d["used_on"],
                                     document_title=d["document_title"], purpose=d["purpose"], used_by=d["used_by"],
                                     copies=d["copies"], motion=d.get("motion"), decision=d.get("decision"))
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已登记用印"))
            return redirect("governance:seal_list", pk=committee.pk) if committee else redirect(
                "governance:committee_records_list")
    return render(request, "governance/supervision/form.html", {
        "title": _("用印登记：%(s)s") % {"s": seal.name}, "form": form, "committee": committee, "multipart": False,
        "hint": _("保管人：%(c)s。业委会印章须依据业委会会议决定使用，业主大会印章须依据业主大会决定使用（GR 41）。") % {
            "c": seal.custodian_name}})


class CustodianForm(_CustodianFields):
    reason = forms.CharField(label=gettext_lazy("更换原因"), max_length=300, widget=_input())


@login_required
@require_POST
def seal_action(request, pk: int, action: str):
    """Change a seal's custodian, or take the seal out of use."""
    seal = get_object_or_404(Seal.objects.visible_to(request.user).select_related("committee", "estate"), pk=pk)
    committee = selectors.seal_committee(seal)
    form = CustodianForm(request.POST, prefix="custodian", committee=committee) if action == "custodian" else ReasonForm(
        request.POST, prefix="retire")
    if action not in ("custodian", "retire"):
        raise PermissionDenied(_("未知的操作。"))
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "custodian":
                services.seal_change_custodian(actor=request.user, seal=seal, custodian_name=d["custodian_name"],
                                               custodian_member=d["custodian_member"], reason=d["reason"])
                messages.success(request, _("已更换保管人"))
            else:
                services.seal_retire(actor=request.user, seal=seal, reason=d["reason"])
                messages.success(request, _("印章已停用，用印登记保留"))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
    else:
        messages.error(request, _("请填写完整。"))
    return redirect("governance:seal_list", pk=committee.pk) if committee else redirect(
        "governance:committee_records_list")


@login_required
@require_POST
def seal_use_void(request, pk: int):
    use = get_object_or_404(SealUse.objects.visible_to(request.user).select_related("seal"), pk=pk)
    _ensure_committee_side(request.user, use.estate)
    form = ReasonForm(request.POST, prefix="void")
    committee = selectors.seal_committee(use.seal)
    if form.is_valid():
        try:
            services.seal_use_void(actor=request.user, use=use, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("已登记作废，原登记保留"))
    else:
        messages.error(request, _("请填写作废原因。"))
    return redirect("governance:seal_list", pk=committee.pk) if committee else redirect(
        "governance:committee_records_list")


# ---------------------------------------------------------------- annual publications


@login_required
def publication_list(request, pk: int):
    committee = _committee(request.user, pk)
    user = request.user
    can_record = selectors.acts_for_committee(user, committee.estate)
    pubs = list(AnnualPublication.objects.visible_to(user).filter(committee=committee).order_by("-year"))
    for p in pubs:
        p.money = _money(p)
    form = None
    if can_record:
        last = timezone.localdate().year - 1
        form = PublicationForm(data=request.POST or None, files=request.FILES or None, initial={"year": last})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                pub = services.publication_save(actor=user, committee=committee, year=d["year"],
                                                common_revenue_fen=d["common_revenue"], fund_use_fen=d["fund_use"],
                                                expenses_fen=d["expenses"], details=d["details"],
                                                attachment=d["attachment"])
            except ValidationError as exc:
                _errors(form, exc, FIELD_MAP)
            else:
                messages.success(request, _("已保存 %(y)d 年度收支草稿，核对后请公布") % {"y": pub.year})
                return redirect("governance:publication_list", pk=committee.pk)
    return render(request, "governance/supervision/publications.html", {
        "title": _("年度收支公布"), "committee": committee, "publications": pubs, "form": form,
        "can_record": can_record, "today": timezone.localdate()})


@login_required
@require_POST
def publication_publish(request, pk: int):
    pub = get_object_or_404(AnnualPublication.objects.visible_to(request.user).select_related("committee"), pk=pk)
    _ensure_committee_side(request.user, pub.estate)
    try:
        services.publication_publish(actor=request.user, publication=pub, sms=bool(request.POST.get("sms")))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("%(y)d 年度收支已向业主公布") % {"y": pub.year})
    return redirect("governance:publication_list", pk=pub.committee_id)
