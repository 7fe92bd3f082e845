"""Benchmark: intake throughput through gunicorn + PostgreSQL against a trivial endpoint.

    uv run python bench/bench_intake.py [--placement both|shared|split] [--rounds 6] [--duration 5] [--threads 16]

Fresh database ``wuye_bench_intake``: migrations, regions 4117, one department per kind at the
district, a system user (street office of 411702001000) with a Token. gunicorn with the production
settings (config/gunicorn.conf.py: (2 × cores) + 1 sync workers) serves it with DJANGO_DEBUG=0 and
the Redis cache (database 15 of 127.0.0.1:6379, flushed first) — the production stack. A bounded load generator (threads + http.client, loopback only, fixed
duration) measures the max rate of ``POST /api/v1/work-orders/`` (classification, routing,
deadline, event rows) and of the trivial ``GET /api/v1/ping/`` (token auth, no work) — plus
``GET /api/v1/me/`` (token auth + a few queries) as a second reference —, prints them, the
ratio (target ≥ 0.5), and p99 latency of intake at half its max rate. gunicorn and the database
are removed at the end.

Two placements are measured (``--placement both``, the default): ``shared``, every process on
every core, and ``split``, gunicorn on half the cores and PostgreSQL, Redis and the load generator
on the other half (CPU affinity; restored at the end) — the web tier on cores of its own, as when
the database and the clients are other machines.

The machine's speed drifts, so each placement runs 6 rounds of 5 s per endpoint, alternating
which endpoint goes first, and the ratio is of the two endpoints' mean rates (each round's ratio
is printed too).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "wuye_bench_intake"
URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
TEXTS = ["小区电梯坏了三天没人修", "楼道堆放杂物物业不清理", "物业乱收停车费", "小区垃圾清运不及时有异味",
         "楼上漏水物业不处理", "小区绿地被占用种菜", "晚上广场舞噪音扰民", "单元门禁损坏"]


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup(env: dict) -> str:
    code = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from wuye.regions.services import regions_import
regions_import(prefix="4117")
from wuye.regions.choices import DepartmentKind
from wuye.regions.models import Department, Region
district = Region.objects.get(code="411702000000")
for kind in DepartmentKind.values:
    Department.objects.get_or_create(region=district, kind=kind, name=f"驿城区{DepartmentKind(kind).label}")
from wuye.accounts.models import RoleAssignment, User
from rest_framework.authtoken.models import Token
user = User.objects.create(username="bench-intake", is_system=True)
RoleAssignment.objects.create(user=user, role="street_office", region_id="411702001000")
print(Token.objects.create(user=user).key)
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return out.stdout.strip().splitlines()[-1]


SUBMITTED = [0]


def load(port: int, token: str, method: str, path: str, *, duration: float, threads: int, rate: float | None = None):
    """Closed loop with ``threads`` clients; with ``rate`` each client paces itself to rate/threads per second."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration
    counter = SUBMITTED  # across runs: every intake is a new complaint, never a duplicate of an earlier run's

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        interval = threads / rate if rate else 0
        # Paced clients start staggered (client n at n/rate), so requests arrive evenly spread
        # instead of all clients firing together every interval.
        next_at = time.perf_counter() + (n / rate if rate else 0)
        time.sleep(max(0.0, next_at - time.perf_counter()))
        while time.perf_counter() < stop:
            with lock:
                counter[0] += 1
                i = counter[0]
            body = None
            headers = {"Authorization": f"Token {token}"}
            if method == "POST":
                body = json.dumps({"body": f"{TEXTS[i % len(TEXTS)]}（第{i}件）", "complainant_phone": f"139{i:08d}",
                                   "address": "人民街街道"}, ensure_ascii=False).encode()
                headers["Content-Type"] = "application/json"
            t = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                # Intake must create a new order (201): a 200 is a merged duplicate, which skips the work.
                ok = r.status == 201 if method == "POST" else r.status < 400
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            with lock:
                latencies.append(time.perf_counter() - t) if ok else None
                errors[0] += 0 if ok else 1
            if interval:
                next_at += interval
                time.sleep(max(0.0, next_at - time.perf_counter()))

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    if os.environ.get("BENCH_VERBOSE"):
        pct = {q: latencies[int(len(latencies) * q) - 1] * 1000 for q in (0.5, 0.9, 0.95, 0.99)} if latencies else {}
        print(f"   {method} {path} threads={threads} rate={rate or 'max'}: " +
              " ".join(f"p{int(q * 100)} {v:.0f} ms" for q, v in pct.items()), flush=True)
    return len(latencies) / duration, p99, errors[0]


