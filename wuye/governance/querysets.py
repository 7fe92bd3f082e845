"""How decisions, rolls and ballots relate to a user's scope (wuye.core.querysets.ScopedQuerySet)."""
from __future__ import annotations

from wuye.estates.querysets import EstateQuerySet

_DECISION = EstateQuerySet.for_child("estate")
_ROLL = EstateQuerySet.for_child("decision__estate")


class DecisionQuerySet(_DECISION):
    # Owners see the decisions of the estates they own a unit in.
    pass


class RollEntryQuerySet(_ROLL):
    # An owner sees their own roll entry, not their neighbours' names and areas.
    scope_lookups = {**_ROLL.scope_lookups, "owner": "owner_id"}


class BallotQuerySet(_ROLL):
    # An owner sees only the ballot cast for their own roll entry.
    scope_lookups = {**_ROLL.scope_lookups, "owner": "roll_entry__owner_id"}


#
# Owners' assembly and committees
#

_ESTATE = EstateQuerySet.for_child("estate")


class AssemblyQuerySet(_ESTATE):
    # Owners read their estate's assembly (public information).
    pass


class AssemblyChildQuerySet(_ESTATE):
    """Preparatory groups and document versions: each row carries its estate."""


class CommitteeQuerySet(_ESTATE):
    # Owners and committee members read their estate's committees; officials by region.
    def live(self):
        from wuye.governance.models.committees import LIVE_STATUSES

        return self.filter(status__in=LIVE_STATUSES)


class CommitteeChildQuerySet(_ESTATE):
    """Members and membership changes: each row carries its estate."""

    def current(self):
        return self.filter(until__isnull=True)


class AlertQuerySet(_ESTATE):
    # Alerts are for officials and the committee itself: no owner or enterprise access.
    scope_lookups = {k: v for k, v in _ESTATE.scope_lookups.items() if k in ("region", "estate")}

    def open(self):
        return self.filter(resolved_at__isnull=True)


#
# Committee records and supervision (models/supervision.py)
#

# Officials by region, the estate's committee members by estate; owners and enterprises only where said.
_OFFICIALS_AND_COMMITTEE = {k: v for k, v in _ESTATE.scope_lookups.items() if k in ("region", "estate")}


def _owners_where(**condition):
    """Owners of the estate read the row once ``condition`` holds (e.g. the decisions are posted)."""
    from django.db.models import Q

    return lambda ids: Q(estate__ownerships__owner_id__in=list(ids), **condition)


class CommitteeMeetingQuerySet(_ESTATE):
    # Owners read a meeting once its decisions are posted to them (GR 39).
    scope_lookups = {**_OFFICIALS_AND_COMMITTEE, "owner": _owners_where(decisions_posted_at__isnull=False)}


class MotionQuerySet(_ESTATE):
    scope_lookups = {**_OFFICIALS_AND_COMMITTEE, "owner": _owners_where(meeting__decisions_posted_at__isnull=False)}


class SealQuerySet(_ESTATE):
    # The seal register and its use log: the committee and the supervising officials.
    scope_lookups = _OFFICIALS_AND_COMMITTEE


class AnnualPublicationQuerySet(_ESTATE):
    # Owners read a publication once it is published; drafts stay with the committee.
    scope_lookups = {**_OFFICIALS_AND_COMMITTEE, "owner": _owners_where(status="published")}


class SupervisionOrderQuerySet(_ESTATE):
    # Owners learn of an order through its notice (messaging.Notice), not the case file.
    scope_lookups = _OFFICIALS_AND_COMMITTEE

    def open(self):
        return self.filter(status__in=("ordered", "responded"))
