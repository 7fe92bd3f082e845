"""Writes on the committee's own records and on the street's supervision of it.

- meetings (R2.6): request, schedule (agenda), cancel, hold (attendance, quorum), motions voted by the
  members present (no proxies), minutes signed by the attendees, decisions posted to the owners;
- seals (R2.7): register, change custodian, log a use against its authorising decision, void an entry;
- annual publications (000 §十四): save a draft in fen, publish to the owners;
- supervision orders (000 §十四): order a correction or a revocation, the committee's report, the
  street's acceptance or rejection, revocation; each order and outcome is a notice to the owners;
- ``supervision_sweep(now)``: the due-date alerts (GovernanceAlert) of all of the above.

Every write runs in one transaction, locks the row it changes, checks the actor's right first
(PermissionDenied), then the rules (ValidationError with a clear message), and writes an audit entry
(and, for orders, a SupervisionEvent). Nothing is half written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record, integrity_error_message
from wuye.core.services import snapshot as _core_snapshot
from wuye.governance.choices import (
    AlertKind,
    AlertLevel,
    CommitteeKind,
    MeetingKind,
    MeetingStatus,
    MotionStatus,
    NoticeSubject,
    PublicationStatus,
    SealKind,
    SupervisionAction,
    SupervisionKind,
    SupervisionStatus,
)
from wuye.governance.models import (
    AnnualPublication,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    GovernanceAlert,
    MeetingAttendance,
    Motion,
    MotionVote,
    Seal,
    SealUse,
    SupervisionEvent,
    SupervisionOrder,
)
from wuye.governance.rules import committee_meeting as meeting_rules
from wuye.governance.rules import supervision as order_rules
from wuye.governance.selectors.supervision import (
    LIVE_STATUSES,
    acts_for_committee,
    can_supervise,
    members_on,
    publication_years,
    seal_committee,
)
from wuye.messaging.models import Notice
from wuye.messaging.notices import subject_for
from wuye.messaging.services import notice_publish

log = logging.getLogger(__name__)

MAX_TEXT = 10_000


# ---------------------------------------------------------------- helpers


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _is_workday(day: dt.date) -> bool:
    from wuye.workcalendar.selectors import is_workday

    return is_workday(day)


def _sha256(f) -> str:
    if not f:
        return ""
    h = hashlib.sha256()
    for chunk in f.chunks():
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


def _rule(fn, *args, field: str | None = None, **kwargs):
    try:
        return fn(*args, **kwargs)
    except (meeting_rules.MeetingRuleError, order_rules.TransitionError) as exc:
        raise ValidationError({field: str(exc)} if field else str(exc)) from None


def _text(value: str, field: str, label: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("%(l)s不能为空。") % {"l": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(l)s不能超过 %(n)d 个字。") % {"l": label, "n": limit}})
    return value


def snapshot(obj) -> dict:
    """wuye.core.services.snapshot, with uploaded files as their stored names (JSON-safe)."""
    from django.db.models.fields.files import FieldFile

    return {k: (v.name or "") if isinstance(v, FieldFile) else v for k, v in _core_snapshot(obj).items()}


def _audit(actor, action, obj, *, before=None, reason: str = "") -> None:
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), reason=reason)


def _ensure_committee_side(actor, estate) -> None:
    if actor is None:  # the system (demo loader, sweep)
        return
    if not acts_for_committee(actor, estate):
        raise PermissionDenied(_("只有本小区业委会（物管会）委员可以办理此事项。"))


def _ensure_supervisor(actor, estate) -> None:
    if actor is None:
        return
    if not can_supervise(actor, estate):
        raise PermissionDenied(_("只有小区所在街道（乡镇）及以上主管部门可以办理此事项。"))


def _ensure_live(committee: Committee) -> None:
    if committee.status not in LIVE_STATUSES:
        raise ValidationError(_("%(c)s 已不在任（%(s)s），不能再办理。") % {"c": committee,
                                                                       "s": committee.get_status_display()})


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _street_name(estate) -> str:
    region = estate.region
    while region is not None and region.level > 4:
        region = region.parent
    return region.name if region is not None else str(estate.region)


def _members_of(committee: Committee, members: Iterable, day: dt.date, field: str) -> list[CommitteeMember]:
    """The given members (objects or ids), each checked to be in office on ``day``."""
    ids = [getattr(m, "pk", m) for m in members]
    if len(set(ids)) != len(ids):
        raise ValidationError({field: _("同一委员重复列出。")})
    current = {m.pk: m for m in members_on(committee, day)}
    strangers = [i for i in ids if i not in current]
    if strangers:
        names = CommitteeMember.objects.filter(pk__in=strangers).values_list("name", flat=True)
        raise ValidationError({field: _("不是 %(d)s 在任的本届委员：%(n)s") % {
            "d": day, "n": "、".join(names) or ", ".join(map(str, strangers))}})
    return [current[i] for i in ids]


# ---------------------------------------------------------------- notices


def _publish(*, actor, estate, kind: str, pk: int, title: str, body: str, publisher: str, sms: bool = False,
             now: dt.datetime) -> Notice:
    """Publish a notice about record ``pk`` of ``kind`` to the owners of ``estate`` (messaging.Notice)."""
    return notice_publish(actor=actor, estate=estate, subject=subject_for(kind, pk), title=title, body=body,
                          publisher=publisher, sms=sms, now=now)


# ---------------------------------------------------------------- meetings


@transaction.atomic
def meeting_request(*, actor, committee: Committee, requesters: Sequence, reason: str, title: str = "",
                    now: dt.datetime | None = None) -> CommitteeMeeting:
    """≥ 1/3 of the members ask for a meeting (GR 37): it must be held within 7 days."""
    _ensure_committee_side(actor, committee.estate)
    committee = _locked(Committee, committee)
    _ensure_live(committee)
    now = _now(now)
    today = _today(now)
    reason = _text(reason, "reason", _("提议事由"))
    chosen = _members_of(committee, requesters, today, "requesters")
    total = members_on(committee, today).count()
    if not _rule(meeting_rules.request_valid, len(chosen), total, field="requesters"):
        raise ValidationError({"requesters": _(
            "提议召开会议须有三分之一以上委员（%(t)d 名委员中至少 %(n)d 名），现有 %(k)d 名。") % {
            "t": total, "n": meeting_rules.request_threshold(total), "k": len(chosen)}})
    meeting = CommitteeMeeting.objects.create(
        committee=committee, kind=MeetingKind.REQUESTED, status=MeetingStatus.REQUESTED,
        title=_text(title, "title", _("会议名称"), required=False, limit=200) or _("委员提议召开的会议"),
        requested_on=today, request_reason=reason, hold_by=meeting_rules.hold_by(today, _is_workday),
        created_by=actor if getattr(actor, "pk", None) else None)
    meeting.requested_by.set(chosen)
    _audit(actor, AuditAction.CREATE, meeting, reason=_("%(k)d 名委员提议召开会议，应于 %(d)s 前召开") % {
        "k": len(chosen), "d": meeting.hold_by})
    _sync_alerts(now=now, committee=committee)
    return meeting


@transaction.atomic
def meeting_schedule(*, actor, title: str, scheduled_for: dt.datetime, agenda: str, place: str = "",
                     committee: Committee | None = None, meeting: CommitteeMeeting | None = None,
                     now: dt.datetime | None = None) -> CommitteeMeeting:
    """Post the agenda of a meeting (a new one, or a requested one). Fewer than 7 days' notice is allowed
    but flagged (``agenda_notice_short``) and shown to the street."""
    if (committee is None) == (meeting is None):
        raise ValueError("pass either committee (a new meeting) or meeting (a requested one)")
    now = _now(now)
    committee = committee or meeting.committee
    _ensure_committee_side(actor, committee.estate)
    title = _text(title, "title", _("会议名称"), limit=200)
    agenda = _text(agenda, "agenda", _("议程"))
    place = _text(place, "place", _("地点"), required=False, limit=200)
    if scheduled_for is None:
        raise ValidationError({"scheduled_for": _("请填写召开时间。")})
    if scheduled_for <= now:
        raise ValidationError({"scheduled_for": _("召开时间必须晚于议程公告时间。")})
    if meeting is None:
        committee = _locked(Committee, committee)
        _ensure_live(committee)
        meeting = CommitteeMeeting(committee=committee, kind=MeetingKind.REGULAR,
                                   created_by=actor if getattr(actor, "pk", None) else None)
        before = None
    else:
        meeting = _locked(CommitteeMeeting, meeting)
        if meeting.status != MeetingStatus.REQUESTED:
            raise ValidationError(_("会议当前状态为“%(s)s”，不能再公告议程。") % {"s": meeting.get_status_display()})
        before = snapshot(meeting)
    meeting.title, meeting.agenda, meeting.place, meeting.scheduled_for = title, agenda, place, scheduled_for
    meeting.agenda_posted_at = now
    meeting.agenda_notice_days = meeting_rules.agenda_notice_days(_today(now), _local_date(scheduled_for))
    meeting.status = MeetingStatus.SCHEDULED
    meeting.save()
    reason = _("公告议程，提前 %(n)d 天") % {"n": meeting.agenda_notice_days}
    if meeting.agenda_notice_short:
        reason += _("（不足 %(n)d 天，GR 39）") % {"n": meeting_rules.AGENDA_NOTICE_DAYS}
    _audit(actor, AuditAction.CREATE if before is None else AuditAction.UPDATE, meeting, before=before, reason=reason)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: CommitteeMeeting, reason: str, now: dt.datetime | None = None) -> CommitteeMeeting:
    _ensure_committee_side(actor, meeting.estate)
    meeting = _locked(CommitteeMeeting, meeting)
    if meeting.status not in (MeetingStatus.REQUESTED, MeetingStatus.SCHEDULED):
        raise ValidationError(_("会议当前状态为“%(s)s”，不能取消。") % {"s": meeting.get_status_display()})
    before = snapshot(meeting)
    meeting.cancel_reason = _text(reason, "reason", _("取消原因"), limit=300)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["cancel_reason", "status", "updated_at"])
    _audit(actor, AuditAction.UPDATE, meeting, before=before, reason=_("取消会议：%(r)s") % {"r": meeting.cancel_reason})
    _sync_alerts(now=now, committee=meeting.committee)
    return meeting


@transaction.atomic
def meeting_hold(*, actor, meeting: CommitteeMeeting, held_at: dt.datetime, present: Sequence,
                 now: dt.datetime | None = None) -> CommitteeMeeting:
    """Record that the meeting took place and who attended. The members in office that day are counted;
    with no more than half of them present the meeting is inquorate and decides nothing (GR 38)."""
    _ensure_committee_side(actor, meeting.estate)
    now = _now(now)
    meeting = _locked(CommitteeMeeting, meeting)
    if meeting.status not in (MeetingStatus.REQUESTED, MeetingStatus.SCHEDULED):
        raise ValidationError(_("会议当前状态为“%(s)s”，不能登记召开。") % {"s": meeting.get_status_display()})
    if held_at is None or held_at > now:
        raise ValidationError({"held_at": _("召开时间不能晚于现在。")})
    day = _local_date(held_at)
    attendees = _members_of(meeting.committee, present, day, "present")
    total = members_on(meeting.committee, day).count()
    if total == 0:
        raise ValidationError(_("%(d)s 该组织没有在任委员。") % {"d": day})
    before = snapshot(meeting)
    quorate = _rule(meeting_rules.quorum_met, len(attendees), total, field="present")
    meeting.held_at, meeting.members_total, meeting.present_count = held_at, total, len(attendees)
    if meeting.agenda_posted_at is None:  # held with no agenda posted: no notice at all (GR 39)
        meeting.agenda_notice_days = 0
    meeting.status = MeetingStatus.HELD if quorate else MeetingStatus.INQUORATE
    meeting.decisions_due_on = meeting_rules.decisions_due(day, _is_workday) if quorate else None
    meeting.save()
    MeetingAttendance.objects.bulk_create([MeetingAttendance(meeting=meeting, member=m) for m in attendees])
    reason = _("召开会议：在任委员 %(t)d 名，出席 %(p)d 名") % {"t": total, "p": len(attendees)}
    if not quorate:
        reason += _("，未过半数，会议不能作出决定（GR 38）")
    if meeting.agenda_notice_days == 0 and meeting.agenda_posted_at is None:
        reason += _("；会前未公告议程（GR 39）")
    _audit(actor, AuditAction.UPDATE, meeting, before=before, reason=reason)
    _sync_alerts(now=now, committee=meeting.committee)
    return meeting


@dataclass(frozen=True)
class VoteInput:
    """A vote as entered: the member it counts for, the choice, and who actually cast it."""

    member: CommitteeMember | int
    choice: str
    cast_by: CommitteeMember | int | None = None


@transaction.atomic
def motion_decide(*, actor, meeting: CommitteeMeeting, title: str, votes: Sequence[VoteInput], text: str = "",
                  now: dt.datetime | None = None) -> Motion:
    """Vote one matter at a held meeting. Passes with the votes of more than half of ALL members (GR 38).
    A vote cast for an absent member, or by anyone but the member (a proxy), refuses the whole motion."""
    _ensure_committee_side(actor, meeting.estate)
    now = _now(now)
    meeting = _locked(CommitteeMeeting, meeting)
    if meeting.status == MeetingStatus.INQUORATE:
        raise ValidationError(_("出席委员未过半数，会议不能作出决定（GR 38）。"))
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("会议当前状态为“%(s)s”，不能再表决。") % {"s": meeting.get_status_display()})
    title = _text(title, "title", _("议题"), limit=200)
    text = _text(text, "text", _("决定内容"), required=False)
    day = _local_date(meeting.held_at)
    members = {m.pk: m for m in members_on(meeting.committee, day)}
    present = set(meeting.attendance.values_list("member_id", flat=True))
    labels = {str(pk): m.name for pk, m in members.items()}
    for pk, name in CommitteeMember.objects.filter(committee=meeting.committee).values_list("pk", "name"):
        labels.setdefault(str(pk), name)
    rule_votes = [meeting_rules.Vote(str(getattr(v.member, "pk", v.member)), v.choice,
                                     str(getattr(v.cast_by, "pk", v.cast_by)) if v.cast_by is not None else None)
                  for v in votes]
    result = _rule(meeting_rules.count_motion, members=[str(pk) for pk in members],
                   present=[str(pk) for pk in present], votes=rule_votes, labels=labels, field="votes")
    if result.members != meeting.members_total:
        raise ValidationError(_("会议登记的在任委员人数（%(a)d）与当日委员名单（%(b)d）不一致，请核对委员任职日期。")
                              % {"a": meeting.members_total, "b": result.members})
    number = (meeting.motions.aggregate(n=Max("number"))["n"] or 0) + 1
    motion = Motion.objects.create(
        meeting=meeting, number=number, title=title, text=text,
        status=MotionStatus.PASSED if result.outcome == meeting_rules.PASSED else MotionStatus.REJECTED,
        members_total=result.members, yes=result.yes, no=result.no, abstain=result.abstain, decided_at=now)
    MotionVote.objects.bulk_create([MotionVote(motion=motion, member_id=int(v.member), choice=v.choice)
                                    for v in rule_votes])
    _audit(actor, AuditAction.CREATE, motion, reason=_(
        "表决：同意 %(y)d、反对 %(n)d、弃权 %(a)d，在任委员 %(t)d 名，须 %(need)d 票同意——%(o)s") % {
        "y": result.yes, "n": result.no, "a": result.abstain, "t": result.members, "need": result.pass_needed,
        "o": motion.get_status_display()})
    return motion


@transaction.atomic
def meeting_record_minutes(*, actor, meeting: CommitteeMeeting, minutes, signed_by: Sequence,
                           now: dt.datetime | None = None) -> CommitteeMeeting:
    """Attach the minutes and record which attendees signed them (GR 39)."""
    _ensure_committee_side(actor, meeting.estate)
    now = _now(now)
    meeting = _locked(CommitteeMeeting, meeting)
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.INQUORATE):
        raise ValidationError(_("会议当前状态为“%(s)s”，不能登记会议记录。") % {"s": meeting.get_status_display()})
    if not minutes:
        raise ValidationError({"minutes": _("请上传会议记录。")})
    ids = {getattr(m, "pk", m) for m in signed_by}
    attending = {a.member_id: a for a in meeting.attendance.select_related("member")}
    strangers = ids - set(attending)
    if strangers:
        names = CommitteeMember.objects.filter(pk__in=strangers).values_list("name", flat=True)
        raise ValidationError({"signed_by": _("未出席会议的人员不能在会议记录上签字：%(n)s") % {"n": "、".join(names)}})
    before = snapshot(meeting)
    meeting.minutes = minutes
    meeting.minutes_sha256 = _sha256(minutes)
    meeting.minutes_recorded_at = now
    meeting.save()
    MeetingAttendance.objects.filter(meeting=meeting, member_id__in=ids, signed_at__isnull=True).update(signed_at=now)
    _audit(actor, AuditAction.UPDATE, meeting, before=before,
           reason=_("登记会议记录，%(k)d/%(n)d 名出席委员签字") % {"k": len(ids | {
               pk for pk, a in attending.items() if a.signed_at}), "n": len(attending)})
    return meeting


@transaction.atomic
def meeting_post_decisions(*, actor, meeting: CommitteeMeeting, now: dt.datetime | None = None) -> Notice:
    """Post the meeting's decisions to the owners, signed by every attendee (GR 39: within 3 days).
    Late posting is allowed and recorded (``posted_days_late``)."""
    _ensure_committee_side(actor, meeting.estate)
    now = _now(now)
    meeting = _locked(CommitteeMeeting, meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("会议当前状态为“%(s)s”，没有可公告的决定。") % {"s": meeting.get_status_display()})
    motions = list(meeting.motions.order_by("number"))
    if not motions:
        raise ValidationError(_("本次会议尚未表决任何事项。"))
    if not meeting.minutes:
        raise ValidationError(_("请先登记经出席委员签字的会议记录。"))
    unsigned = [a.member.name for a in meeting.attendance.select_related("member") if a.signed_at is None]
    if unsigned:
        raise ValidationError(_("会议决定须经出席委员签字后公告，尚未签字：%(n)s") % {"n": "、".join(unsigned)})
    committee = meeting.committee
    lines = [_("%(c)s 于 %(d)s 召开会议，在任委员 %(t)d 名，出席 %(p)d 名。会议决定如下：") % {
        "c": committee.name, "d": timezone.localtime(meeting.held_at).strftime("%Y-%m-%d"),
        "t": meeting.members_total, "p": meeting.present_count}]
    for m in motions:
        lines.append(_("%(n)d. %(t)s：%(s)s（同意 %(y)d、反对 %(no)d、弃权 %(a)d）") % {
            "n": m.number, "t": m.title, "s": m.get_status_display(), "y": m.yes, "no": m.no, "a": m.abstain})
        if m.text:
            lines.append("   " + m.text)
    signers = "、".join(a.member.name for a in meeting.attendance.select_related("member"))
    lines.append(_("出席委员签字：%(s)s") % {"s": signers})
    notice = _publish(actor=actor, estate=meeting.estate, kind=NoticeSubject.MEETING, pk=meeting.pk,
                      title=_("%(c)s会议决定公告：%(t)s") % {"c": committee.name, "t": meeting.title},
                      body="\n".join(lines), publisher=committee.name, now=now)
    before = snapshot(meeting)
    meeting.decisions_posted_at = now
    meeting.posted_days_late = meeting_rules.days_late(meeting.decisions_due_on, _today(now))
    meeting.notice = notice
    meeting.status = MeetingStatus.POSTED
    meeting.save()
    reason = _("公告会议决定")
    if meeting.posted_days_late:
        reason += _("，逾期 %(n)d 天（应于 %(d)s 前公告）") % {"n": meeting.posted_days_late, "d": meeting.decisions_due_on}
    _audit(actor, AuditAction.UPDATE, meeting, before=before, reason=reason)
    _sync_alerts(now=now, committee=committee)
    return notice


# ---------------------------------------------------------------- seals


@transaction.atomic
def seal_register(*, actor, estate, kind: str, name: str, custodian_name: str, committee: Committee | None = None,
                  custodian_member: CommitteeMember | None = None, since: dt.date | None = None) -> Seal:
    """Register a seal in use with its one named custodian (GR 41). The committee seal belongs to a
    committee; the assembly seal to the estate's owners' assembly (kept by the committee)."""
    if actor is not None and not (acts_for_committee(actor, estate) or can_supervise(actor, estate)):
        raise PermissionDenied(_("只有本小区业委会（物管会）委员或所在街道可以登记印章。"))
    if kind not in SealKind.values:
        raise ValidationError({"kind": _("未知的印章类型：%(k)s") % {"k": kind}})
    if kind == SealKind.COMMITTEE and committee is None:
        raise ValidationError({"committee": _("业委会印章须指定所属组织。")})
    if committee is not None and committee.estate_id != estate.pk:
        raise ValidationError({"committee": _("该组织不属于本小区。")})
    _check_custodian_member(custodian_member, estate.pk)
    if Seal.objects.filter(estate=estate, kind=kind, retired_on__isnull=True).exists():
        raise ValidationError({"kind": _("该小区已有在用的同类印章（%(k)s），请先停用原印章。") % {
            "k": SealKind(kind).label}})
    seal = Seal(estate=estate, committee=committee, kind=kind, name=_text(name, "name", _("印章名称"), limit=120),
                custodian_name=_text(custodian_member.name if custodian_member is not None else custodian_name,
                                     "custodian_name",
                                     _("保管人"), limit=50),
                custodian_member=custodian_member, custodian_since=since or _today())
    try:
        with transaction.atomic():
            seal.save()
    except IntegrityError as exc:
        raise ValidationError(integrity_error_message(exc, Seal)) from None
    _audit(actor, AuditAction.CREATE, seal, reason=_("登记印章，保管人 %(c)s") % {"c": seal.custodian_name})
    return seal


def _check_custodian_member(member: CommitteeMember | None, estate_id: int) -> None:
    """A custodian named as a member must be one of this estate's members still in office: the seal
    is then followed, and an alert raised when they leave (``_seal_custodian_alerts``)."""
    if member is None:
        return
    if member.estate_id != estate_id:
        raise ValidationError({"custodian_member": _("保管委员不属于本小区。")})
    if member.until is not None or member.committee.status not in LIVE_STATUSES:
        raise ValidationError({"custodian_member": _("%(n)s 已不在任，不能保管印章。") % {"n": member.name}})


@transaction.atomic
def seal_change_custodian(*, actor, seal: Seal, custodian_name: str, reason: str,
                          custodian_member: CommitteeMember | None = None, on: dt.date | None = None) -> Seal:
    _ensure_committee_side(actor, seal.estate)
    name = _text(custodian_member.name if custodian_member is not None else custodian_name, "custodian_name",
                 _("保管人"), limit=50)
    reason = _text(reason, "reason", _("更换原因"), limit=300)
    _check_custodian_member(custodian_member, seal.estate_id)
    seal = _locked(Seal, seal)
    if seal.retired_on:
        raise ValidationError(_("该印章已停用。"))
    before = snapshot(seal)
    seal.custodian_name, seal.custodian_member, seal.custodian_since = name, custodian_member, on or _today()
    seal.save()
    _audit(actor, AuditAction.UPDATE, seal, before=before, reason=_("更换保管人：%(r)s") % {"r": reason})
    _resolve_seal_alert(seal)
    return seal


@transaction.atomic
def seal_retire(*, actor, seal: Seal, reason: str, on: dt.date | None = None) -> Seal:
    """Take a seal out of use (handed over at term end, lost, replaced); its log stays."""
    if actor is not None and not (acts_for_committee(actor, seal.estate) or can_supervise(actor, seal.estate)):
        raise PermissionDenied(_("只有本小区业委会（物管会）委员或所在街道可以停用印章。"))
    reason = _text(reason, "reason", _("停用原因"), limit=300)
    seal = _locked(Seal, seal)
    if seal.retired_on:
        raise ValidationError(_("该印章已停用。"))
    return _retire(seal, on=on or _today(), actor=actor, reason=_("停用印章：%(r)s") % {"r": reason})


def committee_seals_retire(committee: Committee, *, on: dt.date, actor, reason: str) -> int:
    """A committee that ends takes its own seal out of use that day (GR 41: handed over within 10
    days, never used again). The service ending the committee has checked the actor's right.
    The assembly's seal belongs to the owners and stays in use. Returns how many were retired."""
    seals = Seal.objects.select_for_update().filter(committee=committee, kind=SealKind.COMMITTEE,
                                                    retired_on__isnull=True)
    return sum(1 for seal in seals if _retire(seal, on=on, actor=actor, reason=reason))


