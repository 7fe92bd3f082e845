"""Prepare web workers before they take requests: in gunicorn's master before it forks them
(``when_ready`` with ``preload_app``), or in each worker (``post_worker_init``).

Loads what the first request would otherwise load — jieba's dictionary and the complaint
classifier's model, about 2 s — and then freezes every object alive so far out of the garbage
collector's reach (forked workers inherit the frozen generation, and the pages stay shared). jieba's dictionary alone is hundreds of thousands of objects; without the
freeze, each full collection walks all of them and stalls a request for 100 ms or more.
"""
from __future__ import annotations

import gc


def warm_up() -> None:
    from django.db import connections
    from django.urls import get_resolver

    from wuye.complaints.rules.classifier import classify

    get_resolver().url_patterns  # noqa: B018 - imports every view module now, not on the first request
    classify("小区电梯故障", "小区电梯坏了三天没人修")  # loads jieba and the model
    # The master must hold no connection its forks would share.
    connections.close_all()
    gc.collect()
    gc.freeze()
