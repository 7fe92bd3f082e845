from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("存续")
    SUSPENDED = "suspended", _("停业")
    DEREGISTERED = "deregistered", _("注销")


class ContractKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("前期物业服务合同")
    ASSEMBLY_HIRED = "assembly_hired", _("业主大会选聘")
    TRUSTEESHIP = "trusteeship", _("托管/应急托管")


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("履行中")
    HOLDOVER = "holdover", _("交接期继续服务")
    ENDED = "ended", _("已终止")
    VOIDED = "voided", _("已作废")


class ContractFilingStatus(models.TextChoices):
    UNFILED = "unfiled", _("未备案")
    PENDING = "pending", _("备案审核中")
    FILED = "filed", _("已备案")
    REJECTED = "rejected", _("备案退回")


class CertificateKind(models.TextChoices):
    PROJECT_MANAGER = "project_manager", _("物业项目经理")
    ELECTRICIAN = "electrician", _("电工作业")
    ELEVATOR = "elevator", _("电梯安全管理")
    FIRE_CONTROL = "fire_control", _("消防设施操作员")
    BOILER = "boiler", _("锅炉作业")
    OTHER = "other", _("其他")


class StaffPosition(models.TextChoices):
    MANAGER = "manager", _("项目经理")
    LEGAL_REP = "legal_rep", _("法定代表人")
    ENGINEER = "engineer", _("工程维修")
    SECURITY = "security", _("秩序维护")
    CLEANING = "cleaning", _("保洁")
    CUSTOMER_SERVICE = "customer_service", _("客服")
    OTHER = "other", _("其他")
