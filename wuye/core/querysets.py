"""Scoped querysets: one mechanism for every read, and for every write check."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q

from wuye.core.scope import Scope

Lookup = str | Callable[[Any], Q]

DIMENSIONS = ("region", "official_region", "estate", "enterprise", "department", "owner")


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how its rows relate to a user's scope.

    Subclasses set ``scope_lookups``: for each scope dimension (region, estate, enterprise,
    department, owner) either a lookup path (``"estate__region__code"``) or a callable that takes
    the scope's values and returns a ``Q``. Dimensions a model does not declare grant nothing.
    """

    scope_lookups: dict[str, Lookup] = {}
    # Lookups through which a user may also CHANGE rows; None: the read lookups minus
    # "enterprise" (enterprise staff read the estates their company serves but change only
    # their company's own records, whose querysets set this explicitly).
    edit_lookups: dict[str, Lookup] | None = None

    @classmethod
    def _edit_lookups(cls) -> dict[str, Lookup]:
        if cls.edit_lookups is not None:
            return cls.edit_lookups
        return {k: v for k, v in cls.scope_lookups.items() if k != "enterprise"}

    @staticmethod
    def _dimension_q(lookups: dict[str, Lookup], dim: str, values: Any) -> Q | None:
        lookup = lookups.get(dim)
        if lookup is None or not values:
            return None
        if callable(lookup):
            return lookup(values)
        if dim in ("region", "official_region"):
            q = Q()
            for prefix in values:
                q |= Q(**{f"{lookup}__startswith": prefix})
            return q
        return Q(**{f"{lookup}__in": list(values)})

    def scope_q(self, scope: Scope, lookups: dict[str, Lookup] | None = None) -> Q | None:
        """The filter for rows inside ``scope``; None means nothing is visible."""
        lookups = self.scope_lookups if lookups is None else lookups
        values = {
            "region": scope.region_prefixes,
            "official_region": scope.official_prefixes,
            "estate": scope.estate_ids,
            "enterprise": scope.enterprise_ids,
            "department": scope.department_ids,
            "owner": scope.owner_ids,
        }
        q = None
        for dim in DIMENSIONS:
            part = self._dimension_q(lookups, dim, values[dim])
            if part is not None:
                q = part if q is None else (q | part)
        return q

    def in_scope(self, scope: Scope, lookups: dict[str, Lookup] | None = None) -> ScopedQuerySet:
        if scope.everything:
            return self.all()
        q = self.scope_q(scope, lookups)
        if q is None:
            return self.none()
        # Lookups that cross multi-valued relations would repeat rows: filter by key instead.
        return self.filter(pk__in=self.model._base_manager.filter(q).values("pk"))

    def visible_to(self, user) -> ScopedQuerySet:
        """Rows the user may read (404 for everything else)."""
        from wuye.accounts.selectors import user_scope

        return self.in_scope(user_scope(user))

    def editable_by(self, user) -> ScopedQuerySet:
        """Rows the user may change."""
        from wuye.accounts.selectors import user_edit_scope

        return self.in_scope(user_edit_scope(user), self._edit_lookups())

    def active(self) -> ScopedQuerySet:
        if any(f.name == "is_voided" for f in self.model._meta.fields):
            return self.filter(is_voided=False)
        return self
