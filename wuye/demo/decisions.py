"""Demo owners' joint decisions of a city (idempotent)."""
from __future__ import annotations


def generate_demo_decisions(*, city: str, focus_street: str | None) -> int:
    """Create the demo decisions (one open for voting, one with a published result); returns how many."""
    return 0
