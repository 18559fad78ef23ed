"""Worker processes end with the command that started them (:mod:`ictarch._children`).

A worker whose command was killed used to wait for work for good, holding its memory: killing ``ictarch check`` or
``ictarch validate`` of a national model (a CI job's timeout, an editor ending a run) left its two load workers
behind. Ctrl-C made each pool worker turn the interrupt into one task's result and go on with the rest, so the
command stopped only once every province was loaded.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from benchmarks import national
from ictarch._children import end_with, forked, pool_worker
from ictarch.loading.workspace import PARALLEL_THRESHOLD_BYTES

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods(), reason="Linux processes"
)


def _gone(pid: int, within: float = 15.0) -> bool:
    """Whether process ``pid`` has ended (or is a zombie waiting to be reaped) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def _orphan(guard: bool, pipe_out: int) -> None:
    """A process that starts a worker (guarded or not), tells its id and dies without telling the worker."""
    parent = os.getpid()
    worker = os.fork()
    if worker == 0:
        if guard:
            end_with(parent)
        time.sleep(60)
        os._exit(0)
    os.write(pipe_out, str(worker).encode())
    os._exit(0)


@pytest.mark.parametrize("guard", [True, False])
def test_a_worker_ends_when_the_process_that_started_it_is_gone(guard: bool) -> None:
    read, write = os.pipe()
    middle = multiprocessing.get_context("fork").Process(target=_orphan, args=(guard, write))
    middle.start()
    worker = int(os.read(read, 32))
    middle.join()
    os.close(read)
    os.close(write)
    try:
        assert _gone(worker, within=5.0) is guard
    finally:
        if not guard:
            os.kill(worker, signal.SIGKILL)


def _signals() -> tuple[bool, bool]:
    return signal.getsignal(signal.SIGINT) == signal.SIG_IGN, signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_a_pool_worker_leaves_ctrl_c_to_the_command() -> None:
    with ProcessPoolExecutor(max_workers=1, initializer=pool_worker, initargs=(os.getpid(),)) as pool:
        assert pool.submit(_signals).result() == (True, True)


@pytest.fixture(scope="module")
def large_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that loading uses worker processes."""
    out = tmp_path_factory.mktemp("large") / "n"
    national.generate(out, 4, 1000, 20260701)
    assert sum(f.stat().st_size for f in out.rglob("*.yaml")) > PARALLEL_THRESHOLD_BYTES
    return out


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(c) for c in text.split()]


@pytest.mark.parametrize("command", [["validate"], ["check", "--format", "json"], ["diagram", "national"]])
def test_killing_a_command_leaves_no_worker_behind(large_model: Path, command: list[str], tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "-q", "--no-cache", *command, str(large_model)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env={**os.environ, "ICTARCH_YAML_PARSER": "pyyaml"},
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    assert workers, "the command started worker processes"
    left = [w for w in workers if not _gone(w)]
    for w in left:  # a failure here leaves nothing running behind the tests
        os.kill(w, signal.SIGKILL)
    assert left == [], "a worker outlived its command"


def _killed() -> Iterator[int]:
    yield 1
    os.kill(os.getpid(), signal.SIGKILL)
    yield 2


def _failing() -> Iterator[int]:
    yield 1
    raise ValueError("fails in the child")


def test_a_forked_child_sends_its_items_or_nothing() -> None:
    """All the items, in order, from a child that inherited what they are made from; nothing (None) from one
    that failed or was killed after sending some: the caller then does the work itself."""
    made_here = [f"item {n}" * 10_000 for n in range(50)]  # larger than a pipe's buffer, each
    result = forked(lambda: iter(made_here))
    assert result is not None and result() == made_here
    for work in (_killed, _failing):
        result = forked(work)
        assert result is not None and result() is None, work.__name__
