"""Committee records and the street's supervision on the database: meetings (R2.6), seals (R2.7),
annual publications and supervision orders (000 §十四), their alerts, rights and refusals."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wuye.core.models import AuditEntry
from wuye.estates.tests.factories import OwnershipFactory
from wuye.governance.choices import (
    AlertKind,
    AlertLevel,
    MeetingStatus,
    MotionStatus,
    NoticeSubject,
    SupervisionKind,
    SupervisionStatus,
)
from wuye.governance.models import (
    CommitteeMeeting,
    Decision,
    GovernanceAlert,
    Motion,
    MotionVote,
    SealUse,
    SupervisionEvent,
    SupervisionOrder,
)
from wuye.governance.services import supervision as svc
from wuye.governance.services.supervision import VoteInput
from wuye.governance.tests.factories_supervision import (
    assembly_seal,
    committee_seal,
    committee_with_members,
    held_meeting,
    minutes_file,
    passed_motion,
    posted_motion,
)
from wuye.messaging.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def c7(street):
    committee, members = committee_with_members(7, region=street)
    return committee, members


def _open_alerts(kind):
    return GovernanceAlert.objects.filter(kind=kind, resolved_at__isnull=True)


# ---------------------------------------------------------------- meetings


def test_request_needs_a_third_and_raises_an_alert_until_held(c7):
    committee, members = c7
    with pytest.raises(ValidationError, match="三分之一以上委员"):
        svc.meeting_request(actor=None, committee=committee, requesters=members[:2], reason="讨论停车费")
    assert not CommitteeMeeting.objects.exists()
    now = timezone.now()
    meeting = svc.meeting_request(actor=None, committee=committee, requesters=members[:3], reason="讨论停车费", now=now)
    assert meeting.status == MeetingStatus.REQUESTED and meeting.requested_by.count() == 3
    assert meeting.hold_by >= timezone.localdate(now) + dt.timedelta(days=7)
    alert = _open_alerts(AlertKind.COMMITTEE_MEETING_DUE).get()
    assert alert.level == AlertLevel.WARNING and alert.due_on == meeting.hold_by
    # Not held in time: the sweep turns the warning into overdue.
    later = now + dt.timedelta(days=12)
    assert svc.supervision_sweep(later)["supervision_alerts_updated"] == 1
    assert _open_alerts(AlertKind.COMMITTEE_MEETING_DUE).get().level == AlertLevel.OVERDUE
    assert svc.supervision_sweep(later) == {"supervision_alerts_raised": 0, "supervision_alerts_updated": 0,
                                            "supervision_alerts_resolved": 0}
    svc.meeting_schedule(actor=None, meeting=meeting, title="临时会议", agenda="停车费", scheduled_for=later,
                         now=later - dt.timedelta(hours=2))
    svc.meeting_hold(actor=None, meeting=meeting, held_at=later, present=members[:5], now=later)
    assert not _open_alerts(AlertKind.COMMITTEE_MEETING_DUE).exists()


def test_requesters_must_be_members_in_office(c7, street):
    committee, members = c7
    other, other_members = committee_with_members(5, region=street)
    with pytest.raises(ValidationError, match="不是.*在任的本届委员"):
        svc.meeting_request(actor=None, committee=committee, requesters=[*members[:2], other_members[0]],
                            reason="x")
    with pytest.raises(ValidationError, match="重复"):
        svc.meeting_request(actor=None, committee=committee, requesters=[members[0]] * 3, reason="x")


def test_short_agenda_notice_is_flagged_not_refused(c7):
    committee, _members = c7
    now = timezone.now()
    meeting = svc.meeting_schedule(actor=None, committee=committee, title="月度会议", agenda="1. 财务",
                                   scheduled_for=now + dt.timedelta(days=3), now=now)
    assert meeting.agenda_notice_days == 3 and meeting.agenda_notice_short
    assert "不足 7 天" in AuditEntry.objects.filter(object_id=str(meeting.pk)).latest("at").reason
    ok = svc.meeting_schedule(actor=None, committee=committee, title="月度会议", agenda="1. 财务",
                              scheduled_for=now + dt.timedelta(days=7, hours=1), now=now)
    assert not ok.agenda_notice_short
    with pytest.raises(ValidationError, match="晚于"):
        svc.meeting_schedule(actor=None, committee=committee, title="x", agenda="y", scheduled_for=now, now=now)


def test_meeting_quorum_fails_with_half_present(street):
    committee, members = committee_with_members(6, region=street)
    meeting = held_meeting(committee, members, present=members[:3])
    assert meeting.status == MeetingStatus.INQUORATE and meeting.members_total == 6
    assert meeting.decisions_due_on is None
    with pytest.raises(ValidationError, match="未过半数"):
        svc.motion_decide(actor=None, meeting=meeting, title="x", votes=[VoteInput(m, "yes") for m in members[:3]])
    assert not Motion.objects.exists()


def test_motion_passes_only_with_a_majority_of_all_members(c7):
    committee, members = c7
    meeting = held_meeting(committee, members, present=members[:5])
    # 3 yes of 5 present: a majority of those present, not of the 7 members.
    rejected = svc.motion_decide(actor=None, meeting=meeting, title="更换门禁",
                                 votes=[VoteInput(m, "yes") for m in members[:3]]
                                 + [VoteInput(members[3], "no"), VoteInput(members[4], "abstain")])
    assert (rejected.status, rejected.yes, rejected.no, rejected.abstain) == (MotionStatus.REJECTED, 3, 1, 1)
    passed = svc.motion_decide(actor=None, meeting=meeting, title="维修路灯",
                               votes=[VoteInput(m, "yes") for m in members[:4]])
    assert passed.status == MotionStatus.PASSED and passed.number == 2
    assert MotionVote.objects.filter(motion=passed).count() == 4


def test_a_proxy_vote_refuses_the_whole_motion(c7):
    committee, members = c7
    meeting = held_meeting(committee, members, present=members[:5])
    with pytest.raises(ValidationError, match="不得委托他人表决"):
        svc.motion_decide(actor=None, meeting=meeting, title="维修路灯",
                          votes=[*[VoteInput(m, "yes") for m in members[:4]],
                                 VoteInput(members[4], "yes", cast_by=members[0])])
    with pytest.raises(ValidationError, match="未出席"):
        svc.motion_decide(actor=None, meeting=meeting, title="维修路灯",
                          votes=[*[VoteInput(m, "yes") for m in members[:4]], VoteInput(members[6], "yes")])
    assert not Motion.objects.exists() and not MotionVote.objects.exists()


def test_minutes_signatures_and_posting_within_three_days(c7):
    committee, members = c7
    now = timezone.now()
    meeting = held_meeting(committee, members, present=members[:5], now=now)
    svc.motion_decide(actor=None, meeting=meeting, title="维修路灯", votes=[VoteInput(m, "yes") for m in members[:4]],
                      now=now)
    with pytest.raises(ValidationError, match="会议记录"):
        svc.meeting_post_decisions(actor=None, meeting=meeting, now=now)
    with pytest.raises(ValidationError, match="未出席"):
        svc.meeting_record_minutes(actor=None, meeting=meeting, minutes=minutes_file(), signed_by=members[4:6], now=now)
    svc.meeting_record_minutes(actor=None, meeting=meeting, minutes=minutes_file(), signed_by=members[:4], now=now)
    with pytest.raises(ValidationError, match="尚未签字"):
        svc.meeting_post_decisions(actor=None, meeting=meeting, now=now)
    svc.meeting_record_minutes(actor=None, meeting=meeting, minutes=minutes_file(), signed_by=members[4:5], now=now)
    # Late: the sweep raised an alert; posting resolves it and records the days late.
    late = now + dt.timedelta(days=6)
    svc.supervision_sweep(late)
    assert _open_alerts(AlertKind.DECISIONS_POSTING).get().level == AlertLevel.OVERDUE
    notice = svc.meeting_post_decisions(actor=None, meeting=meeting, now=late)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.POSTED and meeting.posted_days_late >= 1
    assert notice.subject == f"{NoticeSubject.MEETING}:{meeting.pk}" and notice.source_label == "业委会会议决定"
    assert "维修路灯" in notice.body and "通过" in notice.body
    assert not _open_alerts(AlertKind.DECISIONS_POSTING).exists()
    with pytest.raises(ValidationError):
        svc.meeting_post_decisions(actor=None, meeting=meeting, now=late)


# ---------------------------------------------------------------- seals


def test_seal_use_without_a_decision_is_refused(c7):
    committee, members = c7
    seal = committee_seal(committee, members)
    kwargs = dict(actor=None, seal=seal, used_on=timezone.localdate(), document_title="维修合同",
                  purpose="与维修单位签订合同", used_by=members[1].name)
    with pytest.raises(ValidationError, match="须有业委会会议决定作为依据"):
        svc.seal_use_record(**kwargs)
    meeting = held_meeting(committee, members)
    rejected = svc.motion_decide(actor=None, meeting=meeting, title="x", votes=[VoteInput(members[0], "yes")])
    with pytest.raises(ValidationError, match="未获通过"):
        svc.seal_use_record(**kwargs, motion=rejected)
    other, other_members = committee_with_members(5, estate=None)
    foreign = passed_motion(other, other_members)
    with pytest.raises(ValidationError, match="不是本印章所属组织"):
        svc.seal_use_record(**kwargs, motion=foreign)
    assert not SealUse.objects.exists()
    motion = svc.motion_decide(actor=None, meeting=meeting, title="签订维修合同",
                               votes=[VoteInput(m, "yes") for m in members])
    use = svc.seal_use_record(**kwargs, motion=motion)
    assert use.custodian_name == members[0].name and use.motion == motion


def test_seal_log_is_append_only_and_voided_by_an_entry(c7):
    committee, members = c7
    seal = committee_seal(committee, members)
    motion = passed_motion(committee, members)
    use = svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(), document_title="合同",
                              purpose="签约", used_by="李四", motion=motion)
    use.purpose = "改过"
    with pytest.raises(ValueError, match="不能修改"):
        use.save()
    with pytest.raises(ValidationError, match="作废原因"):
        svc.seal_use_void(actor=None, use=use, reason=" ")
    entry = svc.seal_use_void(actor=None, use=use, reason="文件名称登记错误")
    assert entry.voids == use and SealUse.objects.count() == 2
    with pytest.raises(ValidationError, match="已作废"):
        svc.seal_use_void(actor=None, use=use, reason="again")
    with pytest.raises(ValidationError, match="不能再作废"):
        svc.seal_use_void(actor=None, use=entry, reason="again")


def test_assembly_seal_needs_a_final_passed_joint_decision(c7):
    committee, members = c7
    seal = assembly_seal(committee.estate)
    kwargs = dict(actor=None, seal=seal, used_on=timezone.localdate(), document_title="物业服务合同",
                  purpose="业主大会与物业企业签约", used_by="王五")
    with pytest.raises(ValidationError, match="业主共同决定"):
        svc.seal_use_record(**kwargs)
    with pytest.raises(ValidationError, match="业委会决定不能作为依据"):
        svc.seal_use_record(**kwargs, motion=passed_motion(committee, members))
    closes = timezone.now() - dt.timedelta(days=10)
    draft = Decision.objects.create(estate=committee.estate, matter=4, title="选聘物业", organiser="committee",
                                    closes_at=closes, status="closed")
    with pytest.raises(ValidationError, match="尚未通过"):
        svc.seal_use_record(**kwargs, decision=draft)
    final = Decision.objects.create(estate=committee.estate, matter=4, title="选聘物业", organiser="committee",
                                    closes_at=closes, status="final", result={"outcome": "PASSED"})
    use = svc.seal_use_record(**kwargs, decision=final)
    assert use.decision == final and use.motion is None


def test_one_seal_in_use_per_kind(c7):
    committee, members = c7
    committee_seal(committee, members)
    with pytest.raises(ValidationError, match="已有在用的同类印章"):
        committee_seal(committee, members)


def test_a_committee_that_ends_takes_its_seal_out_of_use(c7, role_user, street):
    from wuye.governance.services.committees import committee_dissolve

    committee, members = c7
    own, assembly = committee_seal(committee, members), assembly_seal(committee.estate)
    motion = passed_motion(committee, members)
    on = timezone.localdate() - dt.timedelta(days=1)
    committee_dissolve(actor=role_user("street_office", region=street), committee=committee, on=on,
                       reason="业主大会决定解散")
    own.refresh_from_db()
    assembly.refresh_from_db()
    assert own.retired_on == on and assembly.retired_on is None  # the owners' seal is not the committee's
    entry = AuditEntry.objects.filter(object_id=str(own.pk), content_type__model="seal").latest("id")
    assert "印章随之停用" in entry.reason
    assert entry.before["retired_on"] is None and entry.after["retired_on"] == on.isoformat()
    with pytest.raises(ValidationError, match="已停用"):
        svc.seal_use_record(actor=None, seal=own, used_on=on, document_title="合同", purpose="签约",
                            used_by=members[1].name, motion=motion)
    successor, successor_members = committee_with_members(5, estate=committee.estate)
    assert committee_seal(successor, successor_members).retired_on is None  # the next one registers its own


# ---------------------------------------------------------------- publications


def test_publication_overdue_alert_and_publish(c7, role_user):
    committee, members = c7
    year = timezone.localdate().year - 1
    due = svc.publication_due_on(committee, year)
    assert due >= dt.date(year + 1, 3, 31)  # default 3 months after 31 December, rolled off a rest day
    after_due = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(10)))
    svc.supervision_sweep(after_due)
    alert = _open_alerts(AlertKind.ANNUAL_PUBLICATION).get(key=f"annual_publication:{committee.pk}:{year}")
    assert alert.level == AlertLevel.OVERDUE and alert.due_on == due and alert.estate == committee.estate
    with pytest.raises(ValidationError) as err:
        svc.publication_save(actor=None, committee=committee, year=year, common_revenue_fen=-1, fund_use_fen="x",
                             expenses_fen=0)
    assert set(err.value.error_dict) == {"common_revenue_fen", "fund_use_fen"}
    pub = svc.publication_save(actor=None, committee=committee, year=year, common_revenue_fen=12345678,
                               fund_use_fen=0, expenses_fen=250050, details="停车位租金")
    assert pub.due_on == due and not pub.is_published
    pub = svc.publication_publish(actor=None, publication=pub, now=after_due)
    assert pub.is_published and "123,456.78 元" in pub.notice.body and "2,500.50 元" in pub.notice.body
    assert not _open_alerts(AlertKind.ANNUAL_PUBLICATION).filter(key__endswith=f":{year}").exists()
    with pytest.raises(ValidationError, match="不能修改"):
        svc.publication_save(actor=None, committee=committee, year=year, common_revenue_fen=1, fund_use_fen=1,
                             expenses_fen=1)
    with pytest.raises(ValidationError, match="年度"):
        svc.publication_save(actor=None, committee=committee, year=timezone.localdate().year + 1,
                             common_revenue_fen=1, fund_use_fen=1, expenses_fen=1)


def test_publication_due_months_is_a_policy_parameter(c7, street):
    from wuye.policy.models import PolicyValue

    committee, _members = c7
    PolicyValue.objects.create(region=street, key="committee_publication_due_months", value=1)
    from django.core.cache import cache

    cache.clear()
    due = svc.publication_due_on(committee, 2026)
    assert dt.date(2027, 1, 31) <= due <= dt.date(2027, 2, 3)


# ---------------------------------------------------------------- supervision orders


def test_correction_order_flow(c7, role_user, street):
    committee, members = c7
    motion = posted_motion(committee, members)
    official = role_user("street_office", region=street)
    member_user = role_user("committee_member", estate=committee.estate)
    deadline = timezone.localdate() + dt.timedelta(days=15)
    with pytest.raises(PermissionDenied):
        svc.supervision_order(actor=member_user, motion=motion, kind=SupervisionKind.CORRECTION, reason="x",
                              deadline=deadline)
    with pytest.raises(ValidationError, match="整改期限"):
        svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.CORRECTION, reason="违规")
    order = svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.CORRECTION,
                                  reason="未经业主大会决定擅自使用公共收益", deadline=deadline)
    assert order.status == SupervisionStatus.ORDERED and order.issuer == street.name
    notice = Notice.objects.get(subject=f"{NoticeSubject.SUPERVISION_ORDER}:{order.pk}")
    assert notice.source_label == "街道监督公告" and order.events.get().notice == notice
    assert "责令" in notice.title and str(deadline) in notice.body and notice.publisher == street.name
    with pytest.raises(ValidationError, match="未结束的督办"):
        svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.REVOCATION, reason="x")
    # The committee answers; the street accepts or rejects; only the right side may act.
    with pytest.raises(PermissionDenied):
        svc.supervision_respond(actor=official, order=order, report="已整改")
    with pytest.raises(ValidationError, match="当前状态"):
        svc.supervision_accept(actor=official, order=order)
    order = svc.supervision_respond(actor=member_user, order=order, report="已召开会议撤回该决定并退回款项")
    with pytest.raises(PermissionDenied):
        svc.supervision_accept(actor=member_user, order=order)
    order = svc.supervision_reject(actor=official, order=order, note="未提供退款凭证",
                                   deadline=deadline + dt.timedelta(days=5))
    assert order.status == SupervisionStatus.ORDERED and order.deadline == deadline + dt.timedelta(days=5)
    order = svc.supervision_respond(actor=member_user, order=order, report="已补充退款凭证")
    order = svc.supervision_accept(actor=official, order=order, note="整改到位")
    assert order.status == SupervisionStatus.ACCEPTED and order.closed_at
    assert list(SupervisionEvent.objects.filter(order=order).values_list("action", flat=True)) == [
        "order", "respond", "reject", "respond", "accept"]
    assert Notice.objects.filter(subject=f"{NoticeSubject.SUPERVISION_ORDER}:{order.pk}").count() == 2
    motion.refresh_from_db()
    assert motion.status == MotionStatus.PASSED
    with pytest.raises(ValidationError, match="督办已结束"):
        svc.supervision_revoke(actor=official, order=order, reason="x")


def test_revocation_marks_the_decision_revoked_and_blocks_seal_use(c7, role_user, street):
    committee, members = c7
    motion = posted_motion(committee, members)
    seal = committee_seal(committee, members)
    official = role_user("street_office", region=street)
    order = svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.CORRECTION, reason="违规",
                                  deadline=timezone.localdate() + dt.timedelta(days=10))
    with pytest.raises(ValidationError, match="正在责令整改"):
        svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(), document_title="合同",
                            purpose="签约", used_by="李四", motion=motion)
    order = svc.supervision_revoke(actor=official, order=order, reason="拒不整改")
    motion.refresh_from_db()
    assert order.status == SupervisionStatus.REVOKED
    assert motion.status == MotionStatus.REVOKED and motion.revoked_by == order and motion.revoked_at
    assert Notice.objects.filter(title__contains="撤销").count() == 1
    with pytest.raises(ValidationError, match="已被街道撤销"):
        svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(), document_title="合同",
                            purpose="签约", used_by="李四", motion=motion)
    with pytest.raises(ValidationError, match="已被撤销"):
        svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.REVOCATION, reason="x")


def test_direct_revocation(c7, role_user, street):
    committee, members = c7
    motion = posted_motion(committee, members)
    official = role_user("street_office", region=street)
    order = svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.REVOCATION,
                                  reason="决定内容违反《民法典》第二百七十八条")
    motion.refresh_from_db()
    assert order.status == SupervisionStatus.REVOKED and order.deadline is None and order.closed_at
    assert motion.status == MotionStatus.REVOKED


def test_only_a_passed_decision_can_be_supervised(c7, role_user, street):
    committee, members = c7
    meeting = held_meeting(committee, members)
    rejected = svc.motion_decide(actor=None, meeting=meeting, title="x", votes=[VoteInput(members[0], "yes")])
    official = role_user("street_office", region=street)
    with pytest.raises(ValidationError, match="未获通过"):
        svc.supervision_order(actor=official, motion=rejected, kind=SupervisionKind.REVOCATION, reason="x")


def test_out_of_scope_official_cannot_order(c7, role_user, other_street):
    committee, members = c7
    motion = passed_motion(committee, members)
    with pytest.raises(PermissionDenied):
        svc.supervision_order(actor=role_user("street_office", region=other_street), motion=motion,
                              kind=SupervisionKind.REVOCATION, reason="x")
    with pytest.raises(PermissionDenied):
        svc.supervision_order(actor=role_user("owner", owner=OwnershipFactory(
            unit__building__estate=committee.estate).owner), motion=motion, kind=SupervisionKind.REVOCATION,
            reason="x")
    assert not SupervisionOrder.objects.exists() and not Notice.objects.filter(subject__startswith="governance.supervision_order:").exists()


def test_committee_member_of_another_estate_cannot_record(c7, role_user, street):
    committee, members = c7
    other, _m = committee_with_members(5, region=street)
    outsider = role_user("committee_member", estate=other.estate)
    with pytest.raises(PermissionDenied):
        svc.meeting_schedule(actor=outsider, committee=committee, title="x", agenda="y",
                             scheduled_for=timezone.now() + dt.timedelta(days=8))


def test_correction_overdue_alert(c7, role_user, street):
    committee, members = c7
    motion = passed_motion(committee, members)
    official = role_user("street_office", region=street)
    now = timezone.now()
    order = svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.CORRECTION, reason="违规",
                                  deadline=timezone.localdate(now) + dt.timedelta(days=10), now=now)
    svc.supervision_sweep(now)
    assert not _open_alerts(AlertKind.CORRECTION_OVERDUE).exists()
    svc.supervision_sweep(now + dt.timedelta(days=12))
    assert _open_alerts(AlertKind.CORRECTION_OVERDUE).get().level == AlertLevel.OVERDUE
    member_user = role_user("committee_member", estate=committee.estate)
    svc.supervision_respond(actor=member_user, order=order, report="已整改", now=now + dt.timedelta(days=13))
    assert not _open_alerts(AlertKind.CORRECTION_OVERDUE).exists()


def test_sms_to_owners_when_asked(c7, role_user, street):
    pytest.importorskip("wuye.messaging.services")
    from wuye.messaging.models import SmsMessage

    committee, members = c7
    motion = passed_motion(committee, members)
    official = role_user("street_office", region=street)
    svc.supervision_order(actor=official, motion=motion, kind=SupervisionKind.REVOCATION, reason="违规", sms=True)
    phones = {m.owner.phone for m in members if m.owner and m.owner.phone}
    assert phones and phones <= set(SmsMessage.objects.values_list("phone", flat=True))


@pytest.mark.django_db(transaction=True)
def test_two_officials_deciding_at_once_cannot_both_succeed(street, role_user):
    import threading

    from django.db import connection

    committee, members = committee_with_members(5, region=street)
    motion = posted_motion(committee, members)
    first, second = role_user("street_office", region=street), role_user("street_office", region=street)
    order = svc.supervision_order(actor=first, motion=motion, kind=SupervisionKind.CORRECTION, reason="违规",
                                  deadline=timezone.localdate() + dt.timedelta(days=5))
    svc.supervision_respond(actor=role_user("committee_member", estate=committee.estate), order=order,
                            report="已整改")
    barrier = threading.Barrier(2)
    results = []

    def click(user, fn, **kwargs):
        try:
            barrier.wait()
            fn(actor=user, order=SupervisionOrder.objects.get(pk=order.pk), **kwargs)
            results.append("ok")
        except ValidationError as exc:
            results.append(str(exc))
        except Exception as exc:  # noqa: BLE001
            results.append(f"error {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(first, svc.supervision_accept)),
               threading.Thread(target=click, args=(second, svc.supervision_revoke), kwargs={"reason": "拒不整改"})]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    order.refresh_from_db()
    assert SupervisionEvent.objects.filter(order=order, action__in=("accept", "revoke")).count() == 1
    motion.refresh_from_db()
    assert (order.status == SupervisionStatus.REVOKED) == (motion.status == MotionStatus.REVOKED)


def test_custodian_change_and_retirement(c7, role_user, street):
    committee, members = c7
    seal = committee_seal(committee, members)
    with pytest.raises(ValidationError, match="更换原因"):
        svc.seal_change_custodian(actor=None, seal=seal, custodian_name="赵六", reason="")
    seal = svc.seal_change_custodian(actor=None, seal=seal, custodian_name=members[2].name,
                                     custodian_member=members[2], reason="原保管人辞去主任职务")
    assert seal.custodian_name == members[2].name
    with pytest.raises(PermissionDenied):
        svc.seal_retire(actor=role_user("street_office", region=street.parent.children.exclude(
            pk=street.pk).first()), seal=seal, reason="x")
    seal = svc.seal_retire(actor=role_user("street_office", region=street), seal=seal, reason="换届移交，启用新印章")
    assert seal.retired_on
    motion = passed_motion(committee, members)
    with pytest.raises(ValidationError, match="已停用"):
        svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(), document_title="合同",
                            purpose="签约", used_by="李四", motion=motion)
    committee_seal(committee, members)  # a new seal of the same kind may now be registered


def test_holding_a_requested_meeting_without_an_agenda_is_flagged(c7):
    committee, members = c7
    now = timezone.now()
    meeting = svc.meeting_request(actor=None, committee=committee, requesters=members[:3], reason="紧急", now=now)
    meeting = svc.meeting_hold(actor=None, meeting=meeting, held_at=now, present=members[:4], now=now)
    assert meeting.status == MeetingStatus.HELD and meeting.agenda_notice_days == 0 and meeting.agenda_notice_short
    assert not _open_alerts(AlertKind.COMMITTEE_MEETING_DUE).exists()


def test_the_governance_sweep_raises_the_supervision_alerts_too(c7):
    """One periodic job (sweep_governance, Celery beat) covers the committees' own records."""
    from wuye.governance.services.committees import sweep_governance

    committee, _members = c7
    year = timezone.localdate().year - 1
    due = svc.publication_due_on(committee, year)
    counts = sweep_governance(now=timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(10))))
    assert counts["supervision_alerts_raised"] >= 1
    assert _open_alerts(AlertKind.ANNUAL_PUBLICATION).filter(key=f"annual_publication:{committee.pk}:{year}").exists()


