"""Start-up cost of the command line, as ratios to baselines measured in the same run.

    python3 benchmarks/bench_startup.py                   # 7 runs each, the fastest kept (the least disturbed)
    python3 benchmarks/bench_startup.py --runs 15
    python3 benchmarks/bench_startup.py --before main     # also the same cases on the code of a git revision

Baselines: a bare ``python3 -c pass`` and ``python3 -c 'import click'`` (the least any click program
pays). Cases: ``ictarch --help``, ``ictarch --version``, and ``validate`` and ``check`` of one small
province (``province_models/kon-tum``, no cache, ``-q``). For each, three figures of a fresh process: its
wall time, its CPU time (user + system, steadier than wall time on a busy machine), and the import time
that ``python -X importtime`` reports (the sum of the top-level imports: everything the process imported,
``site`` included); each as milliseconds and as ratios to the baselines. With ``--before REV`` the cases also
run on the files of REV (``git archive``, in a temporary folder, with this interpreter and its packages),
interleaved with the current code's runs so that both see the same load, and each figure of the current
code is given as a ratio to REV's. The runs may write bytecode (``__pycache__``) whatever
``PYTHONDONTWRITEBYTECODE`` says, as an installation does: without it every run compiles the project's modules.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = "import sys\nsys.argv = ['ictarch', *sys.argv[1:]]\nfrom cli import main\nmain()\n"
PROVINCE = "province_models/kon-tum"

BASELINES = {"python3 -c pass": ["-c", "pass"], "python3 -c 'import click'": ["-c", "import click"]}
CASES = {
    "ictarch --help": ["--help"],
    "ictarch --version": ["--version"],
    f"ictarch validate {PROVINCE}": ["-q", "--no-cache", "validate", PROVINCE],
    f"ictarch check {PROVINCE}": ["-q", "--no-cache", "check", PROVINCE],
}


@dataclass
class Figures:
    wall: float
    cpu: float
    imports: float
    """Milliseconds: the fastest of the runs."""


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


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall and CPU time (ms) of one fresh process, then the import time (ms) of another."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package runs from its bytecode: so do the trees here
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    process.returncode = 0  # reaped above
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    timed = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    return wall, cpu, import_ms(timed.stderr)


def argv_of(case: list[str], baseline: bool) -> list[str]:
    return [sys.executable, *case] if baseline else [sys.executable, "-c", RUN, *case]


def measure(trees: dict[str, Path], runs: int) -> dict[tuple[str, str], Figures]:
    """The fastest figures of every case on every tree, the runs of all of them interleaved."""
    cases = [(name, argv, True) for name, argv in BASELINES.items()]
    cases += [(name, argv, False) for name, argv in CASES.items()]
    samples: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for cwd in trees.values():  # a first run of each compiles the tree's bytecode: not counted
        for _name, case, baseline in cases:
            run_once(argv_of(case, baseline), cwd)
    for _ in range(runs):
        for name, case, baseline in cases:
            for tree, cwd in trees.items():
                if baseline and tree != "current":
                    continue
                samples.setdefault((tree, name), []).append(run_once(argv_of(case, baseline), cwd))
    return {
        key: Figures(min(s[0] for s in got), min(s[1] for s in got), min(s[2] for s in got))
        for key, got in samples.items()
    }


def extract(rev: str, into: Path) -> Path:
    """The files of git revision ``rev``, written under ``into``."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", metavar="REV", help="also measure the code of this git revision (e.g. main)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ictarch-startup-") as tmp:
        trees = {"current": ROOT}
        if args.before:
            trees[args.before] = extract(args.before, Path(tmp))
        figures = measure(trees, args.runs)
    bare, click = figures[("current", "python3 -c pass")], figures[("current", "python3 -c 'import click'")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, fastest of {args.runs} runs each\n")
    print("Ratios: to `python3 -c pass` (/ pass) and to `python3 -c 'import click'` (/ click), same run.\n")
    print("| code | command | wall ms | / pass | / click | CPU ms | / pass | / click | import ms | / pass | / click |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (tree, name), f in figures.items():
        print(
            f"| {tree} | `{name}` | {f.wall:.0f} | {f.wall / bare.wall:.2f} | {f.wall / click.wall:.2f} "
            f"| {f.cpu:.0f} | {f.cpu / bare.cpu:.2f} | {f.cpu / click.cpu:.2f} "
            f"| {f.imports:.0f} | {f.imports / bare.imports:.2f} | {f.imports / click.imports:.2f} |"
        )
    print()
    for name in CASES:
        now = figures[("current", name)]
        line = f"{name}: import time above the bare interpreter's {now.imports - bare.imports:.0f} ms"
        if args.before:
            then = figures[(args.before, name)]
            line += f" ({args.before}: {then.imports - bare.imports:.0f} ms); current / {args.before}: "
            line += f"wall {now.wall / then.wall:.2f}, CPU {now.cpu / then.cpu:.2f}, "
            line += f"import {now.imports / then.imports:.2f}"
        print(line)


if __name__ == "__main__":
    main()
