"""Benchmark: 200 concurrent e-ballots through gunicorn + PostgreSQL, with zero double counts.

    uv run python bench/bench_ballots.py [--voters 200] [--duplicates 40] [--workers 2] [--threads 8]

Fresh database ``wuye_bench_ballots``: migrations, regions 4117, an estate of ``voters`` units with
one owner each, an open decision (roll frozen), and per voter a user with the owner role and a
Token. gunicorn (gthread: ``workers`` × ``threads`` requests at once, so casting contends on the
decision row's ``select_for_update``) serves it with DJANGO_DEBUG=0 on its own port.

All ``voters`` submissions plus ``duplicates`` deliberate second submissions by the first voters
(another choice) are released at once from one thread each (a barrier), then every voter submits
once more. It prints the time, throughput, p50/p99 latency and status codes, then checks in the
database: ballots == distinct voters == ``voters``, sequences 1..n without gaps, the hash chain
verifies, every duplicate was refused with "已投票", no 5xx — "double counts = 0".
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
DB = "wuye_bench_ballots"
URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
PATH = "/api/v1/decision-ballots/"


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


SETUP = """
import datetime as dt, json
from decimal import Decimal
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.utils import timezone
from rest_framework.authtoken.models import Token
from wuye.regions.services import regions_import
regions_import(prefix="4117")
from wuye.accounts.models import RoleAssignment, User
from wuye.estates.models import Building, Estate, Owner, Ownership, Unit
from wuye.governance.services.decisions import decision_open
n = int(%(voters)d)
estate = Estate.objects.create(name="基准测试小区", region_id="411702001000", address="驿城区基准路1号",
                               total_building_area=Decimal(n * 90))
building = Building.objects.create(estate=estate, number="1号楼", floors=30)
tokens = []
for i in range(n):
    unit = Unit.objects.create(building=building, estate=estate, entrance="1", number=f"{i + 1:04d}",
                               registry_area=Decimal("80.00") + Decimal(i %% 40))
    owner = Owner.objects.create(name=f"业主{i:04d}", phone=f"139{i:08d}")
    Ownership.objects.create(unit=unit, owner=owner, estate=estate)
    user = User.objects.create(username=f"voter{i:04d}")
    RoleAssignment.objects.create(user=user, role="owner", owner=owner)
    tokens.append(Token.objects.create(user=user).key)
decision = decision_open(actor=None, estate=estate, matter=4, title="基准：选聘物业服务企业",
                         closes_at=timezone.now() + dt.timedelta(days=1), organiser="committee")
print(json.dumps({"decision": decision.pk, "tokens": tokens}))
"""

CHECK = """
import json
import django; django.setup()
from django.db.models import Count
from wuye.governance.models import Ballot, Decision
from wuye.governance.services.decisions import verify_chain
d = Decision.objects.get(pk=%(decision)d)
ballots = Ballot.objects.filter(decision=d)
seqs = sorted(ballots.values_list("sequence", flat=True))
per_voter = ballots.values("roll_entry").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({"ballots": ballots.count(), "distinct_voters": ballots.values("roll_entry").distinct().count(),
                  "voters_with_two": per_voter, "sequence_ok": seqs == list(range(1, len(seqs) + 1)),
                  "chain_problems": verify_chain(d), "roll": d.roll.count()}))