def _retire(seal: Seal, *, on: dt.date, actor, reason: str) -> Seal:
    before = snapshot(seal)
    seal.retired_on = on
    seal.save(update_fields=["retired_on", "updated_at"])
    _audit(actor, AuditAction.UPDATE, seal, before=before, reason=reason)
    _resolve_seal_alert(seal)
    return seal


ASSEMBLY_MATTERS = tuple(range(1, 10))


def _check_authority(seal: Seal, *, motion: Motion | None, decision: Decision | None) -> None:
    """A committee seal needs a passed committee decision of its committee; an assembly seal a final,
    passed owners' joint decision of the estate (GR 41). Anything else is refused with the reason."""
    if seal.kind == SealKind.COMMITTEE:
        if motion is None:
            raise ValidationError({"motion": _("使用业委会印章须有业委会会议决定作为依据（GR 41），未登记。")})
        if motion.committee_id != seal.committee_id:
            raise ValidationError({"motion": _("所引用的决定不是本印章所属组织作出的。")})
        if motion.status == MotionStatus.REVOKED:
            raise ValidationError({"motion": _("所引用的决定已被街道撤销，不能作为用印依据。")})
        if motion.status != MotionStatus.PASSED:
            raise ValidationError({"motion": _("所引用的决定未获通过，不能作为用印依据。")})
        if motion.supervision_orders.filter(status__in=(SupervisionStatus.ORDERED, SupervisionStatus.RESPONDED)).exists():
            raise ValidationError({"motion": _("所引用的决定正在责令整改中，整改验收前不能据此用印。")})
        return
    if decision is None:
        if motion is not None:
            raise ValidationError({"decision": _("业主大会印章须依据业主大会决定（业主共同决定）使用，业委会决定不能作为依据。")})
        raise ValidationError({"decision": _("使用业主大会印章须有业主共同决定作为依据（GR 41），未登记。")})
    from wuye.governance.selectors.decisions import require_passed

    try:
        require_passed(decision, estate=seal.estate, matters=ASSEMBLY_MATTERS)
    except ValidationError as exc:
        raise ValidationError({"decision": exc.messages}) from None


@transaction.atomic
def seal_use_record(*, actor, seal: Seal, used_on: dt.date, document_title: str, purpose: str, used_by: str,
                    motion: Motion | None = None, decision: Decision | None = None, copies: int = 1,
                    now: dt.datetime | None = None) -> SealUse:
    """Log one use of a seal (R2.7: document, decision, date). Refused without a valid authorising decision."""
    _ensure_committee_side(actor, seal.estate)
    now = _now(now)
    seal = _locked(Seal, seal)
    if seal.retired_on:
        raise ValidationError(_("该印章已停用，不能登记用印。"))
    errors = {}
    if used_on is None:
        errors["used_on"] = _("请填写用印日期。")
    elif used_on > _today(now):
        errors["used_on"] = _("用印日期不能晚于今天。")
    if not copies or copies < 1:
        errors["copies"] = _("份数至少为 1。")
    if errors:
        raise ValidationError(errors)
    document_title = _text(document_title, "document_title", _("用印文件"), limit=200)
    purpose = _text(purpose, "purpose", _("用途"), limit=300)
    used_by = _text(used_by, "used_by", _("经办人"), limit=50)
    _check_authority(seal, motion=motion, decision=decision)
    use = SealUse.objects.create(seal=seal, used_on=used_on, document_title=document_title, purpose=purpose,
                                 copies=copies, motion=motion if seal.kind == SealKind.COMMITTEE else None,
                                 decision=decision if seal.kind == SealKind.ASSEMBLY else None, used_by=used_by,
                                 custodian_name=seal.custodian_name, recorded_at=now,
                                 recorded_by=actor if getattr(actor, "pk", None) else None)
    _audit(actor, AuditAction.CREATE, use, reason=_("用印登记：%(d)s") % {"d": document_title})
    return use


