"""The output cache: the bytes a ``check`` run wrote, written again when nothing they depend on has changed.

A warm run (same command, options, inputs and day) loads no model and runs no check: it compares the
files the stored run read with those on disk and copies the stored bytes, without importing pydantic,
networkx, the models, the checks or the formatters. An entry is keyed by the command and every option
that can change the output or the exit code, the working directory (file names are shown relative to
it), the run date (waivers expire), ictarch's version, code and data (the message catalogues), Python's
and the libraries' versions; it holds what the run depended on (:mod:`ictarch.check_inputs`), verified
on every hit: each model's files (main file and includes, the bytes :func:`ictarch.loading.keys.probe`
reads, by SHA-256), what its include patterns and the discovery of its models matched, the reference
files, the configuration and baseline files. The
report's time (``generated_at``) is stored as its offsets in the bytes, and a hit writes the current one
there: a hit gives exactly what ``--no-cache`` gives at that moment.

Each entry is two files in the cache folder: ``<key>.output.json`` (what it depends on, the exit code,
the stderr notes) and ``<key>.<nonce>.output`` (the bytes). Entries are written whole or not at all; a
damaged or unreadable entry is a miss. The folder keeps the most recently used entries within
:data:`BUDGET_BYTES`; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import mmap
import os
import re
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ictarch.check_inputs import (
    digest,
    discover,
    file_state,
    find_config,
    libraries,
    model_glob,
    package_data,
    read_regular,
    reference_state,
)
from ictarch.errors import OutputError
from ictarch.safe_write import write_atomic
from ictarch.version import __version__, code_digest

if TYPE_CHECKING:
    import queue

    from ictarch.loading import Workspace

FORMAT = 1
BUDGET_BYTES = 1 << 30
"""The cache folder keeps the most recently used outputs up to 1 GiB in all (a larger output is not kept)."""
STALE_SECONDS = 3600
"""An output file no entry names, older than this, is left over by a killed run: it is removed."""
_CHUNK = 1 << 20
_QUEUED = 8
"""Chunks handed to the recorder's thread and not yet written, at most: the copy's memory stays bounded."""


def _iso(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


def _utc(when: dt.datetime) -> str:
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Stamp:
    """Where a format writes the report's time: the bytes just before it (a pattern that cannot match inside
    an escaped value), how it renders the time, and whether it stands more than once."""

    before: bytes
    render: Callable[[dt.datetime], str]
    every: bool = False

    def offsets(self, payload: Path, when: dt.datetime) -> list[tuple[int, int]] | None:
        """The (offset, length) of each time in the output; None when it is missing where it must stand."""
        text = self.render(when).encode("ascii")
        pattern = re.compile(self.before + b"(" + re.escape(text) + b')"')
        if payload.stat().st_size == 0:
            return None
        with open(payload, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
            if self.every:
                return [(m.start(1), len(text)) for m in pattern.finditer(view)]
            first = pattern.search(view)
            return [(first.start(1), len(text))] if first else None


STAMPS: Mapping[str, Stamp] = {
    # a JSON key: the quotes of a value inside a string are escaped, so this stands only as the metadata's key
    "json": Stamp(b'"generated_at": "', _iso),
    "sarif": Stamp(b'"endTimeUtc": "', _utc),
    # an opening tag: a '<' in a text or an attribute is escaped, so '<testsuite ' starts only a real tag
    "junit": Stamp(b'<testsuite [^<>]{0,2000}? timestamp="', _iso, every=True),
}
"""Text and Markdown hold the run date only (in the key), not the time."""


@dataclass
class Hit:
    """A stored output whose inputs are unchanged."""

    entry: Path
    payload: IO[bytes]
    """Open from the moment it was verified: another run removing the entry cannot cut it short."""
    size: int
    stamps: list[tuple[int, int]]
    stamp: Stamp | None
    exit_code: int
    notes: list[str]

    def write(self, write: Callable[[bytes], object], when: dt.datetime) -> None:
        """The stored bytes, with ``when`` where the report's time stands."""
        now = self.stamp.render(when).encode("ascii") if self.stamp else b""
        handle = self.payload
        with handle:
            handle.seek(0)
            position = 0
            for offset, length in [*self.stamps, (self.size, -1)]:
                _copy(handle, offset - position, write)
                if length < 0:
                    break
                handle.seek(length, os.SEEK_CUR)
                write(now)
                position = offset + length
        with contextlib.suppress(OSError):
            os.utime(self.entry)  # most recently used: kept longest


