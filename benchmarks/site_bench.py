"""What one province's pages of the review site cost as the province grows (run by hand, not in the tests).

    python3 benchmarks/site_bench.py                    # 500, 1000 and 2000 components
    python3 benchmarks/site_bench.py --sizes 500 4000

For each size it generates one province with ``benchmarks/generate.py`` (the seeded national
generator), loads it (the baseline, measured in the same run), runs the checks, and times the site's
pages of that province: each diagram page (its view built in both languages and drawn by Graphviz,
collapsed beyond ``--max-nodes`` components), the findings and component list pages, and all the
component pages. It prints each as seconds and as a ratio to the load, and the growth exponent
between consecutive sizes (1.0 is linear); the diagrams should stay near flat, the component pages
near linear.
"""

from __future__ import annotations

import argparse
import itertools
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exporters.render import render
from exporters.site import Site, SiteOptions
from exporters.site.components import component_page, components_page, components_page_count
from exporters.site.context import VIEW_PAGES
from exporters.site.diagram_pages import view_page
from exporters.site.findings import findings_page, findings_page_count
from ictarch.graph import build_graph
from ictarch.loading import load_workspace
from ictarch.runner import run_checks

HERE = Path(__file__).resolve().parent


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(size: int, folder: Path, max_nodes: int) -> dict[str, float]:
    out = folder / f"n{size}"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--provinces", "1", "--components", str(size), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    figures: dict[str, float] = {}
    holder: dict[str, object] = {}
    figures["load"] = _timed(lambda: holder.setdefault("ws", load_workspace([out])))
    ws = holder["ws"]
    graph = build_graph(ws)  # type: ignore[arg-type]
    report = run_checks(ws, graph)  # type: ignore[arg-type]
    def draw(dot: str) -> bytes:
        return render(dot, "svg", timeout=300)

    ctx = Site(graph, report, draw if shutil.which("dot") else None, SiteOptions(max_nodes=max_nodes)).ctx
    code = ctx.codes[0]
    for view in VIEW_PAGES:
        figures[view] = _timed(lambda view=view: view_page(ctx, code, view))  # type: ignore[misc]
    figures["findings pages"] = _timed(
        lambda: [findings_page(ctx, code, n) for n in range(1, findings_page_count(ctx, code) + 1)]
    )
    figures["component list"] = _timed(
        lambda: [components_page(ctx, code, n) for n in range(1, components_page_count(ctx, code) + 1)]
    )
    ids = ctx.index.components_by_province[code]
    figures["component pages"] = _timed(lambda: [component_page(ctx, code, c) for c in ids])
    figures["findings"] = float(len(report.findings))
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    ap.add_argument("--max-nodes", type=int, default=150)
    args = ap.parse_args()
    if not shutil.which("dot"):
        print("Graphviz 'dot' is not installed: the diagram pages are timed without drawing")
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        results = {size: measure(size, Path(tmp), args.max_nodes) for size in args.sizes}
    keys = ["load", *VIEW_PAGES, "findings pages", "component list", "component pages"]
    print(f"{'one province':<18}" + "".join(f"{size:>22}" for size in args.sizes) + "   exponent")
    for key in keys:
        cells = []
        for size in args.sizes:
            value = results[size][key]
            ratio = value / results[size]["load"]
            cells.append(f"{value:9.2f} s ({ratio:6.2f}×)")
        sizes = args.sizes
        exps = [
            math.log(results[b][key] / results[a][key]) / math.log(b / a)
            for a, b in itertools.pairwise(sizes)
            if results[a][key] > 0 and results[b][key] > 0
        ]
        print(f"{key:<18}" + "".join(f"{c:>22}" for c in cells) + "   " + " ".join(f"{e:.2f}" for e in exps))
    print("findings: " + ", ".join(f"{int(results[s]['findings'])} at {s}" for s in args.sizes))
    print("(×: ratio to loading the same province in the same run)")


if __name__ == "__main__":
    main()
