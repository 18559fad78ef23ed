"""The only module that reads YAML: parse safely, keep positions, validate, resolve references.

Every problem in every file is collected and raised at once as a :class:`ModelLoadError`, each
diagnostic pointing at file:line:column and the path inside the document.
"""

from __future__ import annotations

import difflib
import fnmatch
import glob
import hashlib
import json
import os
import re
import types
import typing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ictarch import __version__, errors
from ictarch._memory import bulk_build
from ictarch.errors import Diagnostic, Location, ModelLoadError
from ictarch.models.province import ProvinceArchitecture, ProvinceFragment
from ictarch.models.reference import ReferenceCatalogue, ReferenceFile

try:  # the libyaml C parser when present; same safe semantics, several times faster
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]
MAIN_FILE = "province.yaml"
MAX_NODES = 5_000_000
"""Bound on constructed nodes so that alias expansion ("billion laughs") cannot exhaust memory."""


def format_path(path: Sequence[str | int]) -> str:
    """``('components', 3, 'security_level')`` → ``components[3].security_level``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_name(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


# --------------------------------------------------------------------------- YAML with positions


@dataclass
class YamlDocument:
    """A parsed file: the data and where every mapping key and sequence item starts."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]]

    def locate(self, path: PathKey) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, col = self.positions.get(probe, (1, 1))
        return Location(self.file, line, col, format_path(path))


class _Builder:
    """Turns a composed node tree into plain data, recording positions and duplicate keys."""

    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if type(node) is yaml.ScalarNode:
            return self._scalar(node)
        if node.tag not in _COLLECTION_TAGS:
            raise yaml.constructor.ConstructorError(
                None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        out = []
        for i, item in enumerate(node.value):
            self.positions[(*path, i)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            out.append(self.build(item, (*path, i)))
        return out

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        if any(k.tag == _MERGE_TAG for k, _ in node.value):
            self.loader.flatten_mapping(node)  # resolves '<<' merge keys
        out: dict[Any, Any] = {}
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path) if not isinstance(key_node, yaml.ScalarNode) else self._scalar(key_node)
            here = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                self.diagnostics.append(
                    Diagnostic(
                        errors.SCHEMA,
                        f"key {key!r} is not text",
                        Location(self.file, *here, format_path(path)),
                        expected="a field name",
                        hint="quote the key (YAML reads yes/no/on/off as booleans and digits as numbers)",
                    )
                )
                key = str(key)
            if key in seen:
                first = seen[key].start_mark
                self.diagnostics.append(
                    Diagnostic(
                        errors.DUPLICATE_KEY,
                        f"duplicate key '{key}'; YAML would silently keep only the last value",
                        Location(self.file, *here, format_path((*path, key))),
                        expected="each key once per mapping",
                        hint="remove or rename one of the two entries",
                        related=Location(self.file, first.line + 1, first.column + 1, format_path((*path, key))),
                    )
                )
                continue
            seen[key] = key_node
            self.positions[(*path, key)] = here
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG:  # most scalars: the constructor would only return the text
            return node.value
        constructor = self.loader.yaml_constructors.get(node.tag) or self.loader.yaml_constructors[None]
        return constructor(self.loader, node)


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")
"""An alias token (``*name``); without one a document cannot expand beyond its own size."""

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document has once aliases are expanded, computed without expanding them.

    A recursive alias counts as unbounded.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        kids = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(MAX_NODES + 1, 1 + sum(sizes[id(k)] for k in kids))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes or any(id(k) in open_nodes for k in kids):
            return MAX_NODES + 1
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document safely; return it with positions, or the diagnostics that stop it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(file, None, {}), []
        if _ALIAS.search(text) and _expanded_size(node) > MAX_NODES:
            return None, [
                Diagnostic(
                    errors.YAML_SYNTAX,
                    f"document expands to more than {MAX_NODES:,} nodes",
                    Location(file, 1, 1),
                    hint="aliases that expand recursively are not accepted",
                )
            ]
        builder = _Builder(file, loader)
        data = builder.build(node, ())
        builder.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        return YamlDocument(file, data, builder.positions), builder.diagnostics
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        return None, [
            Diagnostic(
                errors.YAML_SYNTAX,
                f"YAML syntax error: {problem}{context}",
                loc,
                hint="check indentation, colons and quotes near this position",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(errors.YAML_SYNTAX, f"YAML error: {exc}", Location(file, 1, 1))]
    finally:
        loader.dispose()


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Diagnostic]]:
    return _read(ModelFolder(path.parent), path.name)


