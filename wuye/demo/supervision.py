"""Demo committee records and the street's supervision of them (idempotent).

In the estate of the demo ``committee`` user (the demo owner's estate): a posted meeting with three
decisions — one carried out with the committee seal, one under a correction order from the street,
one revoked by the street — a held meeting whose decisions are late, a meeting requested by members
and not yet held, the seal register with a voided entry, last-but-one year's accounts published and
last year's overdue. Everything is written through the services at past times, then the
supervision sweep raises the alerts the street sees on its index.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

MARKER = "2026年第三次委员会会议"


def _demo_estate(city: str):
    from wuye.accounts.models import RoleAssignment

    ra = (RoleAssignment.objects.filter(user__username="committee", role="committee_member", is_active=True,
                                        estate__region__code__startswith=city)
          .select_related("estate__region").first())
    return ra.estate if ra else None


def _street_user():
    from wuye.accounts.models import User

    return User.objects.filter(username="street").first()


def _committee(estate, now):
    """The estate's live owners' committee (the committee demo makes it); else one elected offline here."""
    from wuye.estates.models import Ownership
    from wuye.governance.choices import CommitteeKind, MemberPosition
    from wuye.governance.selectors.supervision import live_committees

    live = live_committees(estate).filter(kind=CommitteeKind.OWNERS_COMMITTEE).first()
    if live is not None:
        return live
    from wuye.governance.rules.committee import MemberSpec
    from wuye.governance.services.committees import committee_elect

    owners = []
    for o in (Ownership.objects.filter(estate=estate, is_voided=False, owner__kind="person", owner__is_voided=False)
              .select_related("owner").order_by("id")):
        if o.owner not in owners:
            owners.append(o.owner)
        if len(owners) == 5:
            break
    if len(owners) < 5:
        return None
    positions = [MemberPosition.CHAIR, MemberPosition.VICE_CHAIR] + [MemberPosition.MEMBER] * 3
    specs = [MemberSpec(name=o.name, owner_id=o.pk, position=p) for o, p in zip(owners, positions, strict=True)]
    return committee_elect(actor=None, estate=estate, elected_on=timezone.localdate(now) - dt.timedelta(days=700),
                           members=specs, offline_document=ContentFile(b"%PDF demo election", name="election.pdf"),
                           now=now)


def _meeting(svc, committee, members, *, title, agenda, held, present, motions, post_after=None, now):
    """A meeting with its agenda posted 8 days ahead, held at ``held``; motions are (title, text, yes count)."""
    meeting = svc.meeting_schedule(actor=None, committee=committee, title=title, agenda=agenda, place="小区党群服务中心",
                                   scheduled_for=held, now=held - dt.timedelta(days=8))
    meeting = svc.meeting_hold(actor=None, meeting=meeting, held_at=held, present=present,
                               now=held + dt.timedelta(hours=2))
    out = []
    for t, text, yes in motions:
        votes = [svc.VoteInput(m, "yes" if i < yes else "no") for i, m in enumerate(present)]
        out.append(svc.motion_decide(actor=None, meeting=meeting, title=t, text=text, votes=votes,
                                     now=held + dt.timedelta(hours=1)))
    if post_after is not None:
        svc.meeting_record_minutes(actor=None, meeting=meeting, signed_by=present, now=held + dt.timedelta(hours=3),
                                   minutes=ContentFile(f"%PDF demo minutes {title}".encode(), name="minutes.pdf"))
        svc.meeting_post_decisions(actor=None, meeting=meeting, now=held + post_after)
    return meeting, out


def generate_demo_supervision(*, city: str, focus_street: str | None = None) -> int:
    """Create the demo committee records and supervision cases; returns how many records were made (0 if present)."""
    from wuye.governance.choices import SealKind, SupervisionKind
    from wuye.governance.models import CommitteeMeeting
    from wuye.governance.selectors.supervision import members_on
    from wuye.governance.services import supervision as svc

    estate = _demo_estate(city)
    if estate is None:
        return 0
    now = timezone.now().replace(microsecond=0)
    made = 0
    try:
        with transaction.atomic():
            committee = _committee(estate, now)
            if committee is None or CommitteeMeeting.objects.filter(committee=committee, title=MARKER).exists():
                return 0
            members = list(members_on(committee, timezone.localdate(now) - dt.timedelta(days=40)))
            if len(members) < 3:
                return 0
            street = _street_user()
            # A posted meeting: three decisions.
            held = now - dt.timedelta(days=30)
            meeting, (cleaning, subsidy, fire_lane) = _meeting(
                svc, committee, members, title=MARKER, held=held, present=members, now=now,
                agenda="1. 续签保洁服务外包合同；2. 地面车位出租收益的使用；3. 物业公司申请在东侧通道设置临时停车位",
                motions=[("续签保洁服务外包合同（2027年度）", "合同金额每年 18.6 万元，由公共收益支付。", len(members)),
                         ("将地面车位出租收益用于委员履职补贴", "每名委员每月补贴 800 元。", len(members) // 2 + 1),
                         ("同意物业公司占用东侧消防通道设置临时停车位", "每月向业主共有账户缴纳场地费 1,200 元。",
                          len(members) // 2 + 1)],
                post_after=dt.timedelta(days=2))
            made += 1 + 3
            # The committee seal: one named custodian, one use for the cleaning contract, one voided entry.
            seal = svc.seal_register(actor=None, estate=estate, committee=committee, kind=SealKind.COMMITTEE,
                                     name=f"{committee.name}印章", custodian_name=members[0].name,
                                     custodian_member=members[0], since=committee.term_start)
            use = svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(held) + dt.timedelta(days=5),
                                      document_title="保洁服务外包合同（2027年度）", purpose="与保洁公司签订合同",
                                      used_by=members[1].name, motion=cleaning, now=held + dt.timedelta(days=5))
            wrong = svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(held) + dt.timedelta(days=5),
                                        document_title="保洁服务外包合同（副本）", purpose="与保洁公司签订合同",
                                        used_by=members[1].name, motion=cleaning, now=held + dt.timedelta(days=5))
            svc.seal_use_void(actor=None, use=wrong, reason="重复登记（同一份合同已登记）",
                              now=held + dt.timedelta(days=6))
            made += 4 if use else 3
            # The street: a correction order still open, and a revocation.
            svc.supervision_order(actor=street, motion=subsidy, kind=SupervisionKind.CORRECTION,
                                  reason="将业主共有部分收益用于委员补贴，未经业主大会决定，违反《河南省住宅小区公共收益管理办法》"
                                         "及本小区管理规约。", deadline=timezone.localdate(now) + dt.timedelta(days=5),
                                  now=now - dt.timedelta(days=10))
            svc.supervision_order(actor=street, motion=fire_lane, kind=SupervisionKind.REVOCATION,
                                  reason="占用消防通道违反《消防法》第二十八条，该决定依法应予撤销。",
                                  now=now - dt.timedelta(days=9))
            made += 2
            # A held meeting whose decisions are not yet posted (late), and a request not yet held.
            late_held = now - dt.timedelta(days=6)
            _meeting(svc, committee, members, title="2026年第四次委员会会议", held=late_held, now=now,
                     present=members[: len(members) // 2 + 1], agenda="1. 电梯维保单位续聘",
                     motions=[("续聘电梯维保单位", "维保费用每台每年 3,600 元。", len(members) // 2 + 1)])
            svc.meeting_request(actor=None, committee=committee, requesters=members[: -(-len(members) // 3)],
                                reason="业主反映地下车库照明不足，提议召开会议研究维修方案",
                                title="委员提议召开的临时会议", now=now - dt.timedelta(days=2))
            made += 3
            # Accounts: the year before last published; last year's overdue (the sweep raises the alert).
            year = timezone.localdate(now).year - 2
            if committee.term_start.year <= year:
                pub = svc.publication_save(actor=None, committee=committee, year=year, common_revenue_fen=8_640_050,
                                           fund_use_fen=38_600_000, expenses_fen=1_205_000,
                                           details="地面车位租金 6.2 万元，广告位 2.44 万元；维修资金用于屋面防水。",
                                           now=now)
                svc.publication_publish(actor=None, publication=pub,
                                        now=timezone.make_aware(dt.datetime(year + 1, 3, 20, 10)))
                made += 1
            svc.supervision_sweep(now)
    except ValidationError:
        return 0
    return made
