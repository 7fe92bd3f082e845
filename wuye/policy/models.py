"""Policy profiles: per-region overrides of the national parameter defaults."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.core.querysets import ScopedQuerySet
from wuye.policy.rules.parameters import ParameterError, get_definition


class PolicyValueQuerySet(ScopedQuerySet):
    scope_lookups = {"region": "region__code"}


class PolicyValue(TimeStampedModel):
    """One parameter of a region's policy profile; descendants inherit it unless they override it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="policy_values")
    key = models.CharField(_("参数"), max_length=60)
    value = models.JSONField(_("取值"), null=True)
    note = models.CharField(_("依据/文号"), max_length=300, blank=True)
    updated_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = PolicyValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策参数")
        verbose_name_plural = _("政策参数")
        ordering = ["region_id", "key"]
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="policy_value_unique")]

    def __str__(self) -> str:
        return f"{self.region} · {self.key} = {self.value}"

    @property
    def region_code(self) -> str:
        return self.region_id

    def clean(self) -> None:
        try:
            self.value = get_definition(self.key).parse(self.value)
        except ParameterError as exc:
            raise ValidationError({"value": str(exc)}) from None
