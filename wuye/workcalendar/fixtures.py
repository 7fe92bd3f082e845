"""Official schedules shipped with the platform, checked against the holidays package.

Each file lists a State Council notice's days as published (rest blocks and 调休上班 days);
rows that match the default rule (a festival on a weekend) are read but not stored.
"""
from __future__ import annotations

import csv
from pathlib import Path

from wuye.workcalendar.rules.schedule import DayEntry, header_key, parse_schedule

DATA_DIR = Path(__file__).resolve().parent / "data"

OFFICIAL_SCHEDULES: dict[int, tuple[str, str]] = {
    2026: (
        "official_2026.csv",
        "国务院办公厅关于2026年部分节假日安排的通知"
        "（https://www.gov.cn/gongbao/2025/issue_12406/202511/content_7048922.html）",
    ),
}


def official_entries(year: int) -> list[DayEntry]:
    filename, _note = OFFICIAL_SCHEDULES[year]
    with open(DATA_DIR / filename, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    keys = [header_key(h) for h in table[0]]
    rows = [(n, {k: v for k, v in zip(keys, values, strict=False) if k})
            for n, values in enumerate(table[1:], start=2)]
    entries, errors = parse_schedule(rows, year=year)
    if errors:
        raise ValueError("; ".join(str(e) for e in errors))
    return entries


def official_note(year: int) -> str:
    return OFFICIAL_SCHEDULES[year][1]