@transaction.atomic
def seal_use_void(*, actor, use: SealUse, reason: str, now: dt.datetime | None = None) -> SealUse:
    """Void a wrong entry by a further entry with the reason; the original stays in the log."""
    _ensure_committee_side(actor, use.estate)
    now = _now(now)
    use = _locked(SealUse, use)
    if use.voids_id:
        raise ValidationError(_("作废登记本身不能再作废。"))
    if SealUse.objects.filter(voids=use).exists():
        raise ValidationError(_("该用印登记已作废。"))
    reason = _text(reason, "reason", _("作废原因"), limit=300)
    try:
        with transaction.atomic():
            entry = SealUse.objects.create(seal_id=use.seal_id, used_on=use.used_on, document_title=use.document_title,
                                           purpose=use.purpose, copies=use.copies, used_by=use.used_by,
                                           custodian_name=use.custodian_name, voids=use, void_reason=reason,
                                           recorded_at=now, recorded_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        raise ValidationError(_("该用印登记已作废。")) from None
    _audit(actor, AuditAction.VOID, use, reason=reason)
    return entry


# ---------------------------------------------------------------- annual publications


def publication_due_on(committee: Committee, year: int) -> dt.date:
    """The year's publication is due ``committee_publication_due_months`` after 31 December (CC 202/203)."""
    from wuye.policy.selectors import get_parameter

    months = get_parameter(committee.estate.region_id, "committee_publication_due_months")
    return meeting_rules.month_period_end(dt.date(year, 12, 31), months, _is_workday)


def _amount(value, field: str, label: str) -> int:
    if value is None or value == "":
        raise ValidationError({field: _("请填写%(l)s。") % {"l": label}})
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("%(l)s应为整数（分）。") % {"l": label}})
    if value < 0:
        raise ValidationError({field: _("%(l)s不能为负数。") % {"l": label}})
    if value >= 10**15:
        raise ValidationError({field: _("%(l)s数额过大，请核对。") % {"l": label}})
    return value


