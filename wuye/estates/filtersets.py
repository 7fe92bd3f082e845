import django_filters
from django.utils.translation import gettext_lazy as _

from wuye.core.filtersets import RegionPrefixFilter, ScopedFilterSet
from wuye.estates.choices import (
    Classification,
    DeliveryStatus,
    EstateType,
    ManagementMode,
    OwnerKind,
    UnitUsage,
)
from wuye.estates.models import Building, Estate, ManagementAreaFiling, Owner, Ownership, Unit

__all__ = ["RegionPrefixFilter"]  # re-exported for the other apps' filtersets


class EstateFilterSet(ScopedFilterSet):
    region = RegionPrefixFilter(field_name="region__code", label=_("区划代码"))
    estate_type = django_filters.ChoiceFilter(choices=EstateType.choices, label=_("小区类型"))
    management_mode = django_filters.ChoiceFilter(choices=ManagementMode.choices, label=_("管理模式"))
    classification = django_filters.ChoiceFilter(choices=Classification.choices, label=_("分类"))

    class Meta:
        model = Estate
        fields = ["region", "estate_type", "management_mode", "classification"]


class BuildingFilterSet(ScopedFilterSet):
    estate = django_filters.NumberFilter(field_name="estate_id", label=_("小区ID"))

    class Meta:
        model = Building
        fields = ["estate"]


class UnitFilterSet(ScopedFilterSet):
    estate = django_filters.NumberFilter(field_name="estate_id", label=_("小区ID"))
    building = django_filters.NumberFilter(field_name="building_id", label=_("楼栋ID"))
    usage = django_filters.ChoiceFilter(choices=UnitUsage.choices, label=_("用途"))
    delivery_status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices, label=_("交付状态"))

    class Meta:
        model = Unit
        fields = ["estate", "building", "usage", "delivery_status"]


class OwnerFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=OwnerKind.choices, label=_("类型"))
    estate = django_filters.NumberFilter(field_name="ownerships__estate_id", label=_("小区ID"), distinct=True)

    class Meta:
        model = Owner
        fields = ["kind", "is_developer", "estate"]


class OwnershipFilterSet(ScopedFilterSet):
    class Meta:
        model = Ownership
        fields = ["unit", "owner", "estate"]


class ManagementAreaFilingFilterSet(ScopedFilterSet):
    class Meta:
        model = ManagementAreaFiling
        fields = ["estate", "status"]
