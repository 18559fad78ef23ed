"""Component pages built in a second process while this one builds the others: the same files, in the same order.

A national site is mostly component pages (340,000 at 34 × 10,000), each a few milliseconds of Python: one
processor does them all while the machine has two. A forked process inherits the site's context as it is in
memory (the graph, the report, the lookups built before the fork; copy-on-write, nothing serialised) and walks
the same plan, building every other component page and sending its bytes back through a pipe; this process
builds the rest and takes the sent ones in their turn, so the files come in the plan's order. A page is a
function of the context alone, so who builds it does not change it (tests/site/test_site_scale.py compares
the two builds byte for byte). If the helper fails or ends early, the pages it has not sent are built here.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection

Entry = tuple[str, Callable[[], str], bool]
"""A file of the plan: its path, what makes it, and whether another process may make it (a component page)."""

SHARED_PAGES = 2_000
"""Component pages below which starting a process costs more than it saves."""
PIPE_BYTES = 1 << 20
"""The pipe's buffer (Linux lets a process ask for up to 1 MiB): the helper may run some 30 pages ahead."""


def helper_wanted(shared_pages: int, processes: int | None) -> bool:
    """Whether to build with a helper process: asked for, or by default when the site is large enough."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if processes is not None:
        return processes >= 2
    return shared_pages >= SHARED_PAGES and (os.cpu_count() or 1) >= 2


def _theirs(n: int) -> bool:
    """Whether the ``n``-th shareable page (from 0) is the helper's: three in four, as this process also builds
    every other page of the site (overviews, findings, diagrams: about a third of the work)."""
    return n % 4 != 0


def _helper(plan: Callable[[], Iterable[Entry]], send: Connection) -> None:
    """In the forked process: build the helper's pages of the plan, in order, and send each as path and bytes."""
    try:
        n = 0
        for path, make, shareable in plan():
            if not shareable:
                continue
            if _theirs(n):
                send.send_bytes(path.encode("utf-8") + b"\0" + make().encode("utf-8"))
            n += 1
    except (BrokenPipeError, OSError, KeyboardInterrupt):
        pass  # the reader has gone: nothing more is wanted
    finally:
        send.close()


def _started_helper(parent: int, plan: Callable[[], Iterable[Entry]], send: Connection) -> None:
    from ictarch._children import end_with

    end_with(parent)  # not left behind when the command is killed
    _helper(plan, send)


def built_with_helper(
    plan: Callable[[], Iterable[Entry]], helper_plan: Callable[[], Iterable[Entry]] | None = None
) -> Iterator[tuple[str, bytes]]:
    """The plan's files as UTF-8 bytes, in order, every other component page built by a forked helper.

    ``plan`` is walked here, ``helper_plan`` (default: ``plan``) in the helper: both walks must name the same
    files (a plan is a function of the context). Whatever the context computes on first use should be built
    before the call, so that both processes share it instead of each computing its own."""
    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    with contextlib.suppress(ImportError, OSError, AttributeError):  # not Linux, or a capped size: a smaller buffer
        import fcntl

        fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    gc.freeze()  # the collector of the helper leaves the inherited objects (and their pages) alone
    try:
        args = (os.getpid(), helper_plan or plan, send)
        helper = fork.Process(target=_started_helper, args=args, daemon=True, name="ictarch-pages")
        helper.start()
    finally:
        gc.unfreeze()
    send.close()
    alive = True
    try:
        n = 0
        for path, make, shareable in plan():
            if shareable and _theirs(n) and alive:
                try:
                    sent_path, _, data = receive.recv_bytes().partition(b"\0")
                except (EOFError, OSError):
                    alive = False  # the helper ended early: the rest is built here
                else:
                    if sent_path.decode("utf-8") == path:
                        n += 1
                        yield path, data
                        continue
                    alive = False  # out of step (never expected): build here from now on
            if shareable:
                n += 1
            yield path, make().encode("utf-8")
    finally:
        receive.close()
        helper.join(timeout=5)
        if helper.is_alive():
            helper.terminate()
            helper.join()
