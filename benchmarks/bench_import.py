"""Benchmark of `ictarch import` (ArchiMate Open Exchange Format → province model): run by hand, prints figures.

    python3 benchmarks/bench_import.py                       # 1,000, 4,000 and 8,000 components
    python3 benchmarks/bench_import.py --components 2000 16000

For each size it generates one clean synthetic province (benchmarks/generate.py), exports it with
``ictarch export --format archimate``, and measures in this process: the bare expat parse of the file
(the baseline: reading the XML and nothing else) and the whole import (parse, map, validate, write the
YAML). It prints the time per element and the import's ratio to the bare parse of the same file; a
linear import keeps both roughly constant as the size grows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from xml.parsers import expat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def exchange_file(work: Path, components: int) -> tuple[Path, int]:
    """A clean province of ``components`` components exported as an exchange file, and its element count."""
    from benchmarks.generate import generate
    from exporters.archimate import exchange_model, to_archimate_xml
    from ictarch.graph import build_graph
    from ictarch.loading import load_workspace

    model = work / f"n{components}"
    generate(model, 1, components, 20250701, clean=True, dangling=False)
    graph = build_graph(load_workspace([model / "p00"]))
    exchange = exchange_model(graph, "p00")
    target = work / f"n{components}.xml"
    target.write_text(to_archimate_xml(exchange), encoding="utf-8")
    return target, len(exchange.elements) + len(exchange.relationships)


def bare_parse(data: bytes) -> float:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    t0 = time.perf_counter()
    parser.Parse(data, True)
    return time.perf_counter() - t0


def full_import(data: bytes, name: str) -> float:
    from exporters.yaml_writer import dump_province_yaml
    from ictarch.exchange.reader import import_exchange

    t0 = time.perf_counter()
    dump_province_yaml(import_exchange(data, name).data)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--components", type=int, nargs="+", default=[1000, 4000, 8000])
    args = ap.parse_args()
    header = ("components", 10), ("concepts", 9), ("MiB", 6), ("bare parse", 11), ("import", 9), ("µs/concept", 11)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.components:
            path, concepts = exchange_file(Path(tmp), n)
            data = path.read_bytes()
            bare = min(bare_parse(data) for _ in range(3))
            whole = min(full_import(data, path.name) for _ in range(2))
            print(
                f"{n:>10,} {concepts:>9,} {len(data) / 2**20:>6.1f} {bare:>10.3f}s {whole:>8.3f}s "
                f"{whole / concepts * 1e6:>11.1f} {whole / bare:>6.1f}×"
            )


if __name__ == "__main__":
    main()