@transaction.atomic
def publication_save(*, actor, committee: Committee, year: int, common_revenue_fen: int, fund_use_fen: int,
                     expenses_fen: int, details: str = "", attachment=None,
                     now: dt.datetime | None = None) -> AnnualPublication:
    """Create or update the draft of a year's publication (amounts in integer fen)."""
    _ensure_committee_side(actor, committee.estate)
    today = _today(now)
    errors = {}
    if not isinstance(year, int) or year < 2000 or year > today.year:
        errors["year"] = _("年度应在 2000 到 %(y)d 之间。") % {"y": today.year}
    amounts = {}
    for field, label, value in (("common_revenue_fen", _("共有部分经营收益"), common_revenue_fen),
                                ("fund_use_fen", _("维修资金使用"), fund_use_fen),
                                ("expenses_fen", _("工作经费开支"), expenses_fen)):
        try:
            amounts[field] = _amount(value, field, label)
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    details = _text(details, "details", _("明细说明"), required=False)
    committee = _locked(Committee, committee)
    pub = AnnualPublication.objects.select_for_update().filter(committee=committee, year=year).first()
    before = None
    if pub is None:
        pub = AnnualPublication(committee=committee, year=year, due_on=publication_due_on(committee, year))
    else:
        if pub.status == PublicationStatus.PUBLISHED:
            raise ValidationError(_("%(y)d 年度收支已公布，不能修改。") % {"y": year})
        before = snapshot(pub)
    for k, v in amounts.items():
        setattr(pub, k, v)
    pub.details = details
    if attachment:
        pub.attachment = attachment
        pub.attachment_sha256 = _sha256(attachment)
    pub.save()
    _audit(actor, AuditAction.CREATE if before is None else AuditAction.UPDATE, pub, before=before,
           reason=_("保存 %(y)d 年度收支公布草稿") % {"y": year})
    return pub


@transaction.atomic
def publication_publish(*, actor, publication: AnnualPublication, sms: bool = False,
                        now: dt.datetime | None = None) -> AnnualPublication:
    """Publish the year's account to the owners of the estate (a notice); it cannot be changed afterwards."""
    _ensure_committee_side(actor, publication.estate)
    now = _now(now)
    pub = _locked(AnnualPublication, publication)
    if pub.status == PublicationStatus.PUBLISHED:
        raise ValidationError(_("%(y)d 年度收支已公布。") % {"y": pub.year})
    committee = pub.committee
    y = order_rules.fen_to_yuan
    body = "\n".join([
        _("%(c)s %(y)d 年度收支情况（000 §十四）：") % {"c": committee.name, "y": pub.year},
        _("一、业主共有部分经营与收益：%(v)s 元") % {"v": y(pub.common_revenue_fen)},
        _("二、专项维修资金使用：%(v)s 元") % {"v": y(pub.fund_use_fen)},
        _("三、业委会工作经费开支：%(v)s 元") % {"v": y(pub.expenses_fen)},
        *([_("明细说明："), pub.details] if pub.details else []),
    ])
    notice = _publish(actor=actor, estate=pub.estate, kind=NoticeSubject.PUBLICATION, pk=pub.pk,
                      title=_("%(c)s %(y)d 年度收支公布") % {"c": committee.name, "y": pub.year}, body=body,
                      publisher=committee.name, sms=sms, now=now)
    before = snapshot(pub)
    pub.status, pub.published_at, pub.notice = PublicationStatus.PUBLISHED, now, notice
    pub.published_by = actor if getattr(actor, "pk", None) else None
    pub.save()
    late = meeting_rules.days_late(pub.due_on, _today(now))
    _audit(actor, AuditAction.UPDATE, pub, before=before, reason=_("公布 %(y)d 年度收支") % {"y": pub.year}
           + (_("，逾期 %(n)d 天") % {"n": late} if late else ""))
    _sync_alerts(now=now, committee=committee)
    return pub


