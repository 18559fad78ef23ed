"""The loading phase alone, per size, as ratios to the bare libyaml parse of the same files (Y0) of the same run.

    python3 benchmarks/bench_load.py --models /work/coord/models --sizes 500,1000 --repeat 3
    python3 benchmarks/bench_load.py --sizes 30 --provinces 2          # a tiny run: generates its own model

Per size: Y0 = ``yaml.load(..., yaml.CSafeLoader)`` of every YAML file with the garbage collector paused, in a
fresh interpreter, then ``load_workspace`` (parse, positions, validation, source maps, in the worker processes
a large model gets) in a fresh interpreter, with the default parser (PyYAML) and, when ``ictarch[fast]`` is
installed, with yaml-rs. Each row gives the wall time and the CPU time (of the process and its workers) as
ratios to Y0's, the main process's own CPU time (what it spends receiving the workers' results) and its
resident memory once loaded. On a shared machine, CPU ratios are steadier than wall ones; ``--repeat`` keeps
the smallest of each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import national  # noqa: E402  (the generator beside this file)

Y0_SCRIPT = """
import gc, json, os, sys, time, yaml
gc.disable()
start, cpu = time.perf_counter(), time.process_time()
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}))
"""

LOAD_SCRIPT = """
import json, os, sys, time
from pathlib import Path
from ictarch.loading.workspace import load_workspace
start, before = time.perf_counter(), os.times()
ws = load_workspace([Path(sys.argv[1])])
after = os.times()
with open("/proc/self/status", encoding="ascii") as f:
    rss = int(f.read().split("VmRSS:")[1].split()[0]) / 1024
print(json.dumps({
    "wall": time.perf_counter() - start,
    "main": after.user + after.system - before.user - before.system,
    "workers": after.children_user + after.children_system - before.children_user - before.children_system,
    "rss_mib": rss,
    "provinces": len(ws.provinces),
}))
"""

PARSER_ENV = "ICTARCH_YAML_PARSER"


def _run(script: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env={**os.environ, **env}, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _fast_installed() -> bool:
    probe = "import sys\nfrom ictarch.loading.fast_yaml import fast_loader\nsys.exit(fast_loader() is None)"
    env = {k: v for k, v in os.environ.items() if k != PARSER_ENV}
    return subprocess.run([sys.executable, "-c", probe], env=env, check=False).returncode == 0


def measure(model: Path, repeat: int) -> list[str]:
    files = [str(f) for f in sorted(model.glob("*/*.yaml"))]
    parsers = [("default (line reader, PyYAML)", "base"), ("PyYAML alone", "pyyaml")]
    parsers += [("ictarch[fast] (and yaml-rs)", "auto")] if _fast_installed() else []
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeat):  # interleaved, so that each kind meets the same load of the machine
        runs = {"Y0": _run(Y0_SCRIPT, files, {})}
        for label, parser in parsers:
            runs[label] = _run(LOAD_SCRIPT, [str(model)], {PARSER_ENV: parser})
        for label, figures in runs.items():
            kept = best.setdefault(label, dict(figures))
            for key, value in figures.items():
                kept[key] = min(kept[key], value)
    y0 = best.pop("Y0")
    rows = [
        f"Y0 (bare libyaml parse): {y0['wall']:.2f} s wall, {y0['cpu']:.2f} s CPU, {len(files)} files",
        "| parser | wall / Y0 | CPU (all processes) / Y0 CPU | main process CPU / Y0 CPU | main RSS loaded |",
        "|---|---|---|---|---|",
    ]
    for label, f in best.items():
        cpu = f["main"] + f["workers"]
        rows.append(
            f"| {label} | {f['wall'] / y0['wall']:.2f} | {cpu / y0['cpu']:.2f} | {f['main'] / y0['cpu']:.2f} "
            f"| {f['rss_mib']:,.0f} MiB |"
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="500,1000", help="components per province, comma-separated")
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--models", type=Path, help="folder holding n<SIZE>/ models (34 provinces)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each kind; the smallest figures are kept")
    ap.add_argument("--seed", type=int, default=20260701)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            model = args.models / f"n{size}" if args.models is not None else None
            if model is None or not model.is_dir():
                model = Path(scratch) / f"n{size}"
                national.generate(model, provinces=args.provinces, components=size, seed=args.seed)
            print(f"\n{args.provinces} x {size}: {model}")
            for row in measure(model, args.repeat):
                print(row)


if __name__ == "__main__":
    main()
