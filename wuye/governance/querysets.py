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
