"""Demo owners' assemblies, committees and 物管会 of a city (idempotent)."""
from __future__ import annotations


def generate_demo_committees(*, city: str, focus_street: str | None) -> int:
    """Create the demo self-governance bodies; returns how many were created."""
    return 0
