from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    DISTRICT = 3, _("区/县/旗")
    STREET = 4, _("街道/乡镇")
    COMMUNITY = 5, _("社区/村")


# Significant digits of the 12-digit statistical code at each level (GB/T 2260 + NBS).
PREFIX_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.DISTRICT: 6,
    RegionLevel.STREET: 9,
    RegionLevel.COMMUNITY: 12,
}


class DepartmentKind(models.TextChoices):
    HOUSING = "housing", _("住房和城乡建设")
    STREET_OFFICE = "street_office", _("街道物业办")
    URBAN_MANAGEMENT = "urban_management", _("城市管理综合执法")
    MARKET_REGULATION = "market_regulation", _("市场监督管理")
    FIRE = "fire", _("消防救援")
    PUBLIC_SECURITY = "public_security", _("公安")
    DEVELOPMENT_REFORM = "development_reform", _("发展和改革")
    HEALTH = "health", _("卫生健康")
    ECOLOGY = "ecology", _("生态环境")
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    JUSTICE = "justice", _("司法")
    PETITIONS = "petitions", _("信访")
    EDUCATION = "education", _("教育")
    INDUSTRY_IT = "industry_it", _("工业和信息化")
    HUMAN_RESOURCES = "human_resources", _("人力资源和社会保障")
    NATURAL_RESOURCES = "natural_resources", _("自然资源和规划")
    CIVIL_AIR_DEFENCE = "civil_air_defence", _("人防")
    REAL_ESTATE_REGISTRATION = "real_estate_registration", _("不动产登记")
    CULTURE_SPORTS = "culture_sports", _("文化旅游体育")
    MEDIATION = "mediation", _("人民调解委员会")
    UTILITY = "utility", _("公用事业单位")
