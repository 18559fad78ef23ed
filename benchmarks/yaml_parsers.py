"""Compare YAML parsers that can report positions on the synthetic national model; run by hand.

    python3 benchmarks/yaml_parsers.py benchmarks/out/n2000

Prints, for every file of the model: libyaml parse to Python objects (PyYAML's CSafeLoader, the
garbage collector paused), libyaml compose only (the node tree with positions that ictarch's
loader walks), and rapidyaml parse to its in-place tree (``ryml.parse_in_arena``) plus the walk
that turns that tree into Python objects — the work ictarch would need from it. rapidyaml is an
optional install (``pip install rapidyaml``); without it, its rows are skipped.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import Any

import yaml


def _ryml_to_py(tree: Any, node: int) -> Any:
    import ryml

    if tree.is_map(node):
        return {bytes(tree.key(ch)).decode(): _ryml_to_py(tree, ch) for ch in ryml.children(tree, node)}
    if tree.is_seq(node):
        return [_ryml_to_py(tree, ch) for ch in ryml.children(tree, node)]
    return bytes(tree.val(node)).decode() if tree.has_val(node) else None


def main() -> None:
    model = Path(sys.argv[1])
    texts = [f.read_bytes() for f in sorted(model.glob("*/*.yaml"))]
    gc.disable()
    rows: list[tuple[str, float]] = []
    t = time.perf_counter()
    for b in texts:
        yaml.load(b, Loader=yaml.CSafeLoader)
    rows.append(("libyaml → Python objects (yaml.load, CSafeLoader)", time.perf_counter() - t))
    t = time.perf_counter()
    for b in texts:
        loader = yaml.CSafeLoader(b)
        loader.get_single_node()
        loader.dispose()
    rows.append(("libyaml compose only (node tree with positions)", time.perf_counter() - t))
    try:
        import ryml
    except ImportError:
        ryml = None
    if ryml is not None:
        t = time.perf_counter()
        trees = [ryml.parse_in_arena(b) for b in texts]
        rows.append(("rapidyaml parse only (tree with positions)", time.perf_counter() - t))
        t = time.perf_counter()
        for tree in trees:
            _ryml_to_py(tree, tree.root_id())
        rows.append(("rapidyaml tree → Python objects (strings only)", time.perf_counter() - t))
    size = sum(len(b) for b in texts) / 1e6
    print(f"{len(texts)} files, {size:.1f} MB")
    for name, secs in rows:
        print(f"  {name:<52} {secs:7.2f} s")


if __name__ == "__main__":
    main()