# ---------------------------------------------------------------- supervision orders


def _order_event(order: SupervisionOrder, *, actor, action: str, from_status: str, note: str = "",
                 notice: Notice | None = None, now: dt.datetime) -> SupervisionEvent:
    return SupervisionEvent.objects.create(order=order, at=now, actor=actor if getattr(actor, "pk", None) else None,
                                           action=action, from_status=from_status, to_status=order.status, note=note,
                                           notice=notice)


def _revoke_motion(motion: Motion, order: SupervisionOrder, now: dt.datetime) -> None:
    motion = _locked(Motion, motion)
    before = snapshot(motion)
    motion.status, motion.revoked_at, motion.revoked_by = MotionStatus.REVOKED, now, order
    motion.save(update_fields=["status", "revoked_at", "revoked_by", "updated_at"])
    audit_record(actor=order.ordered_by, action=AuditAction.UPDATE, obj=motion, before=before, after=snapshot(motion),
                 reason=_("街道撤销该决定（督办 #%(o)d）") % {"o": order.pk})


def _motion_label(motion: Motion) -> str:
    return _("%(c)s %(d)s 会议第 %(n)d 项决定“%(t)s”") % {
        "c": motion.committee.name, "d": timezone.localtime(motion.meeting.held_at).strftime("%Y-%m-%d"),
        "n": motion.number, "t": motion.title}


@transaction.atomic
def supervision_order(*, actor, motion: Motion, kind: str, reason: str, deadline: dt.date | None = None,
                      sms: bool = False, now: dt.datetime | None = None) -> SupervisionOrder:
    """The street orders a committee decision corrected by ``deadline`` (责令限期整改) or revokes it (撤销),
    and tells the owners (000 §十四)."""
    _ensure_supervisor(actor, motion.estate)
    now = _now(now)
    motion = _locked(Motion, motion)
    errors = {}
    if kind not in SupervisionKind.values:
        errors["kind"] = _("未知的督办类型：%(k)s") % {"k": kind}
    if kind == SupervisionKind.CORRECTION:
        if deadline is None:
            errors["deadline"] = _("责令整改须规定整改期限。")
        elif deadline <= _today(now):
            errors["deadline"] = _("整改期限须晚于今天。")
    if errors:
        raise ValidationError(errors)
    reason = _text(reason, "reason", _("违反的规定及事实"))
    if motion.status == MotionStatus.REVOKED:
        raise ValidationError(_("该决定已被撤销。"))
    if motion.status != MotionStatus.PASSED:
        raise ValidationError(_("该事项未获通过，不构成业委会决定，无需督办。"))
    if motion.supervision_orders.filter(status__in=(SupervisionStatus.ORDERED, SupervisionStatus.RESPONDED)).exists():
        raise ValidationError(_("该决定已有未结束的督办，请在原督办中处理。"))
    issuer = _street_name(motion.estate)
    order = SupervisionOrder(motion=motion, kind=kind, reason=reason, ordered_at=now, issuer=issuer,
                             ordered_by=actor if getattr(actor, "pk", None) else None,
                             deadline=deadline if kind == SupervisionKind.CORRECTION else None,
                             status=SupervisionStatus.ORDERED if kind == SupervisionKind.CORRECTION
                             else SupervisionStatus.REVOKED)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError as exc:
        raise ValidationError(integrity_error_message(exc, SupervisionOrder)) from None
    label = _motion_label(motion)
    if kind == SupervisionKind.CORRECTION:
        title = _("关于责令%(c)s限期整改的公告") % {"c": motion.committee.name}
        body = _("%(l)s违反法律法规或管理规约、业主大会议事规则：%(r)s\n根据驻政办〔2022〕18号第十四条，责令%(c)s于 "
                 "%(d)s 前整改并报告整改情况；拒不整改的，将依法依规撤销该决定。特此公告。") % {
            "l": label, "r": reason, "c": motion.committee.name, "d": deadline}
    else:
        order.closed_at = now
        order.save(update_fields=["closed_at"])
        _revoke_motion(motion, order, now)
        title = _("关于撤销%(c)s决定的公告") % {"c": motion.committee.name}
        body = _("%(l)s违反法律法规或管理规约、业主大会议事规则：%(r)s\n根据驻政办〔2022〕18号第十四条，依法撤销该决定，"
                 "该决定自即日起不再执行。特此公告。") % {"l": label, "r": reason}
    notice = _publish(actor=actor, estate=motion.estate, kind=NoticeSubject.SUPERVISION_ORDER, pk=order.pk,
                      title=title, body=body, publisher=issuer, sms=sms, now=now)
    _order_event(order, actor=actor, action=SupervisionAction.ORDER, from_status="", note=reason, notice=notice,
                 now=now)
    _audit(actor, AuditAction.CREATE, order, reason=order.get_kind_display())
    _sync_alerts(now=now, committee=order.committee)
    return order


def _transition(order: SupervisionOrder, action: str) -> str:
    return _rule(order_rules.next_status, order.status, action)


@transaction.atomic
def supervision_respond(*, actor, order: SupervisionOrder, report: str, document=None,
                        now: dt.datetime | None = None) -> SupervisionOrder:
    """The committee reports how it corrected the decision."""
    _ensure_committee_side(actor, order.estate)
    now = _now(now)
    order = _locked(SupervisionOrder, order)
    to = _transition(order, order_rules.RESPOND)
    report = _text(report, "report", _("整改情况报告"))
    before, from_status = snapshot(order), order.status
    order.report, order.responded_at, order.status = report, now, to
    if document:
        order.report_document, order.report_document_sha256 = document, _sha256(document)
    order.save()
    _order_event(order, actor=actor, action=SupervisionAction.RESPOND, from_status=from_status, note=report, now=now)
    _audit(actor, AuditAction.UPDATE, order, before=before, reason=_("业委会报告整改情况"))
    _sync_alerts(now=now, committee=order.committee)
    return order


