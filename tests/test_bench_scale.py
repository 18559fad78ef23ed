"""The scale harness (benchmarks/bench_scale.py) on a tiny model: every command has its row, caps become rows.

No timing is asserted: the harness measures, the README reports.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_scale


def test_every_command_has_a_row_in_the_table(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_scale.py"), "--sizes", "30", "--provinces", "2",
         "--work", str(tmp_path / "work"), "--out", str(out), "--timeout", "300"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    assert "### 2 × 30 components" in table and "Y0 = " in table
    floor, before, after = (
        float(x)
        for x in re.findall(
            r"Y0 = ([0-9.]+) s, the lesser of ([0-9.]+) s before the "
            r"commands and ([0-9.]+) s after",
            table,
        )[0]
    )
    assert floor == min(before, after)  # the parse taken before the commands and after them: the lesser
    measured, exponents = table.split("Exponents")
    rows = {line.split("|")[1].strip(): line for line in measured.splitlines() if line.startswith("| ")}
    for name in bench_scale.NAMES:
        assert name in rows, f"no row for {name}"
        row = rows[name]
        if name == "check-cold-fast" and "n/a" in row:
            continue
        assert "× Y0" in row and "MiB" in row, row
        assert "exit 0" in row or "exit 1" in row, f"{name} did not run cleanly: {row}"
    assert "time exponent" in exponents and "| check-cold | 30 | n/a | n/a |" in exponents, "one size: no slope"


def test_a_run_past_its_timeout_or_memory_cap_is_a_row_not_a_crash(tmp_path: Path) -> None:
    slow = bench_scale.measure(
        "slow", [sys.executable, "-c", "import time; time.sleep(30)"], {}, tmp_path / "slow.out", 1.0, None
    )
    assert slow.status == "timed out"
    greedy = bench_scale.measure(
        "greedy", [sys.executable, "-c", "x = bytearray(2 * 2**30)"], {}, tmp_path / "greedy.out", 60.0, 0.5
    )
    assert greedy.status == "out of memory"
    fine = bench_scale.measure("fine", [sys.executable, "-c", "print(1)"], {}, tmp_path / "fine.out", 60.0, 1.0)
    assert fine.status == "ok" and fine.exit_code == 0 and fine.rss_kib


def test_exponent_of_a_linear_and_a_quadratic_command() -> None:
    runs = {
        100: (1.0, [bench_scale.Run("lin", 1.0, 1000), bench_scale.Run("quad", 1.0, 1000)], 0),
        400: (4.0, [bench_scale.Run("lin", 4.0, 1000), bench_scale.Run("quad", 16.0, 16000)], 0),
    }
    table = bench_scale.exponents(runs)
    assert "| lin | 100 → 400 | 1.00 | 0.00 | n/a |" in table
    assert "| quad | 100 → 400 | 2.00 | 2.00 | n/a |" in table
    runs[100][1][0].tree_kib, runs[400][1][0].tree_kib = 2000, 8000
    assert "| lin | 100 → 400 | 1.00 | 0.00 | 1.00 |" in bench_scale.exponents(runs)


TWO_PROCESSES = """
import os, time
shared = b"s" * (32 * 2**20)  # written before the fork: both processes map it
child = os.fork() == 0
own = (b"c" if child else b"p") * (96 * 2**20)  # written after: each process its own
time.sleep(1.5)
if child:
    os._exit(0)
os.wait()
"""


def test_the_memory_of_all_a_commands_processes_is_measured_together(tmp_path: Path) -> None:
    """A command whose worker holds as much as it does: the processes summed show all it needs (the pages they
    share from the fork counted once), where its largest process shows about half."""
    run = bench_scale.measure("two", [sys.executable, "-c", TWO_PROCESSES], {}, tmp_path / "two.out", 60.0, None)
    assert run.status == "ok" and run.rss_kib and run.tree_kib
    # wait4's peak is one process's: no less than what one of them holds. (It is also no less than what the
    # measuring process held when it forked the command: Linux keeps that high-water mark across exec, so under a
    # test run of some hundreds of MiB it says nothing of the second process.)
    assert run.rss_kib >= (96 + 32) * 1024
    assert run.tree_kib >= (2 * 96 + 32) * 1024  # both, measured while they held it
    assert run.tree_kib < (2 * 96 + 2 * 32) * 1024  # the 32 MiB they share counted once
