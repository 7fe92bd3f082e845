"""Who may take which action on a work order. One place, used by pages, API and services."""
from __future__ import annotations

from wuye.accounts.choices import Role
from wuye.accounts.selectors import role_assignments, user_roles
from wuye.complaints.choices import AssignmentRole
from wuye.complaints.choices import WorkOrderAction as A
from wuye.regions.choices import DepartmentKind
from wuye.regions.models import code_prefix

# The receiving side (12345 dispatch at street level and above): classify, dispatch, review, close.
DISPATCHER_ACTIONS = {A.CLASSIFY, A.DISPATCH, A.RULE_FINALLY, A.APPROVE_REPLY, A.REJECT_REPLY, A.CALLBACK,
                      A.CLOSE, A.REDO, A.ARCHIVE, A.MERGE, A.NOTE}
# The handling department.
HANDLER_ACTIONS = {A.ACKNOWLEDGE, A.RETURN, A.REPLY, A.REQUEST_EXTENSION, A.CHECK_IN, A.NOTE}
# The level above: extensions, 催办 and 督办.
SUPERVISOR_ACTIONS = {A.APPROVE_EXTENSION, A.REJECT_EXTENSION, A.REMIND, A.SUPERVISE}

DISPATCHER_ROLES = {Role.STREET_OFFICE, Role.COMMUNITY_LIAISON, Role.DISTRICT_BUREAU, Role.CITY_BUREAU}
SUPERVISOR_ROLES = {Role.DISTRICT_BUREAU, Role.CITY_BUREAU}


def _covers(user, roles: set[str], region_code: str) -> bool:
    for a in role_assignments(user):
        if a.role in roles and a.region_id and region_code.startswith(code_prefix(a.region.code, a.region.level)):
            return True
    return False


def acts_for_department(user, department) -> bool:
    """A department's own staff, and for a 街道物业办 the street office officials of that street."""
    for a in role_assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id == department.pk:
            return True
        if (department.kind == DepartmentKind.STREET_OFFICE and a.role == Role.STREET_OFFICE
                and a.region_id == department.region_id):
            return True
    return False


def handler_departments(user, order, *, lead_only: bool = False) -> list:
    return [
        a.department for a in order.assignments.all()
        if a.is_current and (not lead_only or a.role == AssignmentRole.LEAD) and acts_for_department(user, a.department)
    ]


def can_act(user, order, action: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if Role.PLATFORM_ADMIN in user_roles(user):
        return True
    if action in SUPERVISOR_ACTIONS and _covers(user, SUPERVISOR_ROLES, order.region_id):
        return True
    if action in DISPATCHER_ACTIONS and _covers(user, DISPATCHER_ROLES, order.region_id):
        return True
    if action == A.CALLBACK and order.complainant_user_id and order.complainant_user_id == user.pk:
        return True  # the owner rates the handling of their own request
    if action in HANDLER_ACTIONS:
        lead_only = action in {A.REPLY, A.REQUEST_EXTENSION}
        if handler_departments(user, order, lead_only=lead_only):
            return True
    return False


def can_see_complainant(user, order) -> bool:
    """Complainants' names and phones: the handling official, the receiving street and the complainant."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Role.PLATFORM_ADMIN in user_roles(user):
        return True
    if order.complainant_user_id and order.complainant_user_id == user.pk:
        return True
    if _covers(user, {Role.STREET_OFFICE, Role.COMMUNITY_LIAISON}, order.region_id):
        return True
    return bool(handler_departments(user, order))