def test_first_committee_meeting_within_seven_days_of_the_election(street):
    """GR 32 / R2.3: elected Friday 2026-10-30, the 7 days end Friday 2026-11-06 (a working day)."""
    from wuye.governance.tests.factories_supervision import committee_with_members

    elected = dt.date(2026, 10, 30)
    committee, members = committee_with_members(5, region=street, elected_on=elected)
    type(committee).objects.filter(pk=committee.pk).update(  # registered the day after the election
        created_at=timezone.make_aware(dt.datetime(2026, 10, 31, 9)))
    old, _old_members = committee_with_members(5, region=street)  # elected 2025, registered today: no alert

    def on(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))

    svc.supervision_sweep(on(dt.date(2026, 11, 2)))
    alert = _open_alerts(AlertKind.FIRST_COMMITTEE_MEETING).get()
    assert alert.committee == committee and alert.level == AlertLevel.WARNING and alert.due_on == dt.date(2026, 11, 6)
    svc.supervision_sweep(on(dt.date(2026, 11, 7)))
    assert _open_alerts(AlertKind.FIRST_COMMITTEE_MEETING).get().level == AlertLevel.OVERDUE
    assert not _open_alerts(AlertKind.FIRST_COMMITTEE_MEETING).filter(committee=old).exists()
    meeting = svc.meeting_schedule(actor=None, committee=committee, title="首次会议", agenda="推选主任、副主任",
                                   scheduled_for=on(dt.date(2026, 11, 9)), now=on(dt.date(2026, 11, 7)))
    svc.meeting_hold(actor=None, meeting=meeting, held_at=on(dt.date(2026, 11, 9)), present=members[:4],
                     now=on(dt.date(2026, 11, 9)))
    svc.supervision_sweep(on(dt.date(2026, 11, 9)))
    assert not _open_alerts(AlertKind.FIRST_COMMITTEE_MEETING).exists()


