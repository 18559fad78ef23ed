"""Versioned JSON Schemas of the input formats, generated from the models and committed.

Compatibility policy: adding an optional field keeps v1; renaming or removing a field, or making
one required, is a new major version with its own file.

For editors, every property carries a description in Vietnamese and English and examples (from
:mod:`ictarch.models.field_docs`), every enumeration value a description (``enumDescriptions``,
``markdownEnumDescriptions``), and the fields that name reference items offer the ids of the
shipped reference frameworks and the check codes as completion values: an ``anyOf`` of those ids
(with their names) and of any id, so that ids of a user's own reference data stay valid.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ictarch.config import ConfigFile
from ictarch.formatters.json import JsonReport
from ictarch.models.common import Label
from ictarch.models.field_docs import enum_docs, enums, field_doc, text
from ictarch.models.province import ProvinceArchitecture, ProvinceFragment
from ictarch.models.reference import FrameworkKind, ReferenceCatalogue, ReferenceFile

SCHEMA_BASE = "https://ictarch.github.io/schemas"
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "province-model/v1.json": (ProvinceArchitecture, "A province's smart-city ICT architecture (main file)."),
    "province-fragment/v1.json": (ProvinceFragment, "A fragment of a province architecture, named by 'include'."),
    "reference-framework/v1.json": (ReferenceFile, "A file of the national reference frameworks."),
    "report/v1.json": (JsonReport, "A conformance report of 'ictarch check --format json'."),
    "config/v1.json": (ConfigFile, "The configuration of the checks (ictarch.yaml)."),
}
WITH_REFERENCE_IDS = ("province-model/v1.json", "province-fragment/v1.json")

Choices = list[tuple[str, str]]
"""Completion values: (id, what it is)."""


def _label(label: Label) -> str:
    return f"{label.vi} — {label.en}" if label.en and label.en != label.vi else label.vi


def reference_choices(catalogue: ReferenceCatalogue) -> dict[tuple[str, str], Choices]:
    """The ids an editor offers per (model, field), from the shipped reference data and the checks."""
    from ictarch.checks import default_registry

    def items(kinds: Iterable[FrameworkKind]) -> Choices:
        out: Choices = []
        order = list(FrameworkKind)  # the ICT reference framework first
        for fw in sorted(catalogue.frameworks.values(), key=lambda f: order.index(f.kind)):
            if fw.kind not in kinds:
                continue
            old = " (superseded)" if fw.superseded_by else ""
            for layer in fw.layers:
                out.append((layer.id, f"{_label(layer.name)} [{fw.id}{old}]"))
                out += [(c.id, f"{_label(c.name)} [{fw.id}{old}]") for c in layer.components]
        return out

    egov = {FrameworkKind.EGOV_ARCHITECTURE}
    other = set(FrameworkKind) - egov
    documents = [(d.id, f"{d.number}: {_label(d.title)}") for d in catalogue.documents.values()]
    national = [(c.id, _label(c.name)) for c in catalogue.components.values() if c.national_level]
    indicators = [(s.id, _label(s.name)) for s in catalogue.indicator_sets.values()]
    indicators += [(i.id, _label(i.name)) for i in catalogue.indicators.values()]
    frameworks = [
        (f.id, _label(f.name) + (" (superseded)" if f.superseded_by else "")) for f in catalogue.frameworks.values()
    ]
    checks = [(spec.code, f"{spec.name}: {spec.title}") for spec in default_registry()]
    return {
        ("Component", "realizes"): items(other),
        ("Component", "egov_links"): items(egov),
        ("Relationship", "to"): national,
        ("NotApplicable", "component"): items(set(FrameworkKind)),
        ("Conformance", "framework"): frameworks,
        ("IndicatorTarget", "indicator"): indicators,
        ("ProgrammeDocument", "cites"): documents,
        ("SourceRef", "document"): documents,
        ("Waiver", "check"): checks,
    }


def _offer(schema: dict[str, Any], choices: Choices) -> dict[str, Any]:
    """``schema`` (a string, or an array of strings) that also offers ``choices`` for completion."""
    if schema.get("type") == "array":
        return {**schema, "items": _offer(schema["items"], choices)}
    ids = [c[0] for c in choices]
    known = {
        "enum": ids,
        "enumDescriptions": [c[1] for c in choices],
        "markdownEnumDescriptions": [c[1] for c in choices],
    }
    plain = {k: v for k, v in schema.items() if k not in ("description", "examples", "title", "default")}
    kept = {k: v for k, v in schema.items() if k in ("description", "examples", "title", "default")}
    return {**kept, "anyOf": [known, plain]}


def _describe(model: str, props: dict[str, Any], choices: dict[tuple[str, str], Choices]) -> None:
    for name, prop in props.items():
        doc = field_doc(model, name)
        if doc is not None:
            prop["description"] = text(doc.vi, doc.en)
            if doc.examples:
                prop["examples"] = list(doc.examples)
        offered = choices.get((model, name))
        if offered:
            props[name] = _offer(prop, offered)


def _enum_values(name: str, node: dict[str, Any]) -> None:
    if name not in enums():
        return
    values = enum_docs(name)
    described = [text(*values[v]) if v in values else "" for v in node["enum"]]
    node["enumDescriptions"] = described
    node["markdownEnumDescriptions"] = described


def json_schema(name: str, catalogue: ReferenceCatalogue | None = None) -> dict[str, Any]:
    """The schema; with ``catalogue`` (the shipped one when None) reference ids are offered where they fit."""
    model, title = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    choices: dict[tuple[str, str], Choices] = {}
    if name in WITH_REFERENCE_IDS:
        if catalogue is None:
            from ictarch.loading import load_catalogue

            catalogue, _ = load_catalogue()
        choices = reference_choices(catalogue)
    _describe(model.__name__, schema.get("properties", {}), choices)
    for def_name, node in schema.get("$defs", {}).items():
        _describe(def_name, node.get("properties", {}), choices)
        if "enum" in node:
            _enum_values(def_name, node)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{name}",
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render(name: str, catalogue: ReferenceCatalogue | None = None) -> str:
    """The schema as committed: sorted keys, two-space indent, trailing newline, UTF-8 text."""
    return json.dumps(json_schema(name, catalogue), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
