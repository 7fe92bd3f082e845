"""Pure rules of committees (业委会 R2.2–R2.9, 物管会 R2.10) and the date arithmetic they need (R0.3).

No ORM, no settings: plain values in, values or ``RuleError`` out. Parameters (sizes, terms, lead
times) come from the region's policy profile and are passed in by the services.

Dates. A period "within N days of X" starts the day after X (CC 201) and ends at 24:00 of X + N days,
so that day is still in time and X + N + 1 is late. Month periods end on the same-numbered day, or the
month's last day if there is none (CC 202): ``add_months(2024-11-30, 3) == 2025-02-28``.

Term states (R2.9), for a term ending on T (the last day of the term, 届满 at 24:00):
- ``active``          before T − lead months;
- ``reelection_due``  from T − lead months (that day included) to T;
- ``overdue``         from T + 1 (the term has expired without a successor);
- ``handover_due``    from T + handover_days + 1 (the records and seals were due within that window).
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wuye.governance.choices import (
    CommitteeKind,
    CommitteeStatus,
    MemberKind,
    MemberPosition,
    PrepMemberKind,
)

# Warnings are raised this many days before a deadline; after it they become overdue alerts.
WARNING_LEAD_DAYS = 7

TERM_ORDER = (CommitteeStatus.ACTIVE, CommitteeStatus.REELECTION_DUE, CommitteeStatus.OVERDUE,
              CommitteeStatus.HANDOVER_DUE)


class RuleError(ValueError):
    """A value that breaks a rule; the message is for the user (Chinese)."""


# ---------------------------------------------------------------- dates


def add_months(day: dt.date, months: int) -> dt.date:
    """The same-numbered day ``months`` later (or earlier), clamped to the month's end (CC 202)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def days_after(trigger: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` days counted from the day after ``trigger`` (CC 201)."""
    return trigger + dt.timedelta(days=days)


# ---------------------------------------------------------------- term


