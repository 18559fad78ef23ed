"""The model cache: validated province models kept as JSON, keyed by the content of every input file."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ictarch.loading.files import display_name, model_files
from ictarch.loading.province import LoadedArchitecture, LoadResult, load_province
from ictarch.loading.source_map import SourceMap
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import ReferenceCatalogue
from ictarch.version import __version__

CACHE_FORMAT = 1


def files_digest(files: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"ictarch {__version__} cache {CACHE_FORMAT}".encode())
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def load_cached(main_path: Path, catalogue: ReferenceCatalogue, fingerprint: str, cache_dir: Path | None) -> LoadResult:
    """Load one province, reusing the validated model when its files are unchanged.

    The cache holds JSON only (never pickle): the model as pydantic dumps it, and the source map.
    Its key covers every file's content, the reference files and the ictarch version, so an
    entry can never be stale; deleting the folder is always safe.
    """
    if cache_dir is None:
        return load_province(main_path, catalogue)
    key = cache_key(main_path, fingerprint)
    if key is not None:
        hit = read_cache(cache_dir, key, main_path)
        if hit is not None:
            return hit, []
    loaded, diags = load_province(main_path, catalogue)
    if loaded is not None and key is not None:
        write_cache(cache_dir, key, loaded)
    return loaded, diags


def cache_key(main_path: Path, fingerprint: str) -> str | None:
    files, _ = model_files(main_path)
    if files is None:
        return None
    return hashlib.sha256((files_digest([main_path, *files]) + fingerprint).encode()).hexdigest()


def read_cache(cache_dir: Path, key: str, main_path: Path) -> LoadedArchitecture | None:
    arch_file, head_file, map_file = (cache_dir / f"{key}.{part}.json" for part in ("model", "head", "map"))
    try:
        if not map_file.is_file():
            return None
        head = json.loads(head_file.read_text(encoding="utf-8"))
        arch = ProvinceArchitecture.model_validate_json(arch_file.read_bytes())
        smap = SourceMap(
            files=[display_name(Path(f)) for f in head["files"]],
            positions=head["positions"],
            paths=head["paths"],
            pending=map_file,
        )
    except (OSError, ValueError, KeyError, ValidationError):
        return None  # a damaged or foreign entry is simply rebuilt
    return LoadedArchitecture(arch, main_path.parent, smap)


def write_cache(cache_dir: Path, key: str, loaded: LoadedArchitecture) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        smap, arch = loaded.source_map, loaded.architecture
        # the bulk (components, projects, relationships) is read only when a finding points into it
        bulk = {c.id for c in arch.components} | {p.id for p in arch.projects}
        bulk |= {k for k in smap.paths if k.startswith("relationship:")}

        def part(in_bulk: bool) -> dict[str, Any]:
            return {
                "positions": {k: v for k, v in smap.positions.items() if (k.split("/", 1)[0] in bulk) == in_bulk},
                "paths": {k: v for k, v in smap.paths.items() if (k in bulk) == in_bulk},
            }

        head = {
            "format": CACHE_FORMAT,
            "ictarch": __version__,
            "files": [str(Path(f).resolve()) for f in smap.file_names()],
            **part(False),
        }
        for suffix, text in (
            ("model.json", arch.model_dump_json(by_alias=True)),
            ("head.json", json.dumps(head, ensure_ascii=False, separators=(",", ":"))),
            ("map.json", json.dumps(smap.pack(bulk), ensure_ascii=False, separators=(",", ":"))),
        ):
            tmp = cache_dir / f".{key}.{suffix}.{os.getpid()}.tmp"
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(cache_dir / f"{key}.{suffix}")
    except OSError:
        pass  # a read-only or full cache folder only costs speed
