"""Benchmark: import a city-scale owner roll (楼栋/房屋/业主) from Excel on SQLite and PostgreSQL.

    uv run python bench/bench_import.py                 # 400,000 units, both databases
    uv run python bench/bench_import.py --units 20000   # quick run
    uv run python bench/bench_import.py --db sqlite

The roll is generated deterministically (seeded) for real streets of 驻马店市 (4117) and cached in
bench/out/. Each database runs in its own subprocess: fresh database, migrations, regions, the
estates (200 units each), then the import through ``run_import`` — the function the upload page
and the API call. Prints rows/s and the ratio to the 3,000 rows/s target, and, as a reference,
the time openpyxl needs just to read the file.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET = 3000  # rows per second
UNITS_PER_ESTATE = 200
SEED = 20240601
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/wuye_bench"
HEADERS = ["小区名称", "区划代码", "楼栋", "单元", "房号", "楼层", "用途", "登记面积", "实测面积", "合同面积", "交付状态",
           "业主姓名", "证件号码", "手机号", "共有人表决人"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"


def estate_plan(n_units: int, streets: list[str]) -> list[tuple[str, str]]:
    n = max(1, -(-n_units // UNITS_PER_ESTATE))
    return [(f"基准小区{i + 1:04d}", streets[i % len(streets)]) for i in range(n)]


def _id_number(seq: int) -> str:
    from stdnum.cn import ric

    day = 7305 + seq // 1000  # days after 1980-01-01 → births from 2000 on (411702 exists since 2000)
    import datetime as dt

    birth = dt.date(1980, 1, 1) + dt.timedelta(days=day)
    body = f"411702{birth:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def generate(path: Path, n_units: int, streets: list[str]) -> int:
    """Write the roll: one row per unit × owner; ~8% co-owner rows, ~2% owners with a second unit."""
    from openpyxl import Workbook

    rng = random.Random(SEED)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("业主名册")
    ws.append(HEADERS)
    rows = 0
    owner_seq = 0
    prev_owner = None
    estates = estate_plan(n_units, streets)
    made = 0
    for name, code in estates:
        for k in range(UNITS_PER_ESTATE):
            if made >= n_units:
                break
            made += 1
            building, rest = divmod(k, 20)
            entrance, room = divmod(rest, 10)
            floor = room // 2 + 1
            number = f"{floor:02d}{room % 2 + 1:02d}"
            area = round(rng.uniform(45, 180), 2)
            unsold = rng.random() < 0.01
            base = [name, code, f"{building + 1}号楼", str(entrance + 1), number, floor, "住宅", area, "", "",
                    "未售（建设单位持有）" if unsold else "已售已交付"]
            if unsold:
                ws.append([*base, "驻马店基准置业有限公司", "91411702MA0000001" + _uscc_check("91411702MA0000001"),
                           "", "否"])
                rows += 1
                continue
            if prev_owner is not None and rng.random() < 0.02:
                owner = prev_owner  # the same person owns another unit
            else:
                owner = (rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), _id_number(owner_seq),
                         f"13{rng.randrange(10**9):09d}")
                owner_seq += 1
            prev_owner = owner
            co = rng.random() < 0.08
            ws.append([*base, owner[0], owner[1], owner[2], "是" if co else "否"])
            rows += 1
            if co:
                partner = (rng.choice(SURNAMES) + rng.choice(GIVEN), _id_number(owner_seq), f"15{rng.randrange(10**9):09d}")
                owner_seq += 1
                ws.append([*base, partner[0], partner[1], partner[2], "否"])
                rows += 1
    wb.save(path)
    return rows


def _uscc_check(body: str) -> str:
    from stdnum.cn import uscc

    return uscc.calc_check_digit(body)


# ---------------------------------------------------------------- one database (child process)


def child(db: str, n_units: int) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wuye.accounts.models import RoleAssignment, User
    from wuye.core.importing import get_spec, read_rows, run_import
    from wuye.estates.models import Estate, Ownership, Unit
    from wuye.regions.models import Region
    from wuye.regions.services import regions_import

    call_command("migrate", verbosity=0, interactive=False)
    regions_import(prefix="4117")
    streets = list(Region.objects.filter(code__startswith="4117", level=4).order_by("code").values_list("code", flat=True))
    path = OUT / f"owner_roll_{n_units}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        tmp = path.with_suffix(".tmp.xlsx")
        generate(tmp, n_units, streets)
        tmp.rename(path)
        print(f"  generated {path.name} in {time.perf_counter() - t:.1f}s", flush=True)
    Estate.objects.bulk_create(
        [Estate(name=name, region_id=code, address=f"{name}地址") for name, code in estate_plan(n_units, streets)],
        batch_size=2000,
    )
    user = User.objects.create(username="bench", display_name="基准测试")
    RoleAssignment.objects.create(user=user, role="city_bureau", region_id="411700000000")
    spec = get_spec("units")

    t = time.perf_counter()
    with open(path, "rb") as f:
        raw, _header = read_rows(spec, f)
    read_s = time.perf_counter() - t
    n_rows = len(raw)
    del raw

    t = time.perf_counter()
    with open(path, "rb") as f:
        result = run_import(spec=spec, user=user, fileobj=f, filename=path.name)
    total_s = time.perf_counter() - t
    if not result.ok:
        raise SystemExit(f"import failed: {[e.as_dict() for e in result.errors[:5]]}")
    assert Unit.objects.count() == result.counts["units"] == n_units, (Unit.objects.count(), n_units)
    assert Ownership.objects.count() == result.counts["ownerships"]
    return {"db": db, "vendor": connection.vendor, "rows": n_rows, "units": n_units, "read_s": read_s,
            "import_s": total_s, "counts": result.counts}


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


def run_db(db: str, n_units: int) -> dict | None:
    env = dict(os.environ)
    if db == "sqlite":
        target = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        env["BENCH_DATABASE_URL"] = f"sqlite:///{target}"
    else:
        try:
            _pg("DROP DATABASE IF EXISTS wuye_bench")
            _pg("CREATE DATABASE wuye_bench")
        except Exception as exc:  # noqa: BLE001
            print(f"  PostgreSQL not available ({exc}); skipped", flush=True)
            return None
        env["BENCH_DATABASE_URL"] = PG_URL
    proc = subprocess.run(
        [sys.executable, __file__, "--child", db, "--units", str(n_units)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    if db == "postgres":
        try:
            _pg("DROP DATABASE IF EXISTS wuye_bench")
        except Exception:  # noqa: BLE001
            pass
    lines = [ln for ln in proc.stdout.splitlines()]
    for ln in lines[:-1]:
        print(ln)
    if proc.returncode != 0 or not lines:
        print(f"  {db}: failed (exit {proc.returncode})")
        return None
    return json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=400_000)
    ap.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(child(args.child, args.units)), flush=True)
        return
    print(f"Excel import benchmark: owner roll of {args.units:,} units (target {TARGET:,} rows/s)")
    dbs = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    failed = False
    for db in dbs:
        print(f"[{db}]", flush=True)
        r = run_db(db, args.units)
        if r is None:
            failed = True
            continue
        rate = r["rows"] / r["import_s"]
        print(f"  rows {r['rows']:,}  units {r['units']:,}  counts {r['counts']}")
        print(f"  read xlsx only : {r['read_s']:7.1f}s  ({r['rows'] / r['read_s']:,.0f} rows/s)")
        print(f"  full import    : {r['import_s']:7.1f}s  ({rate:,.0f} rows/s, {rate / TARGET:.2f}× target)"
              f"  {'OK' if rate >= TARGET else 'BELOW TARGET'}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
