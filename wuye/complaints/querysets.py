"""How complaint rows relate to a user's scope (see wuye.core.querysets.ScopedQuerySet).

Work orders are seen by the officials of the region they belong to, by the departments they
are dispatched to (主办 or 协办) — not by every department of the region —, by the enterprise
serving the estate, by the estate's committee, and by the complainant.
"""
from __future__ import annotations

from django.db.models import Q

from wuye.core.querysets import ScopedQuerySet
from wuye.estates.querysets import SERVING


def _lookups(path: str) -> dict:
    p = f"{path}__" if path else ""
    return {
        "official_region": f"{p}region__code",
        "department": lambda ids: Q(**{f"{p}assignments__department_id__in": list(ids)}),
        "enterprise": lambda ids: Q(**{f"{p}estate__service_contracts__enterprise_id__in": list(ids),
                                       f"{p}estate__service_contracts__status__in": SERVING}),
        "estate": f"{p}estate_id",
        "owner": f"{p}complainant_owner_id",
    }


class WorkOrderQuerySet(ScopedQuerySet):
    scope_lookups = _lookups("")
    # Changing an order is done through its actions; this is who may act on it at all.
    edit_lookups = {"official_region": "region__code",
                    "department": lambda ids: Q(assignments__department_id__in=list(ids))}

    def open(self):
        from wuye.complaints.rules.transitions import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now):
        from wuye.complaints.rules.transitions import RUNNING

        return self.filter(status__in=RUNNING, deadline_at__lt=now)


class WorkOrderChildQuerySet(ScopedQuerySet):
    scope_lookups = _lookups("order")


class CatalogQuerySet(ScopedQuerySet):
    # The catalog is public reference data of a city: everyone under the city reads it.
    scope_lookups = {"region": "region__code", "official_region": "region__code"}
