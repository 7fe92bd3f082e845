import django_filters
from django.utils.translation import gettext_lazy as _

from wuye.core.filtersets import ScopedFilterSet
from wuye.enterprises.choices import (
    ContractFilingStatus,
    ContractKind,
    ContractStatus,
    EnterpriseStatus,
)
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract
from wuye.estates.filtersets import RegionPrefixFilter


class EnterpriseFilterSet(ScopedFilterSet):
    region = RegionPrefixFilter(field_name="region__code", label=_("注册地区划代码"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label=_("经营状态"))

    class Meta:
        model = Enterprise
        fields = ["region", "status", "is_state_owned", "credit_code"]


class EnterpriseStaffFilterSet(ScopedFilterSet):
    class Meta:
        model = EnterpriseStaff
        fields = ["enterprise", "position", "is_project_manager"]


class ServiceContractFilterSet(ScopedFilterSet):
    region = RegionPrefixFilter(field_name="estate__region__code", label=_("小区区划代码"))
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label=_("合同类型"))
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, label=_("状态"))
    filing_status = django_filters.ChoiceFilter(choices=ContractFilingStatus.choices, label=_("备案状态"))

    class Meta:
        model = ServiceContract
        fields = ["region", "estate", "enterprise", "kind", "status", "filing_status"]
