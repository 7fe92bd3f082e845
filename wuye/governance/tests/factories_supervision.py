"""Factories for committee records and supervision: a committee with members, a held meeting, a passed
decision, seals. Built through the services where rules apply, so the rows are what the app would write."""
from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from wuye.governance.choices import MemberPosition, SealKind
from wuye.governance.models import Committee, CommitteeMember
from wuye.governance.services import supervision as svc
from wuye.governance.tests.factories import CommitteeFactory, CommitteeMemberFactory

SINCE = dt.date(2025, 1, 10)


def committee_with_members(n: int = 5, *, estate=None, region=None, **kwargs) -> tuple[Committee, list[CommitteeMember]]:
    """A live owners' committee of ``n`` owner members (the first is the chair), in office since 2025-01-10."""
    from wuye.estates.tests.factories import EstateFactory

    if estate is None:
        estate = EstateFactory(**({"region": region} if region is not None else {}))
    kwargs.setdefault("elected_on", SINCE)
    committee = CommitteeFactory(estate=estate, seats=n, **kwargs)
    members = [CommitteeMemberFactory(committee=committee, since=kwargs["elected_on"],
                                      position=MemberPosition.CHAIR if i == 0 else MemberPosition.MEMBER)
               for i in range(n)]
    return committee, members


def minutes_file(name: str = "minutes.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4 minutes signed", name=name)


def held_meeting(committee, members, *, present=None, now=None, title="第一次委员会会议"):
    """A meeting with its agenda posted 8 days ahead and held with ``present`` (default all members)."""
    now = now or timezone.now()
    meeting = svc.meeting_schedule(actor=None, committee=committee, title=title, agenda="1. 审议公共收益使用方案",
                                   place="小区活动室", scheduled_for=now - dt.timedelta(hours=1),
                                   now=now - dt.timedelta(days=8))
    return svc.meeting_hold(actor=None, meeting=meeting, held_at=now - dt.timedelta(minutes=30),
                            present=present if present is not None else members, now=now)


def passed_motion(committee, members, *, title="同意使用公共收益维修门禁", now=None):
    """A held meeting with one motion passed unanimously by all members."""
    meeting = held_meeting(committee, members, now=now)
    return svc.motion_decide(actor=None, meeting=meeting, title=title, text="从公共收益中列支 12,000 元。",
                             votes=[svc.VoteInput(m, "yes") for m in members], now=now)


def posted_motion(committee, members, *, title="同意使用公共收益维修门禁", now=None):
    motion = passed_motion(committee, members, title=title, now=now)
    meeting = motion.meeting
    svc.meeting_record_minutes(actor=None, meeting=meeting, minutes=minutes_file(), signed_by=members, now=now)
    svc.meeting_post_decisions(actor=None, meeting=meeting, now=now)
    motion.refresh_from_db()
    return motion


def committee_seal(committee, members):
    return svc.seal_register(actor=None, estate=committee.estate, committee=committee, kind=SealKind.COMMITTEE,
                             name=f"{committee.name}印章", custodian_name=members[0].name, custodian_member=members[0])


def assembly_seal(estate, custodian="王保管"):
    return svc.seal_register(actor=None, estate=estate, kind=SealKind.ASSEMBLY, name=f"{estate.name}业主大会印章",
                             custodian_name=custodian)
