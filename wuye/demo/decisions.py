"""Demo owners' joint decisions of a city (idempotent).

In the estate of the demo ``owner`` user: one decision open for voting (the demo owner has not voted:
they log in at /vote/ with their phone and the code from the SMS outbox), one closed and in its
objection window (the demo owner voted: their receipt is on their page), and one final with the
arithmetic on its result page. Ballots of the other owners are cast by the platform (``actor=None``)
at times inside each voting period, so the hash chains verify.
"""
from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from wuye.governance.choices import BallotChannel, DecisionStatus, OrganiserKind

OPEN_TITLE = "续聘物业服务企业（2027—2029年度）"
OBJECTION_TITLE = "利用地面停车区域增设电动车充电桩并对外经营"
FINAL_TITLE = "使用专项维修资金维修屋面防水"


def _demo_owner(city: str):
    from wuye.accounts.models import RoleAssignment
    from wuye.estates.models import Ownership

    ra = (RoleAssignment.objects.filter(user__username="owner", role="owner", is_active=True)
          .select_related("owner").first())
    if ra is None or ra.owner is None:
        return None, None
    ownership = (Ownership.objects.filter(owner=ra.owner, is_voided=False, estate__region__code__startswith=city)
                 .select_related("estate").order_by("pk").first())
    return ra.owner, ownership.estate if ownership else None


def _cast_many(decision, *, rng, share: float, yes: float, start, end, skip: set[str], organiser=None) -> None:
    from wuye.governance.services.decisions import ballot_cast

    entries = [e for e in decision.roll.order_by("pk") if e.voter_key not in skip]
    chosen = [e for e in entries if rng.random() < share]
    span = (end - start).total_seconds()
    times = sorted(start + dt.timedelta(seconds=rng.uniform(0.05, 0.95) * span) for _ in chosen)
    for e, at in zip(chosen, times, strict=True):
        choice = "yes" if rng.random() < yes else rng.choice(["no", "no", "abstain"])
        speaker = e.speakers[0] if e.is_developer and e.speakers else e.voter_key
        if rng.random() < 0.15:  # some paper ballots, entered by the organiser with the scan
            ballot_cast(actor=organiser, decision=decision, voter_key=speaker, choice=choice,
                        channel=BallotChannel.PAPER, now=at,
                        scanned_ballot=ContentFile(f"%PDF demo paper ballot {e.pk}".encode(), name="ballot.pdf"))
        else:
            ballot_cast(actor=None, decision=decision, voter_key=speaker, choice=choice,
                        channel=BallotChannel.ELECTRONIC, now=at)


def generate_demo_decisions(*, city: str, focus_street: str | None) -> int:
    """Create the demo decisions (one open for voting, one in its objection window, one final); returns how many."""
    from wuye.governance.models import Decision
    from wuye.governance.services import decisions as services

    owner, estate = _demo_owner(city)
    if owner is None or estate is None:
        return 0
    now = timezone.now().replace(microsecond=0)
    rng = random.Random(f"{city}-decisions")
    existing = set(Decision.objects.filter(estate=estate).values_list("title", flat=True))
    me = str(owner.pk)
    made = 0
    try:
        with transaction.atomic():
            if FINAL_TITLE not in existing:
                opened = now - dt.timedelta(days=45)
                d = services.decision_draft_create(
                    actor=None, estate=estate, matter=5, title=FINAL_TITLE, organiser=OrganiserKind.COMMITTEE,
                    closes_at=now - dt.timedelta(days=30), now=opened - dt.timedelta(days=16),
                    notice_text="各位业主：屋面渗漏影响顶层住户，拟使用专项维修资金维修屋面防水，预算 38.6 万元，"
                                "按专有部分面积分摊。表决期间请通过电子投票或纸质表决票表达意见。")
                services.decision_open_draft(actor=None, decision=d, now=opened)
                _cast_many(d, rng=rng, share=0.86, yes=0.78, start=opened, end=d.closes_at, skip=set())
                services.decision_close(actor=None, decision=d, now=d.closes_at)
                services.decision_finalize(actor=None, decision=d, now=d.objection_until)
                made += 1
            if OBJECTION_TITLE not in existing:
                opened = now - dt.timedelta(days=18)
                d = services.decision_draft_create(
                    actor=None, estate=estate, matter=8, title=OBJECTION_TITLE, organiser=OrganiserKind.COMMITTEE,
                    closes_at=now - dt.timedelta(days=2), now=opened - dt.timedelta(days=15),
                    notice_text="拟在地面停车区域增设 40 个电动车充电桩，由第三方运营，收益归全体业主（民法典第二百七十八条"
                                "第八项，需双四分之三同意）。")
                services.decision_open_draft(actor=None, decision=d, now=opened)
                services.ballot_cast(actor=None, decision=d, voter_key=me, choice="yes",
                                     channel=BallotChannel.ELECTRONIC, now=opened + dt.timedelta(days=1))
                _cast_many(d, rng=rng, share=0.8, yes=0.74, start=opened + dt.timedelta(days=1, hours=1),
                           end=d.closes_at, skip={me})
                services.decision_close(actor=None, decision=d, now=d.closes_at + dt.timedelta(hours=2))
                made += 1
            if OPEN_TITLE not in existing:
                opened = now - dt.timedelta(days=2)
                d = services.decision_draft_create(
                    actor=None, estate=estate, matter=4, title=OPEN_TITLE, organiser=OrganiserKind.COMMITTEE,
                    closes_at=now + dt.timedelta(days=12), now=opened - dt.timedelta(days=16),
                    notice_text="现物业服务合同将于 2026 年 12 月 31 日届满，业主委员会提议续聘现物业服务企业三年，"
                                "服务标准与收费标准不变。")
                services.decision_open_draft(actor=None, decision=d, now=opened)
                _cast_many(d, rng=rng, share=0.35, yes=0.7, start=opened, end=now - dt.timedelta(minutes=5),
                           skip={me})
                made += 1
    except ValidationError as exc:  # a roll that cannot be frozen (a unit without area …): no demo decisions
        print(f"演示共同决定未生成：{'；'.join(exc.messages)}")
        return 0
    if Decision.objects.filter(estate=estate, title=OPEN_TITLE, status=DecisionStatus.OPEN).exists():
        print(f"演示投票：业主 {owner.name}（{estate.name}）在 /vote/ 输入手机号 {owner.phone} 获取验证码；"
              f"验证码见短信发件箱 /messaging/outbox/（以 street 或 admin 登录）。")
    return made
