"""Where each entity of a loaded model was written: the compact map findings use to point into the YAML."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ictarch.errors import Location
from ictarch.loading.yaml_doc import PathKey, YamlDocument, format_path


@dataclass
class SourceMap:
    """Where each entity of a loaded model was written, kept compact and JSON-ready.

    ``positions`` maps ``entity`` and ``entity/field`` (one or two levels, e.g. ``x/realizes/0``) to
    (file index, line, column); ``paths`` maps each entity to its path inside its file. The bulk of a
    model (components, projects, relationships) is kept in ``packed`` instead: one string per entity,
    read where it stands when a finding asks, never spread into those dictionaries (see :meth:`packed_text`).
    """

    files: list[str] = field(default_factory=list)
    positions: dict[str, Sequence[int]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    pending: Path | None = field(default=None, compare=False)
    """A cache entry not read yet: most runs never ask where an unflagged entity stands."""
    packed: dict[str, str] = field(default_factory=dict)
    """Positions of one entity per string, ``path|;=f,l,c;field=f,l,c;field/0=f,l,c``: a loaded model's
    fields and keys never hold ``;``, ``=`` or ``|`` (the models take no free-form keys)."""
    live: _Live | None = field(default=None, compare=False, repr=False)
    """The documents' positions of the entities not packed yet (:meth:`from_documents` with ``lazy``), packed
    by :meth:`settle` before anything but :meth:`locate` reads them."""

    def settle(self) -> SourceMap:
        """This map with every entity packed (what is stored, sent or compared); itself."""
        live = self.live
        if live is not None:
            self.live = None
            self.packed = _packed(live.documents, live.entities)
        return self

    def __getstate__(self) -> dict[str, object]:
        return {**self.settle().__dict__, "live": None}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        mine, theirs = self.settle(), other.settle()
        return (mine.files, mine.positions, mine.paths, mine.packed) == (
            theirs.files,
            theirs.positions,
            theirs.paths,
            theirs.packed,
        )

    __hash__ = None  # type: ignore[assignment]  # as the dataclass's own equality leaves it

    def _read_pending(self) -> None:
        if self.pending is not None:
            self.packed.update(json.loads(self.pending.read_text(encoding="utf-8")))
            self.pending = None

    def locate(self, entity_id: str, *fields: str | int) -> Location | None:
        """The location of an entity, or of one of its fields when it was written."""
        if self.pending is not None and entity_id not in self.paths:
            self._read_pending()
        if self.live is not None and entity_id in self.live.entities:
            return self._locate_live(entity_id, fields)
        parts = [str(f) for f in fields[:2]]
        text = self.packed.get(entity_id)
        if text is not None:
            return self._locate_packed(text, parts, fields)
        while True:
            hit = self.positions.get("/".join([entity_id, *parts]))
            if hit is not None:
                file_index, line, column = hit
                path = format_path([self.paths.get(entity_id, ""), *fields]) if entity_id in self.paths else ""
                return Location(self.files[file_index], line, column, path.lstrip("."))
            if not parts:
                return None
            parts.pop()

    def _locate_packed(self, text: str, parts: list[str], fields: tuple[str | int, ...]) -> Location | None:
        bar = text.index("|")
        while True:
            key = ";" + "/".join(parts) + "="
            at = text.find(key, bar)
            if at >= 0:
                start = at + len(key)
                end = text.find(";", start)
                file_index, line, column = (int(x) for x in text[start : end if end >= 0 else None].split(","))
                path = format_path([text[:bar], *fields])
                return Location(self.files[file_index], line, column, path.lstrip("."))
            if not parts:
                return None
            parts.pop()

    def _locate_live(self, entity_id: str, fields: tuple[str | int, ...]) -> Location | None:
        """:meth:`_locate_packed` of the entity's packed text, read in its document's positions instead."""
        assert self.live is not None
        doc_index, path = self.live.entities[entity_id]
        positions = self.live.documents[doc_index]
        parts = [f if type(f) is int else str(f) for f in fields[:2]]
        while True:
            hit = _position(positions, path, parts)
            if hit is not None:
                return Location(self.files[doc_index], *hit, format_path([format_path(path), *fields]).lstrip("."))
            if not parts:
                return None
            parts.pop()

    def entities(self) -> list[str]:
        """Every entity the map places, packed or not."""
        packed = self.live.entities if self.live is not None else self.packed
        return [*self.paths, *(e for e in packed if e not in self.paths)]

    def expanded(self) -> tuple[dict[str, Sequence[int]], dict[str, str]]:
        """Every position and path, the packed ones spread out as ``positions`` and ``paths`` hold them."""
        self.settle()
        self._read_pending()
        positions, paths = dict(self.positions), dict(self.paths)
        for entity_id, text in self.packed.items():
            path, _, rest = text.partition("|")
            paths[entity_id] = path
            for item in rest[1:].split(";"):
                sub, _, nums = item.partition("=")
                f, line, col = (int(x) for x in nums.split(","))
                positions[f"{entity_id}/{sub}" if sub else entity_id] = (f, line, col)
        return positions, paths

    def file_names(self) -> list[str]:
        return list(self.files)

    @classmethod
    def from_documents(
        cls,
        documents: list[YamlDocument],
        entities: dict[str, tuple[int, PathKey]],
        bulk: Collection[str] = (),
        *,
        lazy: bool = False,
    ) -> SourceMap:
        """Keep only what findings need: each entity's position and those of its fields (and list items).

        The entities written in the lists named by ``bulk`` (``components``...) are packed, one string each;
        with ``lazy``, only when first stored, sent or compared (:meth:`settle`): until then the map keeps the
        documents' positions, and locates them there. A run that only places its findings (most entities
        are never asked for) so spends nothing on packing, which took as long as validating the model.
        """
        smap = cls(files=[d.file for d in documents])
        owners: dict[int, dict[int, dict[PathKey, str]]] = {}  # document → depth → entity path → id
        packed: dict[str, tuple[int, PathKey]] = {}
        for entity_id, (doc_index, path) in entities.items():
            by_depth = owners.setdefault(doc_index, {})
            if path and path[0] in bulk:
                packed[entity_id] = (doc_index, path)
            else:
                smap.paths[entity_id] = format_path(path)
                by_depth.setdefault(len(path), {})[path] = entity_id
        positions = smap.positions
        for doc_index, by_depth in owners.items():
            doc_positions = documents[doc_index].positions
            for depth, owner in sorted(by_depth.items(), reverse=True):
                _add_depth(positions, {}, doc_index, doc_positions, depth, owner)
        live = _Live([d.positions for d in documents], packed)
        if lazy:
            smap.live = live
        else:
            smap.packed = _packed(live.documents, live.entities)
        return smap


Positions = dict[PathKey, tuple[int, int]]
"""A document's positions: where each key and item starts (:attr:`YamlDocument.positions`)."""


