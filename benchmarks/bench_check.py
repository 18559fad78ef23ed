"""National-scale benchmark of `ictarch check`: run by hand, prints figures; never a timed test.

    python3 benchmarks/bench_check.py --components 2000            # 34 provinces × 2,000 components
    python3 benchmarks/bench_check.py --components 10000 --provinces 34

For each size it generates the seeded synthetic model (benchmarks/generate.py), then measures, each
in a fresh Python process: the bare libyaml parse of the same files (``yaml.load(...,
Loader=yaml.CSafeLoader)`` with the garbage collector paused), a cold run (no cache: parse,
validate, graph, checks), a warm run (every model from the cache), and a run after one province
changed. Peak memory is the largest resident set of the process and of its worker processes.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def phase_bare(model: Path) -> dict[str, float]:
    import yaml

    files = sorted(model.glob("*/*.yaml"))
    gc.disable()
    t0 = time.perf_counter()
    for f in files:
        yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    elapsed = time.perf_counter() - t0
    own, _ = _peak_mib()
    return {"bare_parse": elapsed, "peak_mib": own, "files": len(files)}


def phase_run(model: Path, cache: Path | None, jobs: int | None) -> dict[str, float]:
    """What `ictarch check` does: load (models from the cache when unchanged), then reuse the report of an
    identical run, or build the graph and run every check."""
    import datetime as dt

    from ictarch import report_cache
    from ictarch.checks import default_registry
    from ictarch.config import resolve_config
    from ictarch.graph import build_graph
    from ictarch.loading import load_workspace
    from ictarch.runner import run

    now = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    t0 = time.perf_counter()
    ws = load_workspace([model], cache_dir=cache, jobs=jobs)
    t1 = time.perf_counter()
    registry = default_registry()
    config = resolve_config(registry)
    key = report_cache.report_key(ws.fingerprint, config, now.date(), registry.codes, None) if ws.fingerprint else None
    report = report_cache.read(cache, key) if cache is not None and key is not None else None
    t2 = time.perf_counter()
    if report is None:
        graph = build_graph(ws)
        t2 = time.perf_counter()
        report = run(ws, config=config, registry=registry, graph=graph, run_date=now.date(), generated_at=now)
        if cache is not None and key is not None:
            report_cache.write(cache, key, report)
    t3 = time.perf_counter()
    own, children = _peak_mib()
    return {
        "load": t1 - t0,
        "graph": t2 - t1,
        "checks": t3 - t2,
        "total": t3 - t0,
        "findings": float(len(report.findings)),
        "peak_mib": own,
        "children_peak_mib": children,
        "components": float(sum(len(p.architecture.components) for p in ws.provinces)),
    }


def _subprocess(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--components", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: the machine's cores)")
    ap.add_argument("--phase", choices=["bare", "run"], help=argparse.SUPPRESS)
    ap.add_argument("--model", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase == "bare":
        print(json.dumps(phase_bare(args.model)))
        return
    if args.phase == "run":
        print(json.dumps(phase_run(args.model, args.cache, args.jobs)))
        return

    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        model, cache = Path(tmp) / "model", Path(tmp) / "cache"
        generate(model, args.provinces, args.components, seed=20250701, clean=False, dangling=False)
        jobs = [] if args.jobs is None else ["--jobs", str(args.jobs)]
        bare = _subprocess("--phase", "bare", "--model", str(model))
        cold = _subprocess("--phase", "run", "--model", str(model), *jobs)
        _subprocess("--phase", "run", "--model", str(model), "--cache", str(cache), *jobs)  # fill the cache
        warm = _subprocess("--phase", "run", "--model", str(model), "--cache", str(cache), *jobs)
        changed_file = model / "p07" / "components.yaml"
        changed_file.write_text(
            changed_file.read_text(encoding="utf-8").replace("security_level: 1", "security_level: 2", 1),
            encoding="utf-8",
        )
        one = _subprocess("--phase", "run", "--model", str(model), "--cache", str(cache), *jobs)
    n = int(cold["components"])
    print(f"{args.provinces} provinces × {args.components} components = {n:,} components, {int(bare['files'])} files")
    print(f"{'run':<28}{'load':>8}{'graph':>8}{'checks':>8}{'total':>8}{'× bare':>8}{'peak MiB':>10}")
    print(
        f"{'bare libyaml parse (gc off)':<28}{bare['bare_parse']:>8.2f}{'':>8}{'':>8}{bare['bare_parse']:>8.2f}"
        f"{1.0:>8.2f}{bare['peak_mib']:>10.0f}"
    )
    for name, r in (("cold (no cache)", cold), ("warm (all cached)", warm), ("one province changed", one)):
        peak = max(r["peak_mib"], r["children_peak_mib"])
        print(
            f"{name:<28}{r['load']:>8.2f}{r['graph']:>8.2f}{r['checks']:>8.2f}{r['total']:>8.2f}"
            f"{r['total'] / bare['bare_parse']:>8.2f}{peak:>10.0f}"
        )
    print(
        f"warm / cold = {warm['total'] / cold['total']:.2f}; findings per run = {int(cold['findings'])}"
        + (" (check engine not installed)" if cold["findings"] < 0 else "")
    )


if __name__ == "__main__":
    main()
