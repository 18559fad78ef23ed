"""CPU time of each diagram view of one large province, as a ratio to parsing that province's files, and how it
grows with the province (run by hand, never a timed test).

    python3 benchmarks/bench_views.py                        # provinces of 2,000 and 10,000 components
    python3 benchmarks/bench_views.py --sizes 1000,4000,16000 --repeat 3

For each size a national model of ``benchmarks/national.py`` (its default seed, two provinces) is generated, the
first province is loaded and its graph built, and each view is built as ``ictarch diagram`` and the review site
build it (whole province, default options, both languages), ``--repeat`` times; the least CPU time of this
process is kept. The baseline, measured in the same run, is Y0 of that province: its YAML files parsed by
libyaml (``CSafeLoader``, collector paused). The growth exponent between two sizes is
log(t2 / t1) / log(n2 / n1): 1 is linear. A view whose exponent is near 2 scans something per item that grows
with the province.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import yaml  # noqa: E402
from national import generate  # noqa: E402

from exporters.views import ViewOptions, build_view  # noqa: E402
from ictarch.graph import ArchGraph, build_graph  # noqa: E402
from ictarch.loading import load_workspace  # noqa: E402

VIEWS = ("layered", "egov", "roadmap", "gap-map")


def least_cpu(work: Callable[[], object], repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def y0(folder: Path, repeat: int) -> float:
    files = sorted(folder.glob("*.yaml"))

    def parse() -> None:
        gc.disable()
        try:
            for f in files:
                yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
        finally:
            gc.enable()

    return least_cpu(parse, repeat)


def views(graph: ArchGraph, key: str) -> Callable[[], object]:
    return lambda: [build_view(key, graph, opts=ViewOptions(lang=lang)) for lang in ("vi", "en")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="2000,10000", help="components of the province, comma-separated")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20260701)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    seconds: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="ictarch-views-") as tmp:
        for n in sizes:
            out = Path(tmp) / f"n{n}"
            generate(out, 2, n, args.seed)
            province = sorted(p for p in out.iterdir() if p.is_dir())[0]
            graph = build_graph(load_workspace([province]))
            row = {"Y0": y0(province, args.repeat)}
            for key in VIEWS:
                row[key] = least_cpu(views(graph, key), args.repeat)
            seconds[n] = row
            cells = ", ".join(f"{k} {v / row['Y0']:.3f} × Y0 ({v:.3f} s)" for k, v in row.items() if k != "Y0")
            print(f"{n} components: Y0 {row['Y0']:.3f} s; {cells}", flush=True)
    print()
    print("| view | " + " | ".join(f"{n:,} components: × Y0" for n in sizes) + " | exponent (time) |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for key in ("Y0", *VIEWS):
        first, last = seconds[sizes[0]][key], seconds[sizes[-1]][key]
        slope = math.log(last / first) / math.log(sizes[-1] / sizes[0]) if len(sizes) > 1 and first > 0 else math.nan
        ratios = " | ".join(f"{seconds[n][key] / seconds[n]['Y0']:.3f}" for n in sizes)
        print(f"| {key} | {ratios} | {slope:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
