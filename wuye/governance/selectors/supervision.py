"""Reads and rights for the committee's own records and the street's supervision.

Rights, in one place (the services enforce them; pages and the API only show what they allow):

- the committee side (meetings, motions, minutes, seals, publications, answering an order): a
  ``committee_member`` of the estate, or a platform administrator;
- the supervising side (ordering a decision corrected or revoked, accepting or rejecting the report):
  a ``street_office`` official whose region holds the estate, the district or city bureau above it,
  or a platform administrator (000 §十四 names the street; the levels above may act for it);
- reading: ``visible_to`` on each model (officials by region, committee members by estate, owners
  only what is published to them); anything else is 404.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.governance.choices import (
    CommitteeStatus,
    MeetingStatus,
    PublicationStatus,
    SupervisionKind,
    SupervisionStatus,
)
from wuye.governance.models import (
    AnnualPublication,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    SupervisionOrder,
)

# Roles that supervise the committee and also form 筹备组, file committees and form 物管会
# (the street office and the levels above it).
SUPERVISOR_ROLES = frozenset({Role.STREET_OFFICE, Role.DISTRICT_BUREAU, Role.CITY_BUREAU})
LIVE_STATUSES = (CommitteeStatus.ACTIVE, CommitteeStatus.REELECTION_DUE, CommitteeStatus.OVERDUE,
                 CommitteeStatus.HANDOVER_DUE)


def _assignments(user) -> list:
    from wuye.accounts.selectors import role_assignments

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return role_assignments(user)


def _is_admin(user) -> bool:
    from wuye.accounts.selectors import user_roles

    return getattr(user, "is_authenticated", False) and Role.PLATFORM_ADMIN in user_roles(user)


def acts_for_committee(user, estate) -> bool:
    """A committee member of the estate (role ``committee_member``), or a platform administrator."""
    if _is_admin(user):
        return True
    estate_id = getattr(estate, "pk", estate)
    return any(a.role == Role.COMMITTEE_MEMBER and a.estate_id == estate_id for a in _assignments(user))


def can_supervise(user, estate) -> bool:
    """The street office of the estate's street (or the bureau above it), or a platform administrator."""
    from wuye.regions.models import code_prefix

    if _is_admin(user):
        return True
    region_code = estate.region_id or ""
    return any(
        a.role in SUPERVISOR_ROLES and a.region_id and region_code.startswith(code_prefix(a.region.code, a.region.level))
        for a in _assignments(user)
    )


def committee_estate_ids(user) -> set[int]:
    return {a.estate_id for a in _assignments(user) if a.role == Role.COMMITTEE_MEMBER and a.estate_id}


def is_supervisor(user) -> bool:
    return _is_admin(user) or any(a.role in SUPERVISOR_ROLES for a in _assignments(user))


def can_read_overview(user) -> bool:
    """The supervision index: every official reads it (the menu shows it to officials); ordering and
    deciding stay with the street and the bureaus above it (the services check)."""
    from wuye.accounts.selectors import is_official

    return is_official(user) or is_supervisor(user)


# ---------------------------------------------------------------- members


def members_on(committee: Committee, day: dt.date):
    """The members in office on ``day``: since ≤ day and not yet left (``until`` is the day they left)."""
    return (CommitteeMember.objects.filter(committee=committee, since__lte=day)
            .filter(Q(until__isnull=True) | Q(until__gt=day)).order_by("position", "id"))


def live_committees(estate):
    return Committee.objects.filter(estate=estate, status__in=LIVE_STATUSES).order_by("kind", "-elected_on")


def seal_committee(seal) -> Committee | None:
    """The committee that answers for a seal: its own for a committee seal, else the estate's
    committee in office (an owners' committee before a 物管会); None when there is none."""
    return seal.committee or live_committees(seal.estate).first()


def committees_for(user):
    """Committees the user sees, with the ones they act for first."""
    return Committee.objects.visible_to(user).select_related("estate__region").order_by("estate__name", "kind",
                                                                                       "-elected_on")


# ---------------------------------------------------------------- the supervision index


def supervision_overview(user, *, today: dt.date | None = None) -> dict:
    """What the street must look at, across the user's scope: overdue publications, open orders, late
    decisions (held meetings whose decisions are not posted within 3 days, or were posted late),
    requested meetings not held in time."""
    from wuye.governance.services.supervision import publication_due_on

    today = today or timezone.localdate()
    overdue_pubs = []
    committees = (Committee.objects.visible_to(user).filter(status__in=LIVE_STATUSES)
                  .select_related("estate__region"))
    published = set(AnnualPublication.objects.filter(committee__in=committees, status=PublicationStatus.PUBLISHED)
                    .values_list("committee_id", "year"))
    for committee in committees:
        for year in publication_years(committee, today):
            due = publication_due_on(committee, year)
            if today > due and (committee.pk, year) not in published:
                overdue_pubs.append({"committee": committee, "year": year, "due_on": due,
                                     "days": (today - due).days})
    orders = (SupervisionOrder.objects.visible_to(user).select_related("motion__meeting", "committee", "estate")
              .order_by("-ordered_at"))
    open_orders = [o for o in orders.filter(status__in=(SupervisionStatus.ORDERED, SupervisionStatus.RESPONDED))]
    for o in open_orders:
        o.overdue = bool(o.kind == SupervisionKind.CORRECTION and o.status == SupervisionStatus.ORDERED
                         and o.deadline and today > o.deadline)
    meetings = CommitteeMeeting.objects.visible_to(user).select_related("committee", "estate")
    late_minutes = list(
        meetings.filter(Q(status=MeetingStatus.HELD, decisions_due_on__lt=today) | Q(posted_days_late__gt=0))
        .order_by("decisions_due_on"))
    for m in late_minutes:
        m.days_late = m.posted_days_late if m.posted_days_late else (today - m.decisions_due_on).days
    unheld = list(meetings.filter(status__in=(MeetingStatus.REQUESTED, MeetingStatus.SCHEDULED),
                                  hold_by__isnull=False).order_by("hold_by"))
    for m in unheld:
        m.overdue = today > m.hold_by
    return {
        "overdue_publications": sorted(overdue_pubs, key=lambda r: (-r["days"], r["committee"].pk)),
        "open_orders": open_orders,
        "closed_orders": list(orders.exclude(status__in=(SupervisionStatus.ORDERED, SupervisionStatus.RESPONDED))[:50]),
        "late_minutes": late_minutes,
        "unheld_requests": unheld,
        "today": today,
    }


def publication_years(committee: Committee, today: dt.date) -> list[int]:
    """Completed years the committee must account for: from its term start to last year (at most 5)."""
    first = max(committee.term_start.year, today.year - 5)
    last = min(today.year - 1, committee.term_end.year)
    return list(range(first, last + 1))
