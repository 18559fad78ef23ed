"""Compare YAML parsers on a model's files, and the end-to-end effect of the ``fast`` extra; run by hand.

    python3 benchmarks/yaml_parsers.py /tmp/n500                  # parsers only
    (ulimit -v 8000000; python3 benchmarks/yaml_parsers.py --check /tmp/n500 /tmp/n1000)

Every figure is a ratio to Y0, the bare libyaml parse of the same files to Python objects
(``yaml.load(..., Loader=yaml.CSafeLoader)``, garbage collector paused), measured in the same run (best
of ``--repeat``). Rows: libyaml compose only (the node tree with positions); ictarch's loader with
PyYAML alone (``parse_yaml``, ``ICTARCH_YAML_PARSER=pyyaml``: compose, then build data and positions); ictarch's
loader as a base install reads (``base``: the line reader, then PyYAML) and the line reader alone; the fast
extra's path (screen + yaml-rs + the line scanner's positions), the screen alone and the line scanner alone
(``line_index``, on the data yaml-rs read); and
the candidates, each reading the same texts to Python objects: yaml-rs (with and without its datetime
conversion), ryaml, rapidyaml (its in-place parse, then a walk to Python objects of strings). A
candidate that is not installed is skipped. With ``--check``, ``ictarch check --no-cache`` runs on each
model in a fresh process with PyYAML alone, as a base install and with the extra, wall time as a ratio to Y0
(also measured in a
fresh process, as the checks' run pays the interpreter's start too).
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _ryml_to_py(tree: Any, node: int) -> Any:
    import ryml

    if tree.is_map(node):
        return {bytes(tree.key(ch)).decode(): _ryml_to_py(tree, ch) for ch in ryml.children(tree, node)}
    if tree.is_seq(node):
        return [_ryml_to_py(tree, ch) for ch in ryml.children(tree, node)]
    return bytes(tree.val(node)).decode() if tree.has_val(node) else None


def _best(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        t = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t)
        gc.enable()
    return best


def _compose(text: str) -> None:
    loader = yaml.CSafeLoader(text)
    try:
        loader.get_single_node()
    finally:
        loader.dispose()


def candidates() -> list[tuple[str, Callable[[str], object]]]:
    from ictarch.loading import fast_yaml
    from ictarch.loading.line_index import line_index
    from ictarch.loading.line_reader import line_read
    from ictarch.loading.yaml_doc import parse_yaml

    def ictarch_pyyaml(text: str) -> object:
        os.environ[fast_yaml.ENV] = "pyyaml"
        return parse_yaml(text, "f.yaml")

    def ictarch_base(text: str) -> object:
        os.environ[fast_yaml.ENV] = "base"
        return parse_yaml(text, "f.yaml")

    def ictarch_fast(text: str) -> object:
        os.environ[fast_yaml.ENV] = "auto"
        return fast_yaml.fast_read(text) or parse_yaml(text, "f.yaml")

    rows: list[tuple[str, Callable[[str], object]]] = [
        ("libyaml compose only (node tree with positions)", _compose),
        ("ictarch loader, PyYAML alone (data + every position)", ictarch_pyyaml),
        ("ictarch loader, base install (line reader, PyYAML)", ictarch_base),
        ("  of which the line reader (data + every position)", line_read),
    ]
    os.environ[fast_yaml.ENV] = "auto"
    if fast_yaml.fast_loader() is not None:
        rows.append(("fast extra's path: yaml-rs + line scanner, PyYAML", ictarch_fast))
        rows.append(("  of which the screen", fast_yaml._screened))
        loaded: dict[str, Any] = {}

        def scan(text: str) -> object:
            return line_index(text, loaded[text][0]) if loaded.get(text) else None

        def prepare(text: str) -> object:
            loaded[text] = fast_yaml.fast_load(text)
            return None

        rows.append(("  of which screen + yaml-rs + its checks (data)", prepare))
        rows.append(("  of which the line scanner (positions)", scan))
    try:
        import yaml_rs

        rows.append(("yaml-rs loads (parse_datetime=False)", lambda t: yaml_rs.loads(t, parse_datetime=False)))
        rows.append(("yaml-rs loads (parse_datetime=True)", lambda t: yaml_rs.loads(t)))
    except ImportError:
        pass
    try:
        import ryaml

        rows.append(("ryaml loads", ryaml.loads))
    except ImportError:
        pass
    try:
        import ryml

        rows.append(("rapidyaml parse only (tree, no Python objects)", lambda t: ryml.parse_in_arena(t.encode())))
        walk = (
            "rapidyaml parse + walk to Python (strings only)",
            lambda t: _ryml_to_py(*_root(ryml.parse_in_arena(t))),
        )
        rows.append(walk)
    except ImportError:
        pass
    return rows


def _root(tree: Any) -> tuple[Any, int]:
    return tree, tree.root_id()


def parsers(model: Path, repeat: int) -> float:
    from ictarch.loading import fast_yaml

    texts = [f.read_text(encoding="utf-8") for f in sorted(model.rglob("*.yaml"))]
    size = sum(len(t.encode()) for t in texts) / 1e6
    y0 = _best(lambda t: yaml.load(t, Loader=yaml.CSafeLoader), texts, repeat)
    os.environ[fast_yaml.ENV] = "auto"
    fast = sum(fast_yaml.fast_read(t) is not None for t in texts)
    from ictarch.loading.line_reader import line_read

    lines = sum(line_read(t) is not None for t in texts)
    print(f"{model}: {len(texts)} files, {size:.1f} MB; Y0 (CSafeLoader, gc paused) {y0:.2f} s")
    print(f"  the line reader reads {lines} of {len(texts)} files; the fast path (yaml-rs, line scanner) {fast}")
    for name, fn in candidates():
        print(f"  {name:<52} {_best(fn, texts, repeat) / y0:6.3f} × Y0")
    return y0


_BARE = (
    "import gc, sys, time, yaml; from pathlib import Path; gc.disable(); "
    "texts = [f.read_bytes() for f in sorted(Path(sys.argv[1]).rglob('*.yaml'))]; t = time.perf_counter(); "
    "[yaml.load(b, Loader=yaml.CSafeLoader) for b in texts]; print(time.perf_counter() - t)"
)


def _wall(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t, done.returncode


def check(model: Path, repeat: int) -> None:
    ictarch = [str(Path(sys.executable).parent / "ictarch")]  # the entry point beside this interpreter
    args = ["--no-cache", "-q", "check", "--format", "json", "-o", os.devnull, "--exit-zero", str(model)]
    y0 = min(
        float(subprocess.run([sys.executable, "-c", _BARE, str(model)], capture_output=True, text=True).stdout)
        for _ in range(repeat)
    )
    print(f"{model}: ictarch check --no-cache, wall time (Y0 {y0:.2f} s, fresh process)")
    labels = {"pyyaml": "PyYAML alone", "base": "base install", "auto": "fast extra (yaml-rs)"}
    for name, label in labels.items():
        env = {**os.environ, "ICTARCH_YAML_PARSER": name}
        runs = [_wall([*ictarch, *args], env) for _ in range(repeat)]
        secs, code = min(runs)
        print(f"  {label:<24} {secs:7.2f} s  {secs / y0:5.2f} × Y0  (exit {code})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", type=Path, nargs="+")
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs (default 2)")
    ap.add_argument("--check", action="store_true", help="also time `ictarch check --no-cache` both ways")
    args = ap.parse_args()
    for model in args.models:
        parsers(model, args.repeat)
        if args.check:
            check(model, args.repeat)


if __name__ == "__main__":
    main()
