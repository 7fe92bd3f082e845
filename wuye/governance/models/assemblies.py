"""The owners' assembly (业主大会) from the owners' application to its first meeting (R2.1).

An ``OwnersAssembly`` row is opened by the owners' written application; the street office forms its
``PreparatoryGroup`` (筹备组) with ``PreparatoryGroupMember`` rows; the group publishes the roll and
the drafts (``AssemblyDocument`` versions); the first meeting's decisions make it ESTABLISHED.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.governance.choices import AssemblyStatus, DocumentKind, DocumentStage, PrepMemberKind
from wuye.governance.querysets import AssemblyChildQuerySet, AssemblyQuerySet


class OwnersAssembly(TimeStampedModel):
    """An estate's owners' assembly: at most one live (not abandoned) per estate."""

    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="owners_assemblies")
    status = models.CharField(_("状态"), max_length=16, choices=AssemblyStatus.choices,
                              default=AssemblyStatus.APPLIED)
    # The owners' written application (GR 6–7).
    applied_on = models.DateField(_("书面申请日期"))
    applicants = models.ManyToManyField("estates.Owner", verbose_name=_("申请业主"), related_name="+")
    application_document = models.FileField(_("书面申请"), upload_to="governance/assemblies/%Y/%m/", blank=True)
    application_document_sha256 = models.CharField(max_length=64, blank=True)
    # The delivered-area check at application (R2.1: > 50 %), frozen as the numbers seen then.
    delivered_area = models.DecimalField(_("已交付面积(㎡)"), max_digits=14, decimal_places=2)
    total_area = models.DecimalField(_("总面积(㎡)"), max_digits=14, decimal_places=2)
    formation_due_on = models.DateField(_("筹备组组建期限"))
    # The first meeting.
    meeting_planned_on = models.DateField(_("首次会议计划日期"), null=True, blank=True)
    first_meeting_on = models.DateField(_("首次会议日期"), null=True, blank=True)
    rules_decision = models.ForeignKey("governance.Decision", verbose_name=_("议事规则表决"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    statute_decision = models.ForeignKey("governance.Decision", verbose_name=_("管理规约表决"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    election_decision = models.ForeignKey("governance.Decision", verbose_name=_("选举业委会表决"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    # A meeting held off the platform: an official records the result with the minutes attached.
    offline_result = models.BooleanField(_("线下会议结果（非平台表决）"), default=False)
    offline_document = models.FileField(_("线下会议决议/记录"), upload_to="governance/assemblies/%Y/%m/", blank=True)
    offline_document_sha256 = models.CharField(max_length=64, blank=True)
    offline_note = models.CharField(_("线下会议说明"), max_length=500, blank=True)
    offline_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("线下结果录入人"), null=True,
                                            blank=True, on_delete=models.PROTECT, related_name="+")
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=300, blank=True)

    objects = AssemblyQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主大会")
        verbose_name_plural = _("业主大会")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["estate"], condition=~Q(status="abandoned"),
                                    name="assembly_one_live_per_estate",
                                    violation_error_message=_("该小区已有业主大会或正在筹备，不能重复申请。")),
        ]

    def __str__(self) -> str:
        return f"{self.estate}业主大会"

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""


class PreparatoryGroup(TimeStampedModel):
    """The 筹备组 the street office forms (GR 7–12): odd size, owners ≥ 1/2, leader from the street."""

    assembly = models.OneToOneField(OwnersAssembly, verbose_name=_("业主大会"), on_delete=models.PROTECT,
                                    related_name="preparatory_group")
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="preparatory_groups", editable=False)
    formed_on = models.DateField(_("组建日期"))
    convene_due_on = models.DateField(_("首次会议召开期限"))
    member_list_published_on = models.DateField(_("成员名单公示日期"), null=True, blank=True)
    # The roll (R1.5/R1.6) generated from the registry: identities, headcount and areas.
    roll = models.JSONField(_("业主名册"), null=True, blank=True)
    roll_sha256 = models.CharField(max_length=64, blank=True)
    roll_published_on = models.DateField(_("名册公示日期"), null=True, blank=True)
    drafts_published_on = models.DateField(_("草案公示日期"), null=True, blank=True)
    candidates_note = models.TextField(_("候选人产生办法和选举办法"), blank=True)
    dissolved_on = models.DateField(_("解散日期"), null=True, blank=True)

    objects = AssemblyChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("首次业主大会筹备组")
        verbose_name_plural = _("首次业主大会筹备组")
        ordering = ["-formed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.estate}首次业主大会筹备组"

    def save(self, *args, **kwargs):
        if self.assembly_id and not self.estate_id:
            self.estate_id = self.assembly.estate_id
        super().save(*args, **kwargs)

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""


class PreparatoryGroupMember(models.Model):
    """One member of a 筹备组."""

    group = models.ForeignKey(PreparatoryGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("身份"), max_length=24, choices=PrepMemberKind.choices)
    owner = models.ForeignKey("estates.Owner", verbose_name=_("业主"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        verbose_name = _("筹备组成员")
        verbose_name_plural = _("筹备组成员")
        ordering = ["group_id", "-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group"], condition=Q(is_leader=True), name="prep_group_one_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class AssemblyDocument(TimeStampedModel):
    """One version of the rules of procedure or the management statute: a new row, never overwritten."""

    assembly = models.ForeignKey(OwnersAssembly, verbose_name=_("业主大会"), on_delete=models.PROTECT,
                                 related_name="documents")
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    kind = models.CharField(_("文件"), max_length=24, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    stage = models.CharField(_("阶段"), max_length=12, choices=DocumentStage.choices, default=DocumentStage.DRAFT)
    file = models.FileField(_("文件"), upload_to="governance/documents/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    decision = models.ForeignKey("governance.Decision", verbose_name=_("通过该版本的共同决定"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = AssemblyChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("议事规则/管理规约版本")
        verbose_name_plural = _("议事规则/管理规约版本")
        ordering = ["assembly_id", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "kind", "version"], name="assembly_document_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}（{self.get_stage_display()}）"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("文件版本一经上传不能修改，请上传新版本。")
        if self.assembly_id and not self.estate_id:
            self.estate_id = self.assembly.estate_id
        super().save(*args, **kwargs)

    @property
    def region_code(self) -> str:
        return self.estate.region_id if self.estate_id else ""
