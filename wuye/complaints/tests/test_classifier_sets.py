"""The held-out and dev sets of the complaint classifier: shape, coverage, and disjointness.

``heldout_set.jsonl`` was written blind to the lexicon and is never tuned on; ``dev_set.jsonl`` is
the set the rules of classifier rules+nb-2 were tuned on. Their accuracy is reported by
``bench/bench_classifier.py``, not asserted here (a test floor would become a tuning target).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from wuye.complaints.catalog_seed import CODES
from wuye.complaints.rules import classifier

DATA = Path(classifier.__file__).resolve().parent.parent / "data"
SETS = {"heldout_set.jsonl": ("heldout-2026-11", 200), "dev_set.jsonl": ("dev-2026-11", 150)}


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(SETS))
def test_set_shape_and_coverage(name):
    source, minimum = SETS[name]
    rows = _load(name)
    assert len(rows) >= minimum
    for row in rows:
        assert set(row) == {"title", "body", "category", "source"}
        assert row["category"] in CODES and row["source"] == source
        assert row["body"].strip()
    counts = Counter(r["category"] for r in rows)
    assert set(counts) == set(CODES) and min(counts.values()) >= 5


def test_sets_are_disjoint_from_each_other_and_from_train_and_eval():
    bodies = {name: {r["body"].strip() for r in _load(name) if r["body"].strip()} for name in
              ("heldout_set.jsonl", "dev_set.jsonl", "train_set.jsonl", "eval_set.jsonl")}
    names = sorted(bodies)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not bodies[a] & bodies[b], (a, b)
