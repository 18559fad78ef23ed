"""Where each entity of a loaded model was written: the compact map findings use to point into the YAML."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ictarch.errors import Location
from ictarch.loading.yaml_doc import PathKey, YamlDocument, format_path


@dataclass
class SourceMap:
    """Where each entity of a loaded model was written, kept compact and JSON-ready.

    ``positions`` maps ``entity`` and ``entity/field`` (one or two levels, e.g. ``x/realizes/0``) to
    (file index, line, column); ``paths`` maps each entity to its path inside its file.
    """

    files: list[str] = field(default_factory=list)
    positions: dict[str, Sequence[int]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    pending: Path | None = field(default=None, compare=False)
    """A cache entry not read yet: most runs never ask where an unflagged entity stands."""
    packed: dict[str, str] = field(default_factory=dict, compare=False)
    """Positions of one entity per string, unpacked when asked for (see :meth:`pack`)."""

    def _ensure(self, entity_id: str) -> None:
        if self.pending is not None:
            self.packed.update(json.loads(self.pending.read_text(encoding="utf-8")))
            self.pending = None
        text = self.packed.pop(entity_id, None)
        if text is not None:
            path, _, rest = text.partition("|")
            self.paths[entity_id] = path
            for item in rest.split(";"):
                sub, _, nums = item.rpartition("=")
                f, line, col = (int(x) for x in nums.split(","))
                self.positions[f"{entity_id}/{sub}" if sub else entity_id] = (f, line, col)

    def pack(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """One string per entity, ``path|=f,l,c;field=f,l,c;...``: cheap to store and to skip."""
        by_entity: dict[str, list[str]] = {e: [] for e in entity_ids}
        for key, (f, line, col) in self.positions.items():
            entity, _, sub = key.partition("/")
            if entity in by_entity:
                by_entity[entity].append(f"{sub}={f},{line},{col}")
        return {e: f"{self.paths.get(e, '')}|{';'.join(items)}" for e, items in by_entity.items() if items}

    def locate(self, entity_id: str, *fields: str | int) -> Location | None:
        """The location of an entity, or of one of its fields when it was written."""
        if entity_id not in self.paths and (self.pending is not None or entity_id in self.packed):
            self._ensure(entity_id)
        parts = [str(f) for f in fields[:2]]
        while True:
            hit = self.positions.get("/".join([entity_id, *parts]))
            if hit is not None:
                file_index, line, column = hit
                path = format_path([self.paths.get(entity_id, ""), *fields]) if entity_id in self.paths else ""
                return Location(self.files[file_index], line, column, path.lstrip("."))
            if not parts:
                return None
            parts.pop()

    def file_names(self) -> list[str]:
        return list(self.files)

    @classmethod
    def from_documents(cls, documents: list[YamlDocument], entities: dict[str, tuple[int, PathKey]]) -> SourceMap:
        """Keep only what findings need: each entity's position and those of its fields (and list items)."""
        smap = cls(files=[d.file for d in documents])
        owners: dict[int, dict[int, dict[PathKey, str]]] = {}  # document → depth → entity path → id
        for entity_id, (doc_index, path) in entities.items():
            owners.setdefault(doc_index, {}).setdefault(len(path), {})[path] = entity_id
            smap.paths[entity_id] = format_path(path)
        positions = smap.positions
        for doc_index, by_depth in owners.items():
            doc_positions = documents[doc_index].positions
            for depth, owner in sorted(by_depth.items(), reverse=True):
                _add_depth(positions, doc_index, doc_positions, depth, owner)
        return smap


def _add_depth(
    positions: dict[str, Sequence[int]],
    doc_index: int,
    doc_positions: dict[PathKey, tuple[int, int]],
    depth: int,
    owner: dict[PathKey, str],
) -> None:
    """The positions of one document at and below the entities ``depth`` deep, in the document's order.

    Every position of the document is visited once; the first key written wins (``setdefault``).
    """
    top = depth + 2
    get = owner.get
    keep = positions.setdefault
    for path, (line, column) in doc_positions.items():
        n = len(path)
        if n < depth or n > top:
            continue
        found = get(path[:depth])
        if found is None:
            continue
        if n == depth:
            keep(found, (doc_index, line, column))
        elif n == depth + 1:
            keep(f"{found}/{path[depth]}", (doc_index, line, column))
        else:
            keep(f"{found}/{path[depth]}/{path[depth + 1]}", (doc_index, line, column))
