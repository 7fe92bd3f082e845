"""Enumerations of owners' joint decisions (业主共同决定)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已截止")
    PRELIMINARY = "preliminary", _("初步结果（异议期）")
    FINAL = "final", _("最终结果")
    VOIDED = "voided", _("已作废")


class OrganiserKind(models.TextChoices):
    COMMITTEE = "committee", _("业主委员会")
    PREPARATORY_GROUP = "preparatory_group", _("首次业主大会筹备组")
    STREET = "street", _("街道办事处/乡镇人民政府")


class BallotChoice(models.TextChoices):
    YES = "yes", _("同意")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")


class BallotChannel(models.TextChoices):
    ELECTRONIC = "electronic", _("电子投票")
    PAPER = "paper", _("纸质表决票")
    PROXY = "proxy", _("书面委托代理")
