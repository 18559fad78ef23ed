"""Byte-for-byte comparison of ``ictarch check`` reports between this tree and another checkout of ictarch.

    git archive main | tar -x -C /tmp/main-tree
    python3 benchmarks/findings_differential.py --reference /tmp/main-tree --work /tmp/diff \
        --model province_models --model examples/merged --national 34x60 --generated 4x300

A change that makes the checks faster must not change a finding. For every model and each run date
(``SOURCE_DATE_EPOCH``), both trees run ``cli.py -q --no-cache check --format json`` (and ``--format sarif``
with ``--all-formats``) in fresh processes with the same interpreter, and the outputs are compared byte for
byte. ``--national PxN`` and ``--generated PxN`` add models made by ``benchmarks/national.py`` (realistic
findings) and ``benchmarks/generate.py`` (planted problems) under ``--work``. Prints one line per comparison
and exits 1 when any output differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATES = ("2025-12-01", "2026-12-03")
"""Run dates on both sides of the security-level decree's entry into force (19/08/2026)."""


def _epoch(day: str) -> str:
    return str(int(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), tzinfo=dt.UTC).timestamp()))


def _run(tree: Path, model: Path, fmt: str, day: str, out: Path) -> tuple[int, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(day), "PYTHONPATH": str(tree)}
    cmd = [sys.executable, str(tree / "cli.py"), "-q", "--no-cache", "check", "--format", fmt, "-o", str(out)]
    done = subprocess.run([*cmd, str(model)], cwd=out.parent, env=env, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{tree}: exit {done.returncode} on {model}\n{done.stderr.decode(errors='replace')}")
    return done.returncode, out.read_bytes()


def _models(args: argparse.Namespace) -> list[Path]:
    models = [Path(m).resolve() for m in args.model]
    work: Path = args.work
    for flag, script in (("national", "national.py"), ("generated", "generate.py")):
        for size in getattr(args, flag):
            provinces, components = size.split("x")
            target = work / f"{flag}-{provinces}x{components}"
            if not target.exists():
                extra = ["--no-dangling"] if script == "generate.py" else []
                size_args = ["--provinces", provinces, "--components", components, "--out", str(target)]
                subprocess.run(
                    [sys.executable, str(HERE / script), *size_args, *extra],
                    check=True,
                    capture_output=True,
                )
            models.append(target)
    return models


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, required=True, help="the other checkout (for example main's tree)")
    ap.add_argument("--mine", type=Path, default=ROOT, help="the checkout under test (default: this one)")
    ap.add_argument("--work", type=Path, required=True, help="scratch folder for outputs and generated models")
    ap.add_argument("--model", action="append", default=[], help="a model folder (repeatable)")
    ap.add_argument("--national", action="append", default=[], help="PxN: a benchmarks/national.py model")
    ap.add_argument("--generated", action="append", default=[], help="PxN: a benchmarks/generate.py model")
    ap.add_argument("--date", action="append", help=f"run date, ISO (repeatable; default {', '.join(DATES)})")
    ap.add_argument("--all-formats", action="store_true", help="compare SARIF output too")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    formats = ("json", "sarif") if args.all_formats else ("json",)
    differ = 0
    for model in _models(args):
        for day in args.date or DATES:
            for fmt in formats:
                mine = _run(args.mine.resolve(), model, fmt, day, args.work / f"mine.{fmt}")
                theirs = _run(args.reference.resolve(), model, fmt, day, args.work / f"theirs.{fmt}")
                same = mine == theirs
                differ += not same
                digest = hashlib.sha256(mine[1]).hexdigest()[:12]
                print(
                    f"{'same' if same else 'DIFFERENT'}  {model.name:<24} {day} {fmt:<5} exit {mine[0]}"
                    f" {len(mine[1]):>12,} bytes  sha256 {digest}",
                    flush=True,
                )
    print(f"{differ} of the outputs differ" if differ else "all outputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
