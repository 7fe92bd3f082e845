"""Who may change the calendar: the city housing bureau and platform administrators."""
from __future__ import annotations

from wuye.accounts.choices import Role
from wuye.accounts.selectors import user_roles

CALENDAR_EDITORS = frozenset({Role.CITY_BUREAU, Role.PLATFORM_ADMIN})


def can_edit_calendar(user) -> bool:
    """The calendar is national, so any city bureau may correct it; everyone logged in reads it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user_roles(user) & CALENDAR_EDITORS)
