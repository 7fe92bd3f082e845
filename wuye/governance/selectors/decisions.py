"""How other capabilities read owners' joint decisions: the one interface for "did the owners decide X".

Fund use (matter 5), hiring or dismissing an enterprise (matter 4), the first assembly's rules (1, 2) and
electing the committee (3) all ask the same question through ``require_passed``.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.governance.choices import DecisionStatus
from wuye.governance.models import Decision
from wuye.governance.rules.ballot import MATTERS, PASSED


def decision_passed(decision: Decision) -> bool:
    """True when the decision's result is final (objection window over) and the outcome is PASSED."""
    return decision.status == DecisionStatus.FINAL and (decision.result or {}).get("outcome") == PASSED


def require_passed(decision: Decision | None, *, estate, matters: tuple[int, ...] | list[int]) -> Decision:
    """The decision, if it is a final PASSED decision of ``estate`` on one of ``matters``; else a clear error."""
    if decision is None:
        raise ValidationError(_("需要业主共同决定的依据。"))
    if decision.estate_id != getattr(estate, "pk", estate):
        raise ValidationError(_("所引用的共同决定不属于本小区。"))
    if decision.matter not in matters:
        wanted = "、".join(MATTERS[m] for m in matters)
        raise ValidationError(_("所引用的共同决定事项不符：需要“%(w)s”。") % {"w": wanted})
    if not decision_passed(decision):
        raise ValidationError(_("所引用的共同决定尚未通过或结果尚未最终确定（%(s)s）。")
                              % {"s": decision.get_status_display()})
    return decision


def passed_decisions(*, estate, matter: int):
    """Final, passed decisions of an estate on one matter, newest first."""
    return (Decision.objects.filter(estate=estate, matter=matter, status=DecisionStatus.FINAL,
                                    result__outcome=PASSED).order_by("-published_at"))


# ---------------------------------------------------------------- who may do what
#
# One place for the rights on a decision, used by the services (which enforce them), the pages and
# the API (which only show what the services would allow).


def _roles(user) -> list:
    from wuye.accounts.selectors import role_assignments

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return role_assignments(user)


def is_platform_admin(user) -> bool:
    from wuye.accounts.choices import Role
    from wuye.accounts.selectors import user_roles

    return Role.PLATFORM_ADMIN in user_roles(user)


def organiser_kinds(user, estate) -> set[str]:
    """The organiser kinds (OrganiserKind) ``user`` may act as for ``estate``; empty: not an organiser.

    - the estate's owners' committee: a ``committee_member`` of that estate;
    - the street (and the 筹备组 it leads, GR 8): a ``street_office`` official whose region holds the estate;
    - a platform administrator: any.
    """
    from wuye.accounts.choices import Role
    from wuye.governance.choices import OrganiserKind
    from wuye.regions.models import code_prefix

    if is_platform_admin(user):
        return set(OrganiserKind.values)
    kinds: set[str] = set()
    estate_id = getattr(estate, "pk", estate)
    region_code = getattr(estate, "region_id", "") or ""
    for a in _roles(user):
        if a.role == Role.COMMITTEE_MEMBER and a.estate_id == estate_id:
            kinds.add(OrganiserKind.COMMITTEE)
        elif (a.role == Role.STREET_OFFICE and a.region_id
              and region_code.startswith(code_prefix(a.region.code, a.region.level))):
            kinds |= {OrganiserKind.STREET, OrganiserKind.PREPARATORY_GROUP}
    return kinds


def can_organise(user, decision_or_estate) -> bool:
    """May ``user`` open, close, finalise, void, and enter paper or proxy ballots?

    For an existing decision the user must be able to act as that decision's organiser kind;
    the street (and platform admin) may also act for a committee's decision (supervision).
    """
    from wuye.governance.choices import OrganiserKind

    if isinstance(decision_or_estate, Decision):
        kinds = organiser_kinds(user, decision_or_estate.estate)
        wanted = decision_or_estate.organiser
        return wanted in kinds or OrganiserKind.STREET in kinds
    return bool(organiser_kinds(user, decision_or_estate))


def can_audit(user, decision: Decision) -> bool:
    """May ``user`` read the ballot-chain audit page (every ballot's hash)? The organiser, or any official."""
    from wuye.accounts.selectors import is_official

    return can_organise(user, decision) or is_official(user)


def organiser_estates(user):
    """Estates ``user`` may organise a decision for: the queryset form of ``organiser_kinds``.

    A committee member's estate, the estates in a street official's region; every estate for a platform admin.
    """
    from django.db.models import Q

    from wuye.accounts.choices import Role
    from wuye.estates.models import Estate
    from wuye.regions.models import code_prefix

    if is_platform_admin(user):
        return Estate.objects.filter(is_voided=False)
    q = Q(pk__in=[a.estate_id for a in _roles(user) if a.role == Role.COMMITTEE_MEMBER and a.estate_id])
    for a in _roles(user):
        if a.role == Role.STREET_OFFICE and a.region_id:
            q |= Q(region__code__startswith=code_prefix(a.region.code, a.region.level))
    return Estate.objects.filter(q, is_voided=False).order_by("name")


