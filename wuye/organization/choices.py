from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyOrgKind(models.TextChoices):
    COMMUNITY = "community", _("社区党组织")
    ESTATE_BRANCH = "estate_branch", _("小区党支部")
    PARTY_GROUP = "party_group", _("楼栋/小区党小组")
    ENTERPRISE_BRANCH = "enterprise_branch", _("物业企业党支部")


class AppointedBody(models.TextChoices):
    OWNERS_COMMITTEE = "owners_committee", _("业主委员会")
    PROPERTY_MANAGEMENT_COMMITTEE = "property_management_committee", _("物业管理委员会")
    ENTERPRISE = "enterprise", _("物业服务企业")
    RESIDENTS_COMMITTEE = "residents_committee", _("社区居委会")


class AssignmentKind(models.TextChoices):
    """双包 (敖汉旗 2021 §三(一)): departments' staff to 片区, street/community staff to estates."""

    PATCH = "patch", _("部门包片区")
    ESTATE_TEAM = "estate_team", _("驻小区工作队")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("队长/包联领导")
    MEMBER = "member", _("队员")
