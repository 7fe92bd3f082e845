"""Civil Code Art. 278 joint decisions: the voter roll and the tally. Pure: no ORM, no settings.

Rules (../shared/domain-rules.md §0–§1, §9):
- R1.5 a unit's area is given (registry > survey > contract is applied by the caller);
- R1.6 headcount: one unit one person, except: all of the developer's unsold and undelivered
  units together are ONE person; one owner with several units is ONE person; a co-owned unit
  is ONE person voting through the nominee the co-owners chose;
- R1.2 quorum: participating area ≥ 2/3 of the total AND participating persons ≥ 2/3;
- R1.3 matters 6–8: agreeing ≥ 3/4 of the participating area AND of the participating persons;
- R1.4 every other matter (fund *use* 5 included): agreeing > 1/2 of both;
- R1.9 an abstention participates and does not agree;
- R0.1/R0.2 "以上" includes the boundary, "过半数" is strict; all arithmetic is exact
  (fractions of integers), never floating point.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)
DEVELOPER = "__developer__"
SUPER_MAJORITY_MATTERS = frozenset({6, 7, 8})
MATTERS = {
    1: "制定和修改业主大会议事规则",
    2: "制定和修改管理规约",
    3: "选举业主委员会或者更换业主委员会成员",
    4: "选聘和解聘物业服务企业或者其他管理人",
    5: "使用建筑物及其附属设施的维修资金",
    6: "筹集建筑物及其附属设施的维修资金",
    7: "改建、重建建筑物及其附属设施",
    8: "改变共有部分的用途或者利用共有部分从事经营活动",
    9: "有关共有和共同管理权利的其他重大事项",
}

PASSED = "PASSED"
QUORUM_FAILED = "QUORUM_FAILED"
REJECTED_AREA = "REJECTED_AREA"
REJECTED_HEADCOUNT = "REJECTED_HEADCOUNT"
REJECTED_BOTH = "REJECTED_BOTH"


class RollError(ValueError):
    """The roll or the case cannot be counted; the message names the unit or field."""


@dataclass(frozen=True)
class Unit:
    id: str
    area: Decimal
    owners: tuple[str, ...]
    nominee: str | None = None
    developer: bool = False


@dataclass(frozen=True)
class Ballot:
    voter: str
    choice: str


@dataclass
class Voter:
    key: str
    area: int = 0  # in units of 1/Roll.scale m²: exact integer arithmetic
    units: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Roll:
    """The frozen voter roll: who votes, with which area, and who speaks for which unit."""

    voters: dict[str, Voter]
    speaker: dict[str, str]  # person who may cast a ballot -> voter key
    co_owners: dict[str, str]  # co-owner who is not the nominee -> voter key (their ballots are not counted)
    total: int  # in units of 1/scale m²
    scale: int  # 10 ** (the most decimal places of any area)

    @property
    def total_area(self) -> Fraction:
        return Fraction(self.total, self.scale)

    @property
    def total_persons(self) -> int:
        return len(self.voters)


def parse_area(value, unit_id: str) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RollError(f"房屋 {unit_id} 没有面积。")
    try:
        area = Decimal(str(value).strip())
    except InvalidOperation:
        raise RollError(f"房屋 {unit_id} 的面积不是数字：{value!r}") from None
    if not area.is_finite() or area <= 0:
        raise RollError(f"房屋 {unit_id} 的面积必须大于 0：{value}")
    return area


def build_roll(units: Iterable[Unit]) -> Roll:
    """Group units into voters by the counting rules of R1.6 (SPC-BOL 9; GR 24–25)."""
    units = list(units)
    places = max((max(0, -u.area.as_tuple().exponent) for u in units), default=0)
    scale = 10 ** places
    voters: dict[str, Voter] = {}
    speaker: dict[str, str] = {}
    co_owners: dict[str, str] = {}
    seen: set[str] = set()
    total = 0
    for unit in units:
        if unit.id in seen:
            raise RollError(f"房屋 {unit.id} 在表决名册中重复。")
        seen.add(unit.id)
        if not unit.owners and not unit.developer:
            raise RollError(f"房屋 {unit.id} 没有业主。")
        area = int(unit.area * scale)  # exact: scale covers every area's decimal places
        total += area
        if unit.developer:
            key = DEVELOPER
            for o in unit.owners:
                speaker.setdefault(o, DEVELOPER)
            speaker.setdefault(DEVELOPER, DEVELOPER)
        elif len(unit.owners) > 1:
            if unit.nominee is None:
                raise RollError(f"共有房屋 {unit.id} 未推选表决人（nominee）。")
            if unit.nominee not in unit.owners:
                raise RollError(f"房屋 {unit.id} 的表决人 {unit.nominee} 不是其共有人。")
            key = unit.nominee
            speaker[key] = key
            for o in unit.owners:
                if o != unit.nominee:
                    co_owners.setdefault(o, key)
        else:
            key = unit.owners[0]
            speaker[key] = key
        voter = voters.setdefault(key, Voter(key))
        voter.area += area
        voter.units.append(unit.id)
    # A person who votes for their own unit is not "only a co-owner" any more.
    for person in list(co_owners):
        if person in speaker:
            del co_owners[person]
    if total <= 0:
        raise RollError("表决名册为空。")
    if places > 6:
        raise RollError("面积最多保留 6 位小数。")
    return Roll(voters, speaker, co_owners, total, scale)


@dataclass(frozen=True)
class Rejected:
    voter: str
    reason: str  # not_on_roll | not_nominee | duplicate | bad_choice


@dataclass(frozen=True)
class Tally:
    matter: int
    outcome: str
    total_area: Fraction
    total_persons: int
    participating_area: Fraction
    participating_persons: int
    agreeing_area: Fraction
    agreeing_persons: int
    quorum_area_met: bool
    quorum_persons_met: bool
    pass_area_met: bool | None
    pass_persons_met: bool | None
    threshold: str  # "super" | "simple"
    rejected: tuple[Rejected, ...] = ()


def count(matter: int, roll: Roll, ballots: Sequence[Ballot]) -> Tally:
    """Tally ballots on a frozen roll for one of the nine Art. 278 matters."""
    if matter not in MATTERS:
        raise RollError(f"表决事项应为 1–9，收到 {matter!r}。")
    rejected: list[Rejected] = []
    choice_of: dict[str, str] = {}
    for b in ballots:
        if b.choice not in CHOICES:
            rejected.append(Rejected(b.voter, "bad_choice"))
            continue
        key = roll.speaker.get(b.voter)
        if key is None:
            reason = "not_nominee" if b.voter in roll.co_owners else "not_on_roll"
            rejected.append(Rejected(b.voter, reason))
            continue
        if key in choice_of:
            rejected.append(Rejected(b.voter, "duplicate"))
            continue
        choice_of[key] = b.choice
    voters = roll.voters
    pa = sum(voters[k].area for k in choice_of)
    pp = len(choice_of)
    ya = sum(voters[k].area for k, c in choice_of.items() if c == YES)
    yp = sum(1 for c in choice_of.values() if c == YES)
    ta, tp = roll.total, roll.total_persons
    q_area, q_persons = 3 * pa >= 2 * ta, 3 * pp >= 2 * tp
    super_majority = matter in SUPER_MAJORITY_MATTERS
    def m2(v: int) -> Fraction:
        return Fraction(v, roll.scale)

    if not (q_area and q_persons):
        return Tally(matter, QUORUM_FAILED, m2(ta), tp, m2(pa), pp, m2(ya), yp, q_area, q_persons, None, None,
                     "super" if super_majority else "simple", tuple(rejected))
    if super_majority:
        ok_area, ok_persons = 4 * ya >= 3 * pa, 4 * yp >= 3 * pp
    else:
        ok_area, ok_persons = 2 * ya > pa, 2 * yp > pp
    outcome = {
        (True, True): PASSED, (False, True): REJECTED_AREA, (True, False): REJECTED_HEADCOUNT,
        (False, False): REJECTED_BOTH,
    }[(ok_area, ok_persons)]
    return Tally(matter, outcome, m2(ta), tp, m2(pa), pp, m2(ya), yp, q_area, q_persons, ok_area, ok_persons,
                 "super" if super_majority else "simple", tuple(rejected))


def fmt(value: Fraction) -> str:
    """An exact decimal string when the fraction has one (areas are in hundredths), else p/q."""
    if value.denominator == 1:
        return str(value.numerator)
    d = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(d) == value:
        return format(d.normalize(), "f")
    return f"{value.numerator}/{value.denominator}"