def _copy(handle: IO[bytes], n: int, write: Callable[[bytes], object]) -> None:
    while n > 0:
        data = handle.read(min(n, _CHUNK))
        if not data:
            raise OSError("the stored output is shorter than its entry says")
        write(data)
        n -= len(data)


@dataclass
class Request:
    """One run's place in the cache: its key, and the inputs to compare with those of the stored run."""

    cache_dir: Path
    key: str
    fmt: str
    paths: list[Path]
    reference: Path
    files: dict[str, Path | None]
    """The configuration and baseline files (None: none)."""
    before: dict[str, list[str] | None] = field(default_factory=dict)
    """The configuration and baseline files' digests when the run started (before it read them)."""

    def __post_init__(self) -> None:
        self.before = self._extra()

    @property
    def entry(self) -> Path:
        return self.cache_dir / f"{self.key}.output.json"

    def lookup(self) -> Hit | None:
        """The stored output when every input is unchanged, else None (also for a damaged entry)."""
        try:
            head = json.loads(self.entry.read_bytes())
            if head["format"] != FORMAT or head["key"] != self.key or not self._unchanged(head):
                return None
            payload = self.cache_dir / head["payload"]
            if not re.fullmatch(r"[0-9a-f]{64}\.[0-9a-f]{16}\.output", head["payload"]):
                return None
            stamps = [(int(o), int(n)) for o, n in head["stamps"]]
            exit_code, notes = int(head["exit_code"]), [str(n) for n in head["notes"]]
            expected = str(head["sha256"])
            handle = open(payload, "rb")  # noqa: SIM115 - the hit owns it until it has written
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        try:
            if hashlib.file_digest(handle, "sha256").hexdigest() != expected:
                handle.close()
                return None
            size = handle.tell()
        except OSError:
            handle.close()
            return None
        if any(not 0 <= o <= o + n <= size for o, n in stamps) or stamps != sorted(stamps):
            handle.close()
            return None
        return Hit(self.entry, handle, size, stamps, STAMPS.get(self.fmt), exit_code, notes)

    def _unchanged(self, head: Mapping[str, Any]) -> bool:
        if head["files"] != self.before or head["reference"] != reference_state(self.reference):
            return False
        if head["mains"] != discover(self.paths):
            return False
        for province in head["provinces"]:
            folder = Path(province["folder"])
            for rel, expected in province["files"]:
                try:
                    if digest(read_regular(folder / rel)) != expected:
                        return False
                except OSError:
                    return False
            for pattern, matches in province["globs"]:
                if model_glob(folder, pattern) != matches:
                    return False
        return True

    def _extra(self) -> dict[str, list[str] | None]:
        return {name: file_state(path) for name, path in self.files.items()}

    @contextlib.contextmanager
    def recording(self) -> Iterator[Recorder]:
        """A recorder of the output as it is written; its file is removed unless :meth:`store` kept it."""
        recorder = Recorder(self.cache_dir, f"{self.key}.{secrets.token_hex(8)}.output")
        try:
            yield recorder
        finally:
            recorder.discard()

    def store(self, recorder: Recorder, workspace: Workspace, exit_code: int, when: dt.datetime) -> None:
        """Keep the recorded output when it is whole and every input read now is what the run read."""
        if not recorder.close() or self._extra() != self.before:
            return
        provinces = _provinces(self.paths, self.reference, workspace)
        if provinces is None or recorder.size > BUDGET_BYTES:
            return
        stamp = STAMPS.get(self.fmt)
        stamps = stamp.offsets(recorder.tmp, when) if stamp else []
        if stamps is None:
            return
        head = {
            "format": FORMAT,
            "key": self.key,
            "mains": discover(self.paths),
            "provinces": provinces,
            "reference": reference_state(self.reference),
            "files": self.before,
            "payload": recorder.name,
            "sha256": recorder.digest.hexdigest(),
            "stamps": stamps,
            "exit_code": exit_code,
            "notes": [name for p in workspace.provinces for name in p.normalized],
        }
        try:
            previous = json.loads(self.entry.read_bytes()).get("payload")
        except (OSError, ValueError, AttributeError):
            previous = None
        try:
            os.replace(recorder.tmp, self.cache_dir / recorder.name)
            write_atomic(self.entry, json.dumps(head, ensure_ascii=False).encode("utf-8"))
        except (OSError, OutputError):
            return  # a read-only or full cache folder only costs speed
        if isinstance(previous, str) and previous != recorder.name and "/" not in previous:
            with contextlib.suppress(OSError):
                (self.cache_dir / previous).unlink()
        trim(self.cache_dir)


