"""Enumerations of outgoing messages."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    OUTBOX = "outbox", _("已写入发件箱（未真实发送）")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class SmsPurpose(models.TextChoices):
    LOGIN_CODE = "login_code", _("登录验证码")
    BALLOT_RECEIPT = "ballot_receipt", _("投票回执")
    NOTICE = "notice", _("通知")