def owner_ids_of(user) -> set[str]:
    """Owner records (as voter keys) the user speaks for as an owner (role ``owner``)."""
    from wuye.accounts.choices import Role

    return {str(a.owner_id) for a in _roles(user) if a.role == Role.OWNER and a.owner_id}


def roll_entry_for(user, decision: Decision):
    """(entry, person) the user may cast an e-ballot for on this decision's roll, or (None, reason)."""
    persons = owner_ids_of(user)
    if not persons:
        return None, "not_owner"
    # Usually the person is the voter key itself (one indexed query); the developer's and co-owned
    # units need the speakers lists.
    direct = decision.roll.filter(voter_key__in=sorted(persons)).first()
    if direct is not None:
        return direct, direct.voter_key
    co_owner = False
    for e in decision.roll.all():
        for p in persons:
            if p in e.speakers:
                return e, p
            if p in e.co_owners:
                co_owner = True
    return None, "not_nominee" if co_owner else "not_on_roll"


# ---------------------------------------------------------------- turnout (no running result)


def decision_turnout(decision: Decision) -> dict:
    """Participation so far by area and by head, and by channel: never the choices before close."""
    from django.db.models import Count, Sum

    from wuye.governance.models import Ballot, RollEntry

    totals = RollEntry.objects.filter(decision=decision).aggregate(area=Sum("area"), persons=Count("id"))
    cast = Ballot.objects.filter(decision=decision).aggregate(area=Sum("roll_entry__area"), persons=Count("id"))
    from wuye.governance.choices import BallotChannel

    by_channel = {str(BallotChannel(ch).label): n for ch, n in
                  Ballot.objects.filter(decision=decision).values_list("channel").annotate(n=Count("id"))}
    total_area = totals["area"] or 0
    total_persons = totals["persons"] or 0
    area = cast["area"] or 0
    persons = cast["persons"] or 0
    # Quorum thresholds (R1.2) shown as targets: 2/3 of the totals, exact comparison.
    return {
        "total_area": total_area, "total_persons": total_persons,
        "participating_area": area, "participating_persons": persons,
        "area_percent": round(100 * area / total_area, 2) if total_area else 0,
        "persons_percent": round(100 * persons / total_persons, 2) if total_persons else 0,
        "quorum_area_met": 3 * area >= 2 * total_area and total_area > 0,
        "quorum_persons_met": 3 * persons >= 2 * total_persons and total_persons > 0,
        "by_channel": by_channel,
    }


# ---------------------------------------------------------------- "decision finalised" subscribers
#
# A capability that acts on a passed decision (fund use, hiring an enterprise, the committee
# election) subscribes here instead of being imported by governance:
#
#     from wuye.governance.selectors.decisions import on_decision_finalised
#     on_decision_finalised(5, lambda decision: ...)   # in its AppConfig.ready()
#
# Callbacks run after the finalising transaction commits (``transaction.on_commit``), once per
# decision, with the final Decision (check ``decision_passed`` — a rejected decision is final too).

_FINALISED: dict[int, list] = {}


def on_decision_finalised(matter: int, callback) -> None:
    """Call ``callback(decision)`` after a decision on ``matter`` becomes final."""
    if matter not in MATTERS:
        raise ValueError(f"matter 应为 1–9：{matter!r}")
    if callback not in _FINALISED.setdefault(matter, []):
        _FINALISED[matter].append(callback)


def off_decision_finalised(matter: int, callback) -> None:
    if callback in _FINALISED.get(matter, []):
        _FINALISED[matter].remove(callback)


def notify_finalised(decision: Decision) -> None:
    """Run the subscribers of the decision's matter (called on commit by ``decision_finalize``)."""
    for callback in list(_FINALISED.get(decision.matter, [])):
        callback(decision)


# ---------------------------------------------------------------- the result, with its arithmetic

OUTCOME_TEXT = {
    "PASSED": gettext_lazy("通过"),
    "QUORUM_FAILED": gettext_lazy("未达到参与表决的法定人数/面积（不成立）"),
    "REJECTED_AREA": gettext_lazy("未通过：同意的专有部分面积未达标"),
    "REJECTED_HEADCOUNT": gettext_lazy("未通过：同意的人数未达标"),
    "REJECTED_BOTH": gettext_lazy("未通过：同意的面积与人数均未达标"),
}


def _frac(text):
    from fractions import Fraction

    return Fraction(str(text))


