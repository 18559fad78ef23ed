"""Start-up cost of the command line, as ratios to a bare ``python3 -c pass`` measured in the same run.

    python3 benchmarks/bench_startup.py            # 7 runs each, the fastest kept (the least disturbed)
    python3 benchmarks/bench_startup.py --runs 15

For ``ictarch --help``, ``ictarch --version`` and ``ictarch validate province_models/kon-tum`` (one small
province, no cache): the wall time of a fresh process, and the import time that ``python -X importtime``
reports (the sum of the top-level imports: everything the process imported, ``site`` included). Each as
milliseconds and as a ratio to the same figures of ``python3 -c pass``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = "import sys\nsys.argv = ['ictarch', *sys.argv[1:]]\nfrom cli import main\nmain()\n"

CASES = {
    "python3 -c pass": None,
    "ictarch --help": ["--help"],
    "ictarch --version": ["--version"],
    "ictarch validate province_models/kon-tum": ["-q", "--no-cache", "validate", "province_models/kon-tum"],
}


def import_ms(stderr: str) -> float:
    """The sum of the cumulative times of the top-level imports in ``-X importtime`` output, in ms."""
    total = 0
    for line in stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        if not parts[2][1:].startswith(" "):  # nested imports are indented under their importer
            total += int(parts[1])
    return total / 1000


def measure(args: list[str] | None, runs: int) -> tuple[float, float]:
    """The fastest wall time (ms) and import time (ms) over ``runs`` fresh processes."""
    argv = [sys.executable, "-c", "pass"] if args is None else [sys.executable, "-c", RUN, *args]
    env = {**os.environ, "NO_COLOR": "1"}
    walls, imports = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)
        walls.append((time.perf_counter() - start) * 1000)
        timed = subprocess.run(
            [argv[0], "-X", "importtime", *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        imports.append(import_ms(timed.stderr))
    return min(walls), min(imports)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    results = {name: measure(case, args.runs) for name, case in CASES.items()}
    base_wall, base_import = results["python3 -c pass"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, fastest of {args.runs} runs each\n")
    print("| command | wall | wall / python -c pass | import time | import / python -c pass |")
    print("|---|---|---|---|---|")
    for name, (wall, imported) in results.items():
        print(
            f"| `{name}` | {wall:.0f} ms | {wall / base_wall:.2f} | {imported:.0f} ms | {imported / base_import:.2f} |"
        )
    for name, (_, imported) in results.items():
        if name != "python3 -c pass":
            print(f"{name}: import time above the bare interpreter's: {imported - base_import:.0f} ms")


if __name__ == "__main__":
    main()
