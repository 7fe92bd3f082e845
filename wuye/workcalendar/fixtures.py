"""Official schedules shipped with the platform, checked against the holidays package.

Each file lists a State Council notice's days as published (rest blocks and 调休上班 days);
rows that match the default rule (a festival on a weekend) are read but not stored.
"""
from __future__ import annotations

import csv
import functools
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


@functools.lru_cache(maxsize=16)
def _official_entries(year: int) -> tuple[DayEntry, ...]:
    filename, _note = OFFICIAL_SCHEDULES[year]
    with open(DATA_DIR / filename, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    keys = [header_key(h) for h in table[0]]
    rows = [(n, {k: v for k, v in zip(keys, values, strict=False) if k})
            for n, values in enumerate(table[1:], start=2)]
    entries, errors = parse_schedule(rows, year=year)
    if errors:
        raise ValueError("; ".join(str(e) for e in errors))
    return tuple(entries)


def official_entries(year: int) -> list[DayEntry]:
    return list(_official_entries(year))


def official_note(year: int) -> str:
    return OFFICIAL_SCHEDULES[year][1]


def seed_defaults(year_model, day_model, *, today) -> list[int]:
    """Write the years a fresh database starts with: 2025 to next year, each from the shipped
    official schedule (confirmed) or else from the package. Years already present are left alone.

    Takes the models as arguments so that the data migration can pass its historical ones.
    """
    import uuid

    from django.utils import timezone

    from wuye.workcalendar.package import package_days, package_version

    written = []
    for year in range(2025, max(2027, today.year + 1) + 1):
        if year_model.objects.filter(year=year).exists():
            continue
        if year in OFFICIAL_SCHEDULES:
            entries = [e for e in official_entries(year) if e.differs_from_default]
            source, note, confirmed = "official", official_note(year), True
        else:
            entries = list(package_days(year))
            source, note, confirmed = "package", f"按 holidays {package_version()} 推算", False
        year_model.objects.create(
            year=year, confirmed=confirmed, source_note=note[:300],
            confirmed_at=timezone.now() if confirmed else None, revision=uuid.uuid4().hex,
        )
        day_model.objects.bulk_create([
            day_model(date=e.date, is_workday=e.is_workday, name=e.name, source=source) for e in entries
        ])
        written.append(year)
    return written
