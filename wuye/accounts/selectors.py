"""Reads about users: above all, the scope a user's roles give them."""
from __future__ import annotations

from wuye.accounts.choices import OFFICIAL_ROLES, Role
from wuye.accounts.models import RoleAssignment
from wuye.core.cache import cached
from wuye.core.scope import EMPTY, Scope, minimal_prefixes
from wuye.regions.models import code_prefix


def role_assignments(user):
    """The user's active role assignments: kept on the user object for the request, and in the
    revisioned cache across requests (dropped whenever any assignment changes)."""
    found = getattr(user, "_wuye_assignments", None)
    if found is None:
        if not getattr(user, "pk", None):
            return []
        found = cached("roles", str(user.pk), lambda: list(
            RoleAssignment.objects.filter(user_id=user.pk, is_active=True).select_related("region", "department__region")
        ))
        user._wuye_assignments = found
    return found


# The former private name, still used by some modules.
_assignments = role_assignments


def forget_cached_roles(user) -> None:
    """Drop the roles and scopes memoised on ``user`` (after assigning it a role in this request)."""
    for attr in ("_wuye_assignments", "_wuye_scope", "_wuye_edit_scope"):
        user.__dict__.pop(attr, None)


def user_roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = {a.role for a in role_assignments(user)}
    if user.is_superuser:
        roles.add(Role.PLATFORM_ADMIN)
    return roles


def _build_scope(user, *, edit: bool) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    if user.is_superuser:
        return Scope(everything=True)
    prefixes: list[str] = []
    official: list[str] = []
    estates: set[int] = set()
    enterprises: set[int] = set()
    departments: set[int] = set()
    owners: set[int] = set()
    everything = False
    for a in role_assignments(user):
        role = Role(a.role)
        if role == Role.PLATFORM_ADMIN:
            everything = True
        elif role in OFFICIAL_ROLES:
            prefixes.append(code_prefix(a.region.code, a.region.level))
            official.append(code_prefix(a.region.code, a.region.level))
        elif role == Role.DEPARTMENT:
            departments.add(a.department_id)
            if not edit:
                # A department reads the registry of its region so it can handle dispatched matters.
                prefixes.append(code_prefix(a.department.region.code, a.department.region.level))
        elif role == Role.ENTERPRISE_STAFF:
            enterprises.add(a.enterprise_id)
        elif role == Role.COMMITTEE_MEMBER and not edit:
            estates.add(a.estate_id)
        elif role == Role.OWNER and not edit:
            owners.add(a.owner_id)
    if everything:
        return Scope(everything=True)
    return Scope(
        region_prefixes=minimal_prefixes(prefixes),
        official_prefixes=minimal_prefixes(official),
        estate_ids=frozenset(estates),
        enterprise_ids=frozenset(enterprises),
        department_ids=frozenset(departments) if not edit else frozenset(),
        owner_ids=frozenset(owners),
    )


def user_scope(user) -> Scope:
    """Everything the user may read."""
    cached = getattr(user, "_wuye_scope", None)
    if cached is None:
        cached = _build_scope(user, edit=False)
        if getattr(user, "is_authenticated", False):
            user._wuye_scope = cached
    return cached


def user_edit_scope(user) -> Scope:
    """Everything the user may change: officials in their region, enterprise staff in their enterprise."""
    cached = getattr(user, "_wuye_edit_scope", None)
    if cached is None:
        cached = _build_scope(user, edit=True)
        if getattr(user, "is_authenticated", False):
            user._wuye_edit_scope = cached
    return cached


def is_official(user) -> bool:
    return bool(user_roles(user) & (OFFICIAL_ROLES | {Role.PLATFORM_ADMIN}))


def primary_region(user):
    """The highest region node among the user's official roles (for defaults in forms and pages)."""
    regions = [a.region for a in role_assignments(user) if a.region_id]
    if not regions:
        regions = [a.department.region for a in role_assignments(user) if a.department_id]
    return min(regions, key=lambda r: r.level) if regions else None