def wait_until_warm(port: int, token: str, *, timeout: float = 120) -> None:
    """Until the workers answer (each warms up first: config/gunicorn.conf.py), 20 quick pings in a row."""
    deadline = time.perf_counter() + timeout
    quick = 0
    while quick < 20 and time.perf_counter() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t = time.perf_counter()
            conn.request("GET", "/api/v1/ping/", headers={"Authorization": f"Token {token}"})
            ok = conn.getresponse().status == 200
            quick = quick + 1 if ok and time.perf_counter() - t < 0.05 else 0
            conn.close()
        except OSError:
            quick = 0
            time.sleep(0.2)


def _service_pids() -> list[int]:
    """PostgreSQL (the postmaster and every backend; new backends inherit its CPUs) and Redis."""
    pids = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            if name.startswith(("postgres", "redis-server")):
                pids.append(int(pid))
    return pids


class Placement:
    """Where the processes run. ``shared``: everything on every core. ``split``: gunicorn on half
    the cores; PostgreSQL, Redis and the load generator on the other half — as in production,
    where the database and the clients are other machines and the web tier's cores are its own."""

    def __init__(self, name: str):
        self.name = name
        cores = sorted(os.sched_getaffinity(0))
        self.web = set(cores[: max(1, len(cores) // 2)])
        self.rest = set(cores[len(self.web):]) or set(cores)
        self.saved: dict[int, set[int]] = {}

    def __enter__(self):
        if self.name == "split":
            for pid in [0, *_service_pids()]:
                try:
                    self.saved[pid] = os.sched_getaffinity(pid)
                    os.sched_setaffinity(pid, self.rest)
                except OSError as exc:
                    raise SystemExit(f"cannot move process {pid} to cores {sorted(self.rest)}: {exc}") from exc
        return self

    def __exit__(self, *exc):
        for pid, cpus in self.saved.items():
            try:
                os.sched_setaffinity(pid, cpus)
            except OSError:
                pass  # a backend that has exited
        for pid in _service_pids():  # backends started meanwhile
            try:
                os.sched_setaffinity(pid, os.sched_getaffinity(1))
            except OSError:
                pass

    def command(self) -> list[str]:
        return ["taskset", "-c", ",".join(map(str, sorted(self.web)))] if self.name == "split" else []

    def describe(self) -> str:
        if self.name == "shared":
            return "gunicorn, PostgreSQL, Redis and the load generator share every core"
        return (f"gunicorn on core(s) {sorted(self.web)}; PostgreSQL, Redis and the load generator on "
                f"core(s) {sorted(self.rest)}")


def measure(placement: Placement, env: dict, token: str, args) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*placement.command(), "uv", "run", "gunicorn", "-c", "config/gunicorn.conf.py",
                               "config.wsgi", "-b", f"127.0.0.1:{port}"], env=env, cwd=ROOT)
    try:
        wait_until_warm(port, token)
        load(port, token, "POST", "/api/v1/work-orders/", duration=3, threads=args.threads)  # warm up
        load(port, token, "GET", "/api/v1/ping/", duration=2, threads=args.threads)
        # The machine's speed drifts (by a fifth within a minute on a shared VM): measure the trivial
        # endpoint and intake in many short rounds, alternating which goes first, so drift falls on
        # both alike; the ratio is of the totals over the same time.
        rounds = []
        for n in range(args.rounds):
            runs = {}
            for kind in (("trivial", "intake") if n % 2 == 0 else ("intake", "trivial")):
                method, path = ("GET", "/api/v1/ping/") if kind == "trivial" else ("POST", "/api/v1/work-orders/")
                runs[kind] = load(port, token, method, path, duration=args.duration, threads=args.threads)
            rounds.append((runs["trivial"], runs["intake"]))
        me = load(port, token, "GET", "/api/v1/me/", duration=2 * args.duration, threads=args.threads)
        intake_rate = sum(i[0] for _t, i in rounds) / len(rounds)
        half = load(port, token, "POST", "/api/v1/work-orders/", duration=2 * args.duration, threads=args.threads,
                    rate=intake_rate / 2)
        return {"rounds": rounds, "me": me, "half": half}
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(placement: Placement, r: dict, args) -> None:
    workers = os.environ.get("GUNICORN_WORKERS") or os.cpu_count() * 2 + 1
    print(f"== {placement.name}: {placement.describe()}")
    print(f"stack: gunicorn {workers} sync workers, PostgreSQL, {'Redis cache' if args.redis else 'local-memory cache'}; "
          f"load: {args.threads} client threads, {args.rounds} rounds of {args.duration:.0f} s per endpoint")
    for n, ((t, _tp, _te), (i, _ip, _ie)) in enumerate(r["rounds"], start=1):
        print(f"  round {n}: trivial {t:7.1f} req/s, intake {i:7.1f} req/s, ratio {i / t:.2f}"
              f"{'  (intake first)' if n % 2 == 0 else ''}")
    rounds = r["rounds"]
    trivial = sum(t[0] for t, _i in rounds) / len(rounds)
    intake = sum(i[0] for _t, i in rounds) / len(rounds)
    per_round = sorted(i[0] / t[0] for t, i in rounds)
    me, me_p99, e0 = r["me"]
    half, half_p99, e3 = r["half"]
    print(f"trivial GET /api/v1/ping/    : {trivial:8.1f} req/s  p99 {max(t[1] for t, _ in rounds) * 1000:.0f} ms"
          f"  errors {sum(t[2] for t, _ in rounds)}  (req/s: mean of rounds; p99: worst round)")
    print(f"reference GET /api/v1/me/    : {me:8.1f} req/s  p99 {me_p99 * 1000:.0f} ms  errors {e0}")
    print(f"intake POST /api/v1/work-orders/: {intake:8.1f} req/s  p99 {max(i[1] for _, i in rounds) * 1000:.0f} ms"
          f"  errors {sum(i[2] for _, i in rounds)}  (req/s: mean of rounds; p99: worst round)")
    ratio = intake / trivial
    print(f"ratio intake/trivial         : {ratio:.2f}  (target ≥ 0.5) {'OK' if ratio >= 0.5 else 'BELOW TARGET'}"
          f"  — rounds: median {per_round[len(per_round) // 2]:.2f}, range {per_round[0]:.2f}–{per_round[-1]:.2f}")
    print(f"at half load ({half:.1f} req/s): p99 {half_p99 * 1000:.0f} ms (target < 50 ms) "
          f"{'OK' if half_p99 < 0.05 else 'ABOVE TARGET'}  errors {e3}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=5, help="seconds per run in a round")
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--placement", choices=["shared", "split", "both"], default="both",
                    help="shared: every process on every core; split: the web tier on its own cores")
    args = ap.parse_args()
    if len(os.sched_getaffinity(0)) < 2 and args.placement != "shared":
        print("!! one core only: the split placement needs two; measuring shared only")
        args.placement = "shared"
    _pg(f"DROP DATABASE IF EXISTS {DB}")
    _pg(f"CREATE DATABASE {DB}")
    args.redis = "redis://127.0.0.1:6379/15"
    try:
        import redis as redis_client

        redis_client.Redis.from_url(args.redis).flushdb()
    except Exception as exc:  # noqa: BLE001 - the bench still runs, on the local-memory cache
        print(f"!! Redis unavailable ({exc}); running with the local-memory cache")
        args.redis = ""
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "REDIS_URL": args.redis,
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40}
    try:
        token = setup(env)
        results = []
        for name in (["shared", "split"] if args.placement == "both" else [args.placement]):
            placement = Placement(name)
            with placement:
                results.append((placement, measure(placement, env, token, args)))
        for placement, r in results:
            report(placement, r, args)
        return 0
    finally:
        _pg(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    sys.exit(main())
