from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.tables import Column
from wuye.core.validators import mask_id_number, mask_phone
from wuye.core.views import Related, Resource
from wuye.enterprises import filtersets, forms, services
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract, StaffCertificate


def contract_create(*, actor, form):
    return services.service_contract_create(actor=actor, contract=form.save(commit=False))


def contract_update(*, actor, instance, form):
    data = {n: form.cleaned_data[n] for n in form.changed_data if n in form.cleaned_data and n != "fee_standard_yuan"}
    data["fee_standard_fen"] = form.instance.fee_standard_fen
    return services.service_contract_update(actor=actor, contract=instance, data=data)


enterprise = Resource(
    model=Enterprise, app="enterprises",
    columns=[Column("name", link=True), Column("credit_code"), Column("legal_representative"),
             Column("region__name", _("注册地")), Column("status"), Column("is_state_owned")],
    form_class=forms.EnterpriseForm, filterset_class=filtersets.EnterpriseFilterSet,
    search_fields=("name", "credit_code", "legal_representative"), select_related=("region",),
    related=[
        Related(_("服务项目（合同）"), lambda o, u: ServiceContract.objects.visible_to(u).filter(enterprise=o).select_related("estate"),
                [Column("estate__name", _("小区"), link=True), Column("kind"), Column("start_date"), Column("end_date"),
                 Column("status"), Column("filing_status")], "enterprises:servicecontract", "enterprise"),
        Related(_("企业人员"), lambda o, u: EnterpriseStaff.objects.visible_to(u).filter(enterprise=o, is_voided=False),
                [Column("name", link=True), Column("position"), Column("is_project_manager"),
                 Column("phone", _("手机号"), accessor=lambda s: mask_phone(s.phone))], "enterprises:enterprisestaff", "enterprise"),
    ],
)

enterprise_staff = Resource(
    model=EnterpriseStaff, app="enterprises",
    columns=[Column("name", link=True), Column("enterprise__name", _("企业")), Column("position"),
             Column("is_project_manager"), Column("phone", _("手机号"), accessor=lambda s: mask_phone(s.phone))],
    detail_fields=[Column("name"), Column("enterprise__name", _("企业")), Column("position"), Column("is_project_manager"),
                   Column("is_party_member"), Column("id_number", _("身份证号"), accessor=lambda s: mask_id_number(s.id_number)),
                   Column("phone", _("手机号"), accessor=lambda s: mask_phone(s.phone))],
    form_class=forms.EnterpriseStaffForm, filterset_class=filtersets.EnterpriseStaffFilterSet,
    search_fields=("name", "enterprise__name"), select_related=("enterprise",), preset_fields=("enterprise",),
    enterprise_may_create=True,
    related=[Related(_("从业证书"), lambda o, u: StaffCertificate.objects.filter(staff=o),
                     [Column("kind"), Column("number"), Column("issued_by"), Column("valid_until")],
                     "enterprises:staffcertificate", "staff")],
)

staff_certificate = Resource(
    model=StaffCertificate, app="enterprises",
    columns=[Column("staff__name", _("人员")), Column("kind"), Column("number", link=True), Column("valid_until")],
    form_class=forms.StaffCertificateForm, select_related=("staff",), preset_fields=("staff",),
    enterprise_may_create=True,
)

service_contract = Resource(
    model=ServiceContract, app="enterprises",
    columns=[Column("estate__name", _("小区"), link=True), Column("enterprise__name", _("企业")), Column("kind"),
             Column("start_date"), Column("end_date"),
             Column("fee_standard_fen", _("收费标准(元/㎡·月)"), accessor=lambda c: c.fee_standard_yuan),
             Column("status"), Column("filing_status")],
    form_class=forms.ServiceContractForm, filterset_class=filtersets.ServiceContractFilterSet,
    search_fields=("estate__name", "enterprise__name", "filing_number"),
    select_related=("estate", "enterprise"), preset_fields=("estate", "enterprise"),
    create_service=contract_create, update_service=contract_update,
)

RESOURCES = [enterprise, enterprise_staff, staff_certificate, service_contract]
