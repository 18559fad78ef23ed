"""The checks phase of ``ictarch check`` (graph, runner, every check) apart from loading and writing, as a ratio
to the bare libyaml parse of the same files (Y0) measured in the same run; run by hand, never a timed test.

    python3 benchmarks/bench_checks_phase.py --model /work/coord/models/n500
    python3 benchmarks/bench_checks_phase.py --model /work/coord/models/n500 --reference /tmp/main-tree --repeat 2

Each measurement runs in a fresh process: Y0 (``yaml.load(..., CSafeLoader)`` of every YAML file, collector
paused), then for this tree (and for ``--reference``, another checkout, with the same interpreter) the model is
loaded (not timed) and the phase is timed twice: in one process (``jobs=1``: the CPU it costs) and as
``ictarch check`` runs it (default jobs: the wall time it takes). CPU time counts the process and its worker
processes, and is the steadier figure on a shared machine. ``--checks`` adds each check's CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

Y0_SCRIPT = """
import gc, sys, time, yaml
files = sys.argv[1:]
gc.disable()
start, cpu = time.perf_counter(), time.process_time()
for name in files:
    with open(name, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(model: Path, per_check: bool) -> dict[str, float]:
    """The phase on ``model``, in this process, with the ictarch found on the path."""
    import datetime as dt

    from ictarch.checks import default_registry
    from ictarch.checks.spec import CheckContext
    from ictarch.config import resolve_config
    from ictarch.graph import build_graph
    from ictarch.loading import load_workspace
    from ictarch.runner import run, run_check

    ws = load_workspace([model])
    registry = default_registry()
    config = resolve_config(registry)
    day = dt.date(2026, 12, 3)
    when = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    out: dict[str, float] = {}
    for name, jobs in (("one", 1), ("default", None)):
        wall, cpu = time.perf_counter(), _cpu()
        report = run(ws, config=config, registry=registry, run_date=day, generated_at=when, jobs=jobs)
        out[f"{name}_wall"], out[f"{name}_cpu"] = time.perf_counter() - wall, _cpu() - cpu
        out["findings"] = len(report.findings)
        del report
    cpu = _cpu()
    graph = build_graph(ws)
    out["graph_cpu"] = _cpu() - cpu
    if per_check:
        ctx = CheckContext(ws, graph, config, day)
        _ = ctx.index
        for spec in registry:
            if spec.code in config.enabled and not spec.engine:
                cpu = _cpu()
                for _finding in run_check(spec, ctx):
                    pass
                out[f"check {spec.code}"] = _cpu() - cpu
    return out


def _fresh(tree: Path, model: Path, per_check: bool) -> dict[str, float]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", "--model", str(model)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([*cmd, *(["--checks"] if per_check else [])], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return dict(json.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--reference", type=Path, help="another checkout of ictarch, measured alike in the same run")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--checks", action="store_true", help="each check's CPU time too")
    ap.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(measure(args.model, args.checks)))
        return
    files = sorted(str(p) for p in args.model.rglob("*.yaml"))
    trees = [("this tree", ROOT)] + ([("reference", args.reference.resolve())] if args.reference else [])
    for round_ in range(args.repeat):
        y0 = subprocess.run([sys.executable, "-c", Y0_SCRIPT, *files], capture_output=True, text=True, check=True)
        y0_wall, y0_cpu = (float(x) for x in y0.stdout.split())
        print(f"round {round_ + 1}: Y0 {y0_wall:.2f} s wall, {y0_cpu:.2f} s CPU ({len(files)} files)")
        for name, tree in trees:
            r = _fresh(tree, args.model, args.checks)
            one, wall = r["one_cpu"], r["default_wall"]
            print(
                f"  {name:<10} graph+checks+runner: one process {one:.2f} s CPU = {one / y0_cpu:.2f} x Y0 CPU;"
                f" default jobs {wall:.2f} s wall = {wall / y0_wall:.2f} x Y0 wall ({r['default_cpu']:.2f} s CPU);"
                f" graph alone {r['graph_cpu']:.2f} s CPU; {int(r['findings']):,} findings"
            )
            for key in sorted(k for k in r if k.startswith("check ")):
                if r[key] >= 0.02:
                    print(f"      {key[6:]} {r[key]:.2f} s CPU")


if __name__ == "__main__":
    main()
