"""The model cache: validated province models kept as JSON, keyed by the content of every input file."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from pydantic import ValidationError

from ictarch import _json
from ictarch.errors import ModelLoadError, OutputError
from ictarch.loading.catalogue import load_catalogue
from ictarch.loading.files import FolderSnapshot, ModelFolder
from ictarch.loading.keys import CACHE_FORMAT, entry_file, entry_key, probe, reference_fingerprint, reference_key
from ictarch.loading.province import (
    LazyArchitecture,
    LoadedArchitecture,
    LoadResult,
    load_province,
    load_province_files,
)
from ictarch.loading.source_map import SourceMap
from ictarch.loading.stored import summary_is_whole
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import ReferenceCatalogue, ReferenceFile
from ictarch.safe_write import write_atomic
from ictarch.version import __version__
from ictarch.version import code_digest as code_digest  # where the caches have always read it


def load_reference(root: Path, cache_dir: Path | None) -> tuple[ReferenceCatalogue, str]:
    """The catalogue of the reference files under ``root`` and their digest (every entry's key covers it; ""
    without a cache). With a cache, the catalogue is read back from the entry of those files' bytes when it
    has one: parsing and cross-checking the reference files again costs a warm run most of its time. Only a
    catalogue that loaded without error is stored; a damaged entry is rebuilt."""
    if cache_dir is None:
        return load_catalogue(root)[0], ""
    try:
        fingerprint = reference_fingerprint(root)
    except OSError:  # a reference file that cannot be read: the load says which
        catalogue = load_catalogue(root)[0]
        return catalogue, reference_fingerprint(root)
    entry = entry_file(cache_dir, reference_key(fingerprint), "reference")
    try:
        stored = json.loads(entry.read_bytes())
        return ReferenceCatalogue(tuple(ReferenceFile.model_validate(item) for item in stored)), fingerprint
    except (OSError, ValueError, TypeError, ValidationError):
        pass  # none yet, or damaged: load and store it
    catalogue = load_catalogue(root)[0]
    text = "[" + ",".join(f.model_dump_json(by_alias=True) for f in catalogue.files) + "]"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, text.encode("utf-8"))
    except (OSError, OutputError):
        pass
    return catalogue, fingerprint


def load_cached(
    main_path: Path,
    catalogue: ReferenceCatalogue,
    fingerprint: str,
    cache_dir: Path | None,
    snapshot: FolderSnapshot | None = None,
    *,
    lazy: bool = True,
    lazy_map: bool = False,
) -> tuple[LoadResult, str | None]:
    """Load one province, reusing the validated model when its files are unchanged; with the key of the
    bytes the model was built from (None without a cache or when it did not load).

    Every file is read once (``snapshot`` holds what an earlier probe read): the model is parsed from
    exactly the bytes its entry is keyed by, so a file saved during the run cannot put one content's
    model under another's key. The cache holds JSON only (never pickle): the model as pydantic dumps
    it, and the source map with paths relative to the model's folder, named again for each run. Its key
    covers every file's content, the reference files and the ictarch version, so an entry can never be
    stale; deleting the folder is always safe. A model read from the cache is validated when first read
    (:class:`CachedArchitecture`; ``lazy=False``: at once). ``lazy_map``: a model loaded from its files has a
    source map packed when first stored or sent (:meth:`SourceMap.from_documents`).
    """
    if cache_dir is None:
        if snapshot is not None:  # the caller keeps what the load reads
            return load_province_files(snapshot, main_path.name, catalogue, main_path.parent, lazy_map=lazy_map), None
        return load_province(main_path, catalogue), None
    if snapshot is None:
        key, snapshot = probe(main_path, fingerprint)
        if key is not None:
            hit = read_cache(cache_dir, key, main_path, (catalogue, fingerprint) if lazy else None)
            if hit is not None:
                return (hit, []), key
    loaded, diags = load_province_files(snapshot, main_path.name, catalogue, main_path.parent, lazy_map=lazy_map)
    if loaded is None:
        return (None, diags), None
    key = entry_key(snapshot, fingerprint)
    write_cache(cache_dir, key, loaded, snapshot)
    return (loaded, diags), key


def read_cache(
    cache_dir: Path, key: str, main_path: Path, lazy: tuple[ReferenceCatalogue, str] | None = None
) -> LoadedArchitecture | None:
    """The entry's province; with ``lazy`` (the catalogue and the reference files' digest the run loads with),
    one whose model is validated only when first read (:class:`CachedArchitecture`)."""
    arch_file, head_file, map_file = (entry_file(cache_dir, key, part) for part in ("model", "head", "map"))
    folder = ModelFolder(main_path.parent)
    try:
        if not map_file.is_file():
            return None
        head = _json.loads(head_file.read_bytes())
        if head.get("format") != CACHE_FORMAT:
            return None
        summary = head.get("summary")
        later = lazy is not None and summary_is_whole(summary) and arch_file.is_file()
        arch = None if later else ProvinceArchitecture.model_validate_json(arch_file.read_bytes())
        smap = SourceMap(
            files=[folder.name(rel) for rel in head["files"]],  # as this run names them, from where it runs
            positions=head["positions"],
            paths=head["paths"],
            pending=map_file,
        )
        normalized = tuple(folder.name(rel) for rel in head.get("normalized", []))
        if arch is None:
            assert lazy is not None and isinstance(summary, dict)
            return CachedArchitecture(
                arch_file,
                summary["code"],
                frozenset(summary["waived"]),
                tuple(summary["include"]),
                (main_path, cache_dir, *lazy),
                smap,
                normalized,
            )
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None  # a damaged or foreign entry is simply rebuilt
    return LoadedArchitecture(arch, main_path.parent, smap, normalized)


class CachedArchitecture(LazyArchitecture):
    """A province read back from the model cache whose model is validated only when a command first reads it.

    Validating a stored model costs most of reading it back. A check run that reuses every stored result of
    an unchanged province (:mod:`ictarch.report_blocks`) reads only its code, folder, files, the checks its
    waivers name and its include patterns: the entry's head keeps them (``summary``), so such a province's
    model is never validated. A model that no longer validates is loaded again from its files (and its entry
    written again)."""

    def __init__(
        self,
        model_file: Path,
        code: str,
        waived: frozenset[str],
        include: tuple[str, ...],
        origin: tuple[Path, Path, ReferenceCatalogue, str],
        source_map: SourceMap,
        normalized: tuple[str, ...],
    ) -> None:
        super().__init__(code, waived, include, None, origin[0].parent, source_map, normalized)
        self._model_file = model_file
        self._origin = origin
        """The main file, the cache folder, the catalogue and the reference files' digest: to load it again."""

    def _read(self) -> ProvinceArchitecture:
        try:
            arch = ProvinceArchitecture.model_validate_json(self._model_file.read_bytes())
            if arch.province.code == self._code:
                return arch
        except (OSError, ValueError, ValidationError):
            pass  # removed or damaged since the run began
        main_path, cache_dir, catalogue, fingerprint = self._origin
        (loaded, diagnostics), _ = load_cached(main_path, catalogue, fingerprint, cache_dir, lazy=False)
        if loaded is None:
            raise ModelLoadError(diagnostics)
        return loaded.architecture


