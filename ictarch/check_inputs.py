"""What the output of a check run depends on, read without the loader: the light half of the output cache.

The files a warm run compares with those the stored run read, found and digested the way the loader finds
and reads them (:func:`discover` and :func:`model_glob` are checked against the loader's own when an entry
is stored; :func:`ictarch.config.find_config` is :func:`find_config`), and the versions and settings the
output's bytes depend on. Nothing here imports pydantic, the models or the loader: a warm ``check`` stays
cheap.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MAIN_FILE = "province.yaml"
CONFIG_FILE = "ictarch.yaml"
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "yaml-rs", "rich", "networkx", "click")
CONSOLE_ENV = (
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "DATABRICKS_RUNTIME_VERSION",
)
"""What the terminal library reads to lay out and colour text on stdout."""

def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_regular(path: Path) -> bytes:
    """A regular file's bytes; a FIFO, device or folder is refused without waiting on it (OSError)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(str(path))
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    finally:
        os.close(fd)


def file_state(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    try:
        return [str(path), digest(read_regular(path))]
    except OSError:
        return [str(path), ""]


def resolve_paths(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Command-line paths as province main files (a file, a model folder, a folder of models), each once, and
    the paths that name none: ``(path, "empty")`` for a folder without a model, ``(path, "missing")`` else."""
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_file():
            found.append(p)
        elif (p / MAIN_FILE).is_file():
            found.append(p / MAIN_FILE)
        elif p.is_dir():
            mains = sorted(p.glob(f"*/{MAIN_FILE}")) or sorted(p.glob(f"**/{MAIN_FILE}"))
            if not mains:
                problems.append((p, "empty"))
            found.extend(mains)
        else:
            problems.append((p, "missing"))
    unique: list[Path] = []
    seen: set[Path] = set()
    for f in found:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique, problems


def discover(paths: Sequence[Path]) -> list[str] | None:
    """The main files the loader finds, or None where it would report an error."""
    mains, problems = resolve_paths(paths)
    return None if problems else [str(m) for m in mains]


def model_glob(folder: Path, pattern: str) -> list[list[Any]]:
    """What :meth:`ictarch.loading.files.ModelFolder.glob` gives (checked against it when an entry is stored)."""
    root = folder.resolve()
    out: list[list[Any]] = []
    for match in sorted(Path(p) for p in glob.glob(str(folder / pattern), recursive=True)):
        real = match.resolve()
        inside = root in real.parents
        out.append([real.relative_to(root).as_posix() if inside else str(real), inside])
    return out


def find_config(paths: Sequence[Path]) -> Path | None:
    """The ``ictarch.yaml`` beside the models: in the first model folder (or a file's folder), or its parent
    (:func:`ictarch.config.find_config`)."""
    for p in paths:
        folder = p if p.is_dir() else p.parent
        for candidate in (folder / CONFIG_FILE, folder.parent / CONFIG_FILE):
            if candidate.is_file():
                return candidate
    return None


def reference_state(root: Path) -> list[list[str]] | None:
    """The reference files the catalogue reads, each with the digest of its bytes."""
    try:
        return [[path.name, digest(read_regular(path))] for path in sorted(root.glob("*.yaml"))]
    except OSError:
        return None


def shipped_reference() -> Path:
    """The shipped reference frameworks (:func:`ictarch.loading.reference_root`, without importing the loader)."""
    import reference_framework

    return Path(next(iter(reference_framework.__path__)))


def package_data() -> str:
    """A digest of the data files of the ictarch package (the message catalogues, ...): the output's texts."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def libraries() -> dict[str, str | None]:
    from importlib import metadata

    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def console_options() -> dict[str, Any] | None:
    """What text written to stdout through the terminal library depends on; None on a terminal (drawn for
    its size and colours: not cached)."""
    stream = sys.stdout
    try:
        if stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return {name: os.environ.get(name) for name in CONSOLE_ENV}


def stdout_is_utf8() -> bool:
    """Whether the stored bytes are what writing the text to stdout gives."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8" and hasattr(sys.stdout, "buffer")
    except LookupError:
        return False
