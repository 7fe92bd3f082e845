"""Property service enterprises, their staff and certificates, and service contracts."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel, VoidableModel
from wuye.core.validators import validate_credit_code, validate_id_number
from wuye.enterprises.choices import (
    CertificateKind,
    ContractFilingStatus,
    ContractKind,
    ContractStatus,
    EnterpriseStatus,
    StaffPosition,
)
from wuye.enterprises.querysets import (
    EnterpriseChildQuerySet,
    EnterpriseQuerySet,
    ServiceContractQuerySet,
    StaffCertificateQuerySet,
)


class Enterprise(VoidableModel):
    """A property service enterprise (物业服务企业), identified by its 统一社会信用代码."""

    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_credit_code])
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("注册地（区县）"), on_delete=models.PROTECT, related_name="enterprises"
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    complaint_phone = models.CharField(_("投诉电话"), max_length=40, blank=True)
    status = models.CharField(_("经营状态"), max_length=20, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING)
    is_state_owned = models.BooleanField(_("国有物业公司"), default=False)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("物业服务企业")
        verbose_name_plural = _("物业服务企业")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=Q(is_voided=False), name="enterprise_unique_credit_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str:
        return self.region_id

    def clean(self) -> None:
        if self.credit_code and not self.is_voided:
            clash = Enterprise._base_manager.filter(credit_code=self.credit_code, is_voided=False).exclude(pk=self.pk).first()
            if clash is not None:
                raise ValidationError({"credit_code": _("统一社会信用代码 %(c)s 已登记为“%(name)s”。") % {
                    "c": self.credit_code, "name": clash.name}})


class EnterpriseStaff(VoidableModel):
    """A person employed by an enterprise; project managers and certified positions (持证上岗)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    position = models.CharField(_("岗位"), max_length=20, choices=StaffPosition.choices, default=StaffPosition.OTHER)
    is_project_manager = models.BooleanField(_("项目经理"), default=False)
    is_party_member = models.BooleanField(_("党员"), default=False)

    objects = EnterpriseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业人员")
        verbose_name_plural = _("企业人员")
        ordering = ["enterprise_id", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.enterprise}）"

    @property
    def region_code(self) -> str:
        return self.enterprise.region_id


class StaffCertificate(TimeStampedModel):
    """A certificate held by a staff member (持证上岗)."""

    staff = models.ForeignKey(EnterpriseStaff, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("证书类别"), max_length=30, choices=CertificateKind.choices)
    number = models.CharField(_("证书编号"), max_length=60)
    issued_by = models.CharField(_("发证机关"), max_length=100, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    objects = StaffCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("从业证书")
        verbose_name_plural = _("从业证书")
        ordering = ["staff_id", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ServiceContract(VoidableModel):
    """A 物业服务合同 (project): one enterprise serving one estate over a period.

    At most one contract per estate is ACTIVE; during a handover the outgoing one is HOLDOVER.
    The database enforces it, so two concurrent requests cannot both create one.
    """

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="service_contracts")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("物业服务企业"), on_delete=models.PROTECT, related_name="service_contracts")
    kind = models.CharField(_("合同类型"), max_length=20, choices=ContractKind.choices)
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    fee_standard_fen = models.PositiveIntegerField(
        _("收费标准（分/㎡·月）"), validators=[MinValueValidator(1, message=_("收费标准必须大于 0。"))]
    )
    status = models.CharField(_("状态"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.ACTIVE)
    filing_status = models.CharField(
        _("备案状态"), max_length=16, choices=ContractFilingStatus.choices, default=ContractFilingStatus.UNFILED
    )
    filing_number = models.CharField(_("备案编号"), max_length=60, blank=True)
    filed_at = models.DateField(_("备案日期"), null=True, blank=True)
    project_manager = models.ForeignKey(
        EnterpriseStaff, verbose_name=_("项目经理"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tender_reference = models.CharField(_("招标/批准文号"), max_length=100, blank=True)

    objects = ServiceContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("物业服务合同")
        verbose_name_plural = _("物业服务合同")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate"], condition=Q(status="active"), name="contract_one_active_per_estate",
                violation_error_message=_("该小区已有履行中的物业服务合同（交接期除外）。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contract_dates_ordered",
                violation_error_message=_("终止日期不能早于起始日期。"),
            ),
            models.CheckConstraint(condition=Q(fee_standard_fen__gt=0), name="contract_fee_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.estate} · {self.enterprise}（{self.get_kind_display()}）"

    @property
    def region_code(self) -> str:
        return self.estate.region_id

    @property
    def fee_standard_yuan(self) -> str:
        return f"{self.fee_standard_fen // 100}.{self.fee_standard_fen % 100:02d}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("终止日期不能早于起始日期。")})
        if self.project_manager_id and self.enterprise_id and self.project_manager.enterprise_id != self.enterprise_id:
            raise ValidationError({"project_manager": _("项目经理必须是本企业人员。")})
