"""Writing files where the user named them, and nowhere else: the one way every command writes.

- A file is written whole or not at all: the bytes go to a temporary file beside it, which then
  replaces it (a killed run or a full disk leaves the old file, and no temporary file behind).
- Nothing is written through a symbolic link, and nothing outside the folder the user named.
- What cannot be written is an :class:`OutputError` (exit 2) that says which path and why: a missing
  or read-only folder, a folder where a file was named, a file where a folder was named, a FIFO or
  device, a full disk.
- A folder of files (the review site, a merged model) remembers what it wrote in a manifest, so that
  ``--force`` replaces and removes exactly the files ictarch wrote before and never one the user put there.
  A file that already holds what would be written is left as it is (its time and inode too).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import AnyStr, Generic

from ictarch.errors import OutputError
from ictarch.i18n import Msg, Text, msg

MANIFEST = ".ictarch-files.json"
"""The list of files ictarch wrote into a folder, kept in that folder."""

_REASONS = {
    errno.ENOSPC: msg("write.no-space"),
    errno.EDQUOT: msg("write.quota"),
    errno.EROFS: msg("write.read-only"),
    errno.EACCES: msg("write.permission"),
    errno.EPERM: msg("write.permission"),
    errno.ENOTDIR: msg("write.part-is-file"),
    errno.EISDIR: msg("write.is-folder"),
    errno.ENAMETOOLONG: msg("write.name-too-long"),
}


def _why(exc: OSError) -> Text:
    """Why the system refused, in the reader's language where ictarch knows the reason."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


OUTPUT_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""What a device answers when the output cannot be written whatever ictarch does: never a bug."""


def output_failure(exc: OSError) -> OutputError | None:
    """The error to report when a write without a path (the standard output, a stream it was redirected to)
    failed for the device's reason: a full disk, a quota, an input/output error. None for anything else."""
    if exc.errno not in OUTPUT_FAILURES or exc.filename is not None:
        return None
    return OutputError(msg("write.cannot-write-output", reason=_why(exc)))