@transaction.atomic
def supervision_accept(*, actor, order: SupervisionOrder, note: str = "", sms: bool = False,
                       now: dt.datetime | None = None) -> SupervisionOrder:
    """The street accepts the correction; the owners are told the matter is closed."""
    _ensure_supervisor(actor, order.estate)
    now = _now(now)
    order = _locked(SupervisionOrder, order)
    to = _transition(order, order_rules.ACCEPT)
    note = _text(note, "note", _("街道意见"), required=False)
    before, from_status = snapshot(order), order.status
    order.status, order.closed_at, order.conclusion = to, now, note
    order.save()
    motion = order.motion
    body = _("%(l)s经责令整改，%(c)s已整改到位，经%(s)s验收通过。") % {
        "l": _motion_label(motion), "c": order.committee.name, "s": order.issuer}
    if note:
        body += "\n" + note
    notice = _publish(actor=actor, estate=order.estate, kind=NoticeSubject.SUPERVISION_ORDER, pk=order.pk,
                      title=_("%(c)s整改验收结果公告") % {"c": order.committee.name}, body=body,
                      publisher=order.issuer, sms=sms, now=now)
    _order_event(order, actor=actor, action=SupervisionAction.ACCEPT, from_status=from_status, note=note,
                 notice=notice, now=now)
    _audit(actor, AuditAction.UPDATE, order, before=before, reason=_("整改验收通过"))
    return order


@transaction.atomic
def supervision_reject(*, actor, order: SupervisionOrder, note: str, deadline: dt.date | None = None,
                       now: dt.datetime | None = None) -> SupervisionOrder:
    """The street does not accept the report: the committee must correct again (optionally by a new deadline)."""
    _ensure_supervisor(actor, order.estate)
    now = _now(now)
    order = _locked(SupervisionOrder, order)
    to = _transition(order, order_rules.REJECT)
    note = _text(note, "note", _("退回理由"))
    if deadline is not None and deadline <= _today(now):
        raise ValidationError({"deadline": _("新的整改期限须晚于今天。")})
    before, from_status = snapshot(order), order.status
    order.status, order.conclusion = to, note
    if deadline is not None:
        order.deadline = deadline
    order.save()
    _order_event(order, actor=actor, action=SupervisionAction.REJECT, from_status=from_status, note=note, now=now)
    _audit(actor, AuditAction.UPDATE, order, before=before, reason=_("退回重新整改：%(n)s") % {"n": note})
    _sync_alerts(now=now, committee=order.committee)
    return order


@transaction.atomic
def supervision_revoke(*, actor, order: SupervisionOrder, reason: str, sms: bool = False,
                       now: dt.datetime | None = None) -> SupervisionOrder:
    """拒不整改: the street revokes the decision; it is marked revoked everywhere and the owners are told."""
    _ensure_supervisor(actor, order.estate)
    now = _now(now)
    order = _locked(SupervisionOrder, order)
    to = _transition(order, order_rules.REVOKE)
    reason = _text(reason, "reason", _("撤销理由"))
    before, from_status = snapshot(order), order.status
    order.status, order.closed_at, order.conclusion = to, now, reason
    order.save()
    _revoke_motion(order.motion, order, now)
    body = _("%(l)s经责令限期整改未整改到位：%(r)s\n根据驻政办〔2022〕18号第十四条，依法撤销该决定，该决定自即日起不再执行。"
             "特此公告。") % {"l": _motion_label(order.motion), "r": reason}
    notice = _publish(actor=actor, estate=order.estate, kind=NoticeSubject.SUPERVISION_ORDER, pk=order.pk,
                      title=_("关于撤销%(c)s决定的公告") % {"c": order.committee.name}, body=body,
                      publisher=order.issuer, sms=sms, now=now)
    _order_event(order, actor=actor, action=SupervisionAction.REVOKE, from_status=from_status, note=reason,
                 notice=notice, now=now)
    _audit(actor, AuditAction.UPDATE, order, before=before, reason=_("撤销决定：%(r)s") % {"r": reason})
    _sync_alerts(now=now, committee=order.committee)
    return order


# ---------------------------------------------------------------- due dates: the sweep

SUPERVISION_ALERT_KINDS = (AlertKind.SEAL_CUSTODIAN, AlertKind.COMMITTEE_MEETING_DUE, AlertKind.DECISIONS_POSTING,
                           AlertKind.ANNUAL_PUBLICATION, AlertKind.CORRECTION_OVERDUE,
                           AlertKind.FIRST_COMMITTEE_MEETING)
PUBLICATION_WARN_DAYS = 30
ORDER_WARN_DAYS = 3
LEVELS = {"warning": AlertLevel.WARNING, "overdue": AlertLevel.OVERDUE}


@dataclass(frozen=True)
class _Alert:
    kind: str
    estate_id: int
    committee_id: int
    message: str
    level: str
    due_on: dt.date


def _wanted_alerts(today: dt.date, committee_ids: Iterable[int] | None = None) -> dict[str, _Alert]:
    wanted: dict[str, _Alert] = {}
    committees = Committee.objects.filter(status__in=LIVE_STATUSES).select_related("estate")
    meetings = CommitteeMeeting.objects.select_related("committee")
    orders = SupervisionOrder.objects.select_related("committee", "motion")
    if committee_ids is not None:
        ids = list(committee_ids)
        committees, meetings, orders = (committees.filter(pk__in=ids), meetings.filter(committee_id__in=ids),
                                        orders.filter(committee_id__in=ids))
    # A meeting requested by ≥ 1/3 of the members and not held within 7 days (GR 37).
    for m in meetings.filter(status__in=(MeetingStatus.REQUESTED, MeetingStatus.SCHEDULED), hold_by__isnull=False):
        # A warning from the day of the request (the whole period is short), overdue after it.
        level = order_rules.deadline_level(m.hold_by, today, warn_days=366)
        if level:
            wanted[f"committee_meeting_due:{m.pk}"] = _Alert(
                AlertKind.COMMITTEE_MEETING_DUE, m.estate_id, m.committee_id,
                _("%(c)s：委员于 %(r)s 提议召开的会议应于 %(d)s 前召开（GR 37）") % {
                    "c": m.committee.name, "r": m.requested_on, "d": m.hold_by}, LEVELS[level], m.hold_by)
    # Decisions not posted within 3 days of the meeting (GR 39).
    for m in meetings.filter(status=MeetingStatus.HELD, decisions_due_on__isnull=False):
        level = order_rules.deadline_level(m.decisions_due_on, today)
        if level == "overdue":
            wanted[f"decisions_posting:{m.pk}"] = _Alert(
                AlertKind.DECISIONS_POSTING, m.estate_id, m.committee_id,
                _("%(c)s：“%(t)s”的会议决定应于 %(d)s 前经签字公告（GR 39）") % {
                    "c": m.committee.name, "t": m.title, "d": m.decisions_due_on}, LEVELS[level], m.decisions_due_on)
    committees = list(committees)
    # The new owners' committee's first meeting, which chooses the chair, within 7 days (GR 32, R2.3).
    # Only for committees the platform knew of before that limit passed: one registered later has no
    # meeting record to expect.
    met = set(CommitteeMeeting.objects.filter(committee__in=committees, status__in=(
        MeetingStatus.HELD, MeetingStatus.INQUORATE, MeetingStatus.POSTED)).values_list("committee_id", flat=True))
    for c in committees:
        if c.kind != CommitteeKind.OWNERS_COMMITTEE or c.pk in met:
            continue
        due = meeting_rules.first_meeting_by(c.elected_on, _is_workday)
        if timezone.localdate(c.created_at) > due:
            continue
        level = order_rules.deadline_level(due, today, warn_days=366)
        if level:
            wanted[f"first_committee_meeting:{c.pk}"] = _Alert(
                AlertKind.FIRST_COMMITTEE_MEETING, c.estate_id, c.pk,
                _("%(c)s 应于 %(d)s 前召开首次会议、推选主任和副主任（GR 32）") % {"c": c.name, "d": due},
                LEVELS[level], due)
    # The annual publication (000 §十四).
    published = set(AnnualPublication.objects.filter(committee__in=committees, status=PublicationStatus.PUBLISHED)
                    .values_list("committee_id", "year"))
    for c in committees:
        for year in publication_years(c, today):
            if (c.pk, year) in published:
                continue
            due = publication_due_on(c, year)
            level = order_rules.deadline_level(due, today, warn_days=PUBLICATION_WARN_DAYS)
            if level:
                wanted[f"annual_publication:{c.pk}:{year}"] = _Alert(
                    AlertKind.ANNUAL_PUBLICATION, c.estate_id, c.pk,
                    _("%(c)s 应于 %(d)s 前向业主公布 %(y)d 年度共有部分收益、维修资金使用、经费开支（000 §十四）") % {
                        "c": c.name, "d": due, "y": year}, LEVELS[level], due)
    # A correction not reported by its deadline.
    for o in orders.filter(kind=SupervisionKind.CORRECTION, status=SupervisionStatus.ORDERED, deadline__isnull=False):
        level = order_rules.deadline_level(o.deadline, today, warn_days=ORDER_WARN_DAYS)
        if level:
            wanted[f"correction_overdue:{o.pk}"] = _Alert(
                AlertKind.CORRECTION_OVERDUE, o.estate_id, o.committee_id,
                _("%(c)s 应于 %(d)s 前就“%(t)s”报告整改情况") % {
                    "c": o.committee.name, "d": o.deadline, "t": o.motion.title}, LEVELS[level], o.deadline)
    wanted.update(_seal_custodian_alerts(today, committee_ids))
    return wanted