def term_end_for(term_start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` years starting on ``term_start`` (the election day)."""
    return add_years(term_start, years)


def check_term(term_start: dt.date, term_end: dt.date, *, max_years: int, kind: str) -> None:
    if term_end <= term_start:
        raise RuleError("任期届满日必须晚于任期起算日。")
    if term_end > add_years(term_start, max_years):
        body = "物管会" if kind == CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE else "业委会"
        raise RuleError(f"{body}任期不得超过 {max_years} 年（起算 {term_start}，最迟届满 "
                        f"{add_years(term_start, max_years)}）。")


@dataclass(frozen=True)
class TermMilestones:
    reelection_from: dt.date
    overdue_from: dt.date
    handover_due_from: dt.date


def term_milestones(term_end: dt.date, *, lead_months: int, handover_days: int) -> TermMilestones:
    return TermMilestones(
        reelection_from=add_months(term_end, -lead_months),
        overdue_from=term_end + dt.timedelta(days=1),
        handover_due_from=days_after(term_end, handover_days) + dt.timedelta(days=1),
    )


def term_state(term_end: dt.date, today: dt.date, *, lead_months: int, handover_days: int) -> str:
    """The term state on ``today`` (monotone in ``today``)."""
    m = term_milestones(term_end, lead_months=lead_months, handover_days=handover_days)
    if today >= m.handover_due_from:
        return CommitteeStatus.HANDOVER_DUE
    if today >= m.overdue_from:
        return CommitteeStatus.OVERDUE
    if today >= m.reelection_from:
        return CommitteeStatus.REELECTION_DUE
    return CommitteeStatus.ACTIVE


def later_state(current: str, computed: str) -> str:
    """States only move forward: the sweep never takes a committee back to an earlier term state."""
    if current not in TERM_ORDER:
        return current
    return max(current, computed, key=TERM_ORDER.index)


# ---------------------------------------------------------------- size and composition


@dataclass(frozen=True)
class SizeLimits:
    committee_min: int = 5
    committee_max: int = 11
    small_estate_households: int | None = None  # ≤ this many households: 3 members allowed
    pmc_min: int = 7


def check_size(seats: int, *, kind: str, limits: SizeLimits, households: int | None = None) -> None:
    """R2.2 (业委会: odd, min–max; 3 for small estates where the city allows it) and R2.10 (物管会: ≥7, odd)."""
    if seats <= 0:
        raise RuleError("委员人数必须为正数。")
    if seats % 2 == 0:
        raise RuleError(f"委员人数应为单数，收到 {seats} 人。")
    if kind == CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE:
        if seats < limits.pmc_min:
            raise RuleError(f"物管会委员不少于 {limits.pmc_min} 人，收到 {seats} 人。")
        return
    small = (limits.small_estate_households is not None and households is not None
             and households <= limits.small_estate_households)
    low = 3 if small else limits.committee_min
    if seats < low or seats > limits.committee_max:
        extra = f"（户数不超过 {limits.small_estate_households} 户的小区可为 3 人）" if limits.small_estate_households else ""
        raise RuleError(f"业委会委员应为 {low}–{limits.committee_max} 人的单数{extra}，收到 {seats} 人。")


@dataclass(frozen=True)
class MemberSpec:
    name: str
    kind: str = MemberKind.OWNER
    position: str = MemberPosition.MEMBER
    owner_id: int | None = None
    is_party_member: bool = False


def check_members(members: Sequence[MemberSpec], *, kind: str, seats: int) -> None:
    """The elected or appointed members fill the seats; one chair; composition per kind."""
    if len(members) != seats:
        raise RuleError(f"委员名单应为 {seats} 人，收到 {len(members)} 人。")
    names = [m.name.strip() for m in members]
    if any(not n for n in names):
        raise RuleError("委员姓名不能为空。")
    owners = [m.owner_id for m in members if m.owner_id is not None]
    if len(owners) != len(set(owners)):
        raise RuleError("同一业主不能重复列入委员名单。")
    chairs = [m for m in members if m.position == MemberPosition.CHAIR]
    if len(chairs) > 1:
        raise RuleError("只能有一名主任。")
    if kind == CommitteeKind.OWNERS_COMMITTEE:
        bad = [m.name for m in members if m.kind != MemberKind.OWNER or m.owner_id is None]
        if bad:
            raise RuleError("业委会委员必须是本小区业主：" + "、".join(bad))
        return
    owner_count = sum(1 for m in members if m.kind == MemberKind.OWNER)
    if 2 * owner_count < len(members):
        raise RuleError(f"物管会中业主委员应不少于一半（{owner_count}/{len(members)}）。")
    if not chairs or chairs[0].kind != MemberKind.RESIDENTS_COMMITTEE:
        raise RuleError("物管会主任应由社区居委会成员担任。")
    for m in members:
        if m.kind == MemberKind.OWNER and m.owner_id is None:
            raise RuleError(f"{m.name} 登记为业主委员，但未关联业主。")


def below_half(current_members: int, seats: int) -> bool:
    """GR 46: fewer than half of the seats filled → an extraordinary assembly must re-elect."""
    return 2 * current_members < seats


def seats_open(current_members: int, seats: int) -> int:
    return max(0, seats - current_members)


# ---------------------------------------------------------------- preparatory group (R2.1)


@dataclass(frozen=True)
class PrepMember:
    name: str
    kind: str
    is_leader: bool = False
    owner_id: int | None = None


def check_prep_group(members: Sequence[PrepMember]) -> None:
    """GR 8: odd size, owners ≥ 1/2, the leader from the street office (exactly one leader)."""
    n = len(members)
    if n == 0:
        raise RuleError("筹备组成员不能为空。")
    if n % 2 == 0:
        raise RuleError(f"筹备组人数应为单数，收到 {n} 人。")
    if any(not m.name.strip() for m in members):
        raise RuleError("筹备组成员姓名不能为空。")
    owners = sum(1 for m in members if m.kind == PrepMemberKind.OWNER)
    if 2 * owners < n:
        raise RuleError(f"筹备组中业主代表应不少于一半（{owners}/{n}）。")
    if any(m.kind == PrepMemberKind.OWNER and m.owner_id is None for m in members):
        raise RuleError("业主代表必须关联本小区业主。")
    leaders = [m for m in members if m.is_leader]
    if len(leaders) != 1:
        raise RuleError("筹备组应有且只有一名组长。")
    if leaders[0].kind != PrepMemberKind.STREET_OFFICE:
        raise RuleError("筹备组组长应由街道办事处/乡镇人民政府代表担任。")


# ---------------------------------------------------------------- deadlines


def deadline_level(due_on: dt.date | None, today: dt.date, *, lead_days: int = WARNING_LEAD_DAYS) -> str | None:
    """None while far from the deadline, "warning" within ``lead_days`` of it, "overdue" after it."""
    if due_on is None:
        return None
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= lead_days:
        return "warning"
    return None


def days_left(due_on: dt.date | None, today: dt.date) -> int | None:
    return None if due_on is None else (due_on - today).days


def first(values: Iterable):
    return next(iter(values), None)
