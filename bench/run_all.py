"""Run every bench/bench_*.py in turn (``make bench``); extra arguments are passed to each."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"=== {script.name} ===", flush=True)
        rc = subprocess.call([sys.executable, str(script), *sys.argv[1:]], cwd=HERE.parent)
        status = status or rc
    return status


if __name__ == "__main__":
    sys.exit(main())
