"""Benchmark: the complaint classifier on the labelled evaluation set (``make bench``).

    uv run python bench/bench_classifier.py

Prints overall accuracy, a per-category table (support, precision, recall, accuracy = correct
share of that category's messages, i.e. recall), the share of messages whose confidence is below
the manual-queue threshold and the accuracy of the rest, and the mean time per message against
``jieba.lcut`` alone on the same texts (a ratio). The evaluation set
(``wuye/complaints/data/eval_set.jsonl``) is disjoint from the training set the model learns from.
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

EVAL_PATH = ROOT / "wuye" / "complaints" / "data" / "eval_set.jsonl"
QUEUE_THRESHOLD = 0.60
REPEAT = 5


def main() -> int:
    import jieba

    rows = [json.loads(line) for line in EVAL_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    classifier.warm_up()
    jieba.initialize()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