def _read(files: ModelFiles, rel: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse one file of a model, whatever holds it."""
    name = files.name(rel)
    try:
        data = files.read(rel)
    except FileNotFoundError:
        return None, [Diagnostic(errors.FILE, f"file not found: {name}", hint="check the path")]
    except OSError as exc:
        return None, [Diagnostic(errors.FILE, f"cannot read {name}: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Diagnostic(
                errors.FILE, f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})", Location(name, 1, 1)
            )
        ]
    return parse_yaml(text, name)


class ModelFiles(typing.Protocol):
    """Where a model's files come from: a folder on disk, or files held in memory (a git revision)."""

    def read(self, rel: str) -> bytes: ...

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        """Files matching ``pattern``, sorted, each with whether it lies inside the model's folder."""
        ...

    def name(self, rel: str) -> str:
        """How the user sees the file in messages and locations."""
        ...


@dataclass(frozen=True)
class ModelFolder:
    """A model's files on disk."""

    folder: Path

    def read(self, rel: str) -> bytes:
        return (self.folder / rel).read_bytes()

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        root = self.folder.resolve()
        out = []
        for match in sorted(Path(p) for p in glob.glob(str(self.folder / pattern), recursive=True)):
            real = match.resolve()
            inside = root in real.parents
            out.append((real.relative_to(root).as_posix() if inside else str(real), inside))
        return out

    def name(self, rel: str) -> str:
        return display_name(self.folder / rel)


@dataclass(frozen=True)
class ModelInMemory:
    """A model's files held in memory, named ``prefix + path`` (``HEAD~1:province_models/quang-tri/...``)."""

    files: typing.Mapping[str, bytes]
    prefix: str = ""

    def read(self, rel: str) -> bytes:
        if rel not in self.files:
            raise FileNotFoundError(rel)
        return self.files[rel]

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        return [(rel, True) for rel in sorted(self.files) if fnmatch.fnmatchcase(rel, pattern)]

    def name(self, rel: str) -> str:
        return self.prefix + rel


# --------------------------------------------------------------------------- validation errors


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...], tuple[X, ...] and list[X], if there is one."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel | Enum):
                return inner
    return annotation


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = _field(current, part)
        if fld is None:
            return None
        current = _unwrap(fld.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field(model: type[BaseModel], name: str) -> Any:
    for fname, fld in model.model_fields.items():
        if name in (fname, fld.alias):
            return fld
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [fld.alias or name for name, fld in model.model_fields.items()]


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "tuple_type": "a list",
    "list_type": "a list",
}


def validation_diagnostics(
    exc: ValidationError, model: type[BaseModel], locate: typing.Callable[[PathKey], Location]
) -> list[Diagnostic]:
    """Pydantic errors as diagnostics: path, position, what was expected and how to fix it."""
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc: PathKey = tuple(err["loc"])
        kind = err["type"]
        owner = _model_at(model, loc[:-1]) if loc else model
        last = loc[-1] if loc else ""
        value = err.get("input")
        ctx = err.get("ctx") or {}
        expected: str | None = None
        hint: str | None = None
        if kind == "extra_forbidden":
            message = f"unknown field '{last}'"
            names = _field_names(owner) if owner else []
            expected = f"a field of {owner.__name__}: {', '.join(names)}" if owner else None
            hint = _did_you_mean(str(last), names) or "remove it, or check the format reference in the README"
            if " " in str(last) and value is None:
                hint = "a comma inside {...} separates entries: put text that contains commas in quotes"
        elif kind == "missing":
            message = f"missing required field '{last}'"
            fld = _field(owner, str(last)) if owner else None
            expected = fld.description if fld is not None and fld.description else None
            hint = f"add '{last}:' to this entry"
        elif kind == "enum":
            message = f"invalid value {value!r} for '{last}'"
            expected = f"one of {ctx.get('expected', '')}"
            choices = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
            hint = _did_you_mean(str(value), choices)
        elif kind == "string_pattern_mismatch":
            message = f"{value!r} is not a valid value for '{last}'"
            expected = f"text matching {ctx.get('pattern')}"
            hint = "ids use letters, digits, '.', '-' and '_' and start with a letter or digit"
        elif kind in _TYPE_WORDS:
            shown = f"{type(value).__name__} {value!r}" if not isinstance(value, dict | list) else type(value).__name__
            message = f"'{last}' has the wrong type: got {shown}"
            expected = _TYPE_WORDS[kind]
            if kind == "string_type" and not isinstance(value, dict | list):
                hint = "put the value in quotes"
            elif kind in ("model_type", "dict_type") and isinstance(value, str):
                hint = "a label is written {vi: '...', en: '...'}" if owner and _is_label(owner, last) else None
        else:
            message = f"'{last}': {err['msg']}"
        out.append(Diagnostic(errors.SCHEMA, message, locate(loc), expected=expected, hint=hint))
    return out


