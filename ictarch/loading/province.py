"""Province models: read a main file and its fragments, merge them, resolve references, validate.

Every problem in every file is collected and returned at once, each diagnostic pointing at
file:line:column and the path inside the document.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ictarch import errors
from ictarch.errors import Diagnostic, Location, ModelLoadError
from ictarch.i18n import msg
from ictarch.loading.diagnostics import did_you_mean, entity_word, validation_diagnostics
from ictarch.loading.files import MAIN_FILE, ModelFiles, ModelFolder, ModelInMemory, expand_includes, read_document
from ictarch.loading.resolve import items_of, resolve_province
from ictarch.loading.source_map import SourceMap
from ictarch.loading.yaml_doc import PathKey
from ictarch.models.province import ProvinceArchitecture, ProvinceFragment, Waiver
from ictarch.models.reference import ReferenceCatalogue


@dataclass
class LoadedArchitecture:
    """A validated province architecture, with the files it came from and where each entity stands."""

    architecture: ProvinceArchitecture
    root: Path
    source_map: SourceMap
    normalized: tuple[str, ...] = ()
    """The files whose decomposed (NFD) text was read composed (NFC), as this run names them."""

    @property
    def code(self) -> str:
        return self.architecture.province.code

    def locate(self, entity_id: str, *fields: str | int) -> Location | None:
        return self.source_map.locate(entity_id, *fields)

    def file_names(self) -> list[str]:
        """The model's files, as this run names them."""
        return self.source_map.file_names()

    def waivers(self) -> tuple[Waiver, ...]:
        """The model's waivers (what the runs that apply them read of every province)."""
        return self.architecture.waivers

    def waived_checks(self) -> frozenset[str]:
        """The codes of the checks the province's waivers name (a run that reuses stored results asks)."""
        return frozenset(w.check for w in self.waivers())

    def includes(self) -> tuple[str, ...]:
        """The model's ``include`` patterns (the output cache keeps what they matched)."""
        return self.architecture.include

    def component_count(self) -> int:
        """How many components the model declares (what a run sizes its work by)."""
        return len(self.architecture.components)

    def read_once(self) -> ProvinceArchitecture:
        """The model, for a command that reads each province's model once and then drops it (``diff``): a lazy
        province that has not read its model yet reads it for this call and keeps nothing of it."""
        return self.architecture


