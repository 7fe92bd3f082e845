"""Benchmark: the complaint classifier on the labelled sets (``make bench``).

    uv run python bench/bench_classifier.py [eval|heldout|dev ...]

Prints overall accuracy, a per-category table (support, precision, recall, accuracy = correct
share of that category's messages, i.e. recall), the share of messages whose confidence is below
the manual-queue threshold and the accuracy of the rest, and the mean time per message against
``jieba.lcut`` alone on the same texts (a ratio). The evaluation set
(``wuye/complaints/data/eval_set.jsonl``) is disjoint from the training set the model learns from.

Then, for each further set that exists — ``heldout_set.jsonl`` (written blind to the lexicon; never
tuned on) and ``dev_set.jsonl`` (the set the rules were tuned on) — the same per-category table and
the three outcomes that matter for routing: correct (confident and right), manual queue
(confidence below the threshold: a person classifies it) and wrong (confident and wrong, i.e.
dispatched to the wrong department). The threshold is the national default of the policy
parameter ``classification_confidence_threshold`` that intake reads per region.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wuye.complaints.catalog_seed import CODES  # noqa: E402
from wuye.complaints.rules import classifier  # noqa: E402
from wuye.policy.rules.parameters import PARAMETERS  # noqa: E402

DATA = ROOT / "wuye" / "complaints" / "data"
EVAL_PATH = DATA / "eval_set.jsonl"
EXTRA_SETS = {"heldout": DATA / "heldout_set.jsonl", "dev": DATA / "dev_set.jsonl"}
QUEUE_THRESHOLD = float(PARAMETERS["classification_confidence_threshold"].default)
REPEAT = 5


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outcomes(results, rows) -> tuple[int, int, int]:
    """(correct, manual queue, wrong): below the threshold a message goes to a person whatever its guess."""
    correct = manual = wrong = 0
    for res, r in zip(results, rows, strict=True):
        if res.category is None or res.confidence < QUEUE_THRESHOLD:
            manual += 1
        elif res.category == r["category"]:
            correct += 1
        else:
            wrong += 1
    return correct, manual, wrong


def report_set(name: str, rows: list[dict], *, show_errors: bool = False) -> None:
    results = [classifier.classify(r["title"], r["body"]) for r in rows]
    n = len(rows)
    top1 = sum(res.category == r["category"] for res, r in zip(results, rows, strict=True))
    print(f"\n=== {name}: {n} labelled messages, accuracy (top-1) {top1 / n:.3f} ({top1}/{n})")
    support, predicted, hits = Counter(), Counter(), Counter()
    for res, r in zip(results, rows, strict=True):
        support[r["category"]] += 1
        predicted[res.category] += 1
        hits[r["category"]] += res.category == r["category"]
    print(f"{'category':<22}{'n':>4}{'precision':>11}{'accuracy':>10}")
    for code in CODES:
        p = hits[code] / predicted[code] if predicted[code] else 0.0
        rc = hits[code] / support[code] if support[code] else 0.0
        print(f"{code:<22}{support[code]:>4}{p:>11.2f}{rc:>10.2f}")
    ok, manual, wrong = outcomes(results, rows)
    print(f"{name} at threshold {QUEUE_THRESHOLD:.2f}: correct {ok / n:.1%} ({ok}), manual queue "
          f"{manual / n:.1%} ({manual}), wrong {wrong / n:.1%} ({wrong})")
    if show_errors:
        for res, r in zip(results, rows, strict=True):
            if res.category != r["category"]:
                flag = "Q" if res.category is None or res.confidence < QUEUE_THRESHOLD else "W"
                print(f"  {flag} {r['category']:<20} -> {res.category!s:<20} {res.confidence:.2f} "
                      f"{r['title']} | {r['body'][:60]}")


def main() -> int:
    import jieba

    wanted = set(sys.argv[1:]) - {"--errors"}
    show_errors = "--errors" in sys.argv[1:]
    classifier.warm_up()
    jieba.initialize()
    for name, path in EXTRA_SETS.items():
        if wanted and name in wanted and path.exists():
            report_set(name, _load(path), show_errors=show_errors)
    if wanted and "eval" not in wanted:
        return 0

    rows = _load(EVAL_PATH)
    results = [classifier.classify(r["title"], r["body"]) for r in rows]

    n = len(rows)
    correct = sum(res.category == r["category"] for res, r in zip(results, rows, strict=True))
    print(f"classifier {classifier.CLASSIFIER_VERSION}: {n} labelled messages, overall accuracy "
          f"{correct / n:.3f} ({correct}/{n})")

    support, predicted, hits = Counter(), Counter(), Counter()
    for res, r in zip(results, rows, strict=True):
        support[r["category"]] += 1
        predicted[res.category] += 1
        hits[r["category"]] += res.category == r["category"]
    print(f"\n{'category':<22}{'n':>4}{'precision':>11}{'recall':>8}{'accuracy':>10}")
    for code in CODES:
        p = hits[code] / predicted[code] if predicted[code] else 0.0
        rc = hits[code] / support[code] if support[code] else 0.0
        print(f"{code:<22}{support[code]:>4}{p:>11.2f}{rc:>8.2f}{rc:>10.2f}")
    if predicted[None]:
        print(f"{'(none)':<22}{'':>4}  {predicted[None]} message(s) left unclassified")

    low = [(res, r) for res, r in zip(results, rows, strict=True) if res.confidence < QUEUE_THRESHOLD]
    rest = [(res, r) for res, r in zip(results, rows, strict=True) if res.confidence >= QUEUE_THRESHOLD]
    rest_ok = sum(res.category == r["category"] for res, r in rest)
    low_ok = sum(res.category == r["category"] for res, r in low)
    wrong = [res.confidence for res, r in zip(results, rows, strict=True) if res.category != r["category"]]
    right = [res.confidence for res, r in zip(results, rows, strict=True) if res.category == r["category"]]
    print(f"\nconfidence < {QUEUE_THRESHOLD:.2f} (manual queue): {len(low)}/{n} = {len(low) / n:.1%}"
          f" (of which {low_ok} would have been right)")
    if rest:
        print(f"accuracy of the other {len(rest)}: {rest_ok / len(rest):.3f}")
    if right and wrong:
        print(f"mean confidence: right {sum(right) / len(right):.2f}, wrong {sum(wrong) / len(wrong):.2f}")
    ok, manual, bad = outcomes(results, rows)
    print(f"eval at threshold {QUEUE_THRESHOLD:.2f}: correct {ok / n:.1%} ({ok}), manual queue "
          f"{manual / n:.1%} ({manual}), wrong {bad / n:.1%} ({bad})")

    texts = [f"{r['title']} {r['body']}" for r in rows]
    t0 = time.perf_counter()
    for _ in range(REPEAT):
        for r in rows:
            classifier.classify(r["title"], r["body"])
    t_cls = (time.perf_counter() - t0) / (REPEAT * n)
    t0 = time.perf_counter()
    for _ in range(REPEAT):
        for text in texts:
            jieba.lcut(text)
    t_jieba = (time.perf_counter() - t0) / (REPEAT * n)
    print(f"\nmean time per message: {t_cls * 1000:.3f} ms (target < 5 ms); jieba.lcut alone "
          f"{t_jieba * 1000:.3f} ms; ratio {t_cls / t_jieba:.1f}x")
    if not wanted:
        for name, path in EXTRA_SETS.items():
            if path.exists():
                report_set(name, _load(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
