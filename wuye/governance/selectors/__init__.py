"""Reads of owners' self-governance, one module per area (``decisions`` …)."""
