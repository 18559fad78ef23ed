"""The loading benchmark (benchmarks/bench_load.py) on a tiny model: it loads, and prints a row per parser.

No timing is asserted: the benchmark measures, the notes and the README report.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_each_parser_has_a_row_against_y0() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--sizes", "20", "--provinces", "2",
         "--repeat", "1"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("Y0 (bare libyaml parse): ") and "8 files" in line for line in lines), done.stdout
    rows = [line.split("|")[1:-1] for line in lines if line.startswith("| ") and "parser" not in line]
    assert [row[0].strip() for row in rows][:2] == ["default (line reader, PyYAML)", "PyYAML alone"]
    for row in rows:
        assert all(float(cell) > 0 for cell in row[1:4]), row
        assert row[4].strip().endswith("MiB")