def _is_label(owner: type[BaseModel], name: str | int) -> bool:
    fld = _field(owner, str(name))
    return fld is not None and getattr(_unwrap(fld.annotation), "__name__", "") == "Label"


# --------------------------------------------------------------------------- reference catalogue


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
                for path, (line, column) in doc_positions.items():
                    n = len(path)
                    if n < depth or n > depth + 2:
                        continue
                    found = owner.get(path[:depth])
                    if found is None:
                        continue
                    if n == depth:
                        key = found
                    elif n == depth + 1:
                        key = f"{found}/{path[depth]}"
                    else:
                        key = f"{found}/{path[depth]}/{path[depth + 1]}"
                    positions.setdefault(key, (doc_index, line, column))
        return smap


def reference_root() -> Path:
    """The shipped reference frameworks, found through the installed package."""
    import reference_framework

    return Path(next(iter(reference_framework.__path__)))


def examples_root() -> Path:
    """The shipped province models."""
    import province_models

    return Path(next(iter(province_models.__path__)))


def load_catalogue(root: Path | None = None) -> tuple[ReferenceCatalogue, SourceMap]:
    """Load and cross-check every reference file under ``root`` (default: the shipped frameworks)."""
    root = root or reference_root()
    if not root.is_dir():
        raise ModelLoadError([Diagnostic(errors.FILE, f"reference folder not found: {display_name(root)}")])
    diagnostics: list[Diagnostic] = []
    files: list[ReferenceFile] = []
    documents: list[YamlDocument] = []
    entities: dict[str, tuple[int, PathKey]] = {}
    for path in sorted(root.glob("*.yaml")):
        doc, diags = read_yaml(path)
        diagnostics.extend(diags)
        if doc is None:
            continue
        try:
            rf = ReferenceFile.model_validate(doc.data if doc.data is not None else {})
        except ValidationError as exc:
            diagnostics.extend(validation_diagnostics(exc, ReferenceFile, doc.locate))
            continue
        files.append(rf)
        documents.append(doc)
        _index_reference(rf, len(documents) - 1, documents, entities, diagnostics)
    catalogue = ReferenceCatalogue(tuple(files))
    smap = SourceMap.from_documents(documents, entities)
    if not diagnostics:
        diagnostics.extend(_check_reference(catalogue, smap, documents))
    if diagnostics:
        raise ModelLoadError(diagnostics)
    return catalogue, smap


def _index_reference(
    rf: ReferenceFile,
    doc_index: int,
    documents: list[YamlDocument],
    entities: dict[str, tuple[int, PathKey]],
    diagnostics: list[Diagnostic],
) -> None:
    doc = documents[doc_index]

    def add(item_id: str, path: PathKey) -> None:
        if item_id in entities:
            other_doc, other_path = entities[item_id]
            other = documents[other_doc].locate((*other_path, "id"))
            diagnostics.append(
                Diagnostic(
                    errors.DUPLICATE_ID,
                    f"duplicate id '{item_id}'",
                    doc.locate((*path, "id")),
                    expected="ids unique across all reference files",
                    hint="rename one of them; ids are stable and referenced elsewhere",
                    related=other,
                )
            )
            return
        entities[item_id] = (doc_index, path)

    for section in ("documents", "capabilities", "principles"):
        for i, item in enumerate(getattr(rf, section)):
            add(item.id, (section, i))
    for i, s in enumerate(rf.indicator_sets):
        add(s.id, ("indicator_sets", i))
        for j, ind in enumerate(s.indicators):
            add(ind.id, ("indicator_sets", i, "indicators", j))
    for i, fw in enumerate(rf.frameworks):
        add(fw.id, ("frameworks", i))
        for j, layer in enumerate(fw.layers):
            add(layer.id, ("frameworks", i, "layers", j))
            for k, comp in enumerate(layer.components):
                add(comp.id, ("frameworks", i, "layers", j, "components", k))


def _dangling(
    what: str, target: str, choices: Iterable[str], where: Location | None, owner: str, path: str = ""
) -> Diagnostic:
    return Diagnostic(
        errors.DANGLING_REFERENCE,
        f"'{target}' is not a known {what} (referenced from '{owner}')",
        where,
        expected=f"the id of a {what}",
        hint=_did_you_mean(target, choices) or f"define the {what} first, or correct the id",
    )


