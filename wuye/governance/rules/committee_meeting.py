"""Owners' committee meetings (业主委员会会议, GR 37–39 / domain-rules R2.6). Pure: no ORM, no settings.

Rules, with R0.1/R0.2's reading of the numbers (all arithmetic on integers, never floats):

- a meeting may be requested by **≥ 1/3** of the members ("三分之一以上" includes the boundary):
  ``3 * requesters >= members``; it must then be held within **7 days** of the request;
- quorum: **more than half** of the members present ("过半数" is strict): ``2 * present > members``;
- a motion passes with the votes of **more than half of ALL members**, not of those present:
  ``2 * yes > members``; an absent member's vote cannot be cast by anyone else (no proxies, GR 38);
- the agenda is posted **7 days** before the meeting; the decisions, signed by the attendees, are
  posted to the owners within **3 days** of the meeting.

Periods follow R0.3 (CC 201–203): counting starts the day after the trigger, so "within n days of
D" ends on D + n; an end date that falls on a rest day moves to the next working day. The caller
passes ``is_workday`` (the platform's working-day calendar); without it every day counts.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)

PASSED = "passed"
REJECTED = "rejected"
INQUORATE = "inquorate"

REQUEST_HOLD_DAYS = 7  # GR 37
FIRST_MEETING_DAYS = 7  # GR 32: the first meeting, to choose the chair, within 7 days of the election
AGENDA_NOTICE_DAYS = 7  # GR 39
DECISION_POSTING_DAYS = 3  # GR 39

# No real calendar has a year of rest days; a longer search means a broken calendar.
_MAX_ROLL_DAYS = 366

IsWorkday = Callable[[dt.date], bool]


class MeetingRuleError(ValueError):
    """Input the meeting rules refuse; the message is for the user."""


# ---------------------------------------------------------------- thresholds


def _check_members(members: int) -> None:
    if members <= 0:
        raise MeetingRuleError("业委会没有在任委员，无法计算。")


def request_threshold(members: int) -> int:
    """The fewest members whose request obliges the committee to meet: ceil(members / 3)."""
    _check_members(members)
    return -(-members // 3)


def request_valid(requesters: int, members: int) -> bool:
    """≥ 1/3 of the members asked for a meeting (the boundary counts: 3 of 9 is enough)."""
    _check_members(members)
    if requesters < 0 or requesters > members:
        raise MeetingRuleError(f"提议人数（{requesters}）应在 0 到委员人数（{members}）之间。")
    return 3 * requesters >= members


def quorum_threshold(members: int) -> int:
    """The fewest members present for a quorum: more than half, members // 2 + 1."""
    _check_members(members)
    return members // 2 + 1


def quorum_met(present: int, members: int) -> bool:
    """More than half of the members are present (strict: 2 of 4 is not a quorum)."""
    _check_members(members)
    if present < 0 or present > members:
        raise MeetingRuleError(f"出席人数（{present}）应在 0 到委员人数（{members}）之间。")
    return 2 * present > members


def pass_threshold(members: int) -> int:
    """The fewest yes votes a motion needs: more than half of ALL members, members // 2 + 1."""
    return quorum_threshold(members)


def motion_passes(yes: int, members: int) -> bool:
    """More than half of ALL members voted yes (those absent count against the motion)."""
    _check_members(members)
    if yes < 0 or yes > members:
        raise MeetingRuleError(f"同意票数（{yes}）应在 0 到委员人数（{members}）之间。")
    return 2 * yes > members


# ---------------------------------------------------------------- periods


def _roll_forward(day: dt.date, is_workday: IsWorkday | None) -> dt.date:
    if is_workday is None:
        return day
    for _i in range(_MAX_ROLL_DAYS):
        if is_workday(day):
            return day
        day += dt.timedelta(days=1)
    raise MeetingRuleError(f"{day} 之后一年内没有工作日，请检查工作日历。")


def period_end(trigger: dt.date, days: int, is_workday: IsWorkday | None = None) -> dt.date:
    """The last day of a period of ``days`` days triggered on ``trigger`` (R0.3): trigger + days,
    moved to the next working day when it falls on a rest day."""
    if days < 0:
        raise MeetingRuleError("天数不能为负数。")
    return _roll_forward(trigger + dt.timedelta(days=days), is_workday)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same-numbered day ``months`` later, or that month's last day when there is none (CC 202)."""
    if months < 0:
        raise MeetingRuleError("月数不能为负数。")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_period_end(trigger: dt.date, months: int, is_workday: IsWorkday | None = None) -> dt.date:
    """The last day of a period of ``months`` months from ``trigger`` (CC 202, rolled per CC 203)."""
    return _roll_forward(add_months(trigger, months), is_workday)


