"""Pure rules of the first owners' assembly (R2.1): application, notice, and the timers.

No ORM. Areas are Decimals compared exactly (R0.2); dates follow R0.3 (see rules.committee).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wuye.governance.rules.committee import RuleError


def delivered_share_ok(delivered_area: Decimal, total_area: Decimal) -> bool:
    """R2.1 / GR 6: the delivered area must exceed half of the total (strictly, R0.1 "过半")."""
    return total_area > 0 and 2 * delivered_area > total_area


def check_application(*, delivered_area: Decimal, total_area: Decimal, applicants: int, applied_on: dt.date,
                      today: dt.date) -> None:
    if applicants < 1:
        raise RuleError("书面申请应至少由一名本小区业主提出。")
    if applied_on > today:
        raise RuleError("申请日期不能晚于今天。")
    if total_area <= 0:
        raise RuleError("小区没有登记房屋面积，无法核对交付面积比例。")
    if not delivered_share_ok(delivered_area, total_area):
        raise RuleError(f"已交付面积 {delivered_area}㎡ 未超过总面积 {total_area}㎡ 的一半，尚不具备召开首次业主大会的条件（R2.1）。")


def notice_given(published_on: dt.date | None, meeting_on: dt.date, notice_days: int) -> bool:
    """GR 10 / R1.12: published at least ``notice_days`` days before the meeting (boundary included)."""
    return published_on is not None and (meeting_on - published_on).days >= notice_days


def latest_publication(meeting_on: dt.date, notice_days: int) -> dt.date:
    return meeting_on - dt.timedelta(days=notice_days)


def check_first_meeting(*, held_on: dt.date, formed_on: dt.date, roll_published_on: dt.date | None,
                        drafts_published_on: dt.date | None, notice_days: int, today: dt.date) -> None:
    if held_on > today:
        raise RuleError("会议日期不能晚于今天。")
    if held_on < formed_on:
        raise RuleError("首次会议不能早于筹备组组建日期。")
    if not notice_given(roll_published_on, held_on, notice_days):
        raise RuleError(f"业主名册（身份、人数、面积）须在会议前至少 {notice_days} 日公示（GR 10）。")
    if not notice_given(drafts_published_on, held_on, notice_days):
        raise RuleError(f"议事规则和管理规约草案须在会议前至少 {notice_days} 日公示（GR 10）。")
