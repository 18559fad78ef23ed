"""Component pages built in a second process while this one builds the others: the same files, in the same order.

A national site is mostly component pages (340,000 at 34 × 10,000), each a few milliseconds of Python: one
processor does them all while the machine has two. A forked process inherits the site's context as it is in
memory (the graph, the report, the lookups built before the fork; copy-on-write, nothing serialised) and walks
the same plan. Each component page goes to whichever process comes to it first (:class:`Claims`): the helper
builds pages ahead and sends their bytes back through a pipe, while this one builds the other pages of the site
(overviews, findings, diagrams); when this one reaches a component page the helper has not taken, it takes and
builds it itself. So the work is shared by how fast each process goes, not by a fixed share, which depends on
the site (how large its provinces and diagrams are) and on the machine. The files still come in the plan's
order. A page is a function of the context alone, so who builds it does not change it (tests/site/test_site_scale.py
compares the two builds byte for byte). If the helper fails or ends early, the pages it has not sent are built
here.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import select
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.context import BaseContext

Entry = tuple[str, Callable[[], str], bool]
"""A file of the plan: its path, what makes it, and whether another process may make it (a component page)."""

SHARED_PAGES = 2_000
"""Component pages below which starting a process costs more than it saves."""
PIPE_BYTES = 1 << 20
"""The pipe's buffer (Linux lets a process ask for up to 1 MiB)."""
AHEAD_BYTES = 8 << 20
"""Pages the helper may hold built and not yet sent, besides the pipe's: it goes on building while this process
is busy with a province's other pages (some 250 component pages), and memory stays bounded."""


def helper_wanted(shared_pages: int, processes: int | None) -> bool:
    """Whether to build with a helper process: asked for, or by default when the site is large enough."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if processes is not None:
        return processes >= 2
    return shared_pages >= SHARED_PAGES and (os.cpu_count() or 1) >= 2


class Claims:
    """Which component pages are taken: both processes walk them in the same order, so the taken ones are always
    the first ``n`` and one shared number says which."""

    def __init__(self, context: BaseContext) -> None:
        self._lock = context.Lock()
        self._taken = context.RawValue("q", 0)

    def take(self, n: int) -> bool:
        """Take the ``n``-th component page (from 0); False if the other process has taken it."""
        with self._lock:
            if self._taken.value > n:
                return False
            self._taken.value = n + 1
            return True


_HEADER = struct.Struct("!Q")
"""Each page goes through the pipe as its length, then the path, a NUL and the page's bytes."""


class _Outbox:
    """The helper's built pages on their way to the pipe: written as far as the pipe takes them without waiting,
    the rest held up to ``limit`` bytes, so that the helper goes on building while this process is busy with other
    pages. One thread: a thread of its own to send would wait for the builder's interpreter lock on every page."""

    def __init__(self, fd: int, limit: int) -> None:
        self._fd = fd
        self._limit = limit
        self._chunks: deque[memoryview] = deque()
        self._held = 0
        os.set_blocking(fd, False)

    def put(self, page: bytes) -> None:
        """Send ``page`` as far as the pipe takes it; wait only while more than ``limit`` bytes are held.
        BrokenPipeError once the reader has gone."""
        for chunk in (_HEADER.pack(len(page)), page):
            self._chunks.append(memoryview(chunk))
            self._held += len(chunk)
        self._write(self._limit)

    def close(self) -> None:
        """Send what is held, waiting as long as it takes."""
        self._write(0)

    def _write(self, keep: int) -> None:
        chunks = self._chunks
        while chunks:
            try:
                n = os.write(self._fd, chunks[0])
            except BlockingIOError:
                if self._held <= keep:
                    return
                _wait(self._fd, select.POLLOUT)
                continue
            self._held -= n
            if n == len(chunks[0]):
                chunks.popleft()
            else:
                chunks[0] = chunks[0][n:]


def _wait(fd: int, event: int, timeout_ms: int | None = None) -> bool:
    """Whether ``fd`` is ready for ``event`` (or closed at its other end) within the timeout; ``poll``, not
    ``select``, which refuses a descriptor numbered 1024 or above."""
    waiting = select.poll()
    waiting.register(fd, event)
    return bool(waiting.poll(timeout_ms))


