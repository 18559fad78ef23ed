"""What an editor shows about ids: completion candidates where an id goes, and hover text for any id.

Plain data (label, detail, Markdown documentation); the server turns it into protocol messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ictarch.checks.registry import Registry
from ictarch.editor.index import ModelIndex
from ictarch.loading import LoadedArchitecture
from ictarch.models.common import Label
from ictarch.models.province import Component
from ictarch.models.reference import Layer, ReferenceCatalogue, ReferenceComponent

ID_CHARS = re.compile(r"[A-Za-z0-9_.\-]+")
_INLINE_KEY = re.compile(r"(?:^|[\s{,])(?P<key>[a-z_]+):\s*(?P<list>\[[^\]]*?)?(?P<word>[A-Za-z0-9_.\-]*)$")
_ITEM_LINE = re.compile(r"^(?P<indent>\s*)-\s+(?P<word>[A-Za-z0-9_.\-]*)$")
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[a-z_]+):\s*(?:#.*)?$")
_TOP_KEY = re.compile(r"^(?P<key>[a-z_]+):")


@dataclass(frozen=True)
class Candidate:
    """One completion: the id, a one-line detail, and documentation in Markdown."""

    label: str
    detail: str
    documentation: str


@dataclass(frozen=True)
class IdContext:
    """Where the cursor stands: the top-level list, the field, and the part of an id already typed."""

    section: str
    key: str
    typed: str


def id_context(lines: list[str], line: int, column: int) -> IdContext | None:
    """The field an id is being typed into, read from the text (which need not be valid YAML yet)."""
    if line >= len(lines):
        return None
    prefix = lines[line][:column]
    key: str | None = None
    typed = ""
    m = _INLINE_KEY.search(prefix)
    if m and (m.group("list") is not None or " " not in prefix[m.end("key") + 1 :].strip()):
        key, typed = m.group("key"), m.group("word")
    else:
        item = _ITEM_LINE.match(prefix)
        if item is None:
            return None
        typed, indent = item.group("word"), len(item.group("indent"))
        for above in range(line - 1, -1, -1):
            km = _KEY_LINE.match(lines[above])
            if km and len(km.group("indent")) < indent + 1:
                key = km.group("key")
                break
            if lines[above].strip() and len(lines[above]) - len(lines[above].lstrip()) < indent:
                break
        if key is None:
            return None
    section = ""
    for above in range(line, -1, -1):
        tm = _TOP_KEY.match(lines[above])
        if tm:
            section = tm.group("key")
            break
    return IdContext(section, key, typed)


def _label(label: Label | None) -> str:
    if label is None:
        return ""
    return f"{label.vi} ({label.en})" if label.en and label.en != label.vi else label.vi


def _reference_doc(cat: ReferenceCatalogue, item: Layer | ReferenceComponent) -> str:
    fw = cat.framework_of(item.id)
    layer = cat.layer_of(item.id)
    lines = [f"**{item.name.vi}**"]
    if item.name.en:
        lines.append(f"_{item.name.en}_")
    if isinstance(item, Layer):
        lines.append(f"\nlayer of {fw.id if fw else '?'} ({item.kind.value})")
    else:
        lines.append(f"\nreference component of {layer.id if layer else '?'} ({item.obligation.value})")
    if item.description:
        lines.append(f"\n{item.description.vi}")
    source = item.source
    doc = cat.documents.get(source.document)
    cited = doc.number if doc else source.document
    lines.append(
        f"\nsource: {cited}{', ' + source.section if source.section else ''}; provenance: {item.provenance.value}"
    )
    return "\n".join(lines)


def _declared(loaded: LoadedArchitecture | None, index: ModelIndex) -> list[str]:
    if loaded is not None:
        return [c.framework for c in loaded.architecture.conforms_to]
    return [
        s.value
        for doc in index.spans.values()
        for s in doc.scalars
        if len(s.path) == 3 and s.path[0] == "conforms_to" and s.path[2] == "framework"
    ]


def _reference_items(cat: ReferenceCatalogue, frameworks: Iterable[str]) -> list[Candidate]:
    out: list[Candidate] = []
    for fw_id in frameworks:
        fw = cat.frameworks.get(fw_id)
        if fw is None:
            continue
        for layer in fw.layers:
            out.append(Candidate(layer.id, layer.name.vi, _reference_doc(cat, layer)))
            out.extend(Candidate(c.id, c.name.vi, _reference_doc(cat, c)) for c in layer.components)
    return out


def _model_items(index: ModelIndex, loaded: LoadedArchitecture | None, kinds: set[str]) -> list[Candidate]:
    names = _model_names(loaded)
    return [
        Candidate(entity_id, names.get(entity_id, occ.kind), f"{occ.kind} `{entity_id}`")
        for entity_id, occ in index.definitions.items()
        if occ.kind in kinds
    ]


def _model_names(loaded: LoadedArchitecture | None) -> dict[str, str]:
    if loaded is None:
        return {}
    arch = loaded.architecture
    out = {c.id: c.name.vi for c in arch.components}
    out.update({p.id: p.name.vi for p in arch.projects})
    out.update({d.id: d.name.vi for d in arch.domains})
    out.update({p.id: p.name.vi for p in arch.programme.phases})
    return out


def candidates(
    ctx: IdContext,
    index: ModelIndex,
    loaded: LoadedArchitecture | None,
    cat: ReferenceCatalogue,
    registry: Registry,
) -> list[Candidate]:
    """The ids that may stand in the field under the cursor."""
    key = ctx.key
    if key == "realizes" or (key == "component" and ctx.section == "not_applicable"):
        return _reference_items(cat, _declared(loaded, index) or list(cat.frameworks))
    if key == "egov_links":
        declared = _declared(loaded, index)
        egov = [f for f in cat.frameworks.values() if f.kind.value == "egov-architecture"]
        order = [f.id for f in egov if f.id in declared] + [f.id for f in egov if f.id not in declared]
        return _reference_items(cat, order)
    if key == "domain":
        return _model_items(index, loaded, {"domain"})
    if key == "phase":
        return _model_items(index, loaded, {"phase"})
    if key in ("delivers", "from"):
        return _model_items(index, loaded, {"component"})
    if key == "to":
        national = [
            Candidate(c.id, c.name.vi, _reference_doc(cat, c)) for c in cat.components.values() if c.national_level
        ]
        return _model_items(index, loaded, {"component"}) + national
    if key == "subject":
        return _model_items(index, loaded, {"component", "project"})
    if key == "check":
        return [Candidate(s.code, s.title, check_doc(s.code, registry)) for s in registry]
    if key == "framework":
        return [Candidate(f.id, f.name.vi, _label(f.name)) for f in cat.frameworks.values()]
    if key == "document":
        docs = [Candidate(d.id, d.number, _label(d.title)) for d in cat.documents.values()]
        return _model_items(index, loaded, {"source"}) + docs
    return []


def check_doc(code: str, registry: Registry) -> str:
    spec = registry.get(code)
    summary = spec.sections.get("", spec.title)
    return (
        f"**{spec.code}** `{spec.name}` ({spec.severity.value})\n\n{summary}\n\n"
        f"Reference: {spec.reference_document}, {spec.reference_clause}"
    )


def _component_doc(c: Component, cat: ReferenceCatalogue) -> str:
    layers = sorted({layer.id for r in c.realizes if (layer := cat.layer_of(r) or cat.layers.get(r)) is not None})
    lines = [f"**{c.name.vi}**"]
    if c.name.en:
        lines.append(f"_{c.name.en}_")
    lines.append(f"\ncomponent `{c.id}`: {c.kind.value}, {c.status.value}")
    if layers:
        lines.append(f"\nlayer: {', '.join(layers)}")
    if c.domain:
        lines.append(f"\ndomain: {c.domain}")
    if c.source is not None:
        lines.append(f"\nsource: {c.source.document}{', ' + c.source.section if c.source.section else ''}")
    lines.append(f"\nprovenance: {c.provenance.value}")
    return "\n".join(lines)


def hover_text(
    word: str, index: ModelIndex, loaded: LoadedArchitecture | None, cat: ReferenceCatalogue, registry: Registry
) -> str | None:
    """What an id is, in Markdown; None when the word is no id ictarch knows."""
    if loaded is not None:
        arch = loaded.architecture
        for c in arch.components:
            if c.id == word:
                return _component_doc(c, cat)
        for p in arch.projects:
            if p.id == word:
                budget = f"{p.budget_vnd:,} VND" if p.budget_vnd is not None else "budget not given"
                return (
                    f"**{_label(p.name)}**\n\nproject `{p.id}`: delivers {len(p.delivers)} components, {budget}"
                    f"\n\nphase: {p.phase or '-'}, domain: {p.domain or '-'}; provenance: {p.provenance.value}"
                )
        for d in arch.domains:
            if d.id == word:
                return f"**{_label(d.name)}**\n\ndomain `{d.id}`"
        for ph in arch.programme.phases:
            if ph.id == word:
                return f"**{_label(ph.name)}**\n\nphase `{ph.id}`: {ph.period.start}-{ph.period.end}"
    occ = index.definitions.get(word)
    if occ is not None:
        return f"{occ.kind} `{word}`"
    item: Layer | ReferenceComponent | None = cat.layers.get(word) or cat.components.get(word)
    if item is not None:
        return _reference_doc(cat, item)
    fw = cat.frameworks.get(word)
    if fw is not None:
        what = f"framework `{fw.id}` ({fw.kind.value}, version {fw.version}); issued by {fw.document}"
        return f"**{_label(fw.name)}**\n\n{what}"
    doc = cat.documents.get(word)
    if doc is not None:
        what = f"{doc.kind.value}, {doc.status.value}; provenance: {doc.provenance.value}"
        return f"**{doc.number}**: {_label(doc.title)}\n\n{what}"
    if word in registry.codes:
        return check_doc(word, registry)
    return None


def word_at(line_text: str, column: int) -> tuple[str, int, int] | None:
    """The id-like word around a column: its text, start and end."""
    for m in ID_CHARS.finditer(line_text):
        if m.start() <= column <= m.end():
            return m.group(), m.start(), m.end()
    return None
