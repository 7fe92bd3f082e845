"""Owners' joint decisions (业主共同决定, CC 278): the decision, its frozen roll and the ballots."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.governance.choices import BallotChannel, BallotChoice, DecisionStatus, OrganiserKind
from wuye.governance.querysets import BallotQuerySet, DecisionQuerySet, RollEntryQuerySet
from wuye.governance.rules.ballot import MATTERS


class Decision(TimeStampedModel):
    """One matter put to the owners of an estate; its roll is frozen when voting opens."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="decisions")
    matter = models.PositiveSmallIntegerField(_("表决事项"), choices=sorted(MATTERS.items()))
    title = models.CharField(_("议题"), max_length=200)
    organiser = models.CharField(_("组织者"), max_length=20, choices=OrganiserKind.choices)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(_("状态"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    result = models.JSONField(_("统计结果"), null=True, blank=True)
    chain_head = models.CharField(_("选票链末端哈希"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    objection_until = models.DateTimeField(_("异议期截止"), null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("共同决定")
        verbose_name_plural = _("共同决定")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(matter__gte=1, matter__lte=9), name="decision_matter_1_9"),
        ]

    def __str__(self) -> str:
        return f"{self.estate} {self.title}"

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""

    @property
    def result_published(self) -> bool:
        """The preliminary or final result is public: before it, nobody sees a yes/no count."""
        return self.status in (DecisionStatus.PRELIMINARY, DecisionStatus.FINAL)

    @property
    def choices_public(self) -> bool:
        """Each ballot's choice may be shown: the result is public, or it was before the decision
        was voided (a void after the count does not hide what was published)."""
        return self.result_published or (self.status == DecisionStatus.VOIDED and bool(self.result))


class FrozenRowMixin:
    """A row written once and never updated (the frozen roll, a cast ballot)."""

    frozen_message = "该记录一经写入不能修改。"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(self.frozen_message)
        super().save(*args, **kwargs)


class RollEntry(FrozenRowMixin, models.Model):
    """One voter on a decision's roll (R1.6): a person, their units and area, frozen at opening."""

    frozen_message = "表决名册在开始表决时已冻结，不能修改。"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="roll")
    voter_key = models.CharField(_("表决人标识"), max_length=64)
    area = models.DecimalField(_("专有部分面积(㎡)"), max_digits=14, decimal_places=4)
    persons = models.PositiveSmallIntegerField(_("人数"), default=1)
    units = models.JSONField(_("房屋ID"), default=list)
    unit_labels = models.JSONField(_("房屋"), default=list)
    owner = models.ForeignKey("estates.Owner", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_developer = models.BooleanField(_("建设单位"), default=False)
    speakers = models.JSONField(_("可代表投票的人"), default=list)
    co_owners = models.JSONField(_("未被推选的共有人"), default=list)

    objects = RollEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("表决名册条目")
        verbose_name_plural = _("表决名册")
        ordering = ["decision_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "voter_key"], name="rollentry_unique_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_key} {self.area}㎡"


class Ballot(FrozenRowMixin, models.Model):
    """One voter's ballot: cast once, never changed, chained to the previous ballot by its hash."""

    frozen_message = "已投票，不能重复投票或修改"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="ballots")
    roll_entry = models.ForeignKey(RollEntry, on_delete=models.PROTECT, related_name="ballots")
    cast_as = models.CharField(_("投票人标识"), max_length=64)
    choice = models.CharField(_("表决意见"), max_length=10, choices=BallotChoice.choices)
    channel = models.CharField(_("投票方式"), max_length=12, choices=BallotChannel.choices)
    cast_at = models.DateTimeField(_("投票时间"))
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    proxy_document = models.FileField(_("授权委托书"), upload_to="governance/proxies/%Y/%m/", null=True, blank=True)
    proxy_document_sha256 = models.CharField(max_length=64, blank=True)
    scanned_ballot = models.FileField(_("纸质表决票扫描件"), upload_to="governance/ballots/%Y/%m/", null=True,
                                      blank=True)
    scanned_ballot_sha256 = models.CharField(max_length=64, blank=True)
    sequence = models.PositiveIntegerField(_("序号"))
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    receipt_code = models.CharField(_("回执码"), max_length=12, db_index=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        ordering = ["decision_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "roll_entry"], name="ballot_one_per_voter",
                                    violation_error_message="已投票，不能重复投票或修改"),
            models.UniqueConstraint(fields=["decision", "sequence"], name="ballot_unique_sequence"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.receipt_code}"
