"""The keys of the model cache's entries: the bytes a model is built from, and the code and references that
built it. Kept apart from :mod:`~ictarch.loading.cache` so that a run that only asks whether an entry exists
(:mod:`~ictarch.loading.stored`) imports neither pydantic nor the models."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ictarch.loading.files import FolderSnapshot, ModelFolder, expand_includes, read_document
from ictarch.version import __version__, code_digest

CACHE_FORMAT = 3
"""2: file paths relative to the model's folder; keys over the bytes parsed. 3: the bulk's positions packed
as :class:`~ictarch.loading.source_map.SourceMap` keeps them."""


def files_digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"ictarch {__version__} cache {CACHE_FORMAT}".encode())
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def reference_fingerprint(root: Path) -> str:
    """The digest of the reference files under ``root``, which every entry's key covers."""
    return files_digest(sorted(root.glob("*.yaml")))


def entry_file(cache_dir: Path, key: str, part: str) -> Path:
    """A part of the entry under ``key``: ``model``, ``head`` and ``map`` of a model, ``reference`` of the catalogue."""
    return cache_dir / f"{key}.{part}.json"


def reference_key(fingerprint: str) -> str:
    """The key of the catalogue's entry: the reference files' digest and the code that validated them."""
    return hashlib.sha256(f"reference {code_digest()}\0{fingerprint}".encode()).hexdigest()


def entry_key(snapshot: FolderSnapshot, fingerprint: str) -> str:
    """The key of a model's entry: the bytes of every file the run read (and parsed), by their path in the
    model's folder, with the reference files' digest, the ictarch version and the digest of the code that
    validated it."""
    digest = hashlib.sha256(f"ictarch {__version__} cache {CACHE_FORMAT} {code_digest()}\0{fingerprint}".encode())
    for rel, data in sorted(snapshot.contents.items()):
        digest.update(rel.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def probe(main_path: Path, fingerprint: str) -> tuple[str | None, FolderSnapshot]:
    """Read the main file and every file it includes, once; the key of those bytes (None when one cannot
    be read or parsed: the load reports why)."""
    snapshot = FolderSnapshot(ModelFolder(main_path.parent))
    main, _ = read_document(snapshot, main_path.name)
    if main is None:
        return None, snapshot
    rels, _ = expand_includes(main, snapshot, main_path.name)
    try:
        for rel in rels:
            snapshot.read(rel)
    except OSError:
        return None, snapshot
    return entry_key(snapshot, fingerprint), snapshot
