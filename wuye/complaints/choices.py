from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkOrderStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    MANUAL_QUEUE = "manual_queue", _("待人工分类")
    CLASSIFIED = "classified", _("待派单")
    DISPATCHED = "dispatched", _("已派单待签收")
    RETURNED = "returned", _("已退单")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复待审核")
    REVIEWED = "reviewed", _("已审核待回访")
    CLOSED = "closed", _("已办结")
    ARCHIVED = "archived", _("已归档")
    MERGED = "merged", _("已合并")


class WorkOrderAction(models.TextChoices):
    """Every event on a work order; transitions and the actions that do not change status."""

    SUBMIT = "submit", _("受理")
    CLASSIFY = "classify", _("分类")
    QUEUE_MANUAL = "queue_manual", _("转人工分类")
    DISPATCH = "dispatch", _("派单")
    ACKNOWLEDGE = "acknowledge", _("签收")
    RETURN = "return", _("退单")
    RULE_FINALLY = "rule_finally", _("退单终裁")
    REQUEST_EXTENSION = "request_extension", _("申请延期")
    APPROVE_EXTENSION = "approve_extension", _("批准延期")
    REJECT_EXTENSION = "reject_extension", _("驳回延期")
    REPLY = "reply", _("答复")
    APPROVE_REPLY = "approve_reply", _("审核通过")
    REJECT_REPLY = "reject_reply", _("审核退回重办")
    CALLBACK = "callback", _("回访")
    REDO = "redo", _("重办")
    CLOSE = "close", _("办结")
    ARCHIVE = "archive", _("归档")
    REMIND = "remind", _("催办")
    SUPERVISE = "supervise", _("督办")
    MERGE = "merge", _("合并")
    CHECK_IN = "check_in", _("报到")
    NOTE = "note", _("备注")


class Channel(models.TextChoices):
    WEB = "web", _("业主网页")
    HOTLINE = "hotline", _("12345热线")
    OFFICIAL = "official", _("工作人员录入")
    API = "api", _("系统接口")
    OPEN311 = "open311", _("Open311")
    EXCEL = "excel", _("12345导入")
    WHISTLE = "whistle", _("吹哨报到")


class RequestKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    INQUIRY = "inquiry", _("咨询")
    SUGGESTION = "suggestion", _("建议")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class ReturnReason(models.TextChoices):
    WRONG_LOCALITY = "wrong_locality", _("属地不符")
    WRONG_FUNCTION = "wrong_function", _("职能不符")
    UNCLEAR_OWNERSHIP = "unclear_ownership", _("权属不清")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    ASSIST = "assist", _("协办")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class SupervisionLevel(models.TextChoices):
    NONE = "none", _("无")
    REMINDED = "reminded", _("已催办")
    SUPERVISED = "supervised", _("督办中")


class ClassificationSource(models.TextChoices):
    AUTO = "auto", _("自动分类")
    MANUAL = "manual", _("人工分类")


class MediationStatus(models.TextChoices):
    OPEN = "open", _("调解中")
    AGREED = "agreed", _("达成协议")
    FAILED = "failed", _("调解不成")
