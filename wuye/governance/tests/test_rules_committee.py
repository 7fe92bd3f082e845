"""Pure rules of committees and the first assembly: table tests and properties, no database."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.governance.choices import (
    CommitteeKind,
    CommitteeStatus,
    MemberKind,
    MemberPosition,
    PrepMemberKind,
)
from wuye.governance.rules import assembly as arules
from wuye.governance.rules import committee as rules
from wuye.governance.rules.committee import MemberSpec, PrepMember, RuleError, SizeLimits

OC = CommitteeKind.OWNERS_COMMITTEE
PMC = CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE
S = CommitteeStatus


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2024, 11, 30), 3, dt.date(2025, 2, 28)),
    (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
    (dt.date(2025, 5, 31), -3, dt.date(2025, 2, 28)),
    (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
    (dt.date(2025, 3, 15), -3, dt.date(2024, 12, 15)),
])
def test_add_months_clamps_to_month_end(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_day_periods_start_the_day_after_the_trigger():
    # Elected 1 March: day 1 of 30 is 2 March, day 30 is 31 March.
    assert rules.days_after(dt.date(2026, 3, 1), 30) == dt.date(2026, 3, 31)


T = dt.date(2030, 5, 31)


@pytest.mark.parametrize("today, state", [
    (dt.date(2030, 2, 27), S.ACTIVE),
    (dt.date(2030, 2, 28), S.REELECTION_DUE),  # T − 3m is 2030-02-28 (no 31 Feb): that day starts it
    (dt.date(2030, 3, 1), S.REELECTION_DUE),
    (dt.date(2030, 5, 31), S.REELECTION_DUE),  # the last day of the term is still in term
    (dt.date(2030, 6, 1), S.OVERDUE),
    (dt.date(2030, 6, 10), S.OVERDUE),         # handover window: 10 days counted from 1 June
    (dt.date(2030, 6, 11), S.HANDOVER_DUE),
])
def test_term_state_boundaries_month_end(today, state):
    m = rules.term_milestones(T, lead_months=3, handover_days=10)
    assert m.reelection_from == dt.date(2030, 2, 28)
    assert rules.term_state(T, today, lead_months=3, handover_days=10) == state


@pytest.mark.parametrize("today, state", [
    (dt.date(2029, 12, 14), S.ACTIVE),
    (dt.date(2029, 12, 15), S.REELECTION_DUE),
    (dt.date(2030, 3, 15), S.REELECTION_DUE),
    (dt.date(2030, 3, 16), S.OVERDUE),
    (dt.date(2030, 3, 25), S.OVERDUE),
    (dt.date(2030, 3, 26), S.HANDOVER_DUE),
])
def test_term_state_boundaries_mid_month(today, state):
    assert rules.term_state(dt.date(2030, 3, 15), today, lead_months=3, handover_days=10) == state


def test_beijing_lead_of_six_months():
    assert rules.term_state(dt.date(2030, 3, 15), dt.date(2029, 9, 15), lead_months=6, handover_days=10) \
        == S.REELECTION_DUE


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


@given(term_end=dates, a=dates, b=dates, lead=st.integers(1, 12), handover=st.integers(1, 60))
def test_term_state_is_monotone_in_the_date(term_end, a, b, lead, handover):
    early, late = sorted((a, b))
    order = rules.TERM_ORDER
    s1 = rules.term_state(term_end, early, lead_months=lead, handover_days=handover)
    s2 = rules.term_state(term_end, late, lead_months=lead, handover_days=handover)
    assert order.index(s1) <= order.index(s2)


@given(current=st.sampled_from(rules.TERM_ORDER), computed=st.sampled_from(rules.TERM_ORDER))
def test_later_state_never_goes_back(current, computed):
    new = rules.later_state(current, computed)
    assert rules.TERM_ORDER.index(new) >= rules.TERM_ORDER.index(current)
    assert rules.later_state(S.ENDED, computed) == S.ENDED


@given(start=dates, years=st.integers(1, 5))
def test_term_of_max_years_is_allowed_one_day_more_is_not(start, years):
    end = rules.term_end_for(start, years)
    rules.check_term(start, end, max_years=years, kind=OC)
    with pytest.raises(RuleError):
        rules.check_term(start, end + dt.timedelta(days=1), max_years=years, kind=OC)


@pytest.mark.parametrize("seats, kind, households, ok", [
    (5, OC, None, True), (7, OC, None, True), (11, OC, None, True), (9, OC, 50, True),
    (3, OC, None, False), (4, OC, None, False), (6, OC, None, False), (12, OC, None, False), (13, OC, None, False),
    (0, OC, None, False), (-1, OC, None, False),
    (7, PMC, None, True), (9, PMC, None, True), (15, PMC, None, True), (5, PMC, None, False), (8, PMC, None, False),
])
def test_size_table(seats, kind, households, ok):
    if ok:
        rules.check_size(seats, kind=kind, limits=SizeLimits(), households=households)
    else:
        with pytest.raises(RuleError):
            rules.check_size(seats, kind=kind, limits=SizeLimits(), households=households)


@pytest.mark.parametrize("households, ok", [(80, True), (100, True), (101, False), (None, False)])
def test_small_estate_variant(households, ok):
    limits = SizeLimits(small_estate_households=100)
    if ok:
        rules.check_size(3, kind=OC, limits=limits, households=households)
    else:
        with pytest.raises(RuleError):
            rules.check_size(3, kind=OC, limits=limits, households=households)


@given(seats=st.integers(1, 41))
def test_size_even_is_always_refused(seats):
    if seats % 2 == 0:
        with pytest.raises(RuleError):
            rules.check_size(seats, kind=OC, limits=SizeLimits(committee_max=41), households=None)


def _owner(i, position=MemberPosition.MEMBER):
    return MemberSpec(name=f"业主{i}", owner_id=i, position=position)


def test_owners_committee_members_must_be_owners_and_one_chair():
    members = [_owner(1, MemberPosition.CHAIR), *[_owner(i) for i in range(2, 6)]]
    rules.check_members(members, kind=OC, seats=5)
    with pytest.raises(RuleError, match="一名主任"):
        rules.check_members([_owner(1, MemberPosition.CHAIR), _owner(2, MemberPosition.CHAIR),
                             *[_owner(i) for i in range(3, 6)]], kind=OC, seats=5)
    with pytest.raises(RuleError, match="必须是本小区业主"):
        rules.check_members([*members[:4], MemberSpec(name="居委会甲", kind=MemberKind.RESIDENTS_COMMITTEE)],
                            kind=OC, seats=5)
    with pytest.raises(RuleError, match="重复"):
        rules.check_members([*members[:4], _owner(1)], kind=OC, seats=5)


def test_pmc_composition():
    rc = [MemberSpec(name=f"居委会{i}", kind=MemberKind.RESIDENTS_COMMITTEE,
                     position=MemberPosition.CHAIR if i == 0 else MemberPosition.MEMBER) for i in range(3)]
    owners = [_owner(i) for i in range(10, 14)]
    rules.check_members(rc + owners, kind=PMC, seats=7)
    with pytest.raises(RuleError, match="不少于一半"):
        rules.check_members(rc + [MemberSpec(name="使用人", kind=MemberKind.OCCUPANT)] + owners[:3], kind=PMC, seats=7)
    with pytest.raises(RuleError, match="居委会"):
        rules.check_members([*rc[1:], rc[0].__class__(name="x", kind=MemberKind.RESIDENTS_COMMITTEE)]
                            + [_owner(10, MemberPosition.CHAIR), *owners[1:]], kind=PMC, seats=7)


@pytest.mark.parametrize("current, seats, below", [(2, 5, True), (3, 5, False), (3, 7, True), (4, 7, False),
                                                    (5, 11, True), (6, 11, False), (0, 5, True)])
def test_below_half(current, seats, below):
    assert rules.below_half(current, seats) is below


def _prep(kinds, leader=0):
    return [PrepMember(name=f"p{i}", kind=k, is_leader=i == leader, owner_id=i if k == PrepMemberKind.OWNER else None)
            for i, k in enumerate(kinds)]


SO, RC, OW = PrepMemberKind.STREET_OFFICE, PrepMemberKind.RESIDENTS_COMMITTEE, PrepMemberKind.OWNER


@pytest.mark.parametrize("kinds, leader, message", [
    ([SO, RC, OW, OW, OW], 0, None),
    ([SO, OW, OW], 0, None),
    ([SO, RC, OW, OW], 0, "单数"),
    ([SO, RC, RC, OW, OW], 0, "不少于一半"),
    ([SO, RC, OW, OW, OW], 2, "街道"),
    ([SO, RC, OW, OW, OW], None, "组长"),
    ([], 0, "不能为空"),
])
def test_preparatory_group_table(kinds, leader, message):
    members = _prep(kinds, leader if leader is not None else -1)
    if message is None:
        rules.check_prep_group(members)
    else:
        with pytest.raises(RuleError, match=message):
            rules.check_prep_group(members)


@pytest.mark.parametrize("delivered, total, ok", [
    ("500.01", "1000", True), ("500", "1000", False), ("499.99", "1000", False), ("0", "0", False),
])
def test_delivered_share_strictly_more_than_half(delivered, total, ok):
    assert arules.delivered_share_ok(Decimal(delivered), Decimal(total)) is ok


@pytest.mark.parametrize("published, meeting, ok", [
    (dt.date(2026, 3, 1), dt.date(2026, 3, 16), True),   # 15 days exactly (以上 includes the boundary)
    (dt.date(2026, 3, 2), dt.date(2026, 3, 16), False),
    (None, dt.date(2026, 3, 16), False),
])
def test_notice_at_least_fifteen_days(published, meeting, ok):
    assert arules.notice_given(published, meeting, 15) is ok


@pytest.mark.parametrize("due, today, level", [
    (dt.date(2026, 3, 31), dt.date(2026, 3, 23), None),
    (dt.date(2026, 3, 31), dt.date(2026, 3, 24), "warning"),
    (dt.date(2026, 3, 31), dt.date(2026, 3, 31), "warning"),
    (dt.date(2026, 3, 31), dt.date(2026, 4, 1), "overdue"),
    (None, dt.date(2026, 4, 1), None),
])
def test_deadline_level(due, today, level):
    assert rules.deadline_level(due, today) == level
