"""The registry of estates: estates, buildings, units (专有部分) and their owners."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel, VoidableModel
from wuye.core.validators import validate_credit_code, validate_id_number
from wuye.estates.choices import (
    Classification,
    DeliveryStatus,
    EstateType,
    FilingStatus,
    ManagementMode,
    OwnerKind,
    UnitUsage,
)
from wuye.estates.querysets import (
    BuildingQuerySet,
    EstateQuerySet,
    OwnerQuerySet,
    OwnershipQuerySet,
    UnitQuerySet,
)

POSITIVE_AREA = [MinValueValidator(Decimal("0.01"), message=_("面积必须大于 0。"))]


class Estate(VoidableModel):
    """A residential estate (住宅小区) in a community or street; the unit of supervision."""

    name = models.CharField(_("小区名称"), max_length=100, db_index=True)
    aliases = models.CharField(_("别名"), max_length=300, blank=True, help_text=_("多个别名用逗号分隔，用于地址识别"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属社区/街道"), on_delete=models.PROTECT, related_name="estates"
    )
    address = models.CharField(_("地址"), max_length=200)
    estate_type = models.CharField(_("小区类型"), max_length=20, choices=EstateType.choices, default=EstateType.COMMERCIAL)
    management_mode = models.CharField(
        _("管理模式"), max_length=20, choices=ManagementMode.choices, default=ManagementMode.NONE
    )
    classification = models.CharField(_("分类"), max_length=1, choices=Classification.choices, blank=True)
    total_building_area = models.DecimalField(
        _("总建筑面积(㎡)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=POSITIVE_AREA
    )
    developer_name = models.CharField(_("建设单位"), max_length=200, blank=True)
    built_year = models.PositiveSmallIntegerField(_("建成年份"), null=True, blank=True)
    delivered_at = models.DateField(_("交付日期"), null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = EstateQuerySet.as_manager()

    class Meta:
        verbose_name = _("小区")
        verbose_name_plural = _("小区")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], condition=Q(is_voided=False), name="estate_unique_name_in_region"
            ),
            models.CheckConstraint(
                condition=Q(total_building_area__isnull=True) | Q(total_building_area__gt=0),
                name="estate_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str:
        return self.region_id

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.replace("，", ",").split(",") if a.strip()]

    def clean(self) -> None:
        # The partial unique constraint alone would only say "约束…是无效的": name the field instead.
        if self.region_id and self.name and not self.is_voided:
            clash = Estate._base_manager.filter(region_id=self.region_id, name=self.name, is_voided=False).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"name": _("该社区/街道已有名为“%(name)s”的小区。") % {"name": self.name}})


class EstateClassificationRecord(TimeStampedModel):
    """One A/B/C classification of an estate; the newest is the estate's current class."""

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="classification_history")
    classification = models.CharField(_("分类"), max_length=1, choices=Classification.choices)
    effective_date = models.DateField(_("生效日期"))
    reason = models.CharField(_("依据/说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("分类记录")
        verbose_name_plural = _("分类记录")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.estate} {self.classification} ({self.effective_date})"


class ManagementAreaFiling(VoidableModel):
    """物业管理区域划定备案: the filed boundary of the area one enterprise serves."""

    estate = models.ForeignKey(Estate, verbose_name=_("小区"), on_delete=models.PROTECT, related_name="management_area_filings")
    filing_number = models.CharField(_("备案编号"), max_length=60, blank=True)
    area = models.DecimalField(_("占地面积(㎡)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=POSITIVE_AREA)
    boundary = models.TextField(_("四至范围"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=FilingStatus.choices, default=FilingStatus.PENDING)
    filed_at = models.DateField(_("备案日期"), null=True, blank=True)

    objects = EstateQuerySet.for_child("estate").as_manager()

    class Meta:
        verbose_name = _("物业管理区域备案")
        verbose_name_plural = _("物业管理区域备案")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.estate} {self.filing_number or _('（未编号）')}"


class Building(VoidableModel):
    """A building (楼栋) of an estate."""

    estate = models.ForeignKey(Estate, verbose_name=_("小区"), on_delete=models.PROTECT, related_name="buildings")
    number = models.CharField(_("楼栋号"), max_length=30)
    floors = models.PositiveSmallIntegerField(_("层数"), null=True, blank=True)
    has_elevator = models.BooleanField(_("有电梯"), default=False)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["estate_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "number"], condition=Q(is_voided=False), name="building_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.estate} {self.number}"

    def clean(self) -> None:
        if self.estate_id and self.number and not self.is_voided:
            clash = Building._base_manager.filter(estate_id=self.estate_id, number=self.number, is_voided=False).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"number": _("该小区已有楼栋“%(n)s”。") % {"n": self.number}})


class Unit(VoidableModel):
    """A 专有部分: the unit that owns area and votes.

    Its area for every rule is the registry area, else the surveyed area, else the contract area.
    """

    building = models.ForeignKey(Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="units")
    estate = models.ForeignKey(Estate, verbose_name=_("小区"), on_delete=models.PROTECT, related_name="units", editable=False)
    entrance = models.CharField(_("单元"), max_length=20, blank=True, default="")
    number = models.CharField(_("房号"), max_length=30)
    floor = models.SmallIntegerField(_("楼层"), null=True, blank=True)
    usage = models.CharField(_("用途"), max_length=20, choices=UnitUsage.choices, default=UnitUsage.RESIDENTIAL)
    registry_area = models.DecimalField(_("登记面积(㎡)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=POSITIVE_AREA)
    survey_area = models.DecimalField(_("实测面积(㎡)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=POSITIVE_AREA)
    contract_area = models.DecimalField(_("合同面积(㎡)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=POSITIVE_AREA)
    delivery_status = models.CharField(
        _("交付状态"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.DELIVERED
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("房屋（专有部分）")
        verbose_name_plural = _("房屋（专有部分）")
        ordering = ["building_id", "entrance", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "entrance", "number"], condition=Q(is_voided=False), name="unit_unique_number"
            ),
            models.CheckConstraint(
                condition=(Q(registry_area__isnull=True) | Q(registry_area__gt=0))
                & (Q(survey_area__isnull=True) | Q(survey_area__gt=0))
                & (Q(contract_area__isnull=True) | Q(contract_area__gt=0)),
                name="unit_areas_positive",
            ),
        ]

    def __str__(self) -> str:
        parts = [self.building.number if self.building_id else "", self.entrance, self.number]
        return "-".join(p for p in parts if p)

    def _derive_estate(self) -> None:
        if self.building_id:
            self.estate_id = Building.objects.filter(pk=self.building_id).values_list("estate_id", flat=True).first()

    def clean_fields(self, exclude=None):
        self._derive_estate()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self._derive_estate()
        super().save(*args, **kwargs)

    @property
    def area(self) -> Decimal | None:
        from wuye.estates.rules.area import effective_area

        return effective_area(self.registry_area, self.survey_area, self.contract_area).area

    @property
    def area_source(self) -> str | None:
        from wuye.estates.rules.area import effective_area

        return effective_area(self.registry_area, self.survey_area, self.contract_area).source

    def clean(self) -> None:
        if self.building_id and self.estate_id and self.building.estate_id != self.estate_id:
            raise ValidationError(_("房屋所属小区必须与楼栋一致。"))
        if self.building_id and self.number and not self.is_voided:
            clash = Unit._base_manager.filter(
                building_id=self.building_id, entrance=self.entrance or "", number=self.number, is_voided=False
            ).exclude(pk=self.pk)
            if clash.exists():
                where = f"{self.entrance}单元" if self.entrance else ""
                raise ValidationError({"number": _("该楼栋%(where)s已有房号“%(n)s”。") % {"where": where, "n": self.number}})


class Owner(VoidableModel):
    """An owner (业主): a person or an organisation, including the developer for units it holds."""

    kind = models.CharField(_("类型"), max_length=20, choices=OwnerKind.choices, default=OwnerKind.PERSON)
    name = models.CharField(_("姓名/名称"), max_length=200, db_index=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    is_developer = models.BooleanField(_("建设单位"), default=False)

    objects = OwnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主")
        verbose_name_plural = _("业主")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OwnerKind.ORGANIZATION and self.id_number:
            raise ValidationError({"id_number": _("单位业主请填写统一社会信用代码，而不是身份证号。")})
        if self.kind == OwnerKind.PERSON and self.credit_code:
            raise ValidationError({"credit_code": _("自然人业主请填写身份证号。")})


class Ownership(VoidableModel):
    """An owner's title to a unit. Co-owners of one unit nominate one voter (GR 25)."""

    unit = models.ForeignKey(Unit, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="ownerships")
    owner = models.ForeignKey(Owner, verbose_name=_("业主"), on_delete=models.PROTECT, related_name="ownerships")
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="ownerships", editable=False)
    is_nominee = models.BooleanField(_("共有人推选的表决人"), default=False)
    since = models.DateField(_("取得日期"), null=True, blank=True)
    certificate_number = models.CharField(_("不动产权证号"), max_length=60, blank=True)

    objects = OwnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("产权关系")
        verbose_name_plural = _("产权关系")
        ordering = ["unit_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "owner"], condition=Q(is_voided=False), name="ownership_unique"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(is_voided=False, is_nominee=True), name="ownership_one_nominee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} · {self.unit}"

    def clean(self) -> None:
        if not (self.unit_id and self.owner_id) or self.is_voided:
            return
        others = Ownership._base_manager.filter(unit_id=self.unit_id, is_voided=False).exclude(pk=self.pk)
        if others.filter(owner_id=self.owner_id).exists():
            raise ValidationError({"owner": _("该业主已登记为这套房屋的产权人。")})
        if self.is_nominee and others.filter(is_nominee=True).exists():
            raise ValidationError({"is_nominee": _("这套房屋已有共有人推选的表决人，每套房屋只能有一名。")})

    def _derive_estate(self) -> None:
        if self.unit_id:
            self.estate_id = Unit.objects.filter(pk=self.unit_id).values_list("estate_id", flat=True).first()

    def clean_fields(self, exclude=None):
        self._derive_estate()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self._derive_estate()
        super().save(*args, **kwargs)
