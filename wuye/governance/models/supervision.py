"""The owners' committee's own records and the street's supervision of it.

- committee meetings (R2.6, GR 37–39): request by ≥ 1/3 of members, agenda, attendance, motions
  voted by the members present (no proxies), minutes signed by the attendees, decisions posted;
- seals (R2.7, GR 41): one named custodian each, every use logged against the decision that
  authorises it; the log is append-only (a mistake is voided by a further entry with a reason);
- annual publications (000 §十四, R2.5): common-part revenue, maintenance-fund use and expenses, in fen;
- supervision orders (000 §十四): the street orders a committee decision corrected or revokes it;
- what the owners are told (posted decisions, publications, orders) is a messaging.Notice whose subject
  names the record (governance.choices.NoticeSubject).

Every row carries its ``estate`` so one scoped queryset (wuye.governance.querysets) answers who sees it.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.governance.choices import (
    BallotChoice,
    MeetingKind,
    MeetingStatus,
    MotionStatus,
    PublicationStatus,
    SealKind,
    SupervisionAction,
    SupervisionKind,
    SupervisionStatus,
)
from wuye.governance.models.decisions import FrozenRowMixin
from wuye.governance.querysets import (
    AnnualPublicationQuerySet,
    CommitteeMeetingQuerySet,
    MotionQuerySet,
    SealQuerySet,
    SupervisionOrderQuerySet,
)


class _EstateRow:
    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""


#
# Committee meetings
#


class CommitteeMeeting(_EstateRow, TimeStampedModel):
    """One meeting of a committee: requested or called, agenda posted, held, minutes, decisions posted."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    committee = models.ForeignKey("governance.Committee", verbose_name=_("组织"), on_delete=models.PROTECT,
                                  related_name="meetings")
    kind = models.CharField(_("会议类型"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    status = models.CharField(_("状态"), max_length=12, choices=MeetingStatus.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    # Requested by ≥ 1/3 of the members (GR 37): held within 7 days.
    requested_on = models.DateField(_("提议日期"), null=True, blank=True)
    request_reason = models.TextField(_("提议事由"), blank=True)
    requested_by = models.ManyToManyField("governance.CommitteeMember", verbose_name=_("提议委员"), blank=True,
                                          related_name="+")
    hold_by = models.DateField(_("应召开期限"), null=True, blank=True)
    # Agenda posted 7 days ahead (GR 39).
    scheduled_for = models.DateTimeField(_("召开时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    agenda = models.TextField(_("议程"), blank=True)
    agenda_posted_at = models.DateTimeField(_("议程公告时间"), null=True, blank=True)
    agenda_notice_days = models.IntegerField(_("议程提前公告天数"), null=True, blank=True)
    # Held: the members at that date are frozen; quorum > 1/2 present.
    held_at = models.DateTimeField(_("实际召开时间"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("在任委员人数"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("出席人数"), null=True, blank=True)
    # Minutes, signed by the attendees; decisions posted to the owners within 3 days.
    minutes = models.FileField(_("会议记录"), upload_to="governance/minutes/%Y/%m/", blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    minutes_recorded_at = models.DateTimeField(_("会议记录登记时间"), null=True, blank=True)
    decisions_due_on = models.DateField(_("决定公告期限"), null=True, blank=True)
    decisions_posted_at = models.DateTimeField(_("决定公告时间"), null=True, blank=True)
    posted_days_late = models.PositiveSmallIntegerField(_("公告逾期天数"), null=True, blank=True)
    notice = models.ForeignKey("messaging.Notice", verbose_name=_("决定公告"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = CommitteeMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("业委会会议")
        verbose_name_plural = _("业委会会议")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(present_count__isnull=True) | Q(members_total__isnull=False),
                                   name="meeting_present_needs_total"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.committee_id and not self.estate_id:
            self.estate_id = self.committee.estate_id
        super().save(*args, **kwargs)

    @property
    def agenda_notice_short(self) -> bool:
        from wuye.governance.rules.committee_meeting import AGENDA_NOTICE_DAYS

        return self.agenda_notice_days is not None and self.agenda_notice_days < AGENDA_NOTICE_DAYS


class MeetingAttendance(models.Model):
    """A member present at a meeting, and whether they signed the minutes."""

    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey("governance.CommitteeMember", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="+")
    signed_at = models.DateTimeField(_("签字确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("出席委员")
        verbose_name_plural = _("出席委员")
        ordering = ["meeting_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member"),
        ]

    def __str__(self) -> str:
        return str(self.member)


class Motion(_EstateRow, TimeStampedModel):
    """One matter decided at a meeting (业委会决定): passed with > 1/2 of ALL members, or not."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    committee = models.ForeignKey("governance.Committee", verbose_name=_("组织"), on_delete=models.PROTECT,
                                  related_name="motions", editable=False)
    meeting = models.ForeignKey(CommitteeMeeting, verbose_name=_("会议"), on_delete=models.PROTECT,
                                related_name="motions")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议题"), max_length=200)
    text = models.TextField(_("决定内容"), blank=True)
    status = models.CharField(_("结果"), max_length=10, choices=MotionStatus.choices)
    members_total = models.PositiveSmallIntegerField(_("在任委员人数"))
    yes = models.PositiveSmallIntegerField(_("同意"))
    no = models.PositiveSmallIntegerField(_("反对"))
    abstain = models.PositiveSmallIntegerField(_("弃权"))
    decided_at = models.DateTimeField(_("表决时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey("governance.SupervisionOrder", verbose_name=_("撤销依据"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = MotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("业委会决定")
        verbose_name_plural = _("业委会决定")
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="motion_unique_number"),
            models.CheckConstraint(condition=Q(yes__lte=models.F("members_total")), name="motion_yes_within_members"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting.title} 第{self.number}项：{self.title}"

    def save(self, *args, **kwargs):
        if self.meeting_id and not self.estate_id:
            self.estate_id = self.meeting.estate_id
            self.committee_id = self.meeting.committee_id
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.status == MotionStatus.REVOKED

    @property
    def is_in_force(self) -> bool:
        return self.status == MotionStatus.PASSED


class MotionVote(FrozenRowMixin, models.Model):
    """One member's own vote on a motion (GR 38: no proxies)."""

    frozen_message = "表决一经记录不能修改。"

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey("governance.CommitteeMember", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="+")
    choice = models.CharField(_("表决意见"), max_length=10, choices=BallotChoice.choices)

    class Meta:
        verbose_name = _("委员表决")
        verbose_name_plural = _("委员表决")
        ordering = ["motion_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "member"], name="motion_vote_once_per_member",
                                    violation_error_message="同一委员对同一事项只能表决一次"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_choice_display()}"


#
# Seals
#


class Seal(_EstateRow, TimeStampedModel):
    """The assembly's or the committee's seal, with its one named custodian (GR 41)."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+")
    committee = models.ForeignKey("governance.Committee", verbose_name=_("保管组织"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="seals")
    kind = models.CharField(_("印章类型"), max_length=12, choices=SealKind.choices)
    name = models.CharField(_("印章名称"), max_length=120)
    custodian_name = models.CharField(_("保管人"), max_length=50)
    custodian_member = models.ForeignKey("governance.CommitteeMember", verbose_name=_("保管委员"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    custodian_since = models.DateField(_("保管起始日"))
    retired_on = models.DateField(_("停用日期"), null=True, blank=True)

    objects = SealQuerySet.as_manager()

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        ordering = ["estate_id", "kind", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "kind"], condition=Q(retired_on__isnull=True),
                                    name="seal_one_in_use_per_estate_kind",
                                    violation_error_message=_("该小区已有在用的同类印章。")),
        ]

    def __str__(self) -> str:
        return self.name


class SealUse(_EstateRow, FrozenRowMixin, models.Model):
    """One use of a seal, or the voiding of an earlier entry. Written once, never changed.

    A use names what authorises it: a passed committee decision (committee seal) or a final, passed
    owners' joint decision (assembly seal). A voiding entry names the entry it voids and why.
    """

    frozen_message = "用印登记一经写入不能修改；如有错误，请登记作废并说明原因。"

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    seal = models.ForeignKey(Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="uses")
    used_on = models.DateField(_("用印日期"))
    document_title = models.CharField(_("用印文件"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=300)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    motion = models.ForeignKey(Motion, verbose_name=_("依据的业委会决定"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="seal_uses")
    decision = models.ForeignKey("governance.Decision", verbose_name=_("依据的业主共同决定"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    used_by = models.CharField(_("经办人"), max_length=50)
    custodian_name = models.CharField(_("保管人"), max_length=50)
    voids = models.OneToOneField("self", verbose_name=_("作废的登记"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="voided_by")
    void_reason = models.CharField(_("作废原因"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = SealQuerySet.as_manager()

    class Meta:
        verbose_name = _("用印登记")
        verbose_name_plural = _("用印登记")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(voids__isnull=False) | Q(motion__isnull=False) | Q(decision__isnull=False),
                name="seal_use_has_authority",
                violation_error_message=_("用印必须有业委会决定或业主共同决定作为依据。")),
            models.CheckConstraint(condition=Q(voids__isnull=True) | ~Q(void_reason=""),
                                   name="seal_use_void_has_reason"),
        ]

    def __str__(self) -> str:
        if self.voids_id:
            return f"作废用印登记 #{self.voids_id}"
        return f"{self.used_on} {self.document_title}"

    def save(self, *args, **kwargs):
        if self.seal_id and not self.estate_id:
            self.estate_id = self.seal.estate_id
        super().save(*args, **kwargs)


#
# Annual publications
#


class AnnualPublication(_EstateRow, TimeStampedModel):
    """A committee's yearly account to the owners (000 §十四): money in integer fen."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    committee = models.ForeignKey("governance.Committee", verbose_name=_("组织"), on_delete=models.PROTECT,
                                  related_name="publications")
    year = models.PositiveSmallIntegerField(_("年度"))
    due_on = models.DateField(_("公布期限"))
    common_revenue_fen = models.BigIntegerField(_("共有部分经营收益（分）"))
    fund_use_fen = models.BigIntegerField(_("维修资金使用（分）"))
    expenses_fen = models.BigIntegerField(_("工作经费开支（分）"))
    details = models.TextField(_("明细说明"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="governance/publications/%Y/", blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("公布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey("messaging.Notice", verbose_name=_("公告"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")

    objects = AnnualPublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度收支公布")
        verbose_name_plural = _("年度收支公布")
        ordering = ["committee_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="publication_once_per_committee_year",
                                    violation_error_message=_("该组织该年度已有公布记录。")),
            models.CheckConstraint(condition=Q(common_revenue_fen__gte=0, fund_use_fen__gte=0, expenses_fen__gte=0),
                                   name="publication_amounts_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} 年度收支公布"

    def save(self, *args, **kwargs):
        if self.committee_id and not self.estate_id:
            self.estate_id = self.committee.estate_id
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


#
# Supervision orders
#


class SupervisionOrder(_EstateRow, TimeStampedModel):
    """The street's order on a committee decision: correct it by a deadline (整改), or revoke it (撤销)."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT, related_name="+",
                               editable=False)
    committee = models.ForeignKey("governance.Committee", verbose_name=_("组织"), on_delete=models.PROTECT,
                                  related_name="supervision_orders", editable=False)
    motion = models.ForeignKey(Motion, verbose_name=_("业委会决定"), on_delete=models.PROTECT,
                               related_name="supervision_orders")
    kind = models.CharField(_("督办类型"), max_length=12, choices=SupervisionKind.choices)
    status = models.CharField(_("状态"), max_length=12, choices=SupervisionStatus.choices)
    reason = models.TextField(_("违反的规定及事实"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("下达时间"))
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下达人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField(_("下达单位"), max_length=120)
    report = models.TextField(_("整改情况报告"), blank=True)
    report_document = models.FileField(_("整改报告附件"), upload_to="governance/supervision/%Y/%m/", blank=True)
    report_document_sha256 = models.CharField(max_length=64, blank=True)
    responded_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    conclusion = models.TextField(_("街道意见"), blank=True)

    objects = SupervisionOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("业委会决定督办")
        verbose_name_plural = _("业委会决定督办")
        ordering = ["-ordered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["motion"], condition=Q(status__in=("ordered", "responded")),
                                    name="supervision_one_open_per_motion",
                                    violation_error_message=_("该决定已有未结束的督办。")),
            models.CheckConstraint(condition=~Q(kind="correction") | Q(deadline__isnull=False),
                                   name="supervision_correction_has_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.motion.title}"

    def save(self, *args, **kwargs):
        if self.motion_id and not self.estate_id:
            self.estate_id = self.motion.estate_id
            self.committee_id = self.motion.committee_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in (SupervisionStatus.ORDERED, SupervisionStatus.RESPONDED)


class SupervisionEvent(models.Model):
    """One step of a supervision order: who did what, from which status to which, and why."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=10, choices=SupervisionAction.choices)
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12)
    note = models.TextField(_("说明"), blank=True)
    notice = models.ForeignKey("messaging.Notice", verbose_name=_("公告"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["order_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
