"""The reference catalogue: load every reference file and check that its cross-references hold."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from ictarch import errors
from ictarch.errors import Diagnostic, ModelLoadError
from ictarch.i18n import msg
from ictarch.loading.diagnostics import dangling, validation_diagnostics
from ictarch.loading.files import display_name, read_yaml, reference_root
from ictarch.loading.source_map import SourceMap
from ictarch.loading.yaml_doc import PathKey, YamlDocument
from ictarch.models.reference import ReferenceCatalogue, ReferenceFile


def load_catalogue(root: Path | None = None) -> tuple[ReferenceCatalogue, SourceMap]:
    """Load and cross-check every reference file under ``root`` (default: the shipped frameworks)."""
    root = root or reference_root()
    if not root.is_dir():
        raise ModelLoadError([Diagnostic(errors.FILE, msg("load.reference-not-found", path=display_name(root)))])
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
                    msg("load.duplicate-reference-id", id=item_id),
                    doc.locate((*path, "id")),
                    expected=msg("load.unique-reference-ids"),
                    hint=msg("load.rename-stable"),
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


def _check_reference(cat: ReferenceCatalogue, smap: SourceMap, documents: list[YamlDocument]) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def ref(kind: str, target: str, pool: Iterable[str], owner: str, *fields: str | int) -> None:
        pool = list(pool)
        if target not in pool:
            out.append(dangling(kind, target, pool, smap.locate(owner, *fields), owner))

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
                out.append(dangling("framework item", end, known, where, f"crosswalk {m.source_item}→{m.target_item}"))
    return out


# --------------------------------------------------------------------------- province models
