from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.forms import DateInput

WORKDAY_CHOICES = (("1", _("上班（工作日）")), ("0", _("休息")))


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DayCorrectForm(_Styled):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    is_workday = forms.TypedChoiceField(label=_("当天"), choices=WORKDAY_CHOICES, coerce=lambda v: v == "1")
    name = forms.CharField(label=_("名称"), max_length=50, required=False,
                           help_text=_("如：国庆节、调休上班"))
    reason = forms.CharField(label=_("更正依据"), max_length=300, required=False)

    def __init__(self, *args, year: int | None = None, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if self.year is not None and value.year != self.year:
            raise forms.ValidationError(_("日期不属于 %(y)d 年。") % {"y": self.year})
        return value


# The State Council notice a year's schedule follows, by title (an example of the real one).
SOURCE_HELP = _("国务院办公厅当年节假日安排通知的标题，如：国务院办公厅关于2026年部分节假日安排的通知")


class ScheduleImportForm(_Styled):
    file = forms.FileField(label=_("文件（CSV 或 .xlsx）"),
                           help_text=_("三列：日期、是否工作日（是/否）、名称；只导入本年度，整份文件有任何错误都不写入。"))
    source_note = forms.CharField(label=_("依据"), max_length=300, required=False,
                                  help_text=SOURCE_HELP)
    confirm = forms.BooleanField(label=_("导入后确认本年度"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("confirm") and not (data.get("source_note") or "").strip():
            self.add_error("source_note", _("确认年度须填写依据。"))
        return data


class YearConfirmForm(_Styled):
    source_note = forms.CharField(label=_("依据"), max_length=300,
                                  help_text=SOURCE_HELP)
