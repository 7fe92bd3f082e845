"""How registry rows relate to a user's scope (see wuye.core.querysets.ScopedQuerySet)."""
from __future__ import annotations

from django.db.models import Q

from wuye.core.querysets import ScopedQuerySet

SERVING = ("active", "holdover")


def _estate_lookups(path: str) -> dict:
    """Scope lookups for a model that reaches its estate through ``path`` ("" for Estate itself)."""
    p = f"{path}__" if path else ""
    return {
        "region": f"{p}region__code",
        "estate": f"{path}_id" if path else "id",
        "enterprise": lambda ids: Q(
            **{f"{p}service_contracts__enterprise_id__in": list(ids), f"{p}service_contracts__status__in": SERVING}
        ),
        "owner": f"{p}ownerships__owner_id",
    }


class EstateQuerySet(ScopedQuerySet):
    scope_lookups = _estate_lookups("")

    @classmethod
    def for_child(cls, path: str) -> type[ScopedQuerySet]:
        """A queryset class for a model that belongs to one estate through ``path``."""
        return type(f"{path.title()}ChildQuerySet", (ScopedQuerySet,), {"scope_lookups": _estate_lookups(path)})

    def with_counts(self):
        from django.db.models import Count

        return self.annotate(
            building_count=Count("buildings", filter=Q(buildings__is_voided=False), distinct=True),
            unit_count=Count("units", filter=Q(units__is_voided=False), distinct=True),
        )


class BuildingQuerySet(EstateQuerySet.for_child("estate")):
    pass


class UnitQuerySet(EstateQuerySet.for_child("estate")):
    # An owner sees the estate they live in, but of its units only their own.
    scope_lookups = {**EstateQuerySet.for_child("estate").scope_lookups, "owner": "ownerships__owner_id"}


class OwnershipQuerySet(EstateQuerySet.for_child("estate")):
    # An owner sees their own titles, not their neighbours' names.
    scope_lookups = {**EstateQuerySet.for_child("estate").scope_lookups, "owner": "owner_id"}


class OwnerQuerySet(ScopedQuerySet):
    scope_lookups = {
        "region": "ownerships__estate__region__code",
        "estate": "ownerships__estate_id",
        "enterprise": lambda ids: Q(
            ownerships__estate__service_contracts__enterprise_id__in=list(ids),
            ownerships__estate__service_contracts__status__in=SERVING,
        ),
        "owner": "id",
    }
