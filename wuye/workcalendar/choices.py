from django.db import models
from django.utils.translation import gettext_lazy as _


class DaySource(models.TextChoices):
    PACKAGE = "package", _("holidays 包推算")
    OFFICIAL = "official", _("国务院通知（导入）")
    MANUAL = "manual", _("人工更正")


class YearStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认")
    PACKAGE_FALLBACK = "package_fallback", _("未确认（按 holidays 包推算）")
    WEEKDAYS_ONLY = "weekdays_only", _("无数据（仅按周一至周五）")
