"""The output phase of ``ictarch check``, in process, as a ratio to the bare libyaml parse of the same model.

    python3 benchmarks/bench_output.py --model /work/coord/models/n500
    python3 benchmarks/bench_output.py --model /work/coord/models/n500 --report /tmp/n500.pickle  # reuse the run

The checks run once (or their report is read back from ``--report``, written there by an earlier run); then,
for each format and language, the output phase of a run (the report sorted as ``Report`` sorts it, its summary,
the findings rendered, encoded and written to a file as ``check -o`` writes it) is timed ``--repeat`` times,
alternating formats, and the least CPU time of this process is kept. Y0 (``yaml.load`` with ``CSafeLoader`` of
every YAML file of the model, garbage collector paused) is measured in the same run, before and after, and the
smaller one is the baseline: every figure is a ratio measured in the same minutes on the same machine.

For an A/B comparison with other code, run the script twice with ``PYTHONPATH`` naming each checkout, with the
same ``--report`` file (the report's classes are plain dataclasses, read by either).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import pickle
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

FORMATS = ("json", "sarif", "junit", "markdown", "text")


def y0(model: Path) -> float:
    """CPU seconds of the bare libyaml parse of every YAML file of the model."""
    files = sorted(model.rglob("*.yaml"))
    gc.disable()
    try:
        start = time.process_time()
        for name in files:
            with open(name, "rb") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)
        return time.process_time() - start
    finally:
        gc.enable()


def report_of(model: Path, cache: Path | None) -> object:
    if cache is not None and cache.is_file():
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    from ictarch.loading import load_workspace
    from ictarch.runner import run

    when = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    report = run(load_workspace([model]), generated_at=when, run_date=when.date())
    if cache is not None:
        with open(cache, "wb") as handle:
            pickle.dump(report, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return report


def output_phase(report: object, fmt: str, lang: str, target: Path) -> float:
    """CPU seconds of one output phase: sort, summary, write the file."""
    from ictarch.findings import Report
    from ictarch.formatters import WRITERS, OutputFormat
    from ictarch.formatters.sarif import SourceRoot, write_sarif
    from ictarch.safe_write import open_text

    assert isinstance(report, Report)
    fresh = pickle.loads(pickle.dumps(report.findings, protocol=pickle.HIGHEST_PROTOCOL))
    for f in fresh:  # the message keys as the run's first sort computes them
        vars(f.message).pop("_key", None) if not isinstance(f.message, str) else None
    start = time.process_time()
    sorted_report = replace(report, findings=fresh)
    sorted_report.summary()
    with open_text(target) as write:
        if fmt == "sarif":
            write_sarif(sorted_report, write, SourceRoot(root=Path.cwd(), cwd=Path.cwd()), lang)
        else:
            WRITERS[OutputFormat(fmt)](sorted_report, write, lang)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--report", type=Path, help="a pickle of the report: read when it exists, else written")
    ap.add_argument("--formats", default="json,sarif")
    ap.add_argument("--langs", default="vi,en")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    report = report_of(args.model, args.report)
    base = y0(args.model)
    pairs = [(f, lang) for f in args.formats.split(",") for lang in args.langs.split(",")]
    best: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeat):
            for fmt, lang in pairs:
                seconds = output_phase(report, fmt, lang, Path(folder) / f"out.{fmt}")
                best[fmt, lang] = min(best.get((fmt, lang), seconds), seconds)
    base = min(base, y0(args.model))
    import ictarch

    print(f"code: {Path(ictarch.__file__).parent}  model: {args.model}  findings: {len(report.findings)}")  # type: ignore[attr-defined]
    print(f"Y0 (libyaml parse, CPU): {base:.2f} s")
    for (fmt, lang), seconds in best.items():
        print(f"{fmt:9} {lang}: {seconds:6.2f} s CPU  = {seconds / base:.3f} x Y0")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
