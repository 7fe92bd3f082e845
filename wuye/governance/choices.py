"""Enumerations of owners' joint decisions (业主共同决定)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已截止")
    PRELIMINARY = "preliminary", _("初步结果（异议期）")
    FINAL = "final", _("最终结果")
    VOIDED = "voided", _("已作废")


class OrganiserKind(models.TextChoices):
    COMMITTEE = "committee", _("业主委员会")
    PREPARATORY_GROUP = "preparatory_group", _("首次业主大会筹备组")
    STREET = "street", _("街道办事处/乡镇人民政府")


class BallotChoice(models.TextChoices):
    YES = "yes", _("同意")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")


class BallotChannel(models.TextChoices):
    ELECTRONIC = "electronic", _("电子投票")
    PAPER = "paper", _("纸质表决票")
    PROXY = "proxy", _("书面委托代理")


#
# Owners' assembly and committees (业主大会、业委会、物管会; domain-rules §2)
#


class AssemblyStatus(models.TextChoices):
    APPLIED = "applied", _("已申请（待组建筹备组）")
    PREPARING = "preparing", _("筹备中")
    ESTABLISHED = "established", _("已成立")
    ABANDONED = "abandoned", _("已终止")


class PrepMemberKind(models.TextChoices):
    STREET_OFFICE = "street_office", _("街道办事处/乡镇人民政府")
    RESIDENTS_COMMITTEE = "residents_committee", _("社区居委会")
    OWNER = "owner", _("业主")
    DEVELOPER = "developer", _("建设单位")
    OTHER = "other", _("其他")


class DocumentKind(models.TextChoices):
    RULES_OF_PROCEDURE = "rules_of_procedure", _("业主大会议事规则")
    MANAGEMENT_STATUTE = "management_statute", _("管理规约")


class DocumentStage(models.TextChoices):
    DRAFT = "draft", _("草案")
    ADOPTED = "adopted", _("已通过")


class CommitteeKind(models.TextChoices):
    OWNERS_COMMITTEE = "owners_committee", _("业主委员会")
    PROPERTY_MANAGEMENT_COMMITTEE = "property_management_committee", _("物业管理委员会")


class CommitteeStatus(models.TextChoices):
    """A committee's term (R2.9): ACTIVE → REELECTION_DUE (T−3m) → OVERDUE (T) → HANDOVER_DUE (T+10d)."""

    ACTIVE = "active", _("履职中")
    REELECTION_DUE = "reelection_due", _("应启动换届")
    OVERDUE = "overdue", _("任期届满未换届")
    HANDOVER_DUE = "handover_due", _("逾期未移交")
    ENDED = "ended", _("已换届/任期终止")
    DISSOLVED = "dissolved", _("已解散")


class MemberPosition(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class MemberKind(models.TextChoices):
    OWNER = "owner", _("业主")
    RESIDENTS_COMMITTEE = "residents_committee", _("社区居委会")
    OCCUPANT = "occupant", _("物业使用人")
    OTHER = "other", _("其他")


class MemberEndReason(models.TextChoices):
    CEASED_OWNER = "ceased_owner", _("不再是本小区业主")
    RESIGNED = "resigned", _("辞职")
    REMOVED = "removed", _("被罢免")
    INCAPACITY = "incapacity", _("丧失民事行为能力")
    DETENTION = "detention", _("被依法限制人身自由")
    TERM_ENDED = "term_ended", _("任期届满/换届")
    DISSOLVED = "dissolved", _("组织解散")
    OTHER = "other", _("其他")


class ChangeKind(models.TextChoices):
    JOINED = "joined", _("增补")
    LEFT = "left", _("离任")


class AlertKind(models.TextChoices):
    """What a governance alert (预警) is about. Other capabilities add their own kinds here."""

    PREP_GROUP_FORMATION = "prep_group_formation", _("筹备组组建时限")
    FIRST_MEETING = "first_meeting", _("首次业主大会召开时限")
    PUBLICATION = "publication", _("会前公示不足15日")
    COMMITTEE_FILING = "committee_filing", _("业委会备案时限")
    MEMBER_CHANGE_FILING = "member_change_filing", _("委员变更备案时限")
    BELOW_HALF = "below_half", _("委员不足半数")
    REELECTION_DUE = "reelection_due", _("应启动换届选举")
    TERM_OVERDUE = "term_overdue", _("任期届满未换届")
    HANDOVER_DUE = "handover_due", _("逾期未移交资料印章")
    PMC_DISSOLUTION = "pmc_dissolution", _("物管会待解散")
    # Committee supervision (supervision.py: R2.6 meetings, 000 §十四 publications and orders)
    COMMITTEE_MEETING_DUE = "committee_meeting_due", _("委员提议的会议未在7日内召开")
    DECISIONS_POSTING = "decisions_posting", _("会议决定未在3日内公告")
    ANNUAL_PUBLICATION = "annual_publication", _("年度收支未按期公布")
    CORRECTION_OVERDUE = "correction_overdue", _("责令整改逾期")
    FIRST_COMMITTEE_MEETING = "first_committee_meeting", _("首次委员会会议（推选主任）时限")
    SEAL_CUSTODIAN = "seal_custodian", _("印章保管人已离任")


class AlertLevel(models.TextChoices):
    WARNING = "warning", _("临期")
    OVERDUE = "overdue", _("逾期")
    INFO = "info", _("提示")


#
# Committee records and the street's supervision (domain-rules R2.5–R2.7, 000 §十四)
#


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("定期会议")
    REQUESTED = "requested", _("委员提议召开")


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("已提议待召开")
    SCHEDULED = "scheduled", _("已公告议程")
    HELD = "held", _("已召开")
    INQUORATE = "inquorate", _("出席不足半数")
    POSTED = "posted", _("决定已公告")
    CANCELLED = "cancelled", _("已取消")


class MotionStatus(models.TextChoices):
    PASSED = "passed", _("通过")
    REJECTED = "rejected", _("未通过")
    REVOKED = "revoked", _("已被街道撤销")


class SealKind(models.TextChoices):
    ASSEMBLY = "assembly", _("业主大会印章")
    COMMITTEE = "committee", _("业委会/物管会印章")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公布")


class SupervisionKind(models.TextChoices):
    CORRECTION = "correction", _("责令限期整改")
    REVOCATION = "revocation", _("撤销决定")


class SupervisionStatus(models.TextChoices):
    ORDERED = "ordered", _("待整改")
    RESPONDED = "responded", _("已报告整改情况")
    ACCEPTED = "accepted", _("整改已验收")
    REVOKED = "revoked", _("决定已撤销")


class SupervisionAction(models.TextChoices):
    ORDER = "order", _("下达督办")
    RESPOND = "respond", _("报告整改情况")
    ACCEPT = "accept", _("验收通过")
    REJECT = "reject", _("退回重新整改")
    REVOKE = "revoke", _("撤销决定")


class NoticeSubject(models.TextChoices):
    """Kinds of governance records a notice to the owners is about (messaging.Notice.subject "<kind>:<pk>");
    the label is the notice's source on the owners' notice board."""

    DECISION = "governance.decision", _("业主共同决定")
    MEETING = "governance.meeting", _("业委会会议决定")
    PUBLICATION = "governance.publication", _("业委会年度收支公布")
    SUPERVISION_ORDER = "governance.supervision_order", _("街道监督公告")
    COMMITTEE = "governance.committee", _("业委会公告")
