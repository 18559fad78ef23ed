"""What the model cache knows of unchanged provinces, read without their models: ``validate`` of models that
have not changed since they were last validated.

An entry of the model cache is written only for a model that loaded, and its key covers the bytes of every
file the model was built from, the reference files and ictarch's code (:mod:`~ictarch.loading.keys`): a
province whose key has an entry is valid, and validating it again could only say so. The entry's head keeps
what ``validate`` shows of it (its code, the numbers of components and projects, its files), so such a run
imports neither pydantic nor the model classes, which are most of a short run's time. Anything else (a path
that names no model, a province without an entry, two provinces with one code) is left to the full load,
which reports it as always. The first province without an entry ends the reading here: the full load then
reads the files of those before it again (at most one pass over the files, less than the load that follows).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ictarch.loading.files import ModelFolder, discover, reference_root
from ictarch.loading.keys import CACHE_FORMAT, entry_file, probe, reference_fingerprint, reference_key


@dataclass(frozen=True)
class ValidatedProvince:
    """What ``validate`` shows of a valid province: as its entry's head keeps it, or read from its model."""

    code: str
    components: int
    projects: int
    files: tuple[str, ...]
    """Its files, named as this run names them."""
    normalized: tuple[str, ...]
    """Its files whose text was read as composed Unicode (NFC)."""


def stored_provinces(
    paths: Sequence[Path],
    reference: Path | None,
    cache_dir: Path,
    advance: Callable[[int, int], None] = lambda done, total: None,
) -> list[ValidatedProvince] | None:
    """Every province ``paths`` name, in the order a load gives them, when each has an entry; else None."""
    mains, diagnostics = discover(paths)
    if diagnostics or not mains:
        return None
    root = reference or reference_root()
    try:
        fingerprint = reference_fingerprint(root)
    except OSError:
        return None
    if not entry_file(cache_dir, reference_key(fingerprint), "reference").is_file():
        return None  # the reference files have not been loaded by this code: a full load checks them
    advance(0, len(mains))
    provinces: list[ValidatedProvince] = []
    codes: set[str] = set()
    for done, main in enumerate(mains, 1):
        key, _ = probe(main, fingerprint)
        province = None if key is None else _read_head(cache_dir, key, ModelFolder(main.parent))
        if province is None or province.code in codes:
            return None
        codes.add(province.code)
        provinces.append(province)
        advance(done, len(mains))
    return provinces


def _read_head(cache_dir: Path, key: str, folder: ModelFolder) -> ValidatedProvince | None:
    """The province of a whole entry (its three parts there, as :func:`~ictarch.loading.cache.read_cache`
    requires), from its head; None for a missing, damaged or older entry."""
    if not all(entry_file(cache_dir, key, part).is_file() for part in ("model", "map")):
        return None
    try:
        # the standard library, not ictarch._json: a head is a few kilobytes, and importing orjson costs more
        head = json.loads(entry_file(cache_dir, key, "head").read_bytes())
        summary = head["summary"]
        if head["format"] != CACHE_FORMAT or not isinstance(summary, dict):
            return None
        code, components, projects = summary["code"], summary["components"], summary["projects"]
        files, normalized = head["files"], head.get("normalized", [])
        if not (summary_is_whole(summary) and _count(components) and _count(projects)):
            return None
        if not (_names(files) and _names(normalized)):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return ValidatedProvince(
        code,
        components,
        projects,
        tuple(folder.name(rel) for rel in files),
        tuple(folder.name(rel) for rel in normalized),
    )


def summary_is_whole(summary: object) -> bool:
    """Whether an entry's ``summary`` holds what a run reads of a province without its model: its code, the
    checks its waivers name and its include patterns, all text (a damaged one is not trusted)."""
    return (
        isinstance(summary, dict)
        and isinstance(summary.get("code"), str)
        and _names(summary.get("waived"))
        and _names(summary.get("include"))
    )


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
