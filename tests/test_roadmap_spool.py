"""``ictarch roadmap`` leaves no temporary folder behind: not when stopped by SIGTERM mid-run, and one left by a
run killed outright (SIGKILL) is removed by the next run once its process is gone.

The provinces' output is spooled in ``ictarch-roadmap-<pid>-<random>`` under the system's temporary folder
until every province has loaded (:func:`ictarch.cli.roadmap.spool_folder`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ictarch.cli.roadmap import SPOOL_PREFIX, STALE_SECONDS, sweep_spools

ROOT = Path(__file__).resolve().parent.parent

HOLD_SPOOL = """
import sys, time
from ictarch.cli.roadmap import spool_folder
with spool_folder() as folder:
    (folder / "0.out").write_text("a province's output")
    print(folder, flush=True)
    time.sleep(60)
"""


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(ROOT)}


def _dead_pid() -> int:
    """The id of a process that has exited (and been waited for)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_sigterm_mid_run_removes_the_spool_folder(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_SPOOL], cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    folder = Path(proc.stdout.readline().strip())
    assert folder.parent == tmp_path and folder.name.startswith(f"{SPOOL_PREFIX}{proc.pid}-")
    assert (folder / "0.out").is_file()  # the run is under way, its spool written
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert not folder.exists()
    assert list(tmp_path.glob(f"{SPOOL_PREFIX}*")) == []


def test_a_run_removes_spools_of_dead_runs_and_keeps_live_ones(tmp_path: Path) -> None:
    dead = tmp_path / f"{SPOOL_PREFIX}{_dead_pid()}-k1ll3d"
    live = tmp_path / f"{SPOOL_PREFIX}{os.getpid()}-runn1ng"  # this test's own process: running
    old = tmp_path / f"{SPOOL_PREFIX}abc123xy"  # an earlier version's name, without a process id
    recent = tmp_path / f"{SPOOL_PREFIX}zz9yy8xx"
    for folder in (dead, live, old, recent):
        folder.mkdir()
        (folder / "0.out").write_text("output")
    past = time.time() - STALE_SECONDS - 60
    os.utime(old, (past, past))
    model = ROOT / "province_models" / "quang-tri"
    done = subprocess.run(
        [sys.executable, "cli.py", "--no-cache", "roadmap", "--format", "json", str(model)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[")
    assert sorted(p.name for p in tmp_path.glob(f"{SPOOL_PREFIX}*")) == sorted([live.name, recent.name])
    assert (live / "0.out").read_text() == "output"


def test_sweep_leaves_files_and_other_folders_alone(tmp_path: Path) -> None:
    stray = tmp_path / f"{SPOOL_PREFIX}{_dead_pid()}-afile"
    stray.write_text("not a folder")
    other = tmp_path / "ictarch-other-1-x"
    other.mkdir()
    gone = tmp_path / f"{SPOOL_PREFIX}{_dead_pid()}-gone"
    gone.mkdir()
    assert sweep_spools(tmp_path) == [gone]
    assert stray.is_file() and other.is_dir() and not gone.exists()
