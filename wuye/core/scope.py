"""What a user may see and change: computed once per user from their role assignments.

Every read in the platform goes through ``Model.objects.visible_to(user)`` (see
``wuye.core.querysets.ScopedQuerySet``), which maps this scope onto the model's own lookups.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    # Significant-digit prefixes of 12-digit region codes (e.g. "411702001" for a street).
    region_prefixes: tuple[str, ...] = ()
    # The prefixes held by officials of the region itself (not a department's read access):
    # work orders in a region are seen by its officials, but only by the departments they reach.
    official_prefixes: tuple[str, ...] = ()
    estate_ids: frozenset[int] = field(default_factory=frozenset)
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    owner_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything or self.region_prefixes or self.estate_ids or self.enterprise_ids
            or self.department_ids or self.owner_ids
        )

    def covers_region(self, code: str | None) -> bool:
        if self.everything:
            return True
        return bool(code) and any(code.startswith(p) for p in self.region_prefixes)


EMPTY = Scope()


def minimal_prefixes(prefixes: list[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one (a city covers its streets)."""
    out: list[str] = []
    for p in sorted(set(prefixes), key=len):
        if not any(p.startswith(q) for q in out):
            out.append(p)
    return tuple(sorted(out))
