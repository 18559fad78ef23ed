"""Worker processes that end with the command that started them.

A command spreads a large model over worker processes (loading, checks, a roadmap's provinces, a site's pages).
When the command is stopped (Ctrl-C, a CI job's timeout, an editor ending a run) its workers must stop too: a
worker left behind waits for work that never comes, or blocks on a pipe nobody reads, and holds its memory for
good. So every worker process calls :func:`end_with` first (a pool's workers, :func:`pool_worker`):

- SIGTERM ends it at once;
- a daemon thread ends it when the command's process is gone (killed with SIGTERM or SIGKILL, it could not tell
  its workers): the worker's parent is then no longer the process that started it;
- a pool's worker ignores SIGINT: Ctrl-C reaches the whole process group, and the command, not each worker,
  decides what to do (drop the provinces not begun, remove its temporary files, exit). Without this a pool's
  worker turns the interrupt into the result of the task it was running and goes on with the next ones.
"""

from __future__ import annotations

import os
import signal
import threading
import time

POLL_SECONDS = 0.25
"""How often a worker looks whether the command's process is still there."""


def end_with(parent: int) -> None:
    """Call first in a worker process started by process ``parent`` (``os.getpid()`` there, before starting it)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if os.getppid() != parent:
        os._exit(1)  # the command ended before this worker began
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="ictarch-end-with-parent").start()


def pool_worker(parent: int) -> None:
    """:func:`end_with`, for a worker of a process pool (its initializer): Ctrl-C is the command's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(parent)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
