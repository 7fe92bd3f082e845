"""Owners' committees (业委会) and property management committees (物管会), their members and alerts.

A ``Committee``'s ``status`` follows its term (R2.9) and is moved only by the services and the sweep;
its filing (备案, R2.4) is ``filed_on``. Member changes are ``MembershipChange`` rows, each filed
within 30 days. ``GovernanceAlert`` is the generic warning row the sweep raises and resolves.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.governance.choices import (
    AlertKind,
    AlertLevel,
    ChangeKind,
    CommitteeKind,
    CommitteeStatus,
    MemberEndReason,
    MemberKind,
    MemberPosition,
)
from wuye.governance.querysets import AlertQuerySet, CommitteeChildQuerySet, CommitteeQuerySet

LIVE_STATUSES = (CommitteeStatus.ACTIVE, CommitteeStatus.REELECTION_DUE, CommitteeStatus.OVERDUE,
                 CommitteeStatus.HANDOVER_DUE)


class Committee(TimeStampedModel):
    """An owners' committee or a property management committee of one estate, for one term."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="committees")
    kind = models.CharField(_("类型"), max_length=32, choices=CommitteeKind.choices)
    assembly = models.ForeignKey("governance.OwnersAssembly", verbose_name=_("业主大会"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="committees")
    name = models.CharField(_("名称"), max_length=120)
    status = models.CharField(_("状态"), max_length=16, choices=CommitteeStatus.choices,
                              default=CommitteeStatus.ACTIVE)
    seats = models.PositiveSmallIntegerField(_("委员名额"))
    # Election (业委会) or formation by the street (物管会).
    elected_on = models.DateField(_("选举/组建日期"))
    term_start = models.DateField(_("任期起算日"))
    term_end = models.DateField(_("任期届满日"))
    election_decision = models.ForeignKey("governance.Decision", verbose_name=_("选举表决"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    offline_result = models.BooleanField(_("线下选举结果（非平台表决）"), default=False)
    offline_document = models.FileField(_("选举结果/组建文件"), upload_to="governance/committees/%Y/%m/", blank=True)
    offline_document_sha256 = models.CharField(max_length=64, blank=True)
    # Filing with the district housing authority and the street office (R2.4).
    filing_due_on = models.DateField(_("备案期限"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_number = models.CharField(_("备案编号"), max_length=60, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("备案经办人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # 物管会 only: to be dissolved by this date because an owners' committee registered (R2.10).
    dissolution_due_on = models.DateField(_("应解散日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止/解散日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=300, blank=True)
    predecessor = models.OneToOneField("self", verbose_name=_("上一届"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="successor")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("业委会/物管会")
        verbose_name_plural = _("业委会/物管会")
        ordering = ["estate_id", "kind", "-elected_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "kind"], condition=Q(status__in=LIVE_STATUSES),
                                    name="committee_one_live_per_estate_kind",
                                    violation_error_message=_("该小区已有在任的同类组织。")),
            models.CheckConstraint(condition=Q(term_end__gt=F("term_start")), name="committee_term_ordered"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="committee_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def is_owners_committee(self) -> bool:
        return self.kind == CommitteeKind.OWNERS_COMMITTEE


class CommitteeMember(TimeStampedModel):
    """One seat held by one person for a period; ``until`` set when the membership ends."""

    committee = models.ForeignKey(Committee, verbose_name=_("组织"), on_delete=models.PROTECT,
                                  related_name="members")
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    # Null for a 物管会's 居委会 members and occupants, who are not owners.
    owner = models.ForeignKey("estates.Owner", verbose_name=_("业主"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="committee_memberships")
    kind = models.CharField(_("身份"), max_length=24, choices=MemberKind.choices, default=MemberKind.OWNER)
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=12, choices=MemberPosition.choices,
                                default=MemberPosition.MEMBER)
    is_party_member = models.BooleanField(_("中共党员"), default=False)
    since = models.DateField(_("任职日期"))
    until = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=16, choices=MemberEndReason.choices, blank=True)

    objects = CommitteeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["committee_id", "until", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "owner"], condition=Q(until__isnull=True, owner__isnull=False),
                                    name="committee_member_owner_once",
                                    violation_error_message=_("该业主已是本届委员。")),
            models.UniqueConstraint(fields=["committee"], condition=Q(until__isnull=True, position="chair"),
                                    name="committee_one_chair", violation_error_message=_("一个组织只能有一名主任。")),
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                                   name="committee_member_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_position_display()}）"

    def save(self, *args, **kwargs):
        if self.committee_id and not self.estate_id:
            self.estate_id = self.committee.estate_id
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.until is None

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""


class MembershipChange(TimeStampedModel):
    """A member joining or leaving mid-term: reported to the authorities within 30 days (R2.4, GR 34)."""

    committee = models.ForeignKey(Committee, verbose_name=_("组织"), on_delete=models.PROTECT,
                                  related_name="changes")
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    member = models.ForeignKey(CommitteeMember, verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="changes")
    kind = models.CharField(_("变更"), max_length=8, choices=ChangeKind.choices)
    occurred_on = models.DateField(_("变更日期"))
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    filing_due_on = models.DateField(_("备案期限"))
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("备案经办人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    automatic = models.BooleanField(_("系统自动记录"), default=False)

    objects = CommitteeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员变更")
        verbose_name_plural = _("委员变更")
        ordering = ["committee_id", "-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="membership_change_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.get_kind_display()} {self.occurred_on}"

    def save(self, *args, **kwargs):
        if self.committee_id and not self.estate_id:
            self.estate_id = self.committee.estate_id
        super().save(*args, **kwargs)

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""


class GovernanceAlert(models.Model):
    """A warning to the street about an estate's self-governance (a limit near or passed).

    Raised and resolved by sweeps: one open alert per ``key`` (e.g. ``committee_filing:12``); it is
    resolved automatically when its condition clears. Other capabilities raise their own kinds.
    """

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="governance_alerts")
    committee = models.ForeignKey(Committee, verbose_name=_("组织"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="alerts")
    assembly = models.ForeignKey("governance.OwnersAssembly", verbose_name=_("业主大会"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(_("类型"), max_length=32, choices=AlertKind.choices)
    key = models.CharField(_("标识"), max_length=80)
    level = models.CharField(_("级别"), max_length=8, choices=AlertLevel.choices, default=AlertLevel.WARNING)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    message = models.CharField(_("内容"), max_length=500)
    raised_at = models.DateTimeField(_("发出时间"))
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主自治预警")
        verbose_name_plural = _("业主自治预警")
        ordering = ["resolved_at", "due_on", "-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(resolved_at__isnull=True), name="alert_one_open_per_key"),
        ]
        indexes = [models.Index(fields=["kind", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.message}"

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
