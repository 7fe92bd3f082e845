"""Answer "what is parameter P for this region": nearest override up the tree, else the national default."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wuye.core.cache import cached
from wuye.policy.models import PolicyValue
from wuye.policy.rules.parameters import PARAMETERS, Parameter, get_definition
from wuye.regions.models import Region


@dataclass(frozen=True)
class ResolvedParameter:
    definition: Parameter
    value: Any
    source_region: Region | None  # None: the national default
    own_value: PolicyValue | None  # the override stored on the region itself, if any

    @property
    def display(self) -> str:
        return self.definition.display(self.value)


def _region(region_or_code: Region | str) -> Region:
    if isinstance(region_or_code, Region):
        return region_or_code
    return Region.objects.get(code=region_or_code)


def _chain(region: Region) -> list[str]:
    return region.ancestor_codes()  # nearest first


def get_parameter(region_or_code: Region | str, key: str) -> Any:
    """The value of parameter ``key`` in force for a region (a Python value: int, Decimal, bool, str).

    Read on every request that applies a rule, so a region's resolved profile is cached
    (wuye.core.cache; any change to any profile drops the cache).
    """
    get_definition(key)  # unknown keys fail loudly
    code = region_or_code.code if isinstance(region_or_code, Region) else region_or_code
    values = cached("policy", code, lambda: resolved_values(_region(region_or_code)))
    return values[key]


def resolve_profile(region_or_code: Region | str) -> list[ResolvedParameter]:
    """Every parameter for a region, with where its value comes from."""
    region = _region(region_or_code)
    chain = _chain(region)
    rows = list(PolicyValue.objects.filter(region_id__in=chain).select_related("region"))
    by_key: dict[str, dict[str, PolicyValue]] = {}
    for pv in rows:
        by_key.setdefault(pv.key, {})[pv.region_id] = pv
    out = []
    for key, definition in PARAMETERS.items():
        found = by_key.get(key, {})
        own = found.get(region.code)
        source = next((found[c] for c in chain if c in found), None)
        if source is None:
            out.append(ResolvedParameter(definition, definition.python_value(definition.default), None, None))
        else:
            out.append(ResolvedParameter(definition, definition.python_value(source.value), source.region, own))
    return out


def resolved_values(region_or_code: Region | str) -> dict[str, Any]:
    return {r.definition.key: r.value for r in resolve_profile(region_or_code)}
