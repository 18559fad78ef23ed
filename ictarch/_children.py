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
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")

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


def forked(work: Callable[[], Iterable[T]]) -> Callable[[], list[T] | None] | None:
    """Start ``work`` in a forked child, which inherits this process's memory as it is (nothing is serialised on
    the way in); call what is returned to wait for its items, None when the child failed or died. None instead
    of starting: this platform cannot fork.

    The items come over one at a time, received by a thread of this process as they come: no more than one is
    ever held serialised, and the child never waits for this process to be free. The child stays silent: should
    ``work`` fail there, the caller does it itself, and reports what fails.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run_forked, args=(os.getpid(), work, send), daemon=True)
    child.start()
    send.close()
    items: list[T] = []
    finished: list[bool] = []

    def take() -> None:
        try:
            while (item := receive.recv()) is not _DONE:
                items.append(item)
            finished.append(True)
        except Exception:  # the child failed or died, or sent what cannot be read
            pass
        finally:
            receive.close()

    taking = threading.Thread(target=take, daemon=True, name="ictarch-forked-items")
    taking.start()

    def result() -> list[T] | None:
        taking.join()
        child.join()
        return items if finished else None

    return result


class _Done:
    """The last message of a forked child: all its items were sent."""

    def __reduce__(self) -> str:
        return "_DONE"  # one instance, in every process


_DONE = _Done()


def _run_forked(parent: int, work: Callable[[], Iterable[T]], send: Connection) -> None:
    end_with(parent)
    try:
        for item in work():
            send.send(item)
        send.send(_DONE)
    except BaseException:  # the parent does the work again, and reports the failure
        os._exit(1)
    send.close()
