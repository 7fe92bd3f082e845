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


# ---------------------------------------------------------------- account management (账号管理)


def manager_grants(user) -> list[tuple[str, str]]:
    """The user's roles as ``(role, region prefix)`` for the delegation rule (rules.delegation)."""
    from wuye.accounts.rules.delegation import GRANTABLE, PLATFORM_ADMIN

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if Role.PLATFORM_ADMIN in user_roles(user):
        return [(PLATFORM_ADMIN, "")]
    return [(a.role, code_prefix(a.region.code, a.region.level)) for a in role_assignments(user)
            if a.role in GRANTABLE and a.region_id]


def can_manage_accounts(user) -> bool:
    from wuye.accounts.rules.delegation import grantable_roles

    return bool(grantable_roles(manager_grants(user)))


def accounts_visible_to(user):
    """The accounts a manager sees: those holding, or having held, a role the manager could give."""
    from django.db.models import Q

    from wuye.accounts.models import User
    from wuye.accounts.rules.delegation import (
        DEPARTMENT,
        ENTERPRISE_STAFF,
        GRANTABLE,
        PLATFORM_ADMIN,
    )

    grants = manager_grants(user)
    if any(role == PLATFORM_ADMIN for role, _prefix in grants):
        return User.objects.all()
    q = Q(pk__in=[])
    for role, prefix in grants:
        roles = GRANTABLE.get(role, frozenset())
        if roles - {DEPARTMENT, ENTERPRISE_STAFF}:
            q |= Q(role__in=sorted(roles - {DEPARTMENT, ENTERPRISE_STAFF}), region__code__startswith=prefix)
        if DEPARTMENT in roles:
            q |= Q(role=DEPARTMENT, department__region__code__startswith=prefix)
        if ENTERPRISE_STAFF in roles:
            q |= Q(role=ENTERPRISE_STAFF, enterprise__region__code__startswith=prefix)
    if not grants:
        return User.objects.none()
    return User.objects.filter(pk__in=RoleAssignment.objects.filter(q).values("user_id"))


def held_roles(account) -> list[tuple[str, str | None]]:
    """Every role assignment of the account, active or ended, as ``(role, region code)``."""
    rows = RoleAssignment.objects.filter(user=account).select_related("department", "enterprise")
    return [(a.role, a.region_id or (a.department.region_id if a.department_id else None)
             or (a.enterprise.region_id if a.enterprise_id else None)) for a in rows]


def may_manage_account(manager, account) -> bool:
    """May ``manager`` reset the password of, disable or end roles of ``account``? Never one's own
    (the profile page is for that), and only when every official role it holds is one the manager
    could give (rules.delegation.may_manage)."""
    from wuye.accounts.rules.delegation import may_manage

    if account.pk == getattr(manager, "pk", None):
        return False
    if Role.PLATFORM_ADMIN in user_roles(manager):
        return True
    if account.is_superuser:
        return False
    return may_manage(manager_grants(manager), held_roles(account))


def accounts_matching(manager, *, q: str = "", role: str = "", active: bool | None = None):
    """``accounts_visible_to(manager)`` narrowed as the account list and API filter it: ``q`` in the
    username, name or phone; a role in force; enabled or disabled."""
    from django.db.models import Q

    rows = accounts_visible_to(manager)
    q = (q or "").strip()
    if q:
        rows = rows.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(phone__icontains=q))
    if role in Role.values:
        rows = rows.filter(role_assignments__role=role, role_assignments__is_active=True).distinct()
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows
