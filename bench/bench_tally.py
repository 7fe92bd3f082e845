"""Benchmark: Art. 278 tally of a 10,000-unit estate with 8,000 ballots (target under 200 ms).

    uv run python bench/bench_tally.py

Times the pure rule code (wuye.governance.rules.ballot: build the roll, then count) on a
deterministic estate — co-owned units, multi-unit owners and the developer's unsold units
included — and, as a reference in the same run, a plain Python sum over the same ballots.
The database side (freezing the roll from the registry, ballots as rows) comes with the
governance models; this figure is the arithmetic every tally runs.
"""
from __future__ import annotations

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from wuye.governance.rules.ballot import ABSTAIN, NO, YES, Ballot, Unit, build_roll, count  # noqa: E402

TARGET_MS = 200


def estate(n_units: int, seed: int = 7) -> list[Unit]:
    rng = random.Random(seed)
    units = []
    for i in range(n_units):
        area = Decimal(rng.randint(4000, 18000)) / 100
        if i % 50 == 0:
            units.append(Unit(f"U{i}", area, ("dev",), developer=True))
        elif i % 20 == 0:
            units.append(Unit(f"U{i}", area, (f"p{i}", f"q{i}"), nominee=f"p{i}"))
        elif i % 33 == 0:
            units.append(Unit(f"U{i}", area, (f"p{i - 1}",)))  # a second unit of the previous owner
        else:
            units.append(Unit(f"U{i}", area, (f"p{i}",)))
    return units


def main() -> None:
    units = estate(10_000)
    rng = random.Random(11)
    voters = sorted({u.nominee or u.owners[0] for u in units if not u.developer}) + ["dev"]
    ballots = [Ballot(v, rng.choice([YES, YES, YES, NO, ABSTAIN])) for v in rng.sample(voters, 8_000)]
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        result = count(4, build_roll(units), ballots)
        runs.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    _ref = sum(1 for b in ballots if b.choice == YES) + sum(u.area for u in units)
    ref_ms = (time.perf_counter() - t) * 1000
    best, median = min(runs), sorted(runs)[len(runs) // 2]
    print(f"tally 10,000 units / {len(ballots):,} ballots: median {median:.1f} ms, best {best:.1f} ms "
          f"(target < {TARGET_MS} ms) {'OK' if median < TARGET_MS else 'ABOVE TARGET'}")
    print(f"  outcome {result.outcome}; persons {result.total_persons:,}, participating {result.participating_persons:,}")
    print(f"  reference: one plain pass over ballots and areas {ref_ms:.1f} ms (tally = {median / ref_ms:.1f}×)")


if __name__ == "__main__":
    main()
