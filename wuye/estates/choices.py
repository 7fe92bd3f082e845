from django.db import models
from django.utils.translation import gettext_lazy as _


class EstateType(models.TextChoices):
    COMMERCIAL = "commercial", _("商品房小区")
    OLD = "old", _("老旧小区")
    AFFORDABLE = "affordable", _("保障性住房")
    RESETTLEMENT = "resettlement", _("安置房小区")
    EMPLOYER = "employer", _("单位自管小区")


class ManagementMode(models.TextChoices):
    PROFESSIONAL = "professional", _("专业物业服务")
    STATE_TRUSTEESHIP = "state_trusteeship", _("国有物业托管")
    SELF_MANAGED = "self_managed", _("业主自管")
    COMMUNITY = "community", _("社区代管")
    NONE = "none", _("无物业管理")


class Classification(models.TextChoices):
    """A/B/C classification of estates (敖汉旗 2021 §三(二))."""

    A = "A", _("A类（物业服务企业管理）")
    B = "B", _("B类（单位自管/业主自管）")
    C = "C", _("C类（无物业管理）")


class AreaSource(models.TextChoices):
    """Where a unit's area comes from, in order of precedence (SPC-BOL 8; GR 23)."""

    REGISTRY = "registry", _("不动产登记面积")
    SURVEY = "survey", _("实测面积")
    CONTRACT = "contract", _("合同约定面积")


class UnitUsage(models.TextChoices):
    RESIDENTIAL = "residential", _("住宅")
    COMMERCIAL = "commercial", _("商业")
    PARKING = "parking", _("车位/车库")
    OTHER = "other", _("其他")


class DeliveryStatus(models.TextChoices):
    DELIVERED = "delivered", _("已售已交付")
    SOLD_UNDELIVERED = "sold_undelivered", _("已售未交付")
    UNSOLD = "unsold", _("未售（建设单位持有）")


class OwnerKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANIZATION = "organization", _("单位/组织")


class FilingStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    FILED = "filed", _("已备案")
    REJECTED = "rejected", _("退回")
