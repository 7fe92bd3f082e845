"""Benchmark: registry lists (API and pages) on a generated city or province, counted exactly vs capped.

    uv run python bench/bench_lists.py                       # generates 驻马店市 at city scale on PostgreSQL
    uv run python bench/bench_lists.py --database-url postgres://postgres@127.0.0.1:5432/wuye_province

Without ``--database-url`` a fresh database ``wuye_bench_lists`` is made with ``generate_city --city
4117 --scale city`` (2,000 estates, 400,000 units; about a minute) and dropped at the end. With it,
an existing generated database is migrated and used as it is (nothing else is written but three users
and their roles, removed at the end).

Each URL is requested through Django's test client in this process, as a platform admin (whole
database), a city official (4117) and a street official, first with every count exact
(``WUYE_EXACT_COUNT_LIMIT`` beyond any table: how lists were counted before) and then with the default
cap of 10,000 rows, alternately, 5 times each; the median server time of each is printed with the
ratio. Both runs must return the same rows.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "wuye_bench_lists"

URLS = [
    ("api", "/api/v1/estates/?offset=50"),
    ("api", "/api/v1/units/?offset=4950"),
    ("api", "/api/v1/units/?search=1单元"),
    ("api", "/api/v1/owners/?offset=100"),
    ("api", "/api/v1/owners/?search=张"),
    ("api", "/api/v1/owners/?search=张伟"),
    ("api", "/api/v1/ownerships/?offset=500"),
    ("page", "/estates/unit/?page=100"),
    ("page", "/estates/owner/?q=张"),
]


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


def measure(repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from wuye.accounts.models import RoleAssignment, User
    from wuye.regions.models import Region

    street = (Region.objects.filter(code__startswith="4117", level=4, estates__isnull=False)
              .order_by("code").first())
    users = {}
    for name, kwargs in [("admin", {}), ("city", {"role": "city_bureau", "region_id": "411700000000"}),
                         ("street", {"role": "street_office", "region_id": street.code})]:
        user, _ = User.objects.get_or_create(username=f"bench-lists-{name}",
                                             defaults={"is_superuser": name == "admin", "is_staff": name == "admin"})
        if kwargs:
            RoleAssignment.objects.get_or_create(user=user, **kwargs)
        users[name] = user
    settings.ALLOWED_HOSTS = ["*"]
    try:
        print(f"{'user':7s} {'url':40s} {'exact count':>12s} {'capped':>10s} {'ratio':>7s}  count shown")
        for uname, user in users.items():
            client = Client()
            client.force_login(user)
            for kind, url in URLS:
                times = {"exact": [], "capped": []}
                bodies = {}
                for _ in range(repeat):
                    for mode in ("exact", "capped"):
                        settings.WUYE_EXACT_COUNT_LIMIT = 10**12 if mode == "exact" else 10_000
                        t = time.perf_counter()
                        response = client.get(url)
                        times[mode].append(time.perf_counter() - t)
                        assert response.status_code == 200, (url, response.status_code)
                        bodies[mode] = response
                ex, ca = statistics.median(times["exact"]), statistics.median(times["capped"])
                if kind == "api":
                    a, b = bodies["exact"].json(), bodies["capped"].json()
                    assert a["results"] == b["results"], url
                    shown = f"{b['count']:,}{'' if b['count_exact'] else ' (estimate; exact ' + format(a['count'], ',') + ')'}"
                else:
                    shown = "—"
                print(f"{uname:7s} {url:40s} {ex * 1000:10.0f} ms {ca * 1000:8.0f} ms {ex / ca:6.1f}×  {shown}",
                      flush=True)
    finally:
        RoleAssignment.objects.filter(user__in=users.values()).delete()
        User.objects.filter(pk__in=[u.pk for u in users.values()]).delete()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", help="an existing generated PostgreSQL database (left as it is)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help=f"keep the generated database {DB} (reuse it with --database-url)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        measure(args.repeat)
        return 0
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40, "REDIS_URL": ""}
    own = not args.database_url
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/{DB}"
    env["DATABASE_URL"] = url
    if own:
        _pg(f"DROP DATABASE IF EXISTS {DB}")
        _pg(f"CREATE DATABASE {DB}")
    try:
        # An existing database may predate the newest migrations: the page code expects them.
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        if own:
            t = time.perf_counter()
            subprocess.run([sys.executable, "manage.py", "generate_city", "--city", "4117", "--scale", "city"],
                           env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-qc", "VACUUM ANALYZE"], check=True)
            print(f"generated 驻马店市 at city scale in {time.perf_counter() - t:.0f} s")
        return subprocess.call([sys.executable, __file__, "--child", "--repeat", str(args.repeat)], env=env, cwd=ROOT)
    finally:
        if own and not args.keep:
            _pg(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    sys.exit(main())
