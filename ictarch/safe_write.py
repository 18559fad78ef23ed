"""Writing files where the user named them, and nowhere else: the one way every command writes.

- A file is written whole or not at all: the bytes go to a temporary file beside it, which then
  replaces it (a killed run or a full disk leaves the old file, and no temporary file behind).
- Nothing is written through a symbolic link, and nothing outside the folder the user named.
- What cannot be written is an :class:`OutputError` (exit 2) that says which path and why: a missing
  or read-only folder, a folder where a file was named, a file where a folder was named, a FIFO or
  device, a full disk.
- A folder of files (the review site, a merged model) remembers what it wrote in a manifest, so that
  ``--force`` replaces and removes exactly the files ictarch wrote before and never one the user put there.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from ictarch.errors import OutputError

MANIFEST = ".ictarch-files.json"
"""The list of files ictarch wrote into a folder, kept in that folder."""

_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


def _why(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {_why(exc)}") from None


def check_file_target(target: Path) -> None:
    """Refuse, before anything is written, a target that is not a regular file or a new name."""
    st = _lstat(target)
    if st is not None and not stat.S_ISREG(st.st_mode):
        what = _kind(st.st_mode)
        hint = "name a file inside it" if stat.S_ISDIR(st.st_mode) else "remove it or name another file"
        raise OutputError(f"cannot write {target}: it is {what}, not a file ictarch writes through; {hint}")


def ensure_folder(folder: Path, *, create: bool = True) -> None:
    """``folder`` exists as a real folder (created with its parents when ``create``), or an OutputError."""
    st = _lstat(folder)
    if st is None:
        if not create:
            raise OutputError(f"cannot write into {folder}: the folder does not exist; create it first")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise OutputError(f"cannot create the folder {folder}: a file stands in its path") from None
        except OSError as exc:
            raise OutputError(f"cannot create the folder {folder}: {_why(exc)}") from None
        return
    if stat.S_ISLNK(st.st_mode) and folder.is_dir():
        return  # a folder the user reaches through a link: it is the folder they named
    if not stat.S_ISDIR(folder.stat().st_mode if stat.S_ISLNK(st.st_mode) else st.st_mode):
        raise OutputError(f"cannot write into {folder}: it is {_kind(st.st_mode)}, not a folder")


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
        buffer = _Buffer(fd, target)
        yield buffer.write
        buffer.flush()


_BUFFER = 1 << 20
"""Characters gathered before a write to the disk: few system calls for a report of hundreds of megabytes."""


class _Buffer:
    def __init__(self, fd: int, target: Path) -> None:
        self.fd, self.target = fd, target
        self.pieces: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)
        if self.size >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        data = "".join(self.pieces).encode("utf-8")
        self.pieces.clear()
        self.size = 0
        _write_all(self.fd, self.target, data)


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
        reason = "no process reads the pipe" if exc.errno == errno.ENXIO else _why(exc)
        raise OutputError(f"cannot write {target}: {reason}") from None
    try:
        os.set_blocking(fd, True)
    except OSError as exc:
        os.close(fd)
        raise OutputError(f"cannot write {target}: {_why(exc)}") from None
    return fd


def _write_all(fd: int, target: Path, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_why(exc)}") from None


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
        raise OutputError(f"cannot write {target}: {_why(exc)}") from None
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
        raise OutputError(f"refused to write '{rel}': not a path inside {folder}")
    here = folder
    for part in parts[:-1]:
        here = here / part
        st = _lstat(here)
        if st is not None and not stat.S_ISDIR(st.st_mode):
            raise OutputError(
                f"cannot write {folder / rel}: {here} is {_kind(st.st_mode)}; ictarch writes nothing through "
                "a link or outside the folder it was given; remove it"
            )
    target = folder.joinpath(*parts)
    st = _lstat(target)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"cannot write {target}: it is {_kind(st.st_mode)}; ictarch writes nothing through a link or outside "
            "the folder it was given; remove it"
        )
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

    Without ``force`` the folder must be new or empty. With it, the files are replaced, and the files
    ictarch wrote there before (its manifest) that this run does not write are removed; files ictarch did
    not write are never touched. Every path is checked before anything is written, so a refusal (a link,
    a file where a folder must be) leaves the folder as it was.
    """
    ensure_folder(folder)
    try:
        existing = [p.name for p in folder.iterdir()]
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {_why(exc)}") from None
    if existing and not force:
        raise OutputError(f"{folder} already holds files; pass --force to write into it")
    targets = {rel: _inside(folder, rel) for rel in files}
    before = _manifest(folder)
    for rel, data in files.items():
        ensure_folder(targets[rel].parent)
        _atomic(targets[rel], data)
    removed = []
    for rel in sorted(set(before) - set(files)):
        try:
            stale = _inside(folder, rel)
        except OutputError:
            continue  # a link or a stranger now stands there: not ours to remove
        if stale.is_file():
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(rel)
                _prune(folder, stale.parent)
    manifest = json.dumps({"written_by": "ictarch", "files": sorted(files)}, indent=1) + "\n"
    _atomic(folder / MANIFEST, manifest.encode("utf-8"))
    return removed


def _prune(folder: Path, here: Path) -> None:
    """Remove folders left empty by removing stale files, up to (not including) ``folder``."""
    while here != folder and folder in here.parents:
        try:
            here.rmdir()
        except OSError:
            return
        here = here.parent
