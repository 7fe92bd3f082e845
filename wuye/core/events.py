"""Facts that a lower app announces and higher apps act on, after the transaction commits.

The layers only import downwards (STYLE.md): core and the registry cannot call governance. So
the registry *announces* a fact — ``announce("estates.ownership.voided", instance=…)`` — and
governance, in its ``AppConfig.ready``, subscribes a handler. Handlers run on commit, so a
rolled-back write announces nothing; no model signals are involved.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import transaction

_HANDLERS: dict[str, list[Callable[..., None]]] = {}


def subscribe(fact: str, handler: Callable[..., None]) -> None:
    """Run ``handler(**payload)`` after commit whenever ``fact`` is announced (once per handler)."""
    handlers = _HANDLERS.setdefault(fact, [])
    if handler not in handlers:
        handlers.append(handler)


def announce(fact: str, **payload) -> None:
    """Tell the subscribers of ``fact``, once the surrounding transaction commits."""
    for handler in _HANDLERS.get(fact, ()):
        transaction.on_commit(partial(handler, **payload), robust=True)


def model_fact(instance, verb: str) -> str:
    """The fact name of a write to a model: ``"estates.ownership.voided"``."""
    return f"{instance._meta.label_lower}.{verb}"
