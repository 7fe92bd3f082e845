"""Bookkeeping for generated demo data: which rows a generator run created, so --reset removes only those."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratorRun(models.Model):
    """One run of the demo data generator for a city or province prefix.

    ``id_ranges`` maps "app_label.Model" to [min_id, max_id] of the rows the run created (all in one
    transaction); ``community_codes`` lists the generated community regions it created.
    """

    prefix = models.CharField(_("区划前缀"), max_length=6, db_index=True)
    scale = models.CharField(_("规模"), max_length=16)
    seed = models.BigIntegerField(_("随机种子"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    id_ranges = models.JSONField(_("生成记录ID范围"), default=dict)
    community_codes = models.JSONField(_("生成的社区代码"), default=list)
    counts = models.JSONField(_("数量"), default=dict)

    class Meta:
        verbose_name = _("演示数据生成记录")
        verbose_name_plural = _("演示数据生成记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix} {self.scale} seed={self.seed}"