class LazyArchitecture(LoadedArchitecture):
    """A province whose model is read only when a command first reads it, with what commands read of most
    provinces without it: the code, the checks the waivers name, the ``include`` patterns and, when known,
    the number of components. Subclasses say where the model is read from (:meth:`_read`)."""

    def __init__(
        self,
        code: str,
        waived: frozenset[str],
        include: tuple[str, ...],
        components: int | None,
        root: Path,
        source_map: SourceMap,
        normalized: tuple[str, ...],
    ) -> None:
        self._code, self._waived, self._include, self._components = code, waived, include, components
        self._architecture: ProvinceArchitecture | None = None
        self.root = root
        self.source_map = source_map
        self.normalized = normalized

    def _read(self) -> ProvinceArchitecture:
        raise NotImplementedError

    def _forget(self) -> None:
        """Drop what the model is read from, once it is read and kept (a subclass that holds it)."""

    @property
    def architecture(self) -> ProvinceArchitecture:
        if self._architecture is None:
            self._architecture = self._read()
            self._forget()
        return self._architecture

    @architecture.setter
    def architecture(self, value: ProvinceArchitecture) -> None:
        self._architecture = value

    def read_once(self) -> ProvinceArchitecture:
        return self._architecture if self._architecture is not None else self._read()

    @property
    def validated(self) -> bool:
        """Whether the model has been read (and validated) yet."""
        return self._architecture is not None

    @property
    def code(self) -> str:
        return self._code

    def waivers(self) -> tuple[Waiver, ...]:
        return () if self._architecture is None and not self._waived else super().waivers()

    def waived_checks(self) -> frozenset[str]:
        return self._waived if self._architecture is None else super().waived_checks()

    def includes(self) -> tuple[str, ...]:
        return self._include if self._architecture is None else super().includes()

    def component_count(self) -> int:
        if self._architecture is None and self._components is not None:
            return self._components
        return super().component_count()

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process as the plain province (its model read here, once)."""
        return LoadedArchitecture, (self.architecture, self.root, self.source_map, self.normalized)


LoadResult = tuple["LoadedArchitecture | None", list[Diagnostic]]

_LIST_KEYS = tuple(ProvinceFragment.model_fields)[1:]  # every list key, after 'ictarch'


def load_province(main_path: Path, catalogue: ReferenceCatalogue) -> tuple[LoadedArchitecture | None, list[Diagnostic]]:
    """Load one province model (a main file and its fragments) and resolve its references."""
    return _load_province(ModelFolder(main_path.parent), main_path.name, catalogue, main_path.parent)


def load_province_files(
    files: ModelFiles, main_rel: str, catalogue: ReferenceCatalogue, root: Path, *, lazy_map: bool = False
) -> tuple[LoadedArchitecture | None, list[Diagnostic]]:
    """Load one province model from ``files`` (a folder, a snapshot of one, or files in memory); ``lazy_map``:
    its source map packs its entities only when first stored or sent (for a province dropped once checked: it
    holds the documents' positions until then)."""
    return _load_province(files, main_rel, catalogue, root, lazy_map)


def _load_province(
    files: ModelFiles, main_rel: str, catalogue: ReferenceCatalogue, root: Path, lazy_map: bool = False
) -> tuple[LoadedArchitecture | None, list[Diagnostic]]:
    main, diagnostics = read_document(files, main_rel)
    if main is None:
        return None, diagnostics
    if main.data is None:
        main.data = {}
    if not isinstance(main.data, dict):
        return None, [
            Diagnostic(errors.SCHEMA, msg("load.model-not-mapping"), main.locate(()), expected="province: ...")
        ]
    fragment_paths, inc_diags = expand_includes(main, files, main_rel)
    diagnostics.extend(inc_diags)
    documents = [main]
    merged: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in main.data.items()}
    # origin of each merged list item: (document index, index in that document)
    origins: dict[str, list[tuple[int, int]]] = {
        k: [(0, i) for i in range(len(v))] for k, v in merged.items() if k in _LIST_KEYS and isinstance(v, list)
    }
    for fp in fragment_paths:
        frag, diags = read_document(files, fp)
        diagnostics.extend(diags)
        if frag is None:
            continue
        data = frag.data if frag.data is not None else {}
        if not isinstance(data, dict):
            diagnostics.append(
                Diagnostic(
                    errors.SCHEMA, msg("load.fragment-not-mapping"), frag.locate(()), expected="components: [...]"
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
                        msg("load.not-in-fragment", key=str(key))
                        if key not in _LIST_KEYS
                        else msg("load.must-be-list", key=str(key)),
                        frag.locate((key,)),
                        expected=msg("load.list-under", keys=_LIST_KEYS),
                        hint=did_you_mean(str(key), _LIST_KEYS) or msg("load.identity-in-main"),
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
    diagnostics.extend(resolve_province(merged, catalogue, locate))
    try:
        arch = ProvinceArchitecture.model_validate(merged)
    except ValidationError as exc:
        diagnostics.extend(validation_diagnostics(exc, ProvinceArchitecture, locate))
        return None, diagnostics
    if diagnostics:
        return None, diagnostics
    smap = SourceMap.from_documents(documents, entities, BULK_LISTS, lazy=lazy_map)
    return LoadedArchitecture(arch, root, smap, tuple(d.file for d in documents if d.normalized)), []


_ENTITY_LISTS = ("components", "projects")
BULK_LISTS = frozenset({*_ENTITY_LISTS, "relationships"})
"""The lists that hold most of a model: their entities' positions are packed (see :class:`SourceMap`)."""
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

    def add(namespace: dict[str, PathKey], item_id: Any, path: PathKey, label: str) -> None:
        """``namespace``: where each id was first seen, located only when it is seen again."""
        if not isinstance(item_id, str):
            return
        if item_id in namespace:
            out.append(
                Diagnostic(
                    errors.DUPLICATE_ID,
                    msg("load.duplicate-id", what=entity_word(label), id=item_id),
                    locate((*path, "id")),
                    expected=msg("load.unique-ids", what=entity_word(label)),
                    hint=msg("load.rename-one"),
                    related=locate((*namespace[item_id], "id")),
                )
            )
            return
        namespace[item_id] = path
        key, i = path[0], path[1]
        if key in origins and isinstance(i, int) and i < len(origins[str(key)]):
            doc_index, idx = origins[str(key)][i]
            entities[item_id] = (doc_index, (key, idx, *path[2:]))
        else:
            entities[item_id] = (0, path)

    seen: dict[str, PathKey] = {}
    for key in _ENTITY_LISTS:
        for i, item in items_of(data, key):
            add(seen, item.get("id"), (key, i), "component or project")
    for key in _LOCAL_LISTS:
        ns: dict[str, PathKey] = {}
        for i, item in items_of(data, key):
            add(ns, item.get("id"), (key, i), key[:-1])
    phases: dict[str, PathKey] = {}
    for i, item in items_of(data, "programme", "phases"):
        add(phases, item.get("id"), ("programme", "phases", i), "phase")
    documents: dict[str, PathKey] = {}
    for i, item in items_of(data, "programme", "documents"):
        add(documents, item.get("id"), ("programme", "documents", i), "programme document")
    # entries without ids get stable keys so that findings can point at them
    for i, item in items_of(data, "conforms_to"):
        entities.setdefault(f"conforms_to:{item.get('framework')}", (0, ("conforms_to", i)))
    for i, item in items_of(data, "not_applicable"):
        add({}, f"not_applicable:{item.get('component')}", ("not_applicable", i), "not-applicable entry")
    for i, item in items_of(data, "waivers"):
        add({}, f"waiver:{item.get('check')}:{item.get('subject')}", ("waivers", i), "waiver")
    for i, item in items_of(data, "relationships"):
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
            raise ModelLoadError([Diagnostic(errors.FILE, msg("load.not-inside-folder", path=f"{prefix}{rel}"))])
    root = Path(prefix.rstrip("/:") or ".")
    return _load_province(ModelInMemory(files, prefix), main, catalogue, root)
