"""Reference resolution: every id a province model cites exists, in the model or in the catalogue.

Works on the merged plain data before validation, so that a dangling reference is reported at its
place together with every schema error.
"""

from __future__ import annotations

import typing
from typing import Any

from ictarch import errors
from ictarch.errors import Diagnostic, Location
from ictarch.loading.diagnostics import dangling
from ictarch.loading.yaml_doc import PathKey, format_path
from ictarch.models.reference import ReferenceCatalogue


def items_of(data: Any, *keys: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping items of the list at ``data[keys...]``, with their indexes; tolerant of bad shapes."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, list):
        return []
    return [(i, item) for i, item in enumerate(data) if isinstance(item, dict)]


def strings_of(item: dict[str, Any], key: str) -> list[tuple[int | None, str]]:
    """A field holding one id or a list of ids, as (index, id) pairs."""
    value = item.get(key)
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def resolve_province(
    data: dict[str, Any], cat: ReferenceCatalogue, locate: typing.Callable[[PathKey], Location]
) -> list[Diagnostic]:
    """Every reference points at something that exists; the diagnostics name both ends."""
    out: list[Diagnostic] = []

    def ids(*keys: str) -> set[str]:
        return {item["id"] for _, item in items_of(data, *keys) if isinstance(item.get("id"), str)}

    components, projects, domains = ids("components"), ids("projects"), ids("domains")
    phases = ids("programme", "phases")
    sources = ids("sources") | set(cat.documents)
    ref_items = {**cat.layers, **cat.components}
    egov_items = {i for i in ref_items if (fw := cat.framework_of(i)) and fw.kind.value == "egov-architecture"}
    national = {i for i, c in cat.components.items() if c.national_level}
    indicators = set(cat.indicator_sets) | set(cat.indicators)
    code = data.get("province", {}).get("code") if isinstance(data.get("province"), dict) else None

    def check(path: PathKey, item: dict[str, Any], key: str, pool: Any, what: str, owner: str | None = None) -> None:
        for j, target in strings_of(item, key):
            if target not in pool:
                where = locate((*path, key) if j is None else (*path, key, j))
                name = owner or str(item.get("id", format_path(path)))
                out.append(dangling(what, target, pool, where, name))

    def check_source(path: PathKey, item: dict[str, Any]) -> None:
        src = item.get("source")
        if isinstance(src, dict):
            check((*path, "source"), src, "document", sources, "source or reference document", str(item.get("id", "")))

    for i, item in items_of(data, "conforms_to"):
        check(("conforms_to", i), item, "framework", cat.frameworks, "framework", str(code))
    for i, item in items_of(data, "programme", "documents"):
        check(("programme", "documents", i), item, "cites", cat.documents, "reference document")
        check_source(("programme", "documents", i), item)
    for i, item in items_of(data, "programme", "phases"):
        check_source(("programme", "phases", i), item)
    for key in ("domains", "indicators", "conforms_to"):
        for i, item in items_of(data, key):
            check_source((key, i), item)
    for i, item in items_of(data, "components"):
        path = ("components", i)
        check(path, item, "realizes", ref_items, "reference component or layer")
        check(path, item, "egov_links", egov_items, "e-government architecture component")
        check(path, item, "domain", domains, "domain")
        check_source(path, item)
    targets = components | national | set(ref_items)
    for i, item in items_of(data, "relationships"):
        owner = f"relationship {item.get('from')} → {item.get('to')}"
        check(("relationships", i), item, "from", components, "component", owner)
        check(("relationships", i), item, "to", targets, "component or national-level reference component", owner)
    for i, item in items_of(data, "projects"):
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
    for i, item in items_of(data, "indicators"):
        check(("indicators", i), item, "indicator", indicators, "indicator or indicator set", str(code))
    for i, item in items_of(data, "not_applicable"):
        check(("not_applicable", i), item, "component", ref_items, "reference component or layer", str(code))
    subjects = components | projects | ({code} if isinstance(code, str) else set())
    for i, item in items_of(data, "waivers"):
        check(
            ("waivers", i), item, "subject", subjects, "component, project or province", f"waiver {item.get('check')}"
        )
    return out


# --------------------------------------------------------------------------- configuration
