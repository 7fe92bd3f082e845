"""Shared kernel: base models, the audit log and import jobs."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.choices import AuditAction, ImportStatus
from wuye.core.querysets import ScopedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class VoidableModel(TimeStampedModel):
    """An official record: never deleted, only voided (作废) with a reason."""

    is_voided = models.BooleanField(_("已作废"), default=False, db_index=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change to an official record by a person or system: who, when, what, before and after."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_entries",
    )
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.CharField(_("对象ID"), max_length=64, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.CharField(_("原因/说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ImportJobQuerySet(ScopedQuerySet):
    scope_lookups = {"region": "region_code"}

    def visible_to(self, user):
        """Jobs in the user's regions, and the user's own."""
        return super().visible_to(user) | self.filter(actor_id=getattr(user, "pk", None))


class ImportJob(models.Model):
    """One Excel import: all rows committed together, or none with a row-by-row error report."""

    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("导入类型"), max_length=40)
    filename = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.get_status_display()})"
