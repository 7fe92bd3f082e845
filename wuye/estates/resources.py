"""How each registry model appears in lists, details, forms and exports."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.tables import Column
from wuye.core.validators import mask_id_number, mask_phone
from wuye.core.views import Related, Resource
from wuye.estates import filtersets, forms
from wuye.estates.models import Building, Estate, ManagementAreaFiling, Owner, Ownership, Unit


def _contracts(estate, user):
    from wuye.enterprises.models import ServiceContract

    return ServiceContract.objects.visible_to(user).filter(estate=estate).select_related("enterprise")


def _owner_create(*, actor, form):
    from wuye.estates.services import owner_create

    return owner_create(actor=actor, owner=form.save(commit=False), unit=form.cleaned_data["unit"],
                        is_nominee=form.cleaned_data.get("is_nominee", False))


def _units_of_owner(owner, user):
    return Ownership.objects.visible_to(user).filter(owner=owner, is_voided=False).select_related("unit__building", "estate")


estate = Resource(
    model=Estate, app="estates",
    columns=[Column("name", link=True), Column("region__name", _("社区/街道")), Column("address"),
             Column("estate_type"), Column("management_mode"), Column("classification"),
             Column("total_building_area")],
    form_class=forms.EstateForm, filterset_class=filtersets.EstateFilterSet,
    search_fields=("name", "aliases", "address"), select_related=("region",),
    related=[
        Related(_("楼栋"), lambda o, u: Building.objects.visible_to(u).filter(estate=o, is_voided=False),
                [Column("number", link=True), Column("floors"), Column("has_elevator")], "estates:building", "estate"),
        Related(_("物业服务合同"), _contracts,
                [Column("enterprise__name", _("企业"), link=True), Column("kind"), Column("start_date"), Column("end_date"),
                 Column("status"), Column("filing_status")], "enterprises:servicecontract", "estate"),
        Related(_("分类记录"), lambda o, u: o.classification_history.all(),
                [Column("classification"), Column("effective_date"), Column("reason")]),
        Related(_("物业管理区域备案"), lambda o, u: ManagementAreaFiling.objects.visible_to(u).filter(estate=o),
                [Column("filing_number", link=True), Column("status"), Column("filed_at")],
                "estates:managementareafiling", "estate"),
    ],
    extra_actions=[(_("调整分类"), "estates:estate_classify")],
)

building = Resource(
    model=Building, app="estates",
    columns=[Column("estate__name", _("小区")), Column("number", link=True), Column("floors"), Column("has_elevator")],
    form_class=forms.BuildingForm, filterset_class=filtersets.BuildingFilterSet,
    search_fields=("number", "estate__name"), select_related=("estate",), preset_fields=("estate",),
    related=[Related(_("房屋"), lambda o, u: Unit.objects.visible_to(u).filter(building=o, is_voided=False),
                     [Column("entrance"), Column("number", link=True), Column("floor"), Column("usage"),
                      Column("area", _("面积(㎡)")), Column("area_source", _("面积来源"))], "estates:unit", "building")],
)

unit = Resource(
    model=Unit, app="estates",
    columns=[Column("estate__name", _("小区")), Column("building__number", _("楼栋")), Column("entrance"),
             Column("number", link=True), Column("usage"), Column("area", _("面积(㎡)")),
             Column("delivery_status")],
    form_class=forms.UnitForm, filterset_class=filtersets.UnitFilterSet,
    search_fields=("number", "estate__name"), select_related=("estate", "building"), preset_fields=("building",),
    related=[Related(_("产权人"), lambda o, u: Ownership.objects.visible_to(u).filter(unit=o, is_voided=False).select_related("owner"),
                     [Column("owner__name", _("业主")), Column("is_nominee"), Column("since"), Column("certificate_number")],
                     "estates:ownership", "unit", add_label=_("关联已有业主"),
                     more_links=[(_("登记新业主"), "estates:owner", "unit")])],
)

owner = Resource(
    model=Owner, app="estates",
    columns=[Column("name", link=True), Column("kind"),
             Column("id_number", _("身份证号"), accessor=lambda o: mask_id_number(o.id_number)),
             Column("phone", _("手机号"), accessor=lambda o: mask_phone(o.phone)), Column("is_developer")],
    detail_fields=[Column("name"), Column("kind"), Column("id_number", _("身份证号"), accessor=lambda o: mask_id_number(o.id_number)),
                   Column("credit_code"), Column("phone", _("手机号"), accessor=lambda o: mask_phone(o.phone)), Column("is_developer")],
    form_class=forms.OwnerForm, filterset_class=filtersets.OwnerFilterSet, search_fields=("name",),
    create_service=_owner_create, preset_fields=("unit",),
    related=[Related(_("名下房屋"), _units_of_owner,
                     [Column("estate__name", _("小区")), Column("unit", _("房屋"), accessor=str), Column("is_nominee")],
                     "estates:ownership", "owner")],
)

ownership = Resource(
    model=Ownership, app="estates",
    columns=[Column("estate__name", _("小区")), Column("unit", _("房屋"), accessor=lambda o: str(o.unit), link=True),
             Column("owner__name", _("业主")), Column("is_nominee"), Column("since")],
    form_class=forms.OwnershipForm, filterset_class=filtersets.OwnershipFilterSet,
    select_related=("estate", "unit__building", "owner"), preset_fields=("unit", "owner"),
)

management_area_filing = Resource(
    model=ManagementAreaFiling, app="estates",
    columns=[Column("estate__name", _("小区")), Column("filing_number", link=True), Column("area"), Column("status"),
             Column("filed_at")],
    form_class=forms.ManagementAreaFilingForm, filterset_class=filtersets.ManagementAreaFilingFilterSet,
    search_fields=("filing_number", "estate__name"), select_related=("estate",), preset_fields=("estate",),
)

RESOURCES = [estate, building, unit, owner, ownership, management_area_filing]