def write_cache(cache_dir: Path, key: str, loaded: LoadedArchitecture, snapshot: FolderSnapshot) -> None:
    """Store an entry, each part written whole or not at all; a read-only or full cache folder only costs speed."""
    smap, arch = loaded.source_map.settle(), loaded.architecture
    rel_of = {snapshot.name(rel): rel for rel in snapshot.contents}
    if any(name not in rel_of for name in smap.file_names()):
        return  # pragma: no cover - every document of the model was read through the snapshot
    # the bulk (components, projects, relationships: packed) is read only when a finding points into it
    head = {
        "format": CACHE_FORMAT,
        "ictarch": __version__,
        "summary": {
            "code": arch.province.code,
            "waived": sorted({w.check for w in arch.waivers}),
            "include": list(arch.include),
            "components": len(arch.components),  # what validate shows of an unchanged model (loading.stored)
            "projects": len(arch.projects),
        },
        "files": [rel_of[name] for name in smap.file_names()],
        "normalized": [rel_of[name] for name in loaded.normalized],
        "positions": smap.positions,
        "paths": smap.paths,
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for part, text in (  # the map last: an entry counts only once all three parts are there
            ("model", arch.model_dump_json(by_alias=True)),
            ("head", json.dumps(head, ensure_ascii=False, separators=(",", ":"))),
            ("map", json.dumps(smap.packed, ensure_ascii=False, separators=(",", ":"))),
        ):
            write_atomic(entry_file(cache_dir, key, part), text.encode("utf-8"))
    except (OSError, OutputError):
        pass


_swept: set[Path] = set()
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")
STALE_SECONDS = 3600
"""A temporary file older than this is left over whatever wrote it (another machine sharing the folder)."""


def sweep(cache_dir: Path) -> None:
    """Remove, once per process, the temporary files that runs killed while writing left in the cache folder."""
    if cache_dir in _swept:
        return
    _swept.add(cache_dir)
    try:
        names = os.listdir(cache_dir)
    except OSError:
        return
    now = time.time()
    for name in names:
        match = _TEMPORARY.match(name)
        if match is None or int(match.group(1)) == os.getpid():
            continue
        path = cache_dir / name
        try:
            if _alive(int(match.group(1))) and now - path.lstat().st_mtime < STALE_SECONDS:
                continue
            path.unlink()
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True