def _provinces(paths: Sequence[Path], reference: Path, workspace: Workspace) -> list[dict[str, Any]] | None:
    """What each province's output depends on, read now; None unless it is exactly what the run parsed."""
    from ictarch.loading.files import ModelFolder
    from ictarch.loading.files import discover as found
    from ictarch.loading.keys import probe, reference_fingerprint
    from ictarch.loading.workspace import workspace_fingerprint

    mains, diagnostics = found(paths)
    if diagnostics or [str(m) for m in mains] != discover(paths) or len(mains) != len(workspace.provinces):
        return None
    fingerprint = reference_fingerprint(reference)
    keys: list[str] = []
    provinces: list[dict[str, Any]] = []
    for main, loaded in zip(mains, workspace.provinces, strict=True):
        key, snapshot = probe(main, fingerprint)
        if key is None or loaded.root != main.parent:
            return None
        keys.append(key)
        folder = ModelFolder(main.parent)
        globs = []
        for pattern in loaded.includes():
            matches = model_glob(main.parent, pattern)
            if matches != [list(m) for m in folder.glob(pattern)]:
                return None  # pragma: no cover - the two globs agree
            globs.append([pattern, matches])
        files = [[rel, digest(data)] for rel, data in snapshot.contents.items()]
        provinces.append({"folder": str(main.parent), "files": files, "globs": globs})
    # the bytes digested here are those the run parsed: a file saved during the run changes the digest
    if workspace.fingerprint is None or workspace_fingerprint(fingerprint, keys, workspace.provinces) != (
        workspace.fingerprint
    ):
        return None
    return provinces