def hold_by(requested_on: dt.date, is_workday: IsWorkday | None = None) -> dt.date:
    """The last day a requested meeting may be held (GR 37: within 7 days of the request)."""
    return period_end(requested_on, REQUEST_HOLD_DAYS, is_workday)


def first_meeting_by(elected_on: dt.date, is_workday: IsWorkday | None = None) -> dt.date:
    """The last day for the new committee's first meeting, which chooses the chair (GR 32: within 7 days
    of the election)."""
    return period_end(elected_on, FIRST_MEETING_DAYS, is_workday)


def decisions_due(held_on: dt.date, is_workday: IsWorkday | None = None) -> dt.date:
    """The last day to post the meeting's decisions to the owners (GR 39: within 3 days)."""
    return period_end(held_on, DECISION_POSTING_DAYS, is_workday)


def agenda_notice_days(posted_on: dt.date, meeting_on: dt.date) -> int:
    """Whole days between posting the agenda and the meeting day."""
    return (meeting_on - posted_on).days


def agenda_notice_ok(posted_on: dt.date, meeting_on: dt.date, days: int = AGENDA_NOTICE_DAYS) -> bool:
    """The agenda went up at least ``days`` days before the meeting day (posted on the 1st, meeting on
    the 8th: 7 days' notice, enough)."""
    return agenda_notice_days(posted_on, meeting_on) >= days


def days_late(due: dt.date, done_on: dt.date) -> int:
    """Days after ``due`` something was done (0 when on time)."""
    return max(0, (done_on - due).days)


# ---------------------------------------------------------------- motions


@dataclass(frozen=True)
class Vote:
    """One member's vote on a motion. ``cast_by`` is who actually voted; anyone but the member is a proxy."""

    member: str
    choice: str
    cast_by: str | None = None

    @property
    def is_proxy(self) -> bool:
        return self.cast_by is not None and self.cast_by != self.member


@dataclass(frozen=True)
class MotionResult:
    outcome: str  # PASSED, REJECTED or INQUORATE
    members: int
    present: int
    yes: int
    no: int
    abstain: int
    absent: int
    quorum_needed: int
    pass_needed: int

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome, "members": self.members, "present": self.present, "yes": self.yes,
            "no": self.no, "abstain": self.abstain, "absent": self.absent,
            "quorum_needed": self.quorum_needed, "pass_needed": self.pass_needed,
        }


def count_motion(*, members: Iterable[str], present: Iterable[str], votes: Iterable[Vote],
                 labels: Mapping[str, str] | None = None) -> MotionResult:
    """Count one motion. Refuses (MeetingRuleError) a proxy, a vote by a non-member or an absent member,
    two votes by one member and an unknown choice; a present member who does not vote counts as no
    agreement (the threshold is of ALL members)."""
    members = list(dict.fromkeys(members))
    member_set = set(members)
    present_set = set(present)
    labels = labels or {}

    def name(key: str) -> str:
        return labels.get(key, key)

    _check_members(len(members))
    strangers = present_set - member_set
    if strangers:
        raise MeetingRuleError("出席人员不是本届委员：" + "、".join(sorted(name(s) for s in strangers)))
    seen: set[str] = set()
    tally = {YES: 0, NO: 0, ABSTAIN: 0}
    for vote in votes:
        if vote.is_proxy:
            raise MeetingRuleError(
                f"业委会会议不得委托他人表决（GR 38）：{name(vote.member)} 的表决由 {name(vote.cast_by)} 代为投出。")
        if vote.member not in member_set:
            raise MeetingRuleError(f"{name(vote.member)} 不是本届委员，不能表决。")
        if vote.member not in present_set:
            raise MeetingRuleError(f"{name(vote.member)} 未出席会议，不能表决（不得委托代理）。")
        if vote.member in seen:
            raise MeetingRuleError(f"{name(vote.member)} 重复表决。")
        if vote.choice not in tally:
            raise MeetingRuleError(f"未知的表决意见：{vote.choice}")
        seen.add(vote.member)
        tally[vote.choice] += 1
    n, p = len(members), len(present_set)
    if not quorum_met(p, n):
        outcome = INQUORATE
    else:
        outcome = PASSED if motion_passes(tally[YES], n) else REJECTED
    return MotionResult(outcome=outcome, members=n, present=p, yes=tally[YES], no=tally[NO],
                        abstain=tally[ABSTAIN], absent=n - p, quorum_needed=quorum_threshold(n),
                        pass_needed=pass_threshold(n))
