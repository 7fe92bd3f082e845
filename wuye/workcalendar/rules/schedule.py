"""Reading a year's holiday schedule from rows (CSV, Excel, or the shipped fixture). Pure.

A schedule row names a date, whether it is a working day, and what it is (国庆节, 调休上班).
The parser checks every row and reports every problem with its row number, so an import
either applies the whole file or nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from wuye.workcalendar.rules.workdays import default_is_workday

WORKDAY_NAME = "调休上班"

# Column keys and the headers accepted for them (normalised: no spaces, lower case).
COLUMNS = {
    "date": ("日期", "date"),
    "is_workday": ("是否工作日", "工作日", "is_workday", "workday"),
    "name": ("名称", "说明", "节日", "name"),
}
TRUE_WORDS = {"是", "工作日", "上班", "班", "1", "true", "yes", "y"}
FALSE_WORDS = {"否", "休息", "休息日", "放假", "休", "节假日", "0", "false", "no", "n"}
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass(frozen=True)
class DayEntry:
    date: dt.date
    is_workday: bool
    name: str

    @property
    def differs_from_default(self) -> bool:
        return self.is_workday != default_is_workday(self.date)


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


def header_key(value: Any) -> str | None:
    text = re.sub(r"\s", "", str(value or "")).lower()
    for key, names in COLUMNS.items():
        if text in names:
            return key
    return None


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE_RE.match(str(value or ""))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value) if value in (0, 1) else None
    text = str(value or "").strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def parse_schedule(
    rows: Iterable[tuple[int, dict[str, Any]]], *, year: int | None = None
) -> tuple[list[DayEntry], list[RowError]]:
    """Entries and row errors from (row number, {"date", "is_workday", "name"}) pairs.

    With ``year``, every date must fall in that year. Duplicate dates are errors.
    """
    entries: list[DayEntry] = []
    errors: list[RowError] = []
    seen: dict[dt.date, int] = {}
    for number, record in rows:
        raw_date = record.get("date")
        day = parse_date(raw_date)
        if day is None:
            errors.append(RowError(number, f"日期“{raw_date or ''}”无效，应为 2026-10-01 这样的日期。"))
            continue
        flag = parse_flag(record.get("is_workday"))
        if flag is None:
            errors.append(RowError(number, f"是否工作日“{record.get('is_workday') or ''}”无效，应填“是”或“否”。"))
            continue
        if year is not None and day.year != year:
            errors.append(RowError(number, f"日期 {day} 不属于 {year} 年。"))
            continue
        if day in seen:
            errors.append(RowError(number, f"日期 {day} 与第{seen[day]}行重复。"))
            continue
        seen[day] = number
        name = str(record.get("name") or "").strip()[:50]
        if not name:
            name = WORKDAY_NAME if flag else "休息日"
        entries.append(DayEntry(day, flag, name))
    return entries, errors
