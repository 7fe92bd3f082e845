"""Forms of the assembly and committee pages. Member lists are typed one person a line, the way
officials copy them from a meeting's minutes: ``张三，业主，主任，党员`` (name first, the rest in any order).
Owners are matched by name among the estate's current owners.
"""
from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core.uploads import check_upload
from wuye.estates.models import Owner
from wuye.governance.choices import (
    CommitteeKind,
    DocumentKind,
    MemberEndReason,
    MemberKind,
    MemberPosition,
    PrepMemberKind,
)
from wuye.governance.models import Decision
from wuye.governance.rules.committee import MemberSpec, PrepMember

SPLIT = re.compile(r"[，,、\s]+")

MEMBER_KIND_WORDS = {"业主": MemberKind.OWNER, "居委会": MemberKind.RESIDENTS_COMMITTEE,
                     "社区居委会": MemberKind.RESIDENTS_COMMITTEE, "使用人": MemberKind.OCCUPANT,
                     "物业使用人": MemberKind.OCCUPANT, "其他": MemberKind.OTHER}
POSITION_WORDS = {"主任": MemberPosition.CHAIR, "副主任": MemberPosition.VICE_CHAIR, "委员": MemberPosition.MEMBER}
PREP_KIND_WORDS = {"街道": PrepMemberKind.STREET_OFFICE, "乡镇": PrepMemberKind.STREET_OFFICE,
                   "街道办事处": PrepMemberKind.STREET_OFFICE, "居委会": PrepMemberKind.RESIDENTS_COMMITTEE,
                   "社区居委会": PrepMemberKind.RESIDENTS_COMMITTEE, "业主": PrepMemberKind.OWNER,
                   "建设单位": PrepMemberKind.DEVELOPER, "其他": PrepMemberKind.OTHER}
DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


def _lines(text: str) -> list[list[str]]:
    return [[t for t in SPLIT.split(line.strip()) if t] for line in (text or "").splitlines() if line.strip()]


def resolve_owner(estate, name: str) -> Owner:
    """The estate's current owner of this name; a clear error if none or several."""
    owners = list(Owner.objects.filter(ownerships__estate=estate, ownerships__is_voided=False, name=name).distinct()[:2])
    if not owners:
        raise ValidationError(_("“%(n)s”不是本小区业主（按姓名未找到）。") % {"n": name})
    if len(owners) > 1:
        raise ValidationError(_("本小区有多名业主叫“%(n)s”，请在姓名后加 #业主编号，如 %(n)s#%(id)d。")
                              % {"n": name, "id": owners[0].pk})
    return owners[0]


def _name_and_owner(estate, token: str) -> tuple[str, Owner | None]:
    if "#" in token:
        name, _sep, raw = token.partition("#")
        owner = Owner.objects.filter(pk=int(raw) if raw.isdigit() else 0, ownerships__estate=estate,
                                     ownerships__is_voided=False).first()
        if owner is None:
            raise ValidationError(_("业主编号 %(r)s 不是本小区业主。") % {"r": raw})
        return name or owner.name, owner
    return token, None


def parse_members(estate, text: str) -> list[MemberSpec]:
    out = []
    for tokens in _lines(text):
        name, owner = _name_and_owner(estate, tokens[0])
        kind, position, party = MemberKind.OWNER, MemberPosition.MEMBER, False
        for t in tokens[1:]:
            if t in MEMBER_KIND_WORDS:
                kind = MEMBER_KIND_WORDS[t]
            elif t in POSITION_WORDS:
                position = POSITION_WORDS[t]
            elif t in ("党员", "中共党员"):
                party = True
            else:
                raise ValidationError(_("无法识别“%(t)s”（%(n)s 一行）：身份写 业主/居委会/使用人，职务写 主任/副主任/委员，"
                                        "党员写 党员。") % {"t": t, "n": name})
        if kind == MemberKind.OWNER and owner is None:
            owner = resolve_owner(estate, name)
        out.append(MemberSpec(name=name, kind=kind, position=position, owner_id=owner.pk if owner else None,
                              is_party_member=party))
    if not out:
        raise ValidationError(_("请填写委员名单，每行一人。"))
    return out