def file_kind(mode: int) -> Msg:
    """What a path is (a file, a folder, a link, a FIFO, ...), named for an error message."""
    if stat.S_ISREG(mode):
        return msg("write.kind-file")
    if stat.S_ISDIR(mode):
        return msg("write.kind-folder")
    if stat.S_ISLNK(mode):
        return msg("write.kind-link")
    if stat.S_ISFIFO(mode):
        return msg("write.kind-fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("write.kind-device")
    if stat.S_ISSOCK(mode):
        return msg("write.kind-socket")
    return msg("write.kind-other")


def _cannot(path: Path, reason: Text) -> OutputError:
    return OutputError(msg("write.cannot-write", path=str(path), reason=reason))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot(path, _why(exc)) from None


def check_file_target(target: Path) -> None:
    """Refuse, before anything is written, a target that is not a regular file or a new name."""
    st = _lstat(target)
    if st is not None and not stat.S_ISREG(st.st_mode):
        what = file_kind(st.st_mode)
        hint = msg("write.hint-name-a-file") if stat.S_ISDIR(st.st_mode) else msg("write.hint-remove")
        raise OutputError(msg("write.not-a-file", path=str(target), kind=what, hint=hint))


def ensure_folder(folder: Path, *, create: bool = True) -> None:
    """``folder`` exists as a real folder (created with its parents when ``create``), or an OutputError."""
    st = _lstat(folder)
    if st is None:
        if not create:
            raise OutputError(msg("write.no-folder", folder=str(folder)))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise OutputError(msg("write.file-in-path", folder=str(folder))) from None
        except OSError as exc:
            raise OutputError(msg("write.cannot-create", folder=str(folder), reason=_why(exc))) from None
        return
    if stat.S_ISLNK(st.st_mode) and folder.is_dir():
        return  # a folder the user reaches through a link: it is the folder they named
    if not stat.S_ISDIR(folder.stat().st_mode if stat.S_ISLNK(st.st_mode) else st.st_mode):
        raise OutputError(msg("write.not-a-folder", folder=str(folder), kind=file_kind(st.st_mode)))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes(target: Path, data: bytes, *, create_folder: bool = True) -> None:
    """Write ``data`` to ``target`` whole or not at all, never through a link; OutputError when it cannot.

    A stream the user names (``/dev/null``, ``/dev/stdout``, a named pipe with a reader) is written to
    as it is: there is no file to replace.
    """
    with _opened(target, create_folder) as fd:
        _write_all(fd, target, data)


@contextlib.contextmanager
def open_text(target: Path, *, create_folder: bool = True) -> Iterator[Callable[[str], object]]:
    """Write text to ``target`` piece by piece (UTF-8), with every guarantee of :func:`write_bytes`.

    The context gives the function that writes a piece. The pieces go, a megabyte at a time, to a
    temporary file beside ``target`` that replaces it only when the block ends normally: a block that
    raises (a bug, an interrupted run) or a full disk leaves the old file as it was and no temporary file
    behind. A stream the user names is written as the pieces come. OutputError when something cannot be
    written.
    """
    with _opened(target, create_folder) as fd:

        def write(data: bytes) -> None:
            _write_all(fd, target, data)

        with encoding(write) as text:
            yield text


@contextlib.contextmanager
def encoding(sink: Callable[[bytes], object]) -> Iterator[Callable[[str], object]]:
    """Text written piece by piece, handed to ``sink`` as UTF-8 a megabyte at a time (each piece encoded once,
    whoever ``sink`` hands the bytes on to). The rest is handed on when the block ends normally."""
    buffer = _Buffer(sink, "")
    yield buffer.write
    buffer.flush()


@contextlib.contextmanager
def open_bytes(target: Path, *, create_folder: bool = True) -> Iterator[Callable[[bytes], None]]:
    """Write bytes to ``target`` piece by piece, with every guarantee of :func:`open_text` (whole or not at all)."""
    with _opened(target, create_folder) as fd:

        def write(data: bytes) -> None:
            _write_all(fd, target, data)

        yield write


@contextlib.contextmanager
def gathering(sink: Callable[[bytes], object]) -> Iterator[Callable[[bytes], object]]:
    """:func:`encoding` for bytes already in UTF-8 (pieces of a report put together from tens of thousands of
    stored findings): handed to ``sink`` a megabyte at a time, the rest when the block ends normally."""
    buffer = _Buffer(sink, b"")
    yield buffer.write
    buffer.flush()


_BUFFER = 1 << 20
"""Characters gathered before a write to the disk: few system calls for a report of hundreds of megabytes."""


class _Buffer(Generic[AnyStr]):
    """Pieces gathered until there is a megabyte of them, then handed to ``sink`` as one piece of UTF-8."""

    def __init__(self, sink: Callable[[bytes], object], empty: AnyStr) -> None:
        self.sink = sink
        self.empty: AnyStr = empty
        self.pieces: list[AnyStr] = []
        self.size = 0

    def write(self, piece: AnyStr) -> None:
        self.pieces.append(piece)
        self.size += len(piece)
        if self.size >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        if not self.pieces:
            return
        joined = self.empty.join(self.pieces)
        self.pieces.clear()
        self.size = 0
        self.sink(joined.encode("utf-8") if isinstance(joined, str) else joined)


@contextlib.contextmanager
def _opened(target: Path, create_folder: bool) -> Iterator[int]:
    """A descriptor to write ``target`` through: the stream it names, or a temporary file that replaces it."""
    if _is_stream(target):
        fd = _open_stream(target)
        try:
            yield fd
        finally:
            os.close(fd)
        return
    check_file_target(target)
    ensure_folder(target.parent, create=create_folder)
    with _temporary(target) as fd:
        yield fd


def _is_stream(target: Path) -> bool:
    try:
        mode = target.stat().st_mode  # following links: /dev/stdout is a link to the process's stream
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _open_stream(target: Path) -> int:
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = msg("write.no-reader") if exc.errno == errno.ENXIO else _why(exc)
        raise _cannot(target, reason) from None
    try:
        os.set_blocking(fd, True)
    except OSError as exc:
        os.close(fd)
        raise _cannot(target, _why(exc)) from None
    return fd


def _write_all(fd: int, target: Path, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise _cannot(target, _why(exc)) from None


def write_text(target: Path, text: str, *, create_folder: bool = True) -> None:
    write_bytes(target, text.encode("utf-8"), create_folder=create_folder)


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` whole or not at all, checking nothing else (the caller has)."""
    _atomic(target, data)


def _atomic(target: Path, data: bytes) -> None:
    with _temporary(target) as fd:
        _write_all(fd, target, data)


@contextlib.contextmanager
def _temporary(target: Path) -> Iterator[int]:
    """A temporary file beside ``target`` (same file system), to write; it is renamed over ``target`` when the
    block ends normally, and removed when it raises."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = -1
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(tmp, flags, 0o666 & ~_umask())
        except FileExistsError:  # left by a killed process that had this process's id: stale
            tmp.unlink()
            fd = os.open(tmp, flags, 0o666 & ~_umask())
        yield fd
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except OSError as exc:
        _discard(fd, tmp)
        raise _cannot(target, _why(exc)) from None
    except BaseException:  # OutputError, KeyboardInterrupt, a bug: leave nothing half-written behind
        _discard(fd, tmp)
        raise


def _discard(fd: int, tmp: Path) -> None:
    if fd >= 0:
        os.close(fd)
    with contextlib.suppress(OSError):
        tmp.unlink()


def _inside(folder: Path, rel: str) -> Path:
    """The path of ``rel`` in ``folder``; no part of it may be absolute, '..', or a link on disk."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise OutputError(msg("write.not-inside", rel=rel, folder=str(folder)))
    here = folder
    for part in parts[:-1]:
        here = here / part
        st = _lstat(here)
        if st is not None and not stat.S_ISDIR(st.st_mode):
            raise OutputError(msg("write.through", path=str(folder / rel), part=str(here), kind=file_kind(st.st_mode)))
    target = folder.joinpath(*parts)
    st = _lstat(target)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(msg("write.through", path=str(target), part=str(target), kind=file_kind(st.st_mode)))
    return target


def _manifest(folder: Path) -> list[str]:
    try:
        st = (folder / MANIFEST).lstat()
        if not stat.S_ISREG(st.st_mode):
            return []
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = listed.get("files") if isinstance(listed, dict) else None
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def write_folder(folder: Path, files: Mapping[str, bytes], *, force: bool) -> list[str]:
    """Write ``files`` (relative paths with '/') into ``folder``; return the files of an earlier run removed.

    Without ``force`` the folder must be new or empty. With it, the files are replaced (one that already
    holds the same bytes is left as it is), and the files
    ictarch wrote there before (its manifest) that this run does not write are removed; files ictarch did
    not write are never touched. Every path is checked before anything is written, so a refusal (a link,
    a file where a folder must be) leaves the folder as it was.
    """
    return write_folder_stream(folder, list(files), files.items(), force=force)


def write_folder_stream(
    folder: Path,
    planned: Sequence[str],
    files: Iterable[tuple[str, bytes]],
    *,
    force: bool,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Write the files of ``planned`` into ``folder`` as ``files`` yields them, one at a time, so that only
    one is in memory and a run cut short has written those before; return the files of an earlier run removed.

    The guarantees of :func:`write_folder` hold: every planned path is checked before anything is
    written, nothing goes through a link or outside ``folder``, and the manifest lists the planned files
    (with those of an earlier run) before the first is written, so a later ``--force`` replaces or
    removes whatever an interrupted run left. ``progress(done, total)`` follows the writing.
    """
    ensure_folder(folder)
    try:
        existing = [p.name for p in folder.iterdir()]
    except OSError as exc:
        raise OutputError(msg("write.cannot-write-into", folder=str(folder), reason=_why(exc))) from None
    if existing and not force:
        raise OutputError(msg("cli.folder-not-empty", path=str(folder)))
    wanted = set(planned)
    if len(wanted) != len(planned):
        raise ValueError("a file is planned twice")
    for rel in planned:
        _inside(folder, rel)
    before = _manifest(folder)
    _write_manifest(folder, set(before) | wanted)
    folders: set[Path] = set()
    done: set[str] = set()
    for rel, data in files:
        if rel not in wanted or rel in done:
            raise ValueError(f"{rel} was not planned, or came twice")
        target = folder.joinpath(*rel.split("/"))
        if target.parent not in folders:  # a folder first written into: checked again, then made
            target = _inside(folder, rel)
            ensure_folder(target.parent)
            folders.add(target.parent)
        if not (existing and _holds(target, data)):  # a file already as it would be written is left as it is
            _atomic(target, data)
        done.add(rel)
        if progress is not None:
            progress(len(done), len(planned))
    if done != wanted:
        raise ValueError(f"{len(wanted - done)} planned files were not produced")
    removed = []
    for rel in sorted(set(before) - wanted):
        try:
            stale = _inside(folder, rel)
        except OutputError:
            continue  # a link or a stranger now stands there: not ours to remove
        if stale.is_file():
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(rel)
                _prune(folder, stale.parent)
    _write_manifest(folder, wanted)
    return removed


def _holds(target: Path, data: bytes) -> bool:
    """Whether ``target`` is a file of its own (no other link to it) that holds exactly ``data``.

    Replacing such a file would change nothing but its inode and time: a site written again keeps the pages
    that did not change, for whatever copies or serves it by time, and spares the file system a file
    created and one deleted for each of them."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or st.st_size != len(data):
            return False
        held = bytearray()
        while len(held) <= len(data):  # one byte past the expected end: a file that grew meanwhile differs
            piece = os.read(fd, len(data) + 1 - len(held))
            if not piece:
                break
            held += piece
        return held == data
    except OSError:
        return False
    finally:
        os.close(fd)


def _write_manifest(folder: Path, files: set[str]) -> None:
    manifest = json.dumps({"written_by": "ictarch", "files": sorted(files)}, indent=1) + "\n"
    _atomic(folder / MANIFEST, manifest.encode("utf-8"))


def _prune(folder: Path, here: Path) -> None:
    """Remove folders left empty by removing stale files, up to (not including) ``folder``."""
    while here != folder and folder in here.parents:
        try:
            here.rmdir()
        except OSError:
            return
        here = here.parent
