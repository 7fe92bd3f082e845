"""How enterprise rows relate to a user's scope (see wuye.core.querysets.ScopedQuerySet)."""
from __future__ import annotations

from django.db.models import Q

from wuye.core.querysets import ScopedQuerySet
from wuye.estates.querysets import SERVING, EstateQuerySet


def _enterprise_lookups(path: str) -> dict:
    p = f"{path}__" if path else ""

    def region(prefixes):
        q = Q()
        for prefix in prefixes:
            # Registered in the region, or serving an estate in it.
            q |= Q(**{f"{p}region__code__startswith": prefix})
            q |= Q(**{f"{p}service_contracts__estate__region__code__startswith": prefix,
                      f"{p}service_contracts__status__in": SERVING})
        return q

    return {
        "region": region,
        "enterprise": f"{path}_id" if path else "id",
        "estate": lambda ids: Q(**{f"{p}service_contracts__estate_id__in": list(ids), f"{p}service_contracts__status__in": SERVING}),
        "owner": lambda ids: Q(**{f"{p}service_contracts__estate__ownerships__owner_id__in": list(ids),
                                  f"{p}service_contracts__status__in": SERVING}),
    }


def _own_record_lookups(path: str) -> dict:
    """Who changes an enterprise's records: officials where it is registered, and its own staff."""
    p = f"{path}__" if path else ""
    return {"region": f"{p}region__code", "enterprise": f"{path}_id" if path else "id"}


class EnterpriseQuerySet(ScopedQuerySet):
    scope_lookups = _enterprise_lookups("")
    edit_lookups = _own_record_lookups("")


class EnterpriseChildQuerySet(ScopedQuerySet):
    scope_lookups = _enterprise_lookups("enterprise")
    edit_lookups = _own_record_lookups("enterprise")


class ServiceContractQuerySet(ScopedQuerySet):
    scope_lookups = {**EstateQuerySet.for_child("estate").scope_lookups, "enterprise": "enterprise_id"}

    def serving(self):
        return self.filter(status__in=SERVING)


class StaffCertificateQuerySet(ScopedQuerySet):
    scope_lookups = _enterprise_lookups("staff__enterprise")
    edit_lookups = _own_record_lookups("staff__enterprise")