def _check_reference(cat: ReferenceCatalogue, smap: SourceMap, documents: list[YamlDocument]) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def ref(kind: str, target: str, pool: Iterable[str], owner: str, *fields: str | int) -> None:
        pool = list(pool)
        if target not in pool:
            out.append(_dangling(kind, target, pool, smap.locate(owner, *fields), owner))

    docs = cat.documents
    for d in docs.values():
        for fld in ("supersedes", "superseded_by", "amends", "amended_by"):
            for i, t in enumerate(getattr(d, fld)):
                ref("reference document", t, docs, d.id, fld, i)
    items = {**cat.layers, **cat.components}
    for fw in cat.frameworks.values():
        ref("reference document", fw.document, docs, fw.id, "document")
        ref("reference document", fw.source.document, docs, fw.id, "source", "document")
        for fld in ("supersedes", "superseded_by"):
            for i, t in enumerate(getattr(fw, fld)):
                ref("framework", t, cat.frameworks, fw.id, fld, i)
        for layer in fw.layers:
            ref("reference document", layer.source.document, docs, layer.id, "source", "document")
            if layer.capability:
                ref("capability", layer.capability, cat.capabilities, layer.id, "capability")
            for comp in layer.components:
                ref("reference document", comp.source.document, docs, comp.id, "source", "document")
                if comp.capability:
                    ref("capability", comp.capability, cat.capabilities, comp.id, "capability")
    for coll in (cat.capabilities, cat.principles, cat.indicator_sets, cat.indicators):
        for item in coll.values():
            ref("reference document", item.source.document, docs, item.id, "source", "document")
    for s in cat.indicator_sets.values():
        if s.document:
            ref("reference document", s.document, docs, s.id, "document")
    known = {**items, **cat.frameworks}
    for i, m in enumerate(cat.crosswalks):
        for end in (m.source_item, m.target_item):
            if end not in known:
                where = None
                for doc in documents:
                    if isinstance(doc.data, dict) and "crosswalks" in doc.data:
                        where = doc.locate(("crosswalks", i))
                        break
                out.append(_dangling("framework item", end, known, where, f"crosswalk {m.source_item}→{m.target_item}"))
    return out


# --------------------------------------------------------------------------- province models


@dataclass
class LoadedArchitecture:
    """A validated province architecture, with the files it came from and where each entity stands."""

    architecture: ProvinceArchitecture
    root: Path
    source_map: SourceMap

    @property
    def code(self) -> str:
        return self.architecture.province.code

    def locate(self, entity_id: str, *fields: str | int) -> Location | None:
        return self.source_map.locate(entity_id, *fields)


@dataclass
class Workspace:
    """Everything one run works on: the reference catalogue and the province architectures."""

    catalogue: ReferenceCatalogue
    provinces: list[LoadedArchitecture]
    fingerprint: str | None = None
    """A digest of every input file and the ictarch version, when loaded with a cache; equal
    fingerprints mean identical inputs, so results computed from them may be reused."""

    def province(self, code: str) -> LoadedArchitecture:
        for p in self.provinces:
            if p.code == code:
                return p
        raise KeyError(code)