class Recorder:
    """The output as it is written, kept in a temporary file of the cache folder (never whole in memory)."""

    def __init__(self, cache_dir: Path, name: str) -> None:
        import queue  # here: a hit, which records nothing, does not import it

        self.name = name
        self.tmp = cache_dir / f".{name}.{os.getpid()}.tmp"  # swept by ictarch.loading.cache.sweep if killed
        self.digest = hashlib.sha256()
        self.size = 0
        self.pieces: list[str] = []
        self.pending = 0
        self.complete = True
        self.handle: IO[bytes] | None = None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUED)
        self._thread: threading.Thread | None = None
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.tmp, "xb")  # noqa: SIM115 - closed by close() or discard()
        except OSError:
            self.complete = False

    def write(self, text: str) -> None:
        if self.handle is None or not self.complete:
            return
        self.pieces.append(text)
        self.pending += len(text)
        if self.pending >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        text = "".join(self.pieces)
        self.pieces.clear()
        self.pending = 0
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # the output's own writing says what is wrong; nothing is kept
            self.complete = False
            self._close()
            return
        self._keep(data)

    def write_bytes(self, data: bytes) -> None:
        """The output's next bytes, as encoded for the output itself (not encoded a second time)."""
        if self.handle is None or not self.complete:
            return
        if self.pieces:
            self._flush()
        self._keep(data if type(data) is bytes else bytes(data))  # the thread may write it after the caller reused it

    def _keep(self, data: bytes) -> None:
        """Hashed and written by a thread of the recorder's own: hashing and writing let go of the interpreter,
        so the copy is made while the command writes the output itself (hundreds of megabytes at national scale)."""
        self.size += len(data)
        if self._thread is None:
            self._thread = threading.Thread(target=self._keeping, name="ictarch-output-cache", daemon=True)
            self._thread.start()
        self._queue.put(data)

    def _keeping(self) -> None:
        handle = self.handle
        while (data := self._queue.get()) is not None:
            if not self.complete or handle is None:
                continue  # what is left is taken from the queue, so the command never waits on a full one
            try:
                self.digest.update(data)
                handle.write(data)
            except Exception:  # a copy not kept costs the next run its speed, never this output
                self.complete = False

    def _finish(self) -> None:
        """Every byte handed to the thread hashed and written (or dropped): the thread is done."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def tee(self, write: Callable[[str], object]) -> Callable[[str], None]:
        """``write``, recording what it writes."""

        def both(text: str) -> None:
            write(text)
            self.write(text)

        return both

    def tee_bytes(self, write: Callable[[bytes], object]) -> Callable[[bytes], None]:
        """``write`` of bytes, recording what it writes."""

        def both(data: bytes) -> None:
            write(data)
            self.write_bytes(data)

        return both

    @contextlib.contextmanager
    def stdout(self) -> Iterator[None]:
        """sys.stdout recorded while the block writes to it (the terminal library writes there)."""
        real = sys.stdout
        sys.stdout = _Tee(real, self)
        try:
            yield
        finally:
            sys.stdout = real

    def incomplete(self) -> None:
        """The output was cut short (the reader stopped reading): nothing is kept."""
        self.complete = False

    def close(self) -> bool:
        """Whether the whole output is recorded."""
        if self.handle is not None and self.complete:
            self._flush()
        self._close()
        return self.complete

    def _close(self) -> None:
        self._finish()
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None

    def discard(self) -> None:
        self._close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


class _Tee:
    """A text stream that also records what is written to it; everything else is the stream's."""

    def __init__(self, stream: Any, recorder: Recorder) -> None:
        self._stream, self._recorder = stream, recorder

    def write(self, text: str) -> int:
        n: int = self._stream.write(text)
        self._recorder.write(text)
        return n

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def trim(cache_dir: Path, budget: int = BUDGET_BYTES) -> None:
    """Keep the most recently used outputs within ``budget`` bytes; remove the outputs no entry names."""
    try:
        names = os.listdir(cache_dir)
    except OSError:
        return
    entries: list[tuple[float, Path, Path | None, int]] = []
    named: set[str] = set()
    for name in names:
        if not name.endswith(".output.json"):
            continue
        entry = cache_dir / name
        try:
            payload_name = json.loads(entry.read_bytes())["payload"]
            payload = cache_dir / payload_name if isinstance(payload_name, str) and "/" not in payload_name else None
            size = entry.stat().st_size + (payload.stat().st_size if payload else 0)
            entries.append((entry.stat().st_mtime, entry, payload, size))
            if payload:
                named.add(payload.name)
        except (OSError, ValueError, KeyError, TypeError):
            entries.append((0.0, entry, None, 0))
    now = time.time()
    for name in names:
        if name.endswith(".output") and name not in named:
            with contextlib.suppress(OSError):
                if now - (cache_dir / name).stat().st_mtime > STALE_SECONDS:
                    (cache_dir / name).unlink()
    total = 0
    for _mtime, entry, payload, size in sorted(entries, key=lambda e: e[0], reverse=True):
        total += size
        if total > budget or payload is None:
            for path in (entry, payload):
                if path is not None:
                    with contextlib.suppress(OSError):
                        path.unlink()


def request(
    cache_dir: Path | None,
    options: Mapping[str, Any],
    *,
    fmt: str,
    paths: Sequence[Path],
    reference: Path,
    config: Path | None,
    baseline: Path | None,
    run_date: dt.date,
) -> Request:
    """The cache entry of a run: ``options`` names everything of the command line the output depends on."""
    assert cache_dir is not None
    found = config if config is not None else find_config(paths)
    parts = {
        "format": FORMAT,
        "ictarch": __version__,
        "code": code_digest(),
        "data": package_data(),
        "python": sys.version,
        "libraries": libraries(),
        "cwd": os.getcwd(),
        "paths": [str(p) for p in paths],
        "reference": str(reference),
        "config": str(found) if found else None,
        "baseline": str(baseline) if baseline else None,
        "run_date": run_date.isoformat(),
        "parser": os.environ.get("ICTARCH_YAML_PARSER"),
        "report_format": fmt,
        "options": dict(options),
    }
    key = digest(json.dumps(parts, sort_keys=True, default=str).encode())
    return Request(cache_dir, key, fmt, list(paths), reference, {"config": found, "baseline": baseline})