def parse_prep_members(estate, text: str) -> list[PrepMember]:
    out = []
    for tokens in _lines(text):
        name, owner = _name_and_owner(estate, tokens[0])
        kind, leader = PrepMemberKind.OWNER, False
        for t in tokens[1:]:
            if t in PREP_KIND_WORDS:
                kind = PREP_KIND_WORDS[t]
            elif t == "组长":
                leader = True
            else:
                raise ValidationError(_("无法识别“%(t)s”（%(n)s 一行）：身份写 街道/居委会/业主/建设单位/其他，组长写 组长。")
                                      % {"t": t, "n": name})
        if kind == PrepMemberKind.OWNER and owner is None:
            owner = resolve_owner(estate, name)
        out.append(PrepMember(name=name, kind=kind, is_leader=leader, owner_id=owner.pk if owner else None))
    if not out:
        raise ValidationError(_("请填写筹备组成员名单，每行一人。"))
    return out


def _check_file(f):
    """A document upload, judged by its content (wuye.core.uploads)."""
    if f:
        check_upload(f)
    return f


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select form-select-sm")
            else:
                w.attrs.setdefault("class", "form-control form-control-sm")


class AssemblyApplyForm(_Styled):
    applied_on = forms.DateField(label=gettext_lazy("书面申请日期"), widget=DATE)
    applicants = forms.CharField(label=gettext_lazy("申请业主（每行一人，姓名）"), widget=forms.Textarea(attrs={"rows": 4}))
    document = forms.FileField(label=gettext_lazy("书面申请扫描件"), required=False)

    def __init__(self, *args, estate=None, **kwargs):
        self.estate = estate
        super().__init__(*args, **kwargs)

    def clean_document(self):
        return _check_file(self.cleaned_data.get("document"))

    def clean_applicants(self):
        owners = []
        for tokens in _lines(self.cleaned_data["applicants"]):
            name, owner = _name_and_owner(self.estate, tokens[0])
            owners.append(owner or resolve_owner(self.estate, name))
        if not owners:
            raise ValidationError(_("请填写申请业主。"))
        return owners


class PrepGroupForm(_Styled):
    formed_on = forms.DateField(label=gettext_lazy("组建日期"), widget=DATE)
    member_list_published_on = forms.DateField(label=gettext_lazy("成员名单公示日期"), widget=DATE, required=False)
    members = forms.CharField(label=gettext_lazy("成员（每行一人：姓名，身份[，组长]）"),
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=gettext_lazy("例如：王主任，街道，组长；李委员，居委会；张三，业主"))

    def __init__(self, *args, estate=None, **kwargs):
        self.estate = estate
        super().__init__(*args, **kwargs)

    def clean_members(self):
        return parse_prep_members(self.estate, self.cleaned_data["members"])


class DateOnlyForm(_Styled):
    on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)