_LIST_KEYS = tuple(ProvinceFragment.model_fields)[1:]  # every list key, after 'ictarch'


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Resolve command-line paths to province main files: a file, a model folder, or a folder of models."""
    found: list[Path] = []
    diagnostics: list[Diagnostic] = []
    for p in paths:
        if p.is_file():
            found.append(p)
        elif (p / MAIN_FILE).is_file():
            found.append(p / MAIN_FILE)
        elif p.is_dir():
            mains = sorted(p.glob(f"*/{MAIN_FILE}")) or sorted(p.glob(f"**/{MAIN_FILE}"))
            if not mains:
                diagnostics.append(
                    Diagnostic(
                        errors.FILE,
                        f"no province model in {display_name(p)}",
                        hint=f"a model is a YAML file, or a folder with a {MAIN_FILE}",
                    )
                )
            found.extend(mains)
        else:
            diagnostics.append(Diagnostic(errors.FILE, f"path not found: {display_name(p)}", hint="check the path"))
    unique: list[Path] = []
    for f in found:
        if f.resolve() not in {u.resolve() for u in unique}:
            unique.append(f)
    return unique, diagnostics


ProgressCallback = typing.Callable[[int, int], None]
"""Called with (provinces done, provinces in all) as loading proceeds."""

PARALLEL_THRESHOLD_BYTES = 2_000_000
"""Below this much YAML, starting worker processes costs more than it saves."""


def load_workspace(
    paths: Sequence[Path],
    reference: Path | None = None,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
) -> Workspace:
    """Load the catalogue and every province model named by ``paths``; raise all errors at once.

    Province files are independent, so they are parsed in parallel across ``jobs`` processes
    (default: the machine's cores, for large inputs). With ``cache_dir``, validated models are
    reused from a cache keyed by the content of their files, the reference files and the ictarch
    version. The cyclic garbage collector is paused while loading (see :mod:`ictarch._memory`).
    """
    with bulk_build():
        root = reference or reference_root()
        catalogue, _ = load_catalogue(root)
        fingerprint = _fingerprint(sorted(root.glob("*.yaml"))) if cache_dir is not None else ""
        mains, diagnostics = discover(paths)
        results, keys = _load_all(mains, catalogue, fingerprint, cache_dir, jobs, progress)
    provinces: list[LoadedArchitecture] = []
    for loaded, diags in results:
        diagnostics.extend(diags)
        if loaded is not None:
            provinces.append(loaded)
    codes: dict[str, LoadedArchitecture] = {}
    for p in provinces:
        if p.code in codes:
            diagnostics.append(
                Diagnostic(
                    errors.DUPLICATE_ID,
                    f"province code '{p.code}' is used by two models",
                    p.locate(p.code, "code"),
                    related=codes[p.code].locate(p.code, "code"),
                    hint="each model needs its own province code",
                )
            )
        codes[p.code] = p
    if diagnostics:
        raise ModelLoadError(diagnostics)
    digest = None
    if cache_dir is not None and None not in keys:
        digest = hashlib.sha256("\n".join([fingerprint, *(k or "" for k in keys)]).encode()).hexdigest()
    return Workspace(catalogue, provinces, digest)


LoadResult = tuple["LoadedArchitecture | None", list[Diagnostic]]


def _load_all(
    mains: list[Path],
    catalogue: ReferenceCatalogue,
    fingerprint: str,
    cache_dir: Path | None,
    jobs: int | None,
    progress: ProgressCallback | None,
) -> tuple[list[LoadResult], list[str | None]]:
    total = len(mains)
    size = sum(sum(f.stat().st_size for f in m.parent.glob("*.yaml")) if m.name == MAIN_FILE else 0 for m in mains)
    workers = jobs if jobs is not None else (os.cpu_count() or 1) if size > PARALLEL_THRESHOLD_BYTES else 1
    workers = max(1, min(workers, total))
    results: list[LoadResult | None] = [None] * total
    keys: list[str | None] = [None] * total
    done = 0
    if cache_dir is not None:  # cache hits are cheaper here than shipping models back from workers
        for i, main in enumerate(mains):
            key = keys[i] = _cache_key(main, fingerprint)
            hit = _read_cache(cache_dir, key, main) if key is not None else None
            if hit is not None:
                results[i] = (hit, [])
                done += 1
                if progress:
                    progress(done, total)
    misses = [i for i in range(total) if results[i] is None]
    workers = max(1, min(workers, len(misses)))
    if workers == 1:
        for i in misses:
            results[i] = load_cached(mains[i], catalogue, fingerprint, cache_dir)
            done += 1
            if progress:
                progress(done, total)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(load_cached, mains[i], catalogue, fingerprint, cache_dir): i for i in misses}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                done += 1
                if progress:
                    progress(done, total)
    return [r for r in results if r is not None], keys


# --------------------------------------------------------------------------- cache


CACHE_FORMAT = 1


def _fingerprint(files: Iterable[Path]) -> str:
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
    key = _cache_key(main_path, fingerprint)
    if key is not None:
        hit = _read_cache(cache_dir, key, main_path)
        if hit is not None:
            return hit, []
    loaded, diags = load_province(main_path, catalogue)
    if loaded is not None and key is not None:
        _write_cache(cache_dir, key, loaded)
    return loaded, diags


def _cache_key(main_path: Path, fingerprint: str) -> str | None:
    files, _ = _model_files(main_path)
    if files is None:
        return None
    return hashlib.sha256((_fingerprint([main_path, *files]) + fingerprint).encode()).hexdigest()


def _model_files(main_path: Path) -> tuple[list[Path] | None, list[Diagnostic]]:
    files = ModelFolder(main_path.parent)
    main, diags = _read(files, main_path.name)
    if main is None:
        return None, diags
    rels, inc = _expand_includes(main, files, main_path.name)
    return [main_path.parent / r for r in rels], diags + inc


def _read_cache(cache_dir: Path, key: str, main_path: Path) -> LoadedArchitecture | None:
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


def _write_cache(cache_dir: Path, key: str, loaded: LoadedArchitecture) -> None:
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


def _expand_includes(main: YamlDocument, files: ModelFiles, main_rel: str) -> tuple[list[str], list[Diagnostic]]:
    data = main.data if isinstance(main.data, dict) else {}
    includes = data.get("include", [])
    if not isinstance(includes, list):
        return [], []  # the schema reports the wrong type
    out: list[str] = []
    diags: list[Diagnostic] = []
    for i, pattern in enumerate(includes):
        where = main.locate(("include", i))
        if not isinstance(pattern, str):
            continue
        if os.path.isabs(pattern) or ".." in Path(pattern).parts:
            diags.append(
                Diagnostic(
                    errors.INCLUDE,
                    f"include '{pattern}' leaves the model's folder",
                    where,
                    expected="a path or glob relative to the model's folder, inside it",
                    hint="move the fragment into the model's folder",
                )
            )
            continue
        matches = files.glob(pattern)
        if not matches:
            diags.append(
                Diagnostic(errors.INCLUDE, f"include '{pattern}' matches no file", where, hint="check the file name")
            )
        for rel, inside in matches:
            if not inside:
                diags.append(
                    Diagnostic(errors.INCLUDE, f"include '{pattern}' resolves outside the model's folder", where)
                )
            elif rel == main_rel:
                diags.append(Diagnostic(errors.INCLUDE, f"include '{pattern}' names the main file itself", where))
            elif rel not in out:
                out.append(rel)
    return out, diags


def load_province(main_path: Path, catalogue: ReferenceCatalogue) -> tuple[LoadedArchitecture | None, list[Diagnostic]]:
    """Load one province model (a main file and its fragments) and resolve its references."""
    return _load_province(ModelFolder(main_path.parent), main_path.name, catalogue, main_path.parent)


def _load_province(
    files: ModelFiles, main_rel: str, catalogue: ReferenceCatalogue, root: Path
) -> tuple[LoadedArchitecture | None, list[Diagnostic]]:
    main, diagnostics = _read(files, main_rel)
    if main is None:
        return None, diagnostics
    if main.data is None:
        main.data = {}
    if not isinstance(main.data, dict):
        return None, [
            Diagnostic(errors.SCHEMA, "a province model must be a mapping", main.locate(()), expected="province: ...")
        ]
    fragment_paths, inc_diags = _expand_includes(main, files, main_rel)
    diagnostics.extend(inc_diags)
    documents = [main]
    merged: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in main.data.items()}
    # origin of each merged list item: (document index, index in that document)
    origins: dict[str, list[tuple[int, int]]] = {
        k: [(0, i) for i in range(len(v))] for k, v in merged.items() if k in _LIST_KEYS and isinstance(v, list)
    }
    for fp in fragment_paths:
        frag, diags = _read(files, fp)
        diagnostics.extend(diags)
        if frag is None:
            continue
        data = frag.data if frag.data is not None else {}
        if not isinstance(data, dict):
            diagnostics.append(
                Diagnostic(
                    errors.SCHEMA, "a fragment file must be a mapping", frag.locate(()), expected="components: [...]"
                )
            )
            continue
        documents.append(frag)
        for key, items in data.items():
            if key == "ictarch":
                continue
            if key not in _LIST_KEYS or not isinstance(items, list):
                diagnostics.append(
                    Diagnostic(
                        errors.SCHEMA,
                        f"'{key}' cannot stand in a fragment file"
                        if key not in _LIST_KEYS
                        else f"'{key}' must be a list",
                        frag.locate((key,)),
                        expected=f"a list under one of: {', '.join(_LIST_KEYS)}",
                        hint=_did_you_mean(str(key), _LIST_KEYS) or "identity and programme belong in the main file",
                    )
                )
                continue
            base = merged.setdefault(key, [])
            if not isinstance(base, list):
                continue
            table = origins.setdefault(key, [])
            for i, item in enumerate(items):
                table.append((len(documents) - 1, i))
                base.append(item)

    def locate(path: PathKey) -> Location:
        if path and path[0] in origins and len(path) > 1 and isinstance(path[1], int):
            table = origins[str(path[0])]
            if path[1] < len(table):
                doc_index, idx = table[path[1]]
                return documents[doc_index].locate((path[0], idx, *path[2:]))
        return main.locate(path)

    if any(d.code in (errors.YAML_SYNTAX, errors.FILE) for d in diagnostics):
        return None, diagnostics
    entities: dict[str, tuple[int, PathKey]] = {}
    diagnostics.extend(_index_province(merged, origins, entities, locate))
    diagnostics.extend(_resolve_province(merged, catalogue, locate))
    try:
        arch = ProvinceArchitecture.model_validate(merged)
    except ValidationError as exc:
        diagnostics.extend(validation_diagnostics(exc, ProvinceArchitecture, locate))
        return None, diagnostics
    if diagnostics:
        return None, diagnostics
    return LoadedArchitecture(arch, root, SourceMap.from_documents(documents, entities)), []


def _items(data: Any, *keys: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of the list at ``data[keys...]``, with their indexes; tolerant of bad shapes."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, list):
        return []
    return [(i, item) for i, item in enumerate(data) if isinstance(item, dict)]


def _strings(item: dict[str, Any], key: str) -> list[tuple[int | None, str]]:
    """A field holding one id or a list of ids, as (index, id) pairs."""
    value = item.get(key)
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


_ENTITY_LISTS = ("components", "projects")
_LOCAL_LISTS = ("domains", "sources")


def _index_province(
    data: dict[str, Any],
    origins: dict[str, list[tuple[int, int]]],
    entities: dict[str, tuple[int, PathKey]],
    locate: typing.Callable[[PathKey], Location],
) -> list[Diagnostic]:
    """Record where each entity stands and report ids used twice, naming both places."""
    out: list[Diagnostic] = []
    code = data.get("province", {}).get("code") if isinstance(data.get("province"), dict) else None
    if isinstance(code, str):
        entities[code] = (0, ("province",))

    def add(namespace: dict[str, Location], item_id: Any, path: PathKey, label: str) -> None:
        if not isinstance(item_id, str):
            return
        here = locate((*path, "id"))
        if item_id in namespace:
            out.append(
                Diagnostic(
                    errors.DUPLICATE_ID,
                    f"duplicate {label} id '{item_id}'",
                    here,
                    expected=f"{label} ids unique within the model",
                    hint="rename one of them",
                    related=namespace[item_id],
                )
            )
            return
        namespace[item_id] = here
        key, i = path[0], path[1]
        if key in origins and isinstance(i, int) and i < len(origins[str(key)]):
            doc_index, idx = origins[str(key)][i]
            entities[item_id] = (doc_index, (key, idx, *path[2:]))
        else:
            entities[item_id] = (0, path)

    seen: dict[str, Location] = {}
    for key in _ENTITY_LISTS:
        for i, item in _items(data, key):
            add(seen, item.get("id"), (key, i), "component or project")
    for key in _LOCAL_LISTS:
        ns: dict[str, Location] = {}
        for i, item in _items(data, key):
            add(ns, item.get("id"), (key, i), key[:-1])
    phases: dict[str, Location] = {}
    for i, item in _items(data, "programme", "phases"):
        add(phases, item.get("id"), ("programme", "phases", i), "phase")
    documents: dict[str, Location] = {}
    for i, item in _items(data, "programme", "documents"):
        add(documents, item.get("id"), ("programme", "documents", i), "programme document")
    # entries without ids get stable keys so that findings can point at them
    for i, item in _items(data, "conforms_to"):
        entities.setdefault(f"conforms_to:{item.get('framework')}", (0, ("conforms_to", i)))
    for i, item in _items(data, "not_applicable"):
        add({}, f"not_applicable:{item.get('component')}", ("not_applicable", i), "not-applicable entry")
    for i, item in _items(data, "waivers"):
        add({}, f"waiver:{item.get('check')}:{item.get('subject')}", ("waivers", i), "waiver")
    for i, item in _items(data, "relationships"):
        add(
            {},
            relationship_key(item.get("from"), item.get("to"), item.get("type")),
            ("relationships", i),
            "relationship",
        )
    return out


def relationship_key(source: object, target: object, relation: object) -> str:
    """The key under which a relationship's position is kept (relationships have no id)."""
    return f"relationship:{source}>{target}:{getattr(relation, 'value', relation)}"


def _resolve_province(
    data: dict[str, Any], cat: ReferenceCatalogue, locate: typing.Callable[[PathKey], Location]
) -> list[Diagnostic]:
    """Every reference points at something that exists; the diagnostics name both ends."""
    out: list[Diagnostic] = []

    def ids(*keys: str) -> set[str]:
        return {item["id"] for _, item in _items(data, *keys) if isinstance(item.get("id"), str)}

    components, projects, domains = ids("components"), ids("projects"), ids("domains")
    phases = ids("programme", "phases")
    sources = ids("sources") | set(cat.documents)
    ref_items = {**cat.layers, **cat.components}
    egov_items = {i for i in ref_items if (fw := cat.framework_of(i)) and fw.kind.value == "egov-architecture"}
    national = {i for i, c in cat.components.items() if c.national_level}
    indicators = set(cat.indicator_sets) | set(cat.indicators)
    code = data.get("province", {}).get("code") if isinstance(data.get("province"), dict) else None

    def check(path: PathKey, item: dict[str, Any], key: str, pool: Any, what: str, owner: str | None = None) -> None:
        for j, target in _strings(item, key):
            if target not in pool:
                where = locate((*path, key) if j is None else (*path, key, j))
                name = owner or str(item.get("id", format_path(path)))
                out.append(_dangling(what, target, pool, where, name))

    def check_source(path: PathKey, item: dict[str, Any]) -> None:
        src = item.get("source")
        if isinstance(src, dict):
            check((*path, "source"), src, "document", sources, "source or reference document", str(item.get("id", "")))

    for i, item in _items(data, "conforms_to"):
        check(("conforms_to", i), item, "framework", cat.frameworks, "framework", str(code))
    for i, item in _items(data, "programme", "documents"):
        check(("programme", "documents", i), item, "cites", cat.documents, "reference document")
        check_source(("programme", "documents", i), item)
    for i, item in _items(data, "programme", "phases"):
        check_source(("programme", "phases", i), item)
    for key in ("domains", "indicators", "conforms_to"):
        for i, item in _items(data, key):
            check_source((key, i), item)
    for i, item in _items(data, "components"):
        path = ("components", i)
        check(path, item, "realizes", ref_items, "reference component or layer")
        check(path, item, "egov_links", egov_items, "e-government architecture component")
        check(path, item, "domain", domains, "domain")
        check_source(path, item)
    targets = components | national | set(ref_items)
    for i, item in _items(data, "relationships"):
        owner = f"relationship {item.get('from')} → {item.get('to')}"
        check(("relationships", i), item, "from", components, "component", owner)
        check(("relationships", i), item, "to", targets, "component or national-level reference component", owner)
    for i, item in _items(data, "projects"):
        path = ("projects", i)
        check(path, item, "delivers", components, "component")
        check(path, item, "domain", domains, "domain")
        check(path, item, "phase", phases, "phase")
        check_source(path, item)
        start, end = item.get("start_year"), item.get("end_year")
        if isinstance(start, int) and isinstance(end, int) and start > end:
            out.append(
                Diagnostic(
                    errors.SCHEMA,
                    f"project '{item.get('id')}' ends ({end}) before it starts ({start})",
                    locate((*path, "end_year")),
                    expected="end_year ≥ start_year",
                    hint="swap the years or correct one of them",
                )
            )
    for i, item in _items(data, "indicators"):
        check(("indicators", i), item, "indicator", indicators, "indicator or indicator set", str(code))
    for i, item in _items(data, "not_applicable"):
        check(("not_applicable", i), item, "component", ref_items, "reference component or layer", str(code))
    subjects = components | projects | ({code} if isinstance(code, str) else set())
    for i, item in _items(data, "waivers"):
        check(
            ("waivers", i), item, "subject", subjects, "component, project or province", f"waiver {item.get('check')}"
        )
    return out


# --------------------------------------------------------------------------- configuration


def load_config(path: Path) -> tuple[Any, typing.Callable[[PathKey], Location]]:
    """Read and validate a configuration file (``ictarch.yaml``).

    Returns the :class:`ictarch.config.ConfigFile` and a function locating a path inside the file
    (for errors found while resolving it); every problem is one :class:`~ictarch.errors.ConfigError`
    listing each at file:line:column.
    """
    from ictarch.config import ConfigFile

    doc, diagnostics = read_yaml(path)
    if doc is not None and not diagnostics:
        try:
            return ConfigFile.model_validate(doc.data if doc.data is not None else {}), doc.locate
        except ValidationError as exc:
            diagnostics = validation_diagnostics(exc, ConfigFile, doc.locate)
    lines = [d.render() for d in sorted(diagnostics, key=Diagnostic.sort_key)]
    raise errors.ConfigError(f"invalid configuration {display_name(path)}:\n" + "\n".join(lines))


# --------------------------------------------------------------------------- models held in memory (git revisions)


def load_province_texts(
    files: dict[str, bytes],
    catalogue: ReferenceCatalogue,
    *,
    main: str = MAIN_FILE,
    prefix: str = "",
) -> LoadResult:
    """Load one province model from files held in memory, such as the files of a git revision.

    ``files`` maps paths relative to the model's folder (``province.yaml``, ``parts/components.yaml``)
    to their bytes; ``main`` names the main file among them, and its ``include`` globs resolve among
    these files only. Positions and diagnostics name each file ``prefix + path``
    (``HEAD~1:province_models/quang-tri/province.yaml``). The same rules as for files on disk
    apply, and nothing is written anywhere.
    """
    for rel in [main, *files]:
        parts = Path(rel).parts
        if not parts or Path(rel).is_absolute() or ".." in parts:
            raise ModelLoadError([Diagnostic(errors.FILE, f"{prefix}{rel}: not a path inside the model's folder")])
    root = Path(prefix.rstrip("/:") or ".")
    return _load_province(ModelInMemory(files, prefix), main, catalogue, root)
