"""Where each id of a model is defined and cited, across the model's files, with exact spans.

Built from the buffer texts an editor holds (not from the validated model), so definition, references
and rename work also while the model does not load.
"""

from __future__ import annotations

import re
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


_PLAIN_END = re.compile(r"\s+#|[,\[\]{}]|$")


def token_span(lines: list[str], line: int, column: int) -> Span:
    """What to underline for a loader's location (0-based): a quoted or plain scalar, or a key with its
    one-line value, read from the text alone (cheap enough for every diagnostic of every change)."""
    if not 0 <= line < len(lines):
        return Span(line, column, line, column)
    text = lines[line].rstrip("\r\n")
    if column >= len(text):
        return Span(line, column, line, column)
    quote = text[column]
    if quote in "\"'":
        i = column + 1
        while i < len(text):
            if text[i] == "\\" and quote == '"':
                i += 2
                continue
            if text[i] == quote:
                if quote == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return Span(line, column, line, i + 1)
            i += 1
        return Span(line, column, line, len(text))
    m = _PLAIN_END.search(text, column)
    end = m.start() if m else len(text)
    while end > column and text[end - 1] == " ":
        end -= 1
    return Span(line, column, line, max(end, column + 1))


def _list_key(path: PathKey) -> tuple[str, ...] | None:
    """``('programme', 'phases', 2, 'id')`` → ``('programme', 'phases')``; None when not an item's field."""
    for n in (1, 2):
        if len(path) == n + 2 and isinstance(path[n], int) and all(isinstance(p, str) for p in path[:n]):
            return tuple(str(p) for p in path[:n])
    return None


@dataclass(frozen=True)
class FileIndex:
    """What one file defines and cites: kept while the file's text is unchanged."""

    spans: DocumentSpans
    occurrences: list[tuple[str, Occurrence]]
    outline: list[tuple[str, str, Span, Span]]


def index_file(file: str, text: str) -> FileIndex:
    """One pass over a document's scalars: the ids it defines and cites, and its outline."""
    doc = document_spans(text)
    occurrences: list[tuple[str, Occurrence]] = []
    outline: list[tuple[str, str, Span, Span]] = []
    for s in doc.scalars:
        path = s.path
        if len(path) >= 3 and path[-1] == "id" and (lk := _list_key(path)) in DEFINITIONS:
            kind = DEFINITIONS[lk]
            occurrences.append((s.value, Occurrence(file, s.span, True, kind, path)))
            item = doc.nodes.get(path[:-1])
            if item is not None and kind in ("component", "project", "domain"):
                outline.append((kind, s.value, item, s.span))
            continue
        # a field holding one id (list, i, field) or a list of ids (list, i, field, j)
        field_path = len(path) == 3 or (len(path) == 4 and isinstance(path[3], int))
        if field_path and isinstance(path[0], str) and isinstance(path[2], str):
            kind = REFERENCES.get((path[0], path[2]), "")
        elif len(path) >= 3 and path[-2:] == ("source", "document"):
            kind = "source"
        else:
            continue
        if kind:
            occurrences.append((s.value, Occurrence(file, s.span, False, kind, path)))
    return FileIndex(doc, occurrences, outline)


def build_index(texts: dict[str, str], cache: dict[str, tuple[str, FileIndex]] | None = None) -> ModelIndex:
    """Index every file's ids; with ``cache`` (file → (text, its index)), only changed files are parsed again."""
    index = ModelIndex()
    for file, text in texts.items():
        kept = cache.get(file) if cache is not None else None
        one = kept[1] if kept is not None and kept[0] == text else index_file(file, text)
        if cache is not None:
            cache[file] = (text, one)
        index.spans[file] = one.spans
        index.items[file] = one.outline
        for entity_id, occ in one.occurrences:
            if occ.definition:
                index.definitions.setdefault(entity_id, occ)
            index.occurrences[entity_id].append(occ)
    if cache is not None:
        for gone in set(cache) - set(texts):
            del cache[gone]
    return index
