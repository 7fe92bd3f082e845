"""Civil Code Art. 278 tally: every worked example of domain-rules §9, and properties."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wuye.governance.rules.ballot import (
    ABSTAIN,
    NO,
    PASSED,
    QUORUM_FAILED,
    REJECTED_AREA,
    REJECTED_BOTH,
    REJECTED_HEADCOUNT,
    YES,
    Ballot,
    RollError,
    Unit,
    build_roll,
    count,
)

# Community A (§9): 10 units, 1000 m²; TA = 1000, TP = 8.
COMMUNITY_A = [
    Unit("U1", Decimal(100), ("Zhang",)), Unit("U2", Decimal(100), ("Zhang",)),
    Unit("U3", Decimal(80), ("Li", "Wang"), nominee="Li"),
    Unit("U4", Decimal(120), ("Chen",)), Unit("U5", Decimal(90), ("Zhao",)), Unit("U6", Decimal(110), ("Sun",)),
    Unit("U7", Decimal(100), ("Zhou",)), Unit("U8", Decimal(100), ("Wu",)),
    Unit("U9", Decimal(100), ("Dev",), developer=True), Unit("U10", Decimal(100), ("Dev",), developer=True),
]


def votes(**choices):
    return [Ballot(voter, choice) for voter, choice in choices.items()]


EXAMPLES = [
    # (name, matter, ballots, outcome, PA, PP, YA, YP)
    ("1 hiring a manager", 4, votes(Zhang=YES, Chen=YES, Sun=YES, Zhou=YES, Li=NO, Zhao=NO),
     PASSED, 700, 6, 530, 4),
    ("2 raising the fund fails on headcount", 6, votes(Zhang=YES, Chen=YES, Sun=YES, Zhou=YES, Li=NO, Zhao=NO),
     REJECTED_HEADCOUNT, 700, 6, 530, 4),
    ("3 quorum fails on headcount", 4, votes(Zhang=YES, Dev=YES, Chen=YES, Sun=YES, Zhou=YES),
     QUORUM_FAILED, 730, 5, 730, 5),
    ("4 quorum fails on area", 4, votes(Li=YES, Chen=YES, Zhao=YES, Sun=YES, Zhou=YES, Wu=YES),
     QUORUM_FAILED, 600, 6, 600, 6),
    ("5 multi-unit owner", 4, votes(Zhang=YES, Dev=YES, Chen=YES, Zhou=YES, Li=NO, Zhao=NO, Sun=NO, Wu=NO),
     REJECTED_HEADCOUNT, 1000, 8, 620, 4),
    ("6 co-owned unit", 4, votes(Li=YES, Wang=NO, Zhao=YES, Sun=YES, Zhou=YES, Zhang=NO, Chen=NO, Wu=NO),
     REJECTED_AREA, 800, 7, 380, 4),
    ("7 developer's units, change of use", 8,
     votes(Dev=YES, Zhang=YES, Chen=YES, Sun=YES, Zhou=YES, Wu=YES, Li=NO, Zhao=NO), PASSED, 1000, 8, 830, 6),
    ("7 variant: Wu votes no", 8,
     votes(Dev=YES, Zhang=YES, Chen=YES, Sun=YES, Zhou=YES, Wu=NO, Li=NO, Zhao=NO), REJECTED_BOTH, 1000, 8, 730, 5),
]


@pytest.mark.parametrize(("name", "matter", "ballots", "outcome", "pa", "pp", "ya", "yp"), EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_worked_examples_of_domain_rules_section_9(name, matter, ballots, outcome, pa, pp, ya, yp):
    roll = build_roll(COMMUNITY_A)
    assert (roll.total_area, roll.total_persons) == (1000, 8)
    t = count(matter, roll, ballots)
    assert (t.outcome, t.participating_area, t.participating_persons, t.agreeing_area, t.agreeing_persons) == (
        outcome, pa, pp, ya, yp)


def test_co_owner_who_is_not_the_nominee_is_reported_and_not_counted():
    t = count(4, build_roll(COMMUNITY_A), votes(Wang=YES, Stranger=YES, Zhang=YES))
    assert {(r.voter, r.reason) for r in t.rejected} == {("Wang", "not_nominee"), ("Stranger", "not_on_roll")}
    assert t.participating_persons == 1


def test_second_ballot_of_a_voter_is_not_counted_twice():
    t = count(4, build_roll(COMMUNITY_A), votes(Zhang=YES) + [Ballot("Zhang", NO)])
    assert (t.participating_persons, t.agreeing_persons) == (1, 1)
    assert [(r.voter, r.reason) for r in t.rejected] == [("Zhang", "duplicate")]


def test_abstention_participates_but_does_not_agree():
    t = count(4, build_roll(COMMUNITY_A), votes(Zhang=ABSTAIN))
    assert (t.participating_area, t.agreeing_area) == (200, 0)


@pytest.mark.parametrize(("units", "message"), [
    ([Unit("U1", Decimal(0), ("a",))], None),
    ([Unit("U1", Decimal(10), ("a", "b"))], "未推选表决人"),
    ([Unit("U1", Decimal(10), ("a", "b"), nominee="c")], "不是其共有人"),
    ([Unit("U1", Decimal(10), ("a",)), Unit("U1", Decimal(10), ("b",))], "重复"),
])
def test_bad_rolls_are_refused_with_the_unit_named(units, message):
    with pytest.raises(RollError) as exc:
        build_roll(units)
    if message:
        assert message in str(exc.value) and "U1" in str(exc.value)


def test_matter_outside_1_to_9_is_refused():
    with pytest.raises(RollError):
        count(10, build_roll(COMMUNITY_A), [])


# ---------------------------------------------------------------- properties

people = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h"])
units_strategy = st.lists(
    st.tuples(st.integers(1, 500_00), people), min_size=1, max_size=12,
).map(lambda rows: [Unit(f"U{i}", Decimal(area) / 100, (owner,)) for i, (area, owner) in enumerate(rows)])
RANK = {QUORUM_FAILED: 0, REJECTED_BOTH: 1, REJECTED_AREA: 2, REJECTED_HEADCOUNT: 2, PASSED: 3}


@settings(max_examples=300, deadline=None)
@given(units=units_strategy, matter=st.integers(1, 9), data=st.data())
def test_turning_a_no_into_a_yes_never_turns_passed_into_a_rejection(units, matter, data):
    roll = build_roll(units)
    choices = {v: data.draw(st.sampled_from([YES, NO, ABSTAIN, None]), label=v) for v in roll.voters}
    ballots = [Ballot(v, c) for v, c in choices.items() if c]
    before = count(matter, roll, ballots)
    nos = [v for v, c in choices.items() if c == NO]
    if not nos:
        return
    flipped = data.draw(st.sampled_from(nos), label="flip")
    after = count(matter, roll, [Ballot(b.voter, YES if b.voter == flipped else b.choice) for b in ballots])
    if before.outcome == PASSED:
        assert after.outcome == PASSED
    assert after.agreeing_area >= before.agreeing_area and after.participating_area == before.participating_area


@settings(max_examples=300, deadline=None)
@given(units=units_strategy, matter=st.integers(1, 9), data=st.data())
def test_adding_a_ballot_never_lowers_participation(units, matter, data):
    roll = build_roll(units)
    order = data.draw(st.permutations(list(roll.voters)))
    k = data.draw(st.integers(0, len(order)))
    ballots = [Ballot(v, data.draw(st.sampled_from([YES, NO, ABSTAIN]))) for v in order[:k]]
    t = count(matter, roll, ballots)
    if k < len(order):
        more = count(matter, roll, [*ballots, Ballot(order[k], NO)])
        assert more.participating_area >= t.participating_area
        assert more.participating_persons == t.participating_persons + 1
    assert t.total_area == sum((Fraction(u.area) for u in units), Fraction(0))
