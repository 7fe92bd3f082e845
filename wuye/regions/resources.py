from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from wuye.core.filtersets import ScopedFilterSet
from wuye.core.forms import ScopedModelForm
from wuye.core.tables import Column
from wuye.core.views import Related, Resource
from wuye.regions.choices import DepartmentKind, RegionLevel
from wuye.regions.models import Department, Region


class RegionFilterSet(ScopedFilterSet):
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("层级"))
    parent = django_filters.CharFilter(field_name="parent_id", label=_("上级代码"))

    class Meta:
        model = Region
        fields = ["level", "parent", "is_generated"]


class DepartmentForm(ScopedModelForm):
    region_levels = (2, 3, 4)

    class Meta:
        model = Department
        fields = ["region", "kind", "name", "phone", "duties"]


class DepartmentFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label=_("类别"))

    class Meta:
        model = Department
        fields = ["kind", "region"]


class RegionResource(Resource):
    def urls(self) -> list:
        # The tree is reference data loaded by command: list and detail pages only.
        return [u for u in super().urls() if u.name in {"region_list", "region_detail", "region_export"}]


region = RegionResource(
    model=Region, app="regions",
    columns=[Column("code"), Column("name", link=True), Column("level"), Column("parent__name", _("上级")),
             Column("is_generated")],
    filterset_class=RegionFilterSet, search_fields=("name", "code"), select_related=("parent",),
    related=[
        Related(_("下级区划"), lambda o, u: Region.objects.visible_to(u).filter(parent=o),
                [Column("code"), Column("name", link=True), Column("level")], "regions:region"),
        Related(_("职能部门"), lambda o, u: Department.objects.visible_to(u).filter(region=o),
                [Column("name", link=True), Column("kind"), Column("phone")], "regions:department", "region"),
    ],
)

department = Resource(
    model=Department, app="regions",
    columns=[Column("name", link=True), Column("kind"), Column("region__name", _("区划")), Column("phone")],
    form_class=DepartmentForm, filterset_class=DepartmentFilterSet, search_fields=("name",),
    select_related=("region",), preset_fields=("region",),
)

RESOURCES = [region, department]