def _receive(fd: int) -> bytes:
    """The next page the helper sent; EOFError when it has closed the pipe."""
    (size,) = _HEADER.unpack(_read(fd, _HEADER.size))
    return _read(fd, size)


def _read(fd: int, size: int) -> bytes:
    parts = []
    while size:
        piece = os.read(fd, min(size, PIPE_BYTES))
        if not piece:
            raise EOFError
        parts.append(piece)
        size -= len(piece)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _helper(plan: Callable[[], Iterable[Entry]], claims: Claims, fd: int) -> None:
    """In the forked process: build each component page of the plan not taken yet, in order, and send it as path
    and bytes."""
    try:
        outbox = _Outbox(fd, AHEAD_BYTES)
        n = 0
        for path, make, shareable in plan():
            if not shareable:
                continue
            if claims.take(n):
                outbox.put(path.encode("utf-8") + b"\0" + make().encode("utf-8"))
            n += 1
        outbox.close()
    except (BrokenPipeError, OSError, KeyboardInterrupt):
        pass  # the reader has gone: nothing more is wanted
    finally:
        os.close(fd)


def _started_helper(parent: int, plan: Callable[[], Iterable[Entry]], claims: Claims, fds: tuple[int, int]) -> None:
    from ictarch._children import end_with

    end_with(parent)  # not left behind when the command is killed
    os.close(fds[0])
    _helper(plan, claims, fds[1])


def built_with_helper(
    plan: Callable[[], Iterable[Entry]], helper_plan: Callable[[], Iterable[Entry]] | None = None
) -> Iterator[tuple[str, bytes]]:
    """The plan's files as UTF-8 bytes, in order, component pages shared with a forked helper.

    ``plan`` is walked here, ``helper_plan`` (default: ``plan``) in the helper: both walks must name the same
    files (a plan is a function of the context). Whatever the context computes on first use should be built
    before the call, so that both processes share it instead of each computing its own."""
    fork = multiprocessing.get_context("fork")
    receive, send = os.pipe()
    with contextlib.suppress(ImportError, OSError, AttributeError):  # not Linux, or a capped size: a smaller buffer
        import fcntl

        fcntl.fcntl(send, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    gc.freeze()  # the collector of the helper leaves the inherited objects (and their pages) alone
    try:
        claims = Claims(fork)
        args = (os.getpid(), helper_plan or plan, claims, (receive, send))
        helper = fork.Process(target=_started_helper, args=args, daemon=True, name="ictarch-pages")
        helper.start()
    except BaseException:
        os.close(receive)
        raise
    finally:
        os.close(send)
        gc.unfreeze()
    alive = True
    try:
        n = 0
        entries = iter(plan())
        ahead: list[Entry] = []  # the next entry, read ahead
        while (entry := ahead.pop() if ahead else next(entries, None)) is not None:
            path, make, shareable = entry
            if not (shareable and alive and not claims.take(n)):
                n += shareable
                yield path, make().encode("utf-8")
                continue
            # the helper's page, which comes next through the pipe; while the helper builds it, the next page is
            # built here if the helper has not taken it: so neither waits, and each builds as many as its pace allows
            mine = None
            if not _wait(receive, select.POLLIN, 0) and (following := next(entries, None)) is not None:
                ahead.append(following)
                if following[2] and claims.take(n + 1):
                    mine = following[1]().encode("utf-8")
            n += 1
            data = None
            try:
                sent_path, _, sent = _receive(receive).partition(b"\0")
            except (EOFError, OSError):
                alive = False  # the helper ended early: the rest is built here
            else:
                if sent_path.decode("utf-8") == path:
                    data = sent
                else:
                    alive = False  # out of step (never expected): build here from now on
            yield path, data if data is not None else make().encode("utf-8")
            if mine is not None:
                n += 1
                yield ahead.pop()[0], mine
    finally:
        os.close(receive)
        helper.join(timeout=5)
        if helper.is_alive():
            helper.terminate()
            helper.join()
