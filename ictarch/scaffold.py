"""A new province model to start from: every obligation of the chosen framework as a TODO entry."""

from __future__ import annotations

import json

from ictarch.errors import ConfigError
from ictarch.i18n import msg, t
from ictarch.models.reference import Framework, FrameworkKind, LayerKind, Obligation, ReferenceCatalogue

SCHEMA_HEADER = "# yaml-language-server: $schema={schema}"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def scaffold_province(
    catalogue: ReferenceCatalogue,
    code: str,
    framework_id: str,
    egov_framework_id: str | None = None,
    name_vi: str | None = None,
    name_en: str | None = None,
    schema_path: str | None = "../schemas/province-model/v1.json",
    lang: str = "vi",
) -> str:
    """The text of a ``province.yaml`` that validates and lists what the framework requires as TODOs."""
    fw = _framework(catalogue, framework_id, FrameworkKind.ICT_REFERENCE)
    egov = _framework(catalogue, egov_framework_id, FrameworkKind.EGOV_ARCHITECTURE) if egov_framework_id else None
    if egov is None:
        current = [f for f in catalogue.frameworks.values() if f.kind == FrameworkKind.EGOV_ARCHITECTURE]
        current = [f for f in current if not f.superseded_by]
        egov = sorted(current, key=lambda f: f.id)[-1] if current else None
    doc = catalogue.documents.get(fw.document)
    lines = [SCHEMA_HEADER.format(schema=schema_path)] if schema_path else []
    lines += [
        "ictarch: 1",
        "province:",
        f"  code: {code}",
        f"  name: {{vi: {_q(name_vi or code.replace('-', ' ').title())}, en: {_q(name_en or name_vi or code)}}}",
        "programme:",
        f"  name: {{vi: {_q('Kiến trúc ICT phát triển đô thị thông minh')}, en: {_q('Smart-city ICT architecture')}}}",
        "  # period: {start: 2026, end: 2030}",
        "  # vision_year: 2035",
        "conforms_to:",
        f"  - framework: {fw.id}   # {doc.number if doc else fw.document}",
    ]
    if egov is not None:
        egov_doc = catalogue.documents.get(egov.document)
        lines.append(f"  - framework: {egov.id}   # {egov_doc.number if egov_doc else egov.document}")
    lines += ["domains: []", "components: []"]
    lines += _todo_entries(fw, code, lang)
    lines += ["relationships: []", "projects: []", ""]
    return "\n".join(lines)


def _framework(catalogue: ReferenceCatalogue, framework_id: str, kind: FrameworkKind) -> Framework:
    fw = catalogue.frameworks.get(framework_id)
    if fw is None or fw.kind != kind:
        choices = sorted(f.id for f in catalogue.frameworks.values() if f.kind == kind)
        raise ConfigError(msg("config.not-framework-kind", framework=framework_id, kind=kind.value, choices=choices))
    return fw


def _todo_entries(fw: Framework, code: str, lang: str = "vi") -> list[str]:
    """One commented component per required layer or system and per mandatory reference component."""
    out: list[str] = []
    for layer in sorted(fw.layers, key=lambda lay: lay.order):
        required = [c for c in layer.components if c.obligation == Obligation.MANDATORY]
        if layer.coverage_required and not required:
            what = msg("init.centre" if layer.kind == LayerKind.CENTRE else "init.one-component")
            why = t("init.required", lang, kind=msg(f"init.kind.{layer.kind.value}"), what=what)
            out += _entry(code, layer.id, layer.name.vi, layer.name.en, why)
        for comp in required:
            out += _entry(code, comp.id, comp.name.vi, comp.name.en, t("init.mandatory", lang, layer=layer.id))
    return out


def _entry(code: str, ref_id: str, vi: str, en: str | None, why: str) -> list[str]:
    slug = ref_id.lower().replace(".", "-")
    return [
        f"# TODO({ref_id}) {vi}{' / ' + en if en else ''} — {why}",
        f"#  - id: {code}.{slug}",
        f"#    name: {{vi: {_q(vi)}, en: {_q(en or vi)}}}",
        "#    kind: application",
        f"#    realizes: [{ref_id}]",
        "#    status: planned",
    ]
