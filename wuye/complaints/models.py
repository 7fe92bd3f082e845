"""Complaints and work orders: the 12345 lifecycle, the responsibility catalog, mediation."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.complaints.choices import (
    AssignmentRole,
    Channel,
    ClassificationSource,
    ExtensionStatus,
    MediationStatus,
    RequestKind,
    ReturnReason,
    Satisfaction,
    SupervisionLevel,
    Urgency,
    WorkOrderAction,
    WorkOrderStatus,
)
from wuye.complaints.querysets import CatalogQuerySet, WorkOrderChildQuerySet, WorkOrderQuerySet
from wuye.core.models import TimeStampedModel
from wuye.regions.choices import DepartmentKind


class CatalogVersion(TimeStampedModel):
    """One version of a city's responsibility catalog (职责清单). Orders keep the version they used."""

    region = models.ForeignKey("regions.Region", verbose_name=_("城市"), on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("版本号"))
    is_active = models.BooleanField(_("现行版本"), default=False)
    note = models.CharField(_("说明/文号"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = _("职责清单版本")
        verbose_name_plural = _("职责清单版本")
        ordering = ["region_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="catalog_version_unique"),
            models.UniqueConstraint(fields=["region"], condition=Q(is_active=True), name="catalog_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.region} 职责清单 v{self.number}"


class CatalogEntry(models.Model):
    """A matter category and the department kind responsible for it at one level of the tree."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("事项代码"), max_length=40)
    name = models.CharField(_("事项"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    department_kind = models.CharField(_("责任部门类别"), max_length=32, choices=DepartmentKind.choices)
    level = models.PositiveSmallIntegerField(_("承办层级"), choices=[(3, _("区县")), (4, _("街道/乡镇"))], default=3)
    supervisor_kind = models.CharField(_("监督/指导部门"), max_length=32, choices=DepartmentKind.choices, blank=True)
    deadline_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True,
                                                     help_text=_("空为政策参数默认值"))
    urgent_deadline_days = models.PositiveSmallIntegerField(_("紧急件时限（工作日）"), null=True, blank=True)

    class Meta:
        verbose_name = _("职责清单事项")
        verbose_name_plural = _("职责清单事项")
        ordering = ["version_id", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="catalog_entry_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_department_kind_display()}）"


class WorkOrder(TimeStampedModel):
    """A 工单: one request from an owner or the hotline, followed from intake to archive."""

    number = models.CharField(_("工单编号"), max_length=32, unique=True)
    external_number = models.CharField(_("12345工单编号"), max_length=64, blank=True, db_index=True)
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("诉求类型"), max_length=16, choices=RequestKind.choices, default=RequestKind.COMPLAINT)
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("诉求内容"))
    address = models.CharField(_("地址"), max_length=300, blank=True)
    complainant_name = models.CharField(_("诉求人"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    complainant_owner = models.ForeignKey("estates.Owner", verbose_name=_("业主档案"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="work_orders")
    complainant_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="submitted_work_orders")
    region = models.ForeignKey("regions.Region", verbose_name=_("属地（街道/社区）"), on_delete=models.PROTECT,
                               related_name="work_orders")
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="work_orders")
    address_resolved = models.BooleanField(_("地址已识别到小区"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=WorkOrderStatus.choices, default=WorkOrderStatus.RECEIVED,
                              db_index=True)
    category = models.ForeignKey(CatalogEntry, verbose_name=_("事项分类"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="work_orders")
    classification_source = models.CharField(_("分类方式"), max_length=10, choices=ClassificationSource.choices, blank=True)
    classification_confidence = models.DecimalField(_("分类置信度"), max_digits=4, decimal_places=3, null=True, blank=True)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    ack_deadline_at = models.DateTimeField(_("签收时限"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("办理时限"), null=True, blank=True, db_index=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=16, choices=Satisfaction.choices, blank=True)
    resolved = models.BooleanField(_("问题已解决"), null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("退单次数"), default=0)
    redo_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    final_ruling = models.BooleanField(_("已终裁（不可再退单）"), default=False)
    supervision = models.CharField(_("督办"), max_length=12, choices=SupervisionLevel.choices, default=SupervisionLevel.NONE)
    due_soon_notified_at = models.DateTimeField(_("临期提醒时间"), null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("合并至"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_orders")
    parent = models.ForeignKey("self", verbose_name=_("吹哨主单"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="sub_orders")
    check_in_deadline_at = models.DateTimeField(_("报到时限"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False,
                                   help_text="hash of complainant + text, for merging duplicates")

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "deadline_at"], name="workorder_status_deadline"),
            models.Index(fields=["region", "received_at"], name="workorder_region_received"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def region_code(self) -> str:
        return self.region_id

    @property
    def lead_assignment(self):
        return next((a for a in self.assignments.all() if a.role == AssignmentRole.LEAD and a.is_current), None)


class WorkOrderAssignment(TimeStampedModel):
    """A department on an order: one 主办 and any number of 协办. Rerouting ends the old ones."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey("regions.Department", verbose_name=_("部门"), on_delete=models.PROTECT,
                                   related_name="work_order_assignments")
    role = models.CharField(_("角色"), max_length=8, choices=AssignmentRole.choices)
    is_current = models.BooleanField(_("当前"), default=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    objects = WorkOrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("承办部门")
        verbose_name_plural = _("承办部门")
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(role="lead", is_current=True), name="workorder_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} {self.get_role_display()} {self.department}"


class WorkOrderEvent(models.Model):
    """One step of an order's history: who did what, when, why, with which attachments."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=20, choices=WorkOrderAction.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=WorkOrderStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=WorkOrderStatus.choices, blank=True)
    department = models.ForeignKey("regions.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = WorkOrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("工单流转记录")
        verbose_name_plural = _("工单流转记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order.number} {self.get_action_display()}"


def attachment_path(instance, filename: str) -> str:
    return f"work_orders/{instance.order_id}/{filename}"


class WorkOrderAttachment(models.Model):
    """Evidence attached to an event (photos of the reply, a scanned document …)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(WorkOrderEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = WorkOrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class ExtensionRequest(TimeStampedModel):
    """延期: requested by the handler before the deadline, decided by the level above."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    working_days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("理由"))
    status = models.CharField(_("状态"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    old_deadline_at = models.DateTimeField(null=True, blank=True)
    new_deadline_at = models.DateTimeField(null=True, blank=True)

    objects = WorkOrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(status="pending"), name="extension_one_pending"),
            models.CheckConstraint(condition=Q(working_days__gt=0), name="extension_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} +{self.working_days}"


class Mediation(TimeStampedModel):
    """人民调解 record for a dispute order: parties, mediator, sessions, agreement or failure."""

    order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="mediation")
    mediator_name = models.CharField(_("调解员"), max_length=50)
    mediation_committee = models.ForeignKey("regions.Department", verbose_name=_("调解委员会"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    parties = models.TextField(_("当事人"))
    status = models.CharField(_("状态"), max_length=10, choices=MediationStatus.choices, default=MediationStatus.OPEN)
    agreement = models.TextField(_("调解协议/结果"), blank=True)
    concluded_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = WorkOrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民调解")
        verbose_name_plural = _("人民调解")

    def __str__(self) -> str:
        return f"{self.order.number} 调解"


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    notes = models.TextField(_("记录"))

    class Meta:
        verbose_name = _("调解会议")
        verbose_name_plural = _("调解会议")
        ordering = ["held_at"]

    def __str__(self) -> str:
        return f"{self.mediation} {self.held_at:%Y-%m-%d}"


RETURN_REASONS = ReturnReason