def _show(value) -> str:
    """An exact value: the integer or finite decimal, else p/q with two decimals for reading."""
    from decimal import Decimal
    from fractions import Fraction

    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    d = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(d) == value:
        return format(d.normalize(), "f")
    return f"{value.numerator}/{value.denominator} ≈ {float(value):.2f}"


def published_result(result: dict | None) -> dict | None:
    """A stored result as owners and the public may read it: ballots not counted keep their reason,
    not the voter (an owner id)."""
    if not result:
        return result
    return {**result, "not_counted": [{k: v for k, v in row.items() if k != "voter"}
                                      for row in result.get("not_counted", [])]}


def result_rows(decision: Decision) -> dict | None:
    """Every fraction of a decision's stored result, each threshold, and which one failed."""
    from fractions import Fraction

    from django.utils.translation import gettext as _

    r = published_result(decision.result)
    if not r:
        return None
    ta, tp = _frac(r["total_area"]), int(r["total_persons"])
    pa, pp = _frac(r["participating_area"]), int(r["participating_persons"])
    ya, yp = _frac(r["agreeing_area"]), int(r["agreeing_persons"])
    super_ = r.get("threshold") == "super"
    pass_ratio = Fraction(3, 4) if super_ else Fraction(1, 2)
    pass_op = "≥" if super_ else ">"
    rows = [
        {"label": _("参与表决的专有部分面积"), "value": f"{_show(pa)} / {_show(ta)} ㎡",
         "rule": f"≥ 2/3 × {_show(ta)} = {_show(Fraction(2, 3) * ta)} ㎡", "met": 3 * pa >= 2 * ta, "kind": "quorum"},
        {"label": _("参与表决的人数"), "value": f"{pp} / {tp}",
         "rule": f"≥ 2/3 × {tp} = {_show(Fraction(2, 3) * tp)}", "met": 3 * pp >= 2 * tp, "kind": "quorum"},
    ]
    quorum = rows[0]["met"] and rows[1]["met"]
    ok_area = (4 * ya >= 3 * pa) if super_ else (2 * ya > pa)
    ok_persons = (4 * yp >= 3 * pp) if super_ else (2 * yp > pp)
    rows += [
        {"label": _("同意的专有部分面积"), "value": f"{_show(ya)} / {_show(pa)} ㎡",
         "rule": f"{pass_op} {'3/4' if super_ else '1/2'} × {_show(pa)} = {_show(pass_ratio * pa)} ㎡",
         "met": ok_area if quorum else None, "kind": "pass"},
        {"label": _("同意的人数"), "value": f"{yp} / {pp}",
         "rule": f"{pass_op} {'3/4' if super_ else '1/2'} × {pp} = {_show(pass_ratio * pp)}",
         "met": ok_persons if quorum else None, "kind": "pass"},
    ]
    failed = [row["label"] for row in rows if row["met"] is False]
    return {"outcome": r["outcome"], "outcome_text": str(OUTCOME_TEXT.get(r["outcome"], r["outcome"])),
            "rows": rows, "failed": failed, "threshold": r.get("threshold"),
            "threshold_text": _("双四分之三（事项6–8）") if super_ else _("双过半数"),
            "not_counted": r.get("not_counted", []), "raw": r}


def receipt_check(decision_id: int, code: str) -> dict:
    """The public receipt check (page and API): what the public may know of a receipt: found or not, sequence, time, channel, hash prefix, chain head."""
    from django.utils.translation import gettext as _

    from wuye.governance.choices import DecisionStatus
    from wuye.governance.services.decisions import verify_chain, verify_receipt

    decision = (Decision.objects.filter(pk=decision_id).exclude(status=DecisionStatus.DRAFT)
                .select_related("estate").first())
    if decision is None:
        return {"found": False, "message": _("没有编号为 %(d)d 的表决。") % {"d": decision_id}}
    ballot = verify_receipt(decision, code)
    base = {"decision": decision.pk, "title": decision.title, "estate": decision.estate.name,
            "status": decision.get_status_display(), "chain_head": decision.chain_head,
            "ballots": decision.ballots.count()}
    if ballot is None:
        return {**base, "found": False,
                "message": _("该表决中没有与此回执码对应的完整选票。请核对决定编号和回执码；如仍不符，请向组织者或街道提出异议。")}
    intact = not verify_chain(decision)
    return {**base, "found": True, "sequence": ballot.sequence, "cast_at": ballot.cast_at,
            "channel": ballot.get_channel_display(), "hash_prefix": ballot.hash[:16], "chain_intact": intact,
            "message": _("回执有效：该选票已记入选票链，内容未被改动。") if intact
            else _("回执对应的选票存在，但选票链核验发现问题，请向组织者或街道反映。")}