"""


def _post(port: int, token: str, body: bytes) -> tuple[int, float, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t = time.perf_counter()
    try:
        conn.request("POST", PATH, body=body, headers={"Authorization": f"Token {token}",
                                                       "Content-Type": "application/json"})
        r = conn.getresponse()
        text = r.read().decode("utf-8", "replace")
        return r.status, time.perf_counter() - t, text
    except (OSError, http.client.HTTPException) as exc:
        return 0, time.perf_counter() - t, repr(exc)
    finally:
        conn.close()


def burst(port: int, jobs: list[tuple[str, bytes]]) -> tuple[list[tuple[int, float, str]], float]:
    """Each job from its own thread, all released at once."""
    results: list = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs) + 1)

    def run(i: int, token: str, body: bytes) -> None:
        barrier.wait()
        results[i] = _post(port, token, body)

    threads = [threading.Thread(target=run, args=(i, t, b)) for i, (t, b) in enumerate(jobs)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p * len(values))) - 1))] if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voters", type=int, default=200)
    ap.add_argument("--duplicates", type=int, default=40)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--port", type=int, default=8202)
    args, _unknown = ap.parse_known_args()
    _pg(f"DROP DATABASE IF EXISTS {DB}")
    _pg(f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
           "DB_CONN_MAX_AGE": "60", "LOG_LEVEL": "ERROR"}
    server = None
    try:
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", SETUP % {"voters": args.voters}], env=env, cwd=ROOT, check=True,
                             stdout=subprocess.PIPE, text=True)
        data = json.loads(out.stdout.strip().splitlines()[-1])
        decision, tokens = data["decision"], data["tokens"]
        print(f"set-up: {args.voters} voters, decision #{decision} ({time.perf_counter() - t0:.1f} s)")
        port = args.port
        (ROOT / "var").mkdir(exist_ok=True)
        log = open(ROOT / "var" / "bench_ballots_server.log", "w")  # noqa: SIM115 - closed with the server
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                print(f"port {port} is taken", file=sys.stderr)
                return 2
        server = subprocess.Popen(["uv", "run", "gunicorn", "config.wsgi", "-k", "gthread", "-w", str(args.workers),
                                   "--threads", str(args.threads), "-b", f"127.0.0.1:{port}", "--backlog", "2048",
                                   "--log-level", "warning"], env=env, cwd=ROOT, stderr=log)
        for _ in range(150):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                c.request("GET", "/api/v1/ping/")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        # Warm every worker thread (imports, a database connection each) with reads that change nothing.
        def ping(i: int) -> None:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", f"/api/v1/decisions/{decision}/turnout/", headers={"Authorization": f"Token {tokens[i]}"})
            c.getresponse().read()

        warm = [threading.Thread(target=ping, args=(i % len(tokens),)) for i in range(args.workers * args.threads * 2)]
        for t in warm:
            t.start()
        for t in warm:
            t.join()

        def body(choice: str) -> bytes:
            return json.dumps({"decision": decision, "choice": choice}).encode()

        jobs = [(tok, body("yes" if i % 3 else "no")) for i, tok in enumerate(tokens)]
        dup_count = min(args.duplicates, len(tokens))
        jobs += [(tokens[i], body("abstain")) for i in range(dup_count)]  # the same voters again, at once
        results, elapsed = burst(port, jobs)
        again, elapsed2 = burst(port, [(tok, body("no")) for tok in tokens])  # every voter once more

        first = results[: len(tokens)] + results[len(tokens):]
        statuses: dict[int, int] = {}
        for status, _lat, _text in first:
            statuses[status] = statuses.get(status, 0) + 1
        created = sum(1 for s, _l, _t in first if s == 201)
        refused = sum(1 for s, _l, t in first if s == 400 and "已投票" in t)
        again_refused = sum(1 for s, _l, t in again if s == 400 and "已投票" in t)
        errors = [t[:300] for s, _l, t in first + again if s >= 500 or s == 0]
        lat = [lat for _s, lat, _t in first]
        print(f"burst: {len(jobs)} submissions at once ({len(tokens)} voters + {dup_count} duplicates), "
              f"gunicorn gthread {args.workers}×{args.threads}, port {port}")
        print(f"  time {elapsed:.2f} s, throughput {len(jobs) / elapsed:.1f} req/s, "
              f"p50 {pct(lat, 0.50) * 1000:.0f} ms, p99 {pct(lat, 0.99) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
        print(f"  status codes: {dict(sorted(statuses.items()))}; created {created}, refused as duplicate {refused}")
        print(f"second wave: {len(tokens)} resubmissions in {elapsed2:.2f} s, refused as duplicate {again_refused}")
        out = subprocess.run([sys.executable, "-c", CHECK % {"decision": decision}], env=env, cwd=ROOT, check=True,
                             stdout=subprocess.PIPE, text=True)
        db = json.loads(out.stdout.strip().splitlines()[-1])
        double = db["voters_with_two"] + max(0, db["ballots"] - db["distinct_voters"])
        print(f"database: ballots {db['ballots']}, distinct voters {db['distinct_voters']}, roll {db['roll']}, "
              f"sequence 1..n {'OK' if db['sequence_ok'] else 'BROKEN'}, chain "
              f"{'verifies' if not db['chain_problems'] else db['chain_problems'][:3]}")
        ok = (double == 0 and db["ballots"] == len(tokens) == created and refused == dup_count
              and again_refused == len(tokens) and not errors and db["sequence_ok"] and not db["chain_problems"])
        print(f"double counts = {double}; 5xx/connection errors = {len(errors)} -> {'OK' if ok else 'FAILED'}")
        for e in errors[:5]:
            print("  error:", e)
        print("  (server log: var/bench_ballots_server.log — the refused duplicates are logged there as 400s)")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        _pg(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    sys.exit(main())
