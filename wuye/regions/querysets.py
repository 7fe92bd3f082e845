from wuye.core.querysets import ScopedQuerySet


class RegionQuerySet(ScopedQuerySet):
    # The administrative tree itself is public reference data; scoping applies to what hangs off it.
    scope_lookups = {"region": "code"}

    def under(self, prefix: str) -> "RegionQuerySet":
        return self.filter(code__startswith=prefix)


class DepartmentQuerySet(ScopedQuerySet):
    scope_lookups = {"region": "region__code", "department": "id"}