class DraftsPublishForm(_Styled):
    on = forms.DateField(label=gettext_lazy("公示日期"), widget=DATE)
    candidates_note = forms.CharField(label=gettext_lazy("候选人产生办法和选举办法"), max_length=4000,
                                      widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(_Styled):
    kind = forms.ChoiceField(label=gettext_lazy("文件"), choices=DocumentKind.choices)
    file = forms.FileField(label=gettext_lazy("草案文件"))
    note = forms.CharField(label=gettext_lazy("说明"), max_length=300, required=False)

    def clean_file(self):
        return _check_file(self.cleaned_data.get("file"))


def _decision_field(label):
    return forms.ModelChoiceField(label=label, queryset=Decision.objects.none(), required=False)


class FirstMeetingForm(_Styled):
    held_on = forms.DateField(label=gettext_lazy("会议日期"), widget=DATE)
    rules_decision = _decision_field(gettext_lazy("通过议事规则的共同决定（事项1）"))
    statute_decision = _decision_field(gettext_lazy("通过管理规约的共同决定（事项2）"))
    election_decision = _decision_field(gettext_lazy("选举业委会的共同决定（事项3）"))
    offline_document = forms.FileField(label=gettext_lazy("线下会议决议扫描件（未在平台表决时必填）"), required=False)
    offline_note = forms.CharField(label=gettext_lazy("线下会议说明"), max_length=500, required=False)
    committee_name = forms.CharField(label=gettext_lazy("业委会名称（可空）"), max_length=120, required=False)
    term_years = forms.IntegerField(label=gettext_lazy("任期（年）"), min_value=1, max_value=5, required=False)
    members = forms.CharField(label=gettext_lazy("当选委员（每行一人：姓名，职务[，党员]）"),
                              widget=forms.Textarea(attrs={"rows": 7}),
                              help_text=gettext_lazy("例如：张三，主任，党员；李四，副主任；王五"))

    def __init__(self, *args, estate=None, **kwargs):
        self.estate = estate
        super().__init__(*args, **kwargs)
        from wuye.governance.selectors.decisions import passed_decisions

        for name, matter in (("rules_decision", 1), ("statute_decision", 2), ("election_decision", 3)):
            self.fields[name].queryset = passed_decisions(estate=estate, matter=matter) if estate else Decision.objects.none()

    def clean_offline_document(self):
        return _check_file(self.cleaned_data.get("offline_document"))

    def clean_members(self):
        return parse_members(self.estate, self.cleaned_data["members"])


class CommitteeForm(_Styled):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=CommitteeKind.choices)
    name = forms.CharField(label=gettext_lazy("名称（可空，默认“小区名+业主委员会/物业管理委员会”）"), max_length=120,
                           required=False)
    elected_on = forms.DateField(label=gettext_lazy("选举/组建日期"), widget=DATE)
    term_years = forms.IntegerField(label=gettext_lazy("任期（年，空为上限）"), min_value=1, max_value=5, required=False)
    election_decision = _decision_field(gettext_lazy("选举业委会的共同决定（事项3）"))
    offline_document = forms.FileField(label=gettext_lazy("选举结果/组建文件（未在平台表决时必填）"), required=False)
    members = forms.CharField(label=gettext_lazy("委员（每行一人：姓名，身份，职务[，党员]）"),
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=gettext_lazy("例如：张三，业主，主任，党员；李四，业主，副主任；王五，业主"))

    def __init__(self, *args, estate=None, **kwargs):
        self.estate = estate
        super().__init__(*args, **kwargs)
        from wuye.governance.selectors.decisions import passed_decisions

        self.fields["election_decision"].queryset = (passed_decisions(estate=estate, matter=3) if estate
                                                     else Decision.objects.none())

    def clean_offline_document(self):
        return _check_file(self.cleaned_data.get("offline_document"))

    def clean_members(self):
        return parse_members(self.estate, self.cleaned_data["members"])


class FilingForm(_Styled):
    filed_on = forms.DateField(label=gettext_lazy("备案日期"), widget=DATE)
    filing_number = forms.CharField(label=gettext_lazy("备案编号"), max_length=60, required=False)


class MemberAddForm(_Styled):
    member = forms.CharField(label=gettext_lazy("增补委员（姓名，身份，职务[，党员]）"), max_length=200)
    since = forms.DateField(label=gettext_lazy("任职日期"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("依据（如业主大会补选决定）"), max_length=300, required=False)

    def __init__(self, *args, estate=None, **kwargs):
        self.estate = estate
        super().__init__(*args, **kwargs)

    def clean_member(self):
        specs = parse_members(self.estate, self.cleaned_data["member"])
        if len(specs) != 1:
            raise ValidationError(_("一次增补一人。"))
        return specs[0]


class MemberEndForm(_Styled):
    until = forms.DateField(label=gettext_lazy("离任日期"), widget=DATE)
    reason = forms.ChoiceField(label=gettext_lazy("离任原因"),
                               choices=[c for c in MemberEndReason.choices
                                        if c[0] not in (MemberEndReason.TERM_ENDED, MemberEndReason.DISSOLVED)])
    note = forms.CharField(label=gettext_lazy("说明"), max_length=300, required=False)


class DissolveForm(_Styled):
    on = forms.DateField(label=gettext_lazy("解散日期"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=300)


class AbandonForm(_Styled):
    on = forms.DateField(label=gettext_lazy("终止日期"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=300)
