"""Forms of the officials' work-order pages: one small form per action, the catalog and mediation."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuye.complaints.choices import ReturnReason, Satisfaction
from wuye.complaints.models import CatalogEntry
from wuye.core.uploads import EVIDENCE, check_upload
from wuye.regions.choices import DepartmentKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """One or more files, each an image or a PDF of at most 10 MB."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(_("请上传答复佐证材料（图片或 PDF）。"))
        cleaned = []
        for f in files:
            f = super().clean(f, initial)
            check_upload(f, allowed=EVIDENCE)  # sets f.sniffed_type
            cleaned.append(f)
        return cleaned


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            elif isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select form-select-sm")
            else:
                w.attrs.setdefault("class", "form-control form-control-sm")


def textarea(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows})


class EmptyForm(StyledForm):
    """Actions without input (签收, 报到, 归档)."""


class ClassifyForm(StyledForm):
    category = forms.ChoiceField(label=_("事项分类"))
    reason = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------")] + [(e.code, f"{e.name}（{e.get_department_kind_display()}）")
                                                                 for e in entries]


class DispatchForm(StyledForm):
    lead = forms.ModelChoiceField(label=_("主办部门"), queryset=None)
    assists = forms.ModelMultipleChoiceField(label=_("协办部门"), queryset=None, required=False,
                                             widget=forms.SelectMultiple(attrs={"size": 4}))
    final = forms.BooleanField(label=_("终裁（承办部门不得再退单）"), required=False)
    reason = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, departments=None, suggestion=None, allow_final=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = departments
        self.fields["assists"].queryset = departments
        if suggestion is not None:
            self.fields["lead"].initial = suggestion.pk
            self.fields["lead"].help_text = _("职责清单建议：%(d)s") % {"d": suggestion}
        if not allow_final:
            del self.fields["final"]


class ReturnForm(StyledForm):
    reason_code = forms.ChoiceField(label=_("退单理由"), choices=[("", "---------"), *ReturnReason.choices])
    reason = forms.CharField(label=_("具体说明"), widget=textarea(), max_length=500)


class ExtensionForm(StyledForm):
    working_days = forms.IntegerField(label=_("延长工作日"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("理由"), widget=textarea(), max_length=500)


DECISION = [("approve", _("批准")), ("reject", _("驳回"))]
REVIEW = [("approve", _("审核通过")), ("reject", _("退回重办"))]


class DecideExtensionForm(StyledForm):
    decision = forms.ChoiceField(label=_("审批"), choices=DECISION, widget=forms.RadioSelect)
    note = forms.CharField(label=_("审批意见"), required=False, max_length=300)


class ReplyForm(StyledForm):
    reply = forms.CharField(label=_("答复内容"), widget=textarea(3))
    evidence = EvidenceField(label=_("佐证材料（图片/PDF，每个≤10MB）"))


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(label=_("审核"), choices=REVIEW, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("审核意见（退回必填）"), required=False, widget=textarea(), max_length=500)


class CallbackForm(StyledForm):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=[("", "---------"), *Satisfaction.choices])
    resolved = forms.TypedChoiceField(label=_("问题是否解决"), choices=[("1", _("已解决")), ("0", _("未解决"))],
                                      coerce=lambda v: v == "1")
    handler_at_fault = forms.BooleanField(label=_("不满意系承办单位原因（重办）"), required=False)
    note = forms.CharField(label=_("回访记录"), required=False, max_length=500)


class SuperviseForm(StyledForm):
    reason = forms.CharField(label=_("催办/督办意见"), widget=textarea(), max_length=500)


class MergeForm(StyledForm):
    target = forms.CharField(label=_("合并至工单编号"), max_length=32)
    reason = forms.CharField(label=_("说明"), required=False, max_length=300)


class WhistleForm(StyledForm):
    departments = forms.ModelMultipleChoiceField(label=_("报到部门"), queryset=None,
                                                 widget=forms.SelectMultiple(attrs={"size": 6}))
    title = forms.CharField(label=_("事项"), required=False, max_length=200)
    body = forms.CharField(label=_("情况说明"), required=False, widget=textarea(3))

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments


class WhistlePageForm(WhistleForm):
    """The whistle page: an estate problem, or an existing order by number."""

    estate = forms.ModelChoiceField(label=_("小区"), queryset=None, required=False)
    order_number = forms.CharField(label=_("或：已有工单编号"), required=False, max_length=32)
    field_order = ["estate", "order_number", "title", "body", "departments"]

    def __init__(self, *args, estates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = estates

    def clean(self):
        data = super().clean()
        if not data.get("estate") and not data.get("order_number"):
            raise ValidationError(_("请选择小区或填写已有工单编号。"))
        if not data.get("order_number") and not (data.get("title") or data.get("body")):
            raise ValidationError(_("请填写吹哨事项。"))
        return data


class CatalogVersionForm(StyledForm):
    note = forms.CharField(label=_("说明/文号"), required=False, max_length=300)


class CatalogEntryForm(forms.ModelForm):
    class Meta:
        model = CatalogEntry
        fields = ["name", "description", "department_kind", "level", "deadline_days", "urgent_deadline_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_kind"].choices = DepartmentKind.choices
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class MediationForm(StyledForm):
    parties = forms.CharField(label=_("当事人"), widget=textarea(), max_length=2000)
    mediator_name = forms.CharField(label=_("调解员"), max_length=50)
    committee = forms.ModelChoiceField(label=_("调解委员会"), queryset=None, required=False)

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class MediationSessionForm(StyledForm):
    held_at = forms.DateTimeField(label=_("时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    notes = forms.CharField(label=_("记录"), widget=textarea(3))


class MediationConcludeForm(StyledForm):
    outcome = forms.ChoiceField(label=_("结果"), choices=[("agreed", _("达成协议")), ("failed", _("调解不成"))],
                                widget=forms.RadioSelect)
    result = forms.CharField(label=_("协议内容/不成原因"), widget=textarea(3))
