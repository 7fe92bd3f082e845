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
