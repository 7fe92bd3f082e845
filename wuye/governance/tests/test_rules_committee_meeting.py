"""Committee meeting rules (R2.6, GR 37–39): table tests of every boundary, and properties."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.governance.rules import committee_meeting as r
from wuye.governance.rules import supervision as sv
from wuye.governance.rules.committee_meeting import ABSTAIN, NO, YES, MeetingRuleError, Vote


@pytest.mark.parametrize("requesters, members, ok", [
    (1, 3, True), (0, 3, False),
    (1, 5, False), (2, 5, True),            # 2/5 ≥ 1/3
    (2, 7, False), (3, 7, True),
    (3, 9, True), (2, 9, False),            # exactly 1/3 counts ("以上" includes the boundary)
    (4, 11, True), (3, 11, False),
    (7, 21, True), (6, 21, False),
])
def test_request_needs_a_third_of_members(requesters, members, ok):
    assert r.request_valid(requesters, members) is ok
    assert (requesters >= r.request_threshold(members)) is ok


@pytest.mark.parametrize("present, members, ok", [
    (3, 5, True), (2, 5, False),
    (4, 7, True), (3, 7, False),
    (5, 9, True), (4, 9, False),
    (6, 11, True), (5, 11, False),
    (3, 4, True), (2, 4, False),            # exactly half is not "过半数"
    (1, 1, True), (0, 1, False),
])
def test_quorum_is_strictly_more_than_half(present, members, ok):
    assert r.quorum_met(present, members) is ok
    assert (present >= r.quorum_threshold(members)) is ok


@pytest.mark.parametrize("yes, members, ok", [
    (3, 5, True), (2, 5, False),
    (4, 7, True), (3, 7, False),
    (5, 9, True), (4, 9, False),
    (6, 11, True), (5, 11, False),
    (3, 6, False), (4, 6, True),
])
def test_motion_needs_more_than_half_of_all_members(yes, members, ok):
    assert r.motion_passes(yes, members) is ok


@pytest.mark.parametrize("call", [
    lambda: r.request_valid(1, 0), lambda: r.quorum_met(6, 5), lambda: r.quorum_met(-1, 5),
    lambda: r.motion_passes(8, 7), lambda: r.request_valid(4, 3), lambda: r.period_end(dt.date(2026, 1, 1), -1),
])
def test_impossible_numbers_are_refused(call):
    with pytest.raises(MeetingRuleError):
        call()


def test_count_uses_all_members_not_those_present():
    members = ["a", "b", "c", "d", "e", "f", "g"]
    present = ["a", "b", "c", "d", "e"]
    # 3 of 5 present agree: a majority of those present, but not of the 7 members.
    result = r.count_motion(members=members, present=present,
                            votes=[Vote("a", YES), Vote("b", YES), Vote("c", YES), Vote("d", NO), Vote("e", ABSTAIN)])
    assert (result.outcome, result.yes, result.no, result.abstain, result.absent) == (r.REJECTED, 3, 1, 1, 2)
    assert (result.quorum_needed, result.pass_needed) == (4, 4)
    result = r.count_motion(members=members, present=present,
                            votes=[Vote(m, YES) for m in ["a", "b", "c", "d"]])
    assert result.outcome == r.PASSED


def test_inquorate_meeting_decides_nothing():
    result = r.count_motion(members="abcde", present="ab", votes=[Vote("a", YES), Vote("b", YES)])
    assert result.outcome == r.INQUORATE


@pytest.mark.parametrize("votes, message", [
    ([Vote("a", YES), Vote("d", YES, cast_by="a")], "不得委托"),   # a proxy, even by a member present
    ([Vote("x", YES)], "不是本届委员"),
    ([Vote("d", YES)], "未出席"),
    ([Vote("a", YES), Vote("a", NO)], "重复表决"),
    ([Vote("a", "maybe")], "未知的表决意见"),
])
def test_bad_votes_are_refused(votes, message):
    with pytest.raises(MeetingRuleError, match=message):
        r.count_motion(members="abcde", present="abc", votes=votes)


def test_a_member_voting_for_themselves_is_not_a_proxy():
    assert not Vote("a", YES, cast_by="a").is_proxy
    assert Vote("a", YES, cast_by="b").is_proxy


def test_attendee_who_is_not_a_member_is_refused():
    with pytest.raises(MeetingRuleError, match="不是本届委员"):
        r.count_motion(members="abc", present="abz", votes=[])


# ---------------------------------------------------------------- periods (R0.3)

def _weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


@pytest.mark.parametrize("trigger, days, workday, expected", [
    (dt.date(2026, 3, 2), 7, None, dt.date(2026, 3, 9)),           # Monday + 7 = Monday
    (dt.date(2026, 3, 4), 7, _weekdays, dt.date(2026, 3, 11)),     # Wednesday + 7 = Wednesday
    (dt.date(2026, 3, 7), 7, _weekdays, dt.date(2026, 3, 16)),     # Saturday + 7 = Saturday → Monday
    (dt.date(2026, 3, 5), 3, _weekdays, dt.date(2026, 3, 9)),      # Thursday + 3 = Sunday → Monday
    (dt.date(2026, 3, 5), 3, None, dt.date(2026, 3, 8)),           # without a calendar every day counts
    (dt.date(2026, 12, 29), 3, None, dt.date(2027, 1, 1)),
])
def test_period_end(trigger, days, workday, expected):
    assert r.period_end(trigger, days, workday) == expected


def test_hold_and_posting_limits():
    assert r.hold_by(dt.date(2026, 5, 11)) == dt.date(2026, 5, 18)
    assert r.decisions_due(dt.date(2026, 5, 11)) == dt.date(2026, 5, 14)


@pytest.mark.parametrize("posted, meeting, ok", [
    (dt.date(2026, 5, 1), dt.date(2026, 5, 8), True),    # 7 days' notice
    (dt.date(2026, 5, 2), dt.date(2026, 5, 8), False),   # 6 days
    (dt.date(2026, 4, 1), dt.date(2026, 5, 8), True),
    (dt.date(2026, 5, 8), dt.date(2026, 5, 8), False),
])
def test_agenda_notice(posted, meeting, ok):
    assert r.agenda_notice_ok(posted, meeting) is ok


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 12, 31), 3, dt.date(2027, 3, 31)),
    (dt.date(2026, 12, 31), 2, dt.date(2027, 2, 28)),    # no 31 February: the month's last day (CC 202)
    (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2026, 5, 15), 12, dt.date(2027, 5, 15)),
    (dt.date(2026, 5, 15), 0, dt.date(2026, 5, 15)),
])
def test_add_months(day, months, expected):
    assert r.add_months(day, months) == expected


def test_month_period_end_rolls_off_a_rest_day():
    # 2027-03-31 is a Wednesday; 2026-02-28 + 1 month = 2026-03-28, a Saturday → Monday 30th.
    assert r.month_period_end(dt.date(2026, 12, 31), 3, _weekdays) == dt.date(2027, 3, 31)
    assert r.month_period_end(dt.date(2026, 2, 28), 1, _weekdays) == dt.date(2026, 3, 30)


def test_days_late():
    assert r.days_late(dt.date(2026, 5, 14), dt.date(2026, 5, 14)) == 0
    assert r.days_late(dt.date(2026, 5, 14), dt.date(2026, 5, 17)) == 3
    assert r.days_late(dt.date(2026, 5, 14), dt.date(2026, 5, 1)) == 0


# ---------------------------------------------------------------- properties

members_st = st.integers(min_value=1, max_value=41)


@given(members_st, st.data())
def test_thresholds_agree_with_the_predicates(members, data):
    k = data.draw(st.integers(min_value=0, max_value=members))
    assert r.quorum_met(k, members) == (k >= r.quorum_threshold(members))
    assert r.motion_passes(k, members) == (k >= r.pass_threshold(members))
    assert r.request_valid(k, members) == (k >= r.request_threshold(members))
    # Fractions as a cross-check of the integer forms.
    from fractions import Fraction
    assert r.quorum_met(k, members) == (Fraction(k, members) > Fraction(1, 2))
    assert r.request_valid(k, members) == (Fraction(k, members) >= Fraction(1, 3))


@st.composite
def meetings(draw):
    n = draw(st.integers(min_value=1, max_value=15))
    members = [f"m{i}" for i in range(n)]
    present = draw(st.lists(st.sampled_from(members), unique=True))
    choices = draw(st.lists(st.sampled_from([YES, NO, ABSTAIN, None]), min_size=len(present),
                            max_size=len(present)))
    votes = [Vote(m, c) for m, c in zip(present, choices, strict=True) if c is not None]
    return members, present, votes


@given(meetings())
def test_turning_a_no_into_a_yes_never_defeats_a_motion(case):
    members, present, votes = case
    before = r.count_motion(members=members, present=present, votes=votes)
    for i, v in enumerate(votes):
        if v.choice != YES:
            changed = [*votes[:i], Vote(v.member, YES), *votes[i + 1:]]
            after = r.count_motion(members=members, present=present, votes=changed)
            if before.outcome == r.PASSED:
                assert after.outcome == r.PASSED
            assert after.yes == before.yes + 1


@given(meetings())
def test_passing_implies_quorum_and_a_majority_of_all(case):
    members, present, votes = case
    result = r.count_motion(members=members, present=present, votes=votes)
    assert result.yes + result.no + result.abstain <= result.present
    assert result.present + result.absent == result.members
    if result.outcome == r.PASSED:
        assert 2 * result.present > result.members and 2 * result.yes > result.members


@given(meetings(), st.data())
def test_any_proxy_is_refused(case, data):
    members, present, votes = case
    if len(members) < 2:
        return
    member = data.draw(st.sampled_from(present)) if present else None
    if member is None:
        return
    other = next(m for m in members if m != member)
    votes = [v for v in votes if v.member != member] + [Vote(member, YES, cast_by=other)]
    with pytest.raises(MeetingRuleError, match="不得委托"):
        r.count_motion(members=members, present=present, votes=votes)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(0, 60))
def test_period_end_is_never_before_the_plain_count_and_lands_on_a_workday(trigger, days):
    plain = r.period_end(trigger, days)
    rolled = r.period_end(trigger, days, _weekdays)
    assert plain == trigger + dt.timedelta(days=days)
    assert plain <= rolled <= plain + dt.timedelta(days=2) and _weekdays(rolled)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(0, 36))
def test_add_months_keeps_the_day_or_takes_the_month_end(day, months):
    out = r.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


# ---------------------------------------------------------------- supervision orders

@pytest.mark.parametrize("status, action, expected", [
    (sv.ORDERED, sv.RESPOND, sv.RESPONDED),
    (sv.RESPONDED, sv.ACCEPT, sv.ACCEPTED),
    (sv.RESPONDED, sv.REJECT, sv.ORDERED),
    (sv.ORDERED, sv.REVOKE, sv.REVOKED),
    (sv.RESPONDED, sv.REVOKE, sv.REVOKED),
])
def test_supervision_transitions(status, action, expected):
    assert sv.next_status(status, action) == expected


@pytest.mark.parametrize("status, action, message", [
    (sv.ORDERED, sv.ACCEPT, "当前状态"),
    (sv.ORDERED, sv.REJECT, "当前状态"),
    (sv.RESPONDED, sv.RESPOND, "当前状态"),
    (sv.ACCEPTED, sv.REVOKE, "督办已结束"),
    (sv.REVOKED, sv.RESPOND, "督办已结束"),
])
def test_supervision_refusals(status, action, message):
    with pytest.raises(sv.TransitionError, match=message):
        sv.next_status(status, action)


def test_final_statuses_allow_nothing():
    for status in sv.FINAL:
        assert sv.allowed_actions(status) == []
    assert set(sv.allowed_actions(sv.ORDERED)) == {sv.RESPOND, sv.REVOKE}


@pytest.mark.parametrize("raw, fen", [
    ("0", 0), ("12.3", 1230), ("12.34", 1234), ("1,234.50", 123450), (" 7 ", 700), (5, 500),
    ("100000000.01", 10000000001),
])
def test_yuan_to_fen(raw, fen):
    assert sv.yuan_to_fen(raw) == fen


@pytest.mark.parametrize("raw, message", [
    ("1.234", "两位小数"), ("-1", "负数"), ("abc", "格式"), ("NaN", "格式"), ("", "格式"),
])
def test_yuan_to_fen_refuses(raw, message):
    with pytest.raises(ValueError, match=message):
        sv.yuan_to_fen(raw)


@given(st.integers(min_value=0, max_value=10**13))
def test_fen_round_trip(fen):
    assert sv.yuan_to_fen(sv.fen_to_yuan(fen)) == fen


def test_deadline_level():
    d = dt.date(2026, 3, 31)
    assert sv.deadline_level(d, dt.date(2026, 4, 1)) == "overdue"
    assert sv.deadline_level(d, d) == "warning"
    assert sv.deadline_level(d, dt.date(2026, 3, 1), warn_days=30) == "warning"
    assert sv.deadline_level(d, dt.date(2026, 2, 28), warn_days=30) is None
    assert sv.deadline_level(None, d) is None
