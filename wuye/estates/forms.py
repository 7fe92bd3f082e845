from django import forms
from django.utils.translation import gettext_lazy as _

from wuye.core.forms import DateInput, ScopedModelForm
from wuye.estates.models import (
    Building,
    Estate,
    EstateClassificationRecord,
    ManagementAreaFiling,
    Owner,
    Ownership,
    Unit,
)


class EstateForm(ScopedModelForm):
    region_levels = (4, 5)

    class Meta:
        model = Estate
        fields = ["name", "aliases", "region", "address", "estate_type", "management_mode", "total_building_area",
                  "developer_name", "built_year", "delivered_at", "longitude", "latitude"]
        widgets = {"delivered_at": DateInput()}


class ClassificationForm(ScopedModelForm):
    class Meta:
        model = EstateClassificationRecord
        fields = ["classification", "effective_date", "reason"]
        widgets = {"effective_date": DateInput()}


class ManagementAreaFilingForm(ScopedModelForm):
    class Meta:
        model = ManagementAreaFiling
        fields = ["estate", "filing_number", "area", "boundary", "status", "filed_at"]
        widgets = {"filed_at": DateInput(), "boundary": forms.Textarea(attrs={"rows": 3})}


class BuildingForm(ScopedModelForm):
    class Meta:
        model = Building
        fields = ["estate", "number", "floors", "has_elevator"]


class UnitForm(ScopedModelForm):
    class Meta:
        model = Unit
        fields = ["building", "entrance", "number", "floor", "usage", "registry_area", "survey_area",
                  "contract_area", "delivery_status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Thousands of buildings: show only the preset one (from its page) or the unit's own.
        building = self.initial.get("building") or (self.instance.building_id if self.instance.pk else None)
        if building:
            self.fields["building"].queryset = self.fields["building"].queryset.filter(pk=building)
        self.fields["building"].queryset = self.fields["building"].queryset.select_related("estate")


class OwnerForm(ScopedModelForm):
    """A new owner is registered with the unit they own: an owner without a unit belongs to no scope."""

    unit = forms.ModelChoiceField(label=_("名下房屋"), queryset=Unit.objects.all(), required=False)
    is_nominee = forms.BooleanField(label=_("共有人推选的表决人"), required=False)

    class Meta:
        model = Owner
        fields = ["kind", "name", "id_number", "credit_code", "phone", "is_developer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"], self.fields["is_nominee"]
            return
        self.fields["unit"].required = True
        self.fields["unit"].queryset = Unit.objects.editable_by(self.user).filter(is_voided=False).select_related("building")
        preset = self.initial.get("unit")
        if preset:
            self.fields["unit"].queryset = self.fields["unit"].queryset.filter(pk=preset)
        else:
            self.fields["unit"].queryset = self.fields["unit"].queryset.none()
            self.fields["unit"].help_text = _("请从房屋页面的“产权人 › 新增”进入，以指定房屋。")


class OwnershipForm(ScopedModelForm):
    class Meta:
        model = Ownership
        fields = ["unit", "owner", "is_nominee", "since", "certificate_number"]
        widgets = {"since": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "owner"):
            preset = self.initial.get(name) or getattr(self.instance, f"{name}_id", None)
            if preset:
                self.fields[name].queryset = self.fields[name].queryset.filter(pk=preset)
        self.fields["unit"].queryset = self.fields["unit"].queryset.select_related("building")
