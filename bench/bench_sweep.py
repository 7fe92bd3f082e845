"""Benchmark: the overdue sweep (``services.sweep_timers``) over millions of open work orders.

    uv run python bench/bench_sweep.py                 # 2,000,000 orders on PostgreSQL, 200,000 on SQLite
    uv run python bench/bench_sweep.py --orders 200000 --db postgres

Each database runs in its own subprocess on a fresh database: migrations, regions 4117, then the
orders inserted with COPY (``wuye.core.bulk.insert_rows``) — a third overdue, a third due within
24 hours, a third later, all dispatched or in handling — then one timed sweep. Prints seconds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_DB = "wuye_bench_sweep"
CHUNK = 100_000


def child(n: int) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wuye.complaints.models import WorkOrder, WorkOrderEvent
    from wuye.complaints.services import sweep_timers
    from wuye.core.bulk import insert_rows
    from wuye.regions.models import Region
    from wuye.regions.services import regions_import

    call_command("migrate", verbosity=0, interactive=False)
    regions_import(prefix="4117")
    streets = list(Region.objects.filter(code__startswith="4117", level=4).values_list("code", flat=True))
    now = timezone.now()
    fields = ["created_at", "updated_at", "number", "external_number", "channel", "kind", "urgency", "title", "body",
              "address", "complainant_name", "complainant_phone", "region", "address_resolved", "status",
              "classification_source", "received_at", "dispatched_at", "deadline_at", "return_count", "redo_count",
              "final_ruling", "supervision", "fingerprint", "reply", "satisfaction"]
    t = time.perf_counter()
    for start in range(0, n, CHUNK):
        rows = []
        for i in range(start, min(n, start + CHUNK)):
            offset = (i % 3 - 1) * dt.timedelta(hours=12) + dt.timedelta(minutes=i % 600) if i % 3 != 2 else \
                dt.timedelta(days=5 + i % 10)
            received = now - dt.timedelta(days=10)
            rows.append((now, now, f"B{i:010d}", "", "api", "complaint", "normal", "基准工单", "楼道堆物", "", "", "",
                         streets[i % len(streets)], False, "dispatched" if i % 2 else "handling", "auto", received,
                         received, now + offset, 0, 0, False, "none", "", "", ""))
        with transaction.atomic():
            insert_rows(WorkOrder, fields, rows)
    insert_s = time.perf_counter() - t
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE complaints_workorder")
    t = time.perf_counter()
    counts = sweep_timers(now=now)
    sweep_s = time.perf_counter() - t
    events = WorkOrderEvent.objects.count()
    assert events == counts["due_soon"] + counts["supervised"] + counts["check_in_overdue"], (events, counts)
    t = time.perf_counter()
    again = sweep_timers(now=now)
    idle_s = time.perf_counter() - t
    return {"vendor": connection.vendor, "orders": n, "insert_s": insert_s, "sweep_s": sweep_s, "counts": counts,
            "second_sweep_s": idle_s, "second_counts": again}


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


def run(db: str, n: int) -> dict | None:
    env = dict(os.environ)
    if db == "sqlite":
        target = OUT / "bench_sweep.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        env["BENCH_DATABASE_URL"] = f"sqlite:///{target}"
    else:
        try:
            _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
            _pg(f"CREATE DATABASE {PG_DB}")
        except Exception as exc:  # noqa: BLE001
            print(f"  PostgreSQL not available ({exc}); skipped")
            return None
        env["BENCH_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", str(n)], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    finally:
        if db == "postgres":
            _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(OUT / "bench_sweep.sqlite3") + suffix).unlink(missing_ok=True)
    if proc.returncode != 0:
        print(f"  {db}: failed (exit {proc.returncode})")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=2_000_000)
    ap.add_argument("--sqlite-orders", type=int, default=200_000)
    ap.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(child(args.child)), flush=True)
        return
    failed = False
    for db in (["postgres", "sqlite"] if args.db == "all" else [args.db]):
        n = args.orders if db == "postgres" else args.sqlite_orders
        print(f"[{db}] overdue sweep over {n:,} open orders", flush=True)
        r = run(db, n)
        if r is None:
            failed = True
            continue
        print(f"  insert (COPY/multi-row): {r['insert_s']:.1f}s")
        print(f"  sweep_timers: {r['sweep_s']:.2f}s  {r['counts']}")
        print(f"  second sweep (nothing to do): {r['second_sweep_s']:.2f}s  {r['second_counts']}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