def test_a_seal_whose_custodian_left_office_is_flagged_until_handed_over(c7, role_user, street):
    """GR 41: the assembly seal is kept by a named member; when they leave, the seal is handed over
    and the new custodian registered within the handover period, or the street is alerted."""
    from wuye.governance.services.committees import committee_member_end
    from wuye.policy.selectors import get_parameter

    committee, members = c7
    keeper = members[3]
    seal = svc.seal_register(actor=None, estate=committee.estate, kind="assembly", name="业主大会印章",
                             custodian_name="", custodian_member=keeper)
    left_on = timezone.localdate() - dt.timedelta(days=2)
    committee_member_end(actor=role_user("street_office", region=street), member=keeper, until=left_on,
                         reason="resigned")
    days = get_parameter(committee.estate.region_id, "handover_days")
    alert = _open_alerts(AlertKind.SEAL_CUSTODIAN).get(key=f"seal_custodian:{seal.pk}")  # at once, no sweep
    assert alert.committee_id == committee.pk and alert.estate_id == committee.estate_id
    assert alert.due_on == left_on + dt.timedelta(days=days) and alert.level == AlertLevel.WARNING
    assert keeper.name in alert.message and "GR 41" in alert.message
    # The street sees it on its committees page, and the committee on its own page.
    from django.test import Client
    from django.urls import reverse

    browser = Client()
    browser.force_login(role_user("street_office", region=street))
    for url in (reverse("governance:committee_list"), reverse("governance:committee_detail", args=[committee.pk])):
        page = browser.get(url).content.decode()
        assert "印章保管人已离任" in page and alert.message in page, url
    # Past the handover period: overdue.
    later = timezone.make_aware(dt.datetime.combine(alert.due_on + dt.timedelta(days=1), dt.time(9)))
    svc.supervision_sweep(now=later)
    alert.refresh_from_db()
    assert alert.level == AlertLevel.OVERDUE and alert.resolved_at is None
    # The new custodian, a member in office, is registered: settled at once, and the sweep agrees.
    svc.seal_change_custodian(actor=None, seal=seal, custodian_name="", custodian_member=members[4],
                              reason="原保管人辞职，移交")
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    svc.supervision_sweep(now=later)
    assert not _open_alerts(AlertKind.SEAL_CUSTODIAN).exists()