@dataclass(frozen=True)
class _Live:
    """Where the entities not packed yet stand: each document's positions, and each entity's document and path."""

    documents: list[Positions]
    entities: dict[str, tuple[int, PathKey]]


def _packed(documents: list[Positions], entities: dict[str, tuple[int, PathKey]]) -> dict[str, str]:
    """Each entity's packed text (:attr:`SourceMap.packed`), in the order of ``entities``."""
    owners: dict[int, dict[int, dict[PathKey, str]]] = {}
    packed: dict[str, list[str]] = {}
    for entity_id, (doc_index, path) in entities.items():
        owners.setdefault(doc_index, {}).setdefault(len(path), {})[path] = entity_id
        packed[entity_id] = [format_path(path), "|"]
    for doc_index, by_depth in owners.items():
        for depth, owner in sorted(by_depth.items(), reverse=True):
            _add_depth({}, packed, doc_index, documents[doc_index], depth, owner)
    return {entity_id: "".join(items) for entity_id, items in packed.items()}


def _position(positions: Positions, path: PathKey, parts: list[str | int]) -> tuple[int, int] | None:
    """The position of ``path`` and ``parts`` under it, a part matching a key or an index written as it (``0``
    and ``"0"`` alike), as the packed text's ``field/0`` does."""
    hit = positions.get((*path, *parts))
    if hit is not None or not parts:
        return hit
    for i, part in enumerate(parts):
        if isinstance(part, int):
            other: str | int = str(part)
        elif part.isdigit() and str(int(part)) == part:
            other = int(part)
        else:
            continue
        hit = _position(positions, (*path, *parts[:i], other), list(parts[i + 1 :]))
        if hit is not None:
            return hit
    return None


def _add_depth(
    positions: dict[str, Sequence[int]],
    packed: dict[str, list[str]],
    doc_index: int,
    doc_positions: dict[PathKey, tuple[int, int]],
    depth: int,
    owner: dict[PathKey, str],
) -> None:
    """The positions of one document at and below the entities ``depth`` deep, in the document's order.

    Every position of the document is visited once; the first key written wins (``setdefault``), and a
    packed entity's items are its positions in the document's order. A document's positions run in its
    order, each node before what it holds: an entity's own are those that follow it, deeper than it.
    """
    top = depth + 2
    get = owner.get
    keep = positions.setdefault
    bulk = packed.get
    found: str | None = None
    items: list[str] | None = None
    for path, (line, column) in doc_positions.items():
        n = len(path)
        if n <= depth:
            found = get(path) if n == depth else None
            if found is None:
                continue
            items = bulk(found)
            if items is not None:
                items.append(f";={doc_index},{line},{column}")
            else:
                keep(found, (doc_index, line, column))
        elif found is None or n > top:
            continue
        elif items is not None:
            if n == depth + 1:
                items.append(f";{path[depth]}={doc_index},{line},{column}")
            else:
                items.append(f";{path[depth]}/{path[depth + 1]}={doc_index},{line},{column}")
        elif n == depth + 1:
            keep(f"{found}/{path[depth]}", (doc_index, line, column))
        else:
            keep(f"{found}/{path[depth]}/{path[depth + 1]}", (doc_index, line, column))
