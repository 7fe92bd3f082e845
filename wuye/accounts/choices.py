from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    CITY_BUREAU = "city_bureau", _("市住建局（物业科）")
    DISTRICT_BUREAU = "district_bureau", _("区县住建局")
    STREET_OFFICE = "street_office", _("街道/乡镇物业办")
    COMMUNITY_LIAISON = "community_liaison", _("社区/村物管员")
    DEPARTMENT = "department", _("职能部门")
    ENTERPRISE_STAFF = "enterprise_staff", _("物业服务企业人员")
    COMMITTEE_MEMBER = "committee_member", _("业委会/物管会成员")
    OWNER = "owner", _("业主")


# Officials who hold a region and may change the registry inside it.
OFFICIAL_ROLES = frozenset({Role.CITY_BUREAU, Role.DISTRICT_BUREAU, Role.STREET_OFFICE, Role.COMMUNITY_LIAISON})

# What each role's assignment must name.
ROLE_TARGET = {
    Role.PLATFORM_ADMIN: None,
    Role.CITY_BUREAU: "region",
    Role.DISTRICT_BUREAU: "region",
    Role.STREET_OFFICE: "region",
    Role.COMMUNITY_LIAISON: "region",
    Role.DEPARTMENT: "department",
    Role.ENTERPRISE_STAFF: "enterprise",
    Role.COMMITTEE_MEMBER: "estate",
    Role.OWNER: "owner",
}

# Targets a role may name besides its own. A committee member's account may name the member's
# owner record: the role then lapses when that owner stops being a member (wuye.governance).
ROLE_OPTIONAL_TARGETS = {
    Role.COMMITTEE_MEMBER: ("owner",),
}

# The region level each official role sits at.
ROLE_REGION_LEVEL = {
    Role.CITY_BUREAU: 2,
    Role.DISTRICT_BUREAU: 3,
    Role.STREET_OFFICE: 4,
    Role.COMMUNITY_LIAISON: 5,
}
