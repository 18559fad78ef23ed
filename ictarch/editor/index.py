"""Where each id of a model is defined and cited, across the model's files, with exact spans.

Built from the buffer texts an editor holds (not from the validated model), so definition, references
and rename work also while the model does not load.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ictarch.loading.spans import DocumentSpans, Span, document_spans
from ictarch.loading.yaml_doc import PathKey

DEFINITIONS: dict[tuple[str, ...], str] = {
    ("components",): "component",
    ("projects",): "project",
    ("domains",): "domain",
    ("sources",): "source",
    ("programme", "phases"): "phase",
    ("programme", "documents"): "programme document",
}
"""Lists whose items define an id, and the kind of what they define."""

REFERENCES: dict[tuple[str, str], str] = {
    ("components", "realizes"): "reference",
    ("components", "egov_links"): "reference",
    ("components", "domain"): "domain",
    ("relationships", "from"): "component",
    ("relationships", "to"): "component",
    ("projects", "delivers"): "component",
    ("projects", "domain"): "domain",
    ("projects", "phase"): "phase",
    ("waivers", "check"): "check",
    ("waivers", "subject"): "component",
    ("not_applicable", "component"): "reference",
    ("conforms_to", "framework"): "framework",
}
"""Fields holding ids, by (list, field), and what kind of id they hold."""


@dataclass(frozen=True)
class Occurrence:
    """One place an id is written: the file, its span, and whether it is the definition."""

    file: str
    span: Span
    definition: bool
    kind: str
    path: PathKey


@dataclass
class ModelIndex:
    """Definitions and citations of ids across every file of one model."""

    spans: dict[str, DocumentSpans] = field(default_factory=dict)
    definitions: dict[str, Occurrence] = field(default_factory=dict)
    occurrences: dict[str, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))
    items: dict[str, list[tuple[str, str, Span, Span]]] = field(default_factory=dict)
    """Per file: (kind, id, span of the item, span of its id), for the outline."""

    def references(self, entity_id: str) -> list[Occurrence]:
        return list(self.occurrences.get(entity_id, ()))

    def id_at(self, file: str, line: int, column: int) -> Occurrence | None:
        """The id written at a 0-based position of a file, if any."""
        doc = self.spans.get(file)
        scalar = doc.at(line, column) if doc else None
        if scalar is None:
            return None
        for occ in self.occurrences.get(scalar.value, ()):
            if occ.file == file and occ.span == scalar.span:
                return occ
        return None


def _list_key(path: PathKey) -> tuple[str, ...] | None:
    """``('programme', 'phases', 2, 'id')`` → ``('programme', 'phases')``; None when not an item's field."""
    for n in (1, 2):
        if len(path) == n + 2 and isinstance(path[n], int) and all(isinstance(p, str) for p in path[:n]):
            return tuple(str(p) for p in path[:n])
    return None


def build_index(texts: dict[str, str]) -> ModelIndex:
    """Index every file's ids: one pass over each document's scalars."""
    index = ModelIndex()
    for file, text in texts.items():
        doc = index.spans[file] = document_spans(text)
        outline: list[tuple[str, str, Span, Span]] = []
        for s in doc.scalars:
            path = s.path
            if len(path) >= 3 and path[-1] == "id" and (lk := _list_key(path)) in DEFINITIONS:
                kind = DEFINITIONS[lk]
                occ = Occurrence(file, s.span, True, kind, path)
                index.definitions.setdefault(s.value, occ)
                index.occurrences[s.value].append(occ)
                item = doc.nodes.get(path[:-1])
                if item is not None and kind in ("component", "project", "domain"):
                    outline.append((kind, s.value, item, s.span))
                continue
            # a field holding one id (list, i, field) or a list of ids (list, i, field, j)
            if (len(path) == 3 and isinstance(path[0], str) and isinstance(path[2], str)) or (
                len(path) == 4 and isinstance(path[0], str) and isinstance(path[2], str) and isinstance(path[3], int)
            ):
                key = (path[0], path[2])
            elif len(path) >= 3 and path[-2:] == ("source", "document"):
                key = ("*", "source")
            else:
                continue
            kind = REFERENCES.get(key) or ("source" if key == ("*", "source") else "")
            if kind:
                index.occurrences[s.value].append(Occurrence(file, s.span, False, kind, path))
        index.items[file] = outline
    return index
