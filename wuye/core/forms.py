"""Form base classes: every choice of a related object is limited to what the user may see."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.querysets import ScopedQuerySet


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices come from ``visible_to(user)`` (regions: editable)."""

    # Limit region choices to these levels (e.g. street and community for an estate).
    region_levels: tuple[int, ...] | None = None

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            qs = field.queryset
            if not isinstance(qs, ScopedQuerySet) or user is None:
                continue
            if qs.model._meta.label == "regions.Region":
                qs = qs.editable_by(user)
                if self.region_levels:
                    qs = qs.filter(level__in=self.region_levels)
            else:
                qs = qs.visible_to(user).active()
            # Keep the record's current value selectable (e.g. an enterprise's own district for its staff).
            current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
            if current is not None:
                qs = qs | field.queryset.model.objects.filter(pk=current)
            field.queryset = qs
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            if isinstance(widget, forms.SelectMultiple):
                css = "form-select"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("作废原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("作废必须填写原因。")},
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
