"""Outgoing text messages (短信) and notices to owners (公告)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.estates.querysets import EstateQuerySet
from wuye.messaging.choices import SmsPurpose, SmsStatus


class SmsMessage(models.Model):
    """One text message handed to the SMS backend; with the embedded backend it is only stored (the outbox)."""

    phone = models.CharField(_("手机号"), max_length=20, db_index=True)
    body = models.TextField(_("内容"))
    purpose = models.CharField(_("用途"), max_length=20, choices=SmsPurpose.choices)
    status = models.CharField(_("状态"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    backend = models.CharField(_("发送通道"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("短信")
        verbose_name_plural = _("短信")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone} {self.get_purpose_display()}"


class Notice(models.Model):
    """A notice published to the owners of an estate, with an optional attachment; never changed once published.

    Meeting notices of owners' decisions (R1.12), committee decisions posted to the owners, annual
    accounts, the street's supervision orders: one board. ``subject`` names what it is about
    ("governance.decision:12", "governance.supervision_order:3"), so a capability can attach notices to
    its records without a foreign key into it; the source label comes from the subject's kind
    (wuye.messaging.notices).
    """

    frozen_message = _("公告一经发布不能修改。")

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="notices")
    subject = models.CharField(_("事项"), max_length=100, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="messaging/notices/%Y/%m/", null=True, blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # The publishing body as the owners read it ("天中花园业主委员会", "人民街街道办事处").
    publisher = models.CharField(_("发布单位"), max_length=120, blank=True)

    # Officials in scope, the estate's committee, and its owners read an estate's notices.
    objects = EstateQuerySet.for_child("estate").as_manager()

    class Meta:
        verbose_name = _("公告")
        verbose_name_plural = _("公告")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # What the owners were told stays as it was told: a correction is a further notice.
        if not self._state.adding:
            raise ValueError(str(self.frozen_message))
        super().save(*args, **kwargs)

    @property
    def source_label(self) -> str:
        from wuye.messaging.notices import subject_label

        return str(subject_label(self.subject))

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""
