"""The administrative tree: province → city → district → street → community, and government bodies."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.regions.choices import PREFIX_LENGTH, DepartmentKind, RegionLevel
from wuye.regions.querysets import DepartmentQuerySet, RegionQuerySet


def code_prefix(code: str, level: int) -> str:
    """The significant digits of a 12-digit code: every descendant's code starts with them."""
    return code[: PREFIX_LENGTH[RegionLevel(level)]]


class Region(models.Model):
    """A node of the administrative tree, keyed by its 12-digit statistical division code.

    Codes above community level are real (NBS 统计用区划代码); a descendant's code starts with
    its ancestor's significant digits, so "everything under X" is a prefix match on the code.
    """

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    full_name = models.CharField(_("全称"), max_length=300, blank=True)
    is_generated = models.BooleanField(
        _("演示生成"), default=False, help_text=_("社区/村名单未导入时由演示数据生成，名称带“（生成）”")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return code_prefix(self.code, self.level)

    def ancestor_codes(self) -> list[str]:
        """Codes of this node and every ancestor, nearest first, derived from the code itself."""
        codes = []
        for level in range(self.level, 0, -1):
            n = PREFIX_LENGTH[RegionLevel(level)]
            codes.append(self.code[:n].ljust(12, "0"))
        return list(dict.fromkeys(codes))

    def ancestors(self) -> list[Region]:
        """Ancestors from the province down, excluding self."""
        codes = self.ancestor_codes()[1:]
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in reversed(codes) if c in found]


class Department(TimeStampedModel):
    """A government body in a region: 住建局, 街道物业办, 城管, 市场监管 … (职能部门)."""

    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="departments")
    kind = models.CharField(_("类别"), max_length=32, choices=DepartmentKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    duties = models.TextField(_("职责"), blank=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("职能部门")
        verbose_name_plural = _("职能部门")
        ordering = ["region_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name
