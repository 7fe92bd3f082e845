from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuye.core.forms import DateInput, ScopedModelForm
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract, StaffCertificate


class EnterpriseForm(ScopedModelForm):
    region_levels = (3,)

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "legal_representative", "registered_address", "region", "phone",
                  "complaint_phone", "status", "is_state_owned", "established_on"]
        widgets = {"established_on": DateInput()}

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()


class EnterpriseStaffForm(ScopedModelForm):
    class Meta:
        model = EnterpriseStaff
        fields = ["enterprise", "name", "id_number", "phone", "position", "is_project_manager", "is_party_member"]


class StaffCertificateForm(ScopedModelForm):
    class Meta:
        model = StaffCertificate
        fields = ["staff", "kind", "number", "issued_by", "valid_until"]
        widgets = {"valid_until": DateInput()}


def contract_enterprise_choices(user, visible):
    """Enterprises an official may file a contract with: those they see, plus any registered in their city.

    A street official files the first contract of an enterprise that serves nowhere in the street yet.
    """
    from django.db.models import Q

    from wuye.accounts.selectors import user_edit_scope

    if user is None:
        return visible
    scope = user_edit_scope(user)
    if scope.everything:
        return Enterprise.objects.filter(is_voided=False)
    cities = {p[:4] for p in scope.region_prefixes if len(p) >= 4}
    if not cities:
        return visible
    q = Q(pk__in=visible.values("pk"))
    for city in cities:
        q |= Q(region__code__startswith=city)
    return Enterprise.objects.filter(q, is_voided=False)


class ServiceContractForm(ScopedModelForm):
    fee_standard_yuan = forms.DecimalField(
        label=_("收费标准（元/㎡·月）"), max_digits=8, decimal_places=2, min_value=Decimal("0.01"),
        error_messages={"min_value": _("收费标准必须大于 0。")},
    )

    class Meta:
        model = ServiceContract
        fields = ["estate", "enterprise", "kind", "start_date", "end_date", "status", "filing_status",
                  "filing_number", "filed_at", "project_manager", "tender_reference"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "filed_at": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["fee_standard_yuan"] = self.instance.fee_standard_fen / 100
        order = ["estate", "enterprise", "kind", "start_date", "end_date", "fee_standard_yuan"]
        self.order_fields(order)
        self.fields["project_manager"].queryset = self.fields["project_manager"].queryset.filter(is_project_manager=True)
        self.fields["enterprise"].queryset = contract_enterprise_choices(self.user, self.fields["enterprise"].queryset)

    def clean(self):
        data = super().clean()
        yuan = data.get("fee_standard_yuan")
        if yuan is not None:
            self.instance.fee_standard_fen = int((yuan * 100).to_integral_value())
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError({"end_date": _("终止日期不能早于起始日期。")})
        return data
