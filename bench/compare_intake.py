"""A/B of intake against the trivial endpoint: an earlier revision and the working tree, side by side.

    uv run python bench/compare_intake.py --base <git revision> [--rounds 6] [--duration 6]

The earlier revision is checked out in a temporary worktree (sharing this project's .venv). Two
gunicorns with the production settings serve one fresh database (``bench_intake.setup``), and the
load generator of ``bench_intake.py`` loads them in turn — trivial then intake on one, then on the
other, the order swapped every round — so the machine's drift falls on both alike. Printed per
tree: the ratio of the mean rates, and CPU per request over the whole machine (``/proc/stat``).
The worktree and the database are removed at the end. Not one of ``make bench``'s (it needs a
revision to compare with): run it by hand.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_intake as b  # noqa: E402

ROOT = b.ROOT


def busy_ticks() -> int:
    fields = list(map(int, Path("/proc/stat").read_text().splitlines()[0].split()[1:]))
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, help="git revision to compare the working tree with")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--duration", type=float, default=6)
    ap.add_argument("--threads", type=int, default=16)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wuye-ab-"))
    base_tree = work / "base"
    subprocess.run(["git", "worktree", "add", "--detach", str(base_tree), args.base], cwd=ROOT, check=True)
    (base_tree / ".venv").symlink_to(ROOT / ".venv")
    trees = {f"base {args.base}": base_tree, "working tree": ROOT}
    b._pg(f"DROP DATABASE IF EXISTS {b.DB}")
    b._pg(f"CREATE DATABASE {b.DB}")
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
    env = {**os.environ, "DATABASE_URL": b.URL, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "REDIS_URL": "redis://127.0.0.1:6379/15", "DJANGO_SETTINGS_MODULE": "config.settings.base",
           "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40}
    servers = []
    try:
        token = b.setup(env)  # the working tree's migrations: a superset of the base's, as a rule
        ports = {}
        for name, tree in trees.items():
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                ports[name] = s.getsockname()[1]
            servers.append(subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py",
                                             "config.wsgi", "-b", f"127.0.0.1:{ports[name]}"], env=env, cwd=tree))
        for name in trees:
            b.wait_until_warm(ports[name], token)
            b.load(ports[name], token, "POST", "/api/v1/work-orders/", duration=3, threads=args.threads)
        tick = os.sysconf("SC_CLK_TCK")
        results: dict[str, dict[str, list[tuple[float, float]]]] = {n: {"trivial": [], "intake": []} for n in trees}
        for n in range(args.rounds):
            for name in (list(trees) if n % 2 == 0 else list(reversed(trees))):
                for kind, method, path in (("trivial", "GET", "/api/v1/ping/"), ("intake", "POST", "/api/v1/work-orders/")):
                    before = busy_ticks()
                    rate, _p99, _errors = b.load(ports[name], token, method, path, duration=args.duration,
                                                 threads=args.threads)
                    cpu_ms = 1000 * (busy_ticks() - before) / tick / max(1.0, rate * args.duration)
                    results[name][kind].append((rate, cpu_ms))
                t, i = results[name]["trivial"][-1], results[name]["intake"][-1]
                print(f"  round {n + 1} {name:>24}: trivial {t[0]:6.1f} req/s, intake {i[0]:6.1f} req/s, "
                      f"ratio {i[0] / t[0]:.2f}", flush=True)
        for name in trees:
            t, i = results[name]["trivial"], results[name]["intake"]
            rate_t, rate_i = (sum(r for r, _ in x) / len(x) for x in (t, i))
            cpu_t, cpu_i = (sum(c for _, c in x) / len(x) for x in (t, i))
            print(f"{name:>24}: ratio {rate_i / rate_t:.3f} (trivial {rate_t:.1f}, intake {rate_i:.1f} req/s); "
                  f"CPU per request: trivial {cpu_t:.2f} ms, intake {cpu_i:.2f} ms")
        return 0
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        b._pg(f"DROP DATABASE IF EXISTS {b.DB}")
        subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
