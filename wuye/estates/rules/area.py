"""Area precedence of a unit (专有部分面积): registry > survey > contract (SPC-BOL 8; GR 23).

Pure rule module: no ORM, no settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

REGISTRY = "registry"
SURVEY = "survey"
CONTRACT = "contract"


@dataclass(frozen=True)
class EffectiveArea:
    area: Decimal | None
    source: str | None


def effective_area(
    registry: Decimal | None, survey: Decimal | None, contract: Decimal | None
) -> EffectiveArea:
    """The area every rule uses, and where it came from; None when the unit has no area at all."""
    for value, source in ((registry, REGISTRY), (survey, SURVEY), (contract, CONTRACT)):
        if value is not None:
            return EffectiveArea(Decimal(value), source)
    return EffectiveArea(None, None)
