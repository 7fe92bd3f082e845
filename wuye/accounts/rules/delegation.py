"""Who may give whom an account: the delegation rule of account management (账号管理), pure.

Officials manage the accounts of their own jurisdiction, from their own level down:

- 平台管理员 any official role anywhere, and other platform admins;
- 市住建局 city, district, street and community officials, departments and enterprise staff in its city;
- 区县住建局 district, street and community officials, departments and enterprise staff in its district;
- 街道物业办 street officials and community liaisons in its street;
- 社区物管员 nobody.

A manager's own level is included: an office adds its colleagues. Enterprise staff accounts are
given by the housing bureaus that register and supervise the enterprise (its registration place).
Accounts of committee members and owners are not given here: they follow the committee's election
(wuye.governance) and the owner's own SMS login.

A grant is described by the manager's roles as ``(role, region prefix)`` pairs and the target's
``(role, region code)``: the target region is the region of the assignment, of its department, or
of its enterprise.
"""
from __future__ import annotations

from collections.abc import Iterable

PLATFORM_ADMIN = "platform_admin"
CITY_BUREAU = "city_bureau"
DISTRICT_BUREAU = "district_bureau"
STREET_OFFICE = "street_office"
COMMUNITY_LIAISON = "community_liaison"
DEPARTMENT = "department"
ENTERPRISE_STAFF = "enterprise_staff"

# Roles account management gives and ends, in the order forms list them.
MANAGED_ROLES = (PLATFORM_ADMIN, CITY_BUREAU, DISTRICT_BUREAU, STREET_OFFICE, COMMUNITY_LIAISON, DEPARTMENT,
                 ENTERPRISE_STAFF)

GRANTABLE: dict[str, frozenset[str]] = {
    PLATFORM_ADMIN: frozenset(MANAGED_ROLES),
    CITY_BUREAU: frozenset({CITY_BUREAU, DISTRICT_BUREAU, STREET_OFFICE, COMMUNITY_LIAISON, DEPARTMENT,
                            ENTERPRISE_STAFF}),
    DISTRICT_BUREAU: frozenset({DISTRICT_BUREAU, STREET_OFFICE, COMMUNITY_LIAISON, DEPARTMENT, ENTERPRISE_STAFF}),
    STREET_OFFICE: frozenset({STREET_OFFICE, COMMUNITY_LIAISON}),
}


def grantable_roles(manager: Iterable[tuple[str, str]]) -> set[str]:
    """Every role the manager may give somewhere."""
    roles: set[str] = set()
    for role, _prefix in manager:
        roles |= GRANTABLE.get(role, frozenset())
    return roles


def may_grant(manager: Iterable[tuple[str, str]], role: str, region_code: str | None) -> bool:
    """May a manager holding ``manager`` = [(role, region prefix), …] give ``role`` at ``region_code``?

    ``region_code`` is None only for a platform admin's role, which has no region.
    """
    for mine, prefix in manager:
        if mine == PLATFORM_ADMIN:
            return role in GRANTABLE[PLATFORM_ADMIN]
        if role not in GRANTABLE.get(mine, frozenset()) or region_code is None:
            continue
        if region_code.startswith(prefix):
            return True
    return False


def may_manage(manager: Iterable[tuple[str, str]], held: Iterable[tuple[str, str | None]]) -> bool:
    """May the manager act on an account (reset its password, disable it) holding ``held`` roles?

    Only when it could have given every official role the account holds: a street office cannot
    reset the password of an account that is also its district's bureau. An account with no role
    given here (an owner, a committee member) is not managed here at all.
    """
    manager = list(manager)
    held = [(role, code) for role, code in held if role in MANAGED_ROLES]
    return bool(held) and all(may_grant(manager, role, code) for role, code in held)
