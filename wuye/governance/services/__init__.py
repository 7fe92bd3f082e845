"""Writes of owners' self-governance, one module per area (``decisions`` …).

Import the module you need: ``from wuye.governance.services import decisions``.
"""
