"""Render times of the layered view for large synthetic provinces (run by hand, not in the tests).

    python3 benchmarks/diagram_bench.py                 # 500, 1000 and 2000 components
    python3 benchmarks/diagram_bench.py --sizes 3000 --seed 7

For each size it builds a seeded province in memory over the shipped ICT reference framework (about
two relationships per component), then times the view as ictarch draws it by default (collapsed
beyond 150 components), the full view with its relationships grouped (one line per pair of bands,
routed in gutters after the layout), the full view with every relationship (``--edges all``) in
ictarch's two-pass rendering, and that view laid out by plain ``dot`` with every edge routed, which
is what the collapse protects against.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exporters.dot import to_dot
from exporters.render import render
from exporters.views import ViewOptions, build_view
from ictarch.graph import build_graph
from ictarch.loading import LoadedArchitecture, SourceMap, Workspace, load_catalogue
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import FrameworkKind, ReferenceCatalogue

KINDS = ["application", "platform", "portal", "database", "infrastructure", "network", "sensor-network", "security"]
STATUSES = ["existing", "in-progress", "planned"]
RELATIONS = ["depends_on", "data_flow", "hosted_on", "integrates_via", "serves"]


def synthetic(catalogue: ReferenceCatalogue, n: int, seed: int) -> Workspace:
    """A province of ``n`` components spread over the ICT framework's layers and their components."""
    rng = random.Random(seed)
    fw = next(f for f in catalogue.frameworks.values() if f.kind == FrameworkKind.ICT_REFERENCE)
    targets = [layer.id for layer in fw.layers] + [c.id for layer in fw.layers for c in layer.components]
    components: list[dict[str, Any]] = []
    for i in range(n):
        components.append(
            {
                "id": f"syn.c{i:05d}",
                "name": {"vi": f"Hệ thống dữ liệu đô thị số {i}", "en": f"System {i}"},
                "kind": rng.choice(KINDS),
                "realizes": [rng.choice(targets)],
                "status": rng.choice(STATUSES),
            }
        )
    relationships = [
        {"from": f"syn.c{i:05d}", "to": f"syn.c{rng.randrange(n):05d}", "type": rng.choice(RELATIONS)}
        for i in range(n)
        for _ in range(2)
    ]
    model = {
        "province": {"code": "syn", "name": {"vi": "Tỉnh Tổng Hợp", "en": "Synthetic province"}},
        "programme": {"name": {"vi": "Đề án thử tải"}},
        "conforms_to": [{"framework": fw.id}],
        "components": components,
        "relationships": relationships,
    }
    arch = ProvinceArchitecture.model_validate(model)
    return Workspace(catalogue, [LoadedArchitecture(arch, Path("."), SourceMap())])


def _timed(func: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--timeout", type=float, default=120.0, help="Seconds before a layout is abandoned.")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        sys.exit("Graphviz is not installed: apt-get install graphviz (Debian/Ubuntu) or brew install graphviz")
    catalogue, _ = load_catalogue()
    print(
        f"{'components':>10} {'collapsed (default)':>20} {'full, grouped':>14} {'full, two-pass':>15} "
        f"{'full, plain dot':>16}"
    )
    for n in args.sizes:
        graph = build_graph(synthetic(catalogue, n, args.seed))
        row = [f"{n:>10}"]
        for max_nodes, edges, width in ((150, "auto", 19), (n + 1, "grouped", 13), (n + 1, "all", 14)):
            view = build_view("layered", graph, opts=ViewOptions(max_nodes=max_nodes, edges=edges))
            dot = to_dot(view).text
            seconds, _svg = _timed(lambda dot=dot: render(dot, "svg", timeout=args.timeout))
            row.append(f"{seconds:>{width}.2f}s")
        try:
            seconds, _done = _timed(
                lambda dot=dot: subprocess.run(
                    ["dot", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=args.timeout
                )
            )
            row.append(f"{seconds:>15.2f}s")
        except subprocess.TimeoutExpired:
            row.append(f"{'>' + str(int(args.timeout)) + 's':>16}")
        print(" ".join(row), flush=True)


if __name__ == "__main__":
    main()