def _seal_custodian_alerts(today: dt.date, committee_ids: Iterable[int] | None) -> dict[str, _Alert]:
    """A seal in use whose custodian is no longer a member in office (left, or their committee ended):
    it is to be handed over and its new custodian registered within the handover period (GR 41,
    policy ``handover_days``). Only custodians recorded as a member can be followed."""
    from wuye.governance.rules.committee import days_after
    from wuye.policy.selectors import get_parameter

    seals = (Seal.objects.filter(retired_on__isnull=True, custodian_member__isnull=False)
             .filter(Q(custodian_member__until__isnull=False)
                     | ~Q(custodian_member__committee__status__in=LIVE_STATUSES))
             .select_related("estate", "committee", "custodian_member__committee"))
    wanted: dict[str, _Alert] = {}
    for seal in seals:  # few: only seals whose keeper has left
        member = seal.custodian_member
        left_on = member.until or member.committee.ended_on or today
        committee = seal_committee(seal)
        committee_id = committee.pk if committee is not None else None
        if committee_ids is not None and committee_id not in committee_ids:
            continue
        due = days_after(left_on, get_parameter(seal.estate.region_id, "handover_days"))
        level = order_rules.deadline_level(due, today, warn_days=366)
        if level:
            wanted[f"seal_custodian:{seal.pk}"] = _Alert(
                AlertKind.SEAL_CUSTODIAN, seal.estate_id, committee_id,
                _("%(s)s 的保管人 %(n)s 已于 %(l)s 离任，应于 %(d)s 前移交印章并登记新的保管人（GR 41）") % {
                    "s": seal.name, "n": member.name, "l": left_on, "d": due}, LEVELS[level], due)
    return wanted


def _resolve_seal_alert(seal: Seal) -> None:
    """The custodian changed or the seal was retired: its alert is settled now (the sweep raises it
    again if the new custodian is not in office either)."""
    GovernanceAlert.objects.filter(kind=AlertKind.SEAL_CUSTODIAN, key=f"seal_custodian:{seal.pk}",
                                   resolved_at__isnull=True).update(resolved_at=timezone.now())


def _sync_alerts(*, now: dt.datetime | None = None, committee: Committee | None = None) -> dict[str, int]:
    """Make the open alerts of the supervision kinds exactly what the records call for (raise, update,
    resolve), for one committee or for all. Idempotent."""
    now = _now(now)
    today = _today(now)
    ids = [committee.pk] if committee is not None else None
    wanted = _wanted_alerts(today, ids)
    raised = updated = resolved = 0
    with transaction.atomic():
        rows = GovernanceAlert.objects.select_for_update().filter(kind__in=SUPERVISION_ALERT_KINDS,
                                                                  resolved_at__isnull=True)
        if ids is not None:
            rows = rows.filter(committee_id__in=ids)
        open_rows = {a.key: a for a in rows}
        stale = [a.pk for key, a in open_rows.items() if key not in wanted]
        if stale:
            resolved = GovernanceAlert.objects.filter(pk__in=stale).update(resolved_at=now)
        new = []
        for key, spec in wanted.items():
            row = open_rows.get(key)
            message = spec.message[:500]
            if row is None:
                new.append(GovernanceAlert(key=key, kind=spec.kind, estate_id=spec.estate_id,
                                           committee_id=spec.committee_id, level=spec.level, due_on=spec.due_on,
                                           message=message, raised_at=now))
            elif (row.level, row.due_on, row.message) != (spec.level, spec.due_on, message):
                row.level, row.due_on, row.message = spec.level, spec.due_on, message
                row.save(update_fields=["level", "due_on", "message"])
                updated += 1
        GovernanceAlert.objects.bulk_create(new)
        raised = len(new)
    return {"raised": raised, "updated": updated, "resolved": resolved}


def supervision_alerts_sync(committee: Committee, now: dt.datetime | None = None) -> dict[str, int]:
    """One committee's supervision alerts brought up to date at once (a member left, say)."""
    return _sync_alerts(now=now, committee=committee)


def supervision_sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """The due-date checks of committee meetings, annual publications and correction orders, for the
    governance sweep to call: raises, updates and resolves GovernanceAlerts. Idempotent."""
    return {f"supervision_alerts_{k}": v for k, v in _sync_alerts(now=now).items()}


def open_supervision_alerts(estate_ids: Sequence[int] | None = None):
    rows = GovernanceAlert.objects.filter(kind__in=SUPERVISION_ALERT_KINDS, resolved_at__isnull=True)
    if estate_ids is not None:
        rows = rows.filter(estate_id__in=list(estate_ids))
    return rows.filter(Q(level=AlertLevel.OVERDUE) | Q(level=AlertLevel.WARNING))
