"""Auditor's command: tally a self-contained case with the same rule code as the app.

    python manage.py tally_decision --input case.json

Input: {"matter": 1-9, "units": [{"id": "U1", "area": "89.50", "owners": ["p1"],
"nominee": "p1", "developer": true}], "ballots": [{"voter": "p1", "choice": "yes"|"no"|"abstain"}]}
"""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from wuye.governance.rules.ballot import (
    MATTERS,
    Ballot,
    RollError,
    Tally,
    Unit,
    build_roll,
    count,
    fmt,
    parse_area,
)

REASONS = {"not_on_roll": "不在表决名册", "not_nominee": "共有人但不是推选的表决人", "duplicate": "重复投票，只计第一票",
           "bad_choice": "选项无效（应为 yes/no/abstain）"}


def load_case(text: str) -> tuple[int, list[Unit], list[Ballot]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RollError(f"输入不是有效的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}") from None
    if not isinstance(data, dict):
        raise RollError("输入应为 JSON 对象，包含 matter、units、ballots。")
    matter = data.get("matter")
    if not isinstance(matter, int) or isinstance(matter, bool) or matter not in MATTERS:
        raise RollError(f"matter 应为 1–9 的整数，收到 {matter!r}。")
    units_in = data.get("units")
    if not isinstance(units_in, list) or not units_in:
        raise RollError("units 应为非空数组。")
    units = []
    for i, u in enumerate(units_in, start=1):
        if not isinstance(u, dict) or not u.get("id"):
            raise RollError(f"units 第{i}项缺少 id。")
        owners = u.get("owners") or []
        if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
            raise RollError(f"房屋 {u['id']} 的 owners 应为字符串数组。")
        units.append(Unit(id=str(u["id"]), area=parse_area(u.get("area"), str(u["id"])), owners=tuple(owners),
                          nominee=u.get("nominee"), developer=bool(u.get("developer", False))))
    ballots_in = data.get("ballots") or []
    if not isinstance(ballots_in, list):
        raise RollError("ballots 应为数组。")
    ballots = []
    for i, b in enumerate(ballots_in, start=1):
        if not isinstance(b, dict) or not isinstance(b.get("voter"), str):
            raise RollError(f"ballots 第{i}项缺少 voter。")
        ballots.append(Ballot(voter=b["voter"], choice=str(b.get("choice", ""))))
    return matter, units, ballots


def tally_case(text: str) -> dict:
    matter, units, ballots = load_case(text)
    roll = build_roll(units)
    return tally_dict(matter, count(matter, roll, ballots))


def tally_dict(matter: int, t: Tally) -> dict:
    """The JSON form of a tally: printed by this command and stored as a decision's result."""
    return {
        "outcome": t.outcome,
        "matter": matter,
        "matter_name": MATTERS[matter],
        "threshold": t.threshold,
        "total_area": fmt(t.total_area),
        "total_persons": t.total_persons,
        "participating_area": fmt(t.participating_area),
        "participating_persons": t.participating_persons,
        "agreeing_area": fmt(t.agreeing_area),
        "agreeing_persons": t.agreeing_persons,
        "quorum": {"area_met": t.quorum_area_met, "persons_met": t.quorum_persons_met,
                   "rule": "参与表决专有部分面积 ≥ 2/3 且人数 ≥ 2/3"},
        "pass": {"area_met": t.pass_area_met, "persons_met": t.pass_persons_met,
                 "rule": "同意 ≥ 参与的 3/4（面积与人数）" if t.threshold == "super" else "同意 > 参与的 1/2（面积与人数）"},
        "not_counted": [{"voter": r.voter, "reason": r.reason, "reason_text": REASONS[r.reason]} for r in t.rejected],
    }


class Command(BaseCommand):
    help = "按民法典第278条统计一份独立的表决案例（与平台同一套规则代码），输出 JSON"

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="案例 JSON 文件")

    def handle(self, *args, **opts):
        try:
            with open(opts["input"], encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            raise CommandError(f"无法读取输入文件：{exc}") from None
        try:
            result = tally_case(text)
        except RollError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