def test_a_custodian_known_only_by_name_or_still_in_office_raises_no_alert(c7, role_user, street):
    committee, members = c7
    assembly_seal(committee.estate, custodian="王保管")  # no member recorded: nothing to follow
    committee_seal(committee, members)  # kept by members[0], in office
    svc.supervision_sweep()
    assert not _open_alerts(AlertKind.SEAL_CUSTODIAN).exists()


def test_a_committee_that_ends_leaves_the_assembly_seal_to_hand_over(c7, role_user, street):
    """The committee's own seal retires with it; the owners' seal stays, and its keeper from the old
    committee must hand it to the new one."""
    from wuye.governance.services.committees import committee_dissolve

    committee, members = c7
    seal = svc.seal_register(actor=None, estate=committee.estate, kind="assembly", name="业主大会印章",
                             custodian_name="", custodian_member=members[1])
    on = timezone.localdate() - dt.timedelta(days=1)
    committee_dissolve(actor=role_user("street_office", region=street), committee=committee, on=on,
                       reason="业主大会决定解散")
    svc.supervision_sweep()
    alert = _open_alerts(AlertKind.SEAL_CUSTODIAN).get(key=f"seal_custodian:{seal.pk}")
    assert alert.committee_id is None  # no committee in office: the street's to follow up
    svc.seal_retire(actor=role_user("street_office", region=street), seal=seal, reason="业主大会决定停用")
    assert not _open_alerts(AlertKind.SEAL_CUSTODIAN).exists()
