"""Fixtures of the exporter tests: the test reference and provinces, golden files, and every output by name."""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path
from typing import Any

from exporters.archi_csv import to_archi_csv
from exporters.archimate import exchange_model, to_archimate_xml
from exporters.dot import to_dot
from exporters.graph_json import to_json
from exporters.graphml import to_graphml
from exporters.mermaid import to_mermaid
from exporters.views import ViewOptions, build_view
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import load_workspace

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REFERENCE = FIXTURES / "reference"
PROVINCES = FIXTURES / "provinces"
GOLDEN = HERE / "golden"
UPDATE = "ICTARCH_UPDATE_GOLDEN"


def graph(*codes: str) -> ArchGraph:
    """The graph of the test provinces named (default: all of them)."""
    paths = [PROVINCES / c for c in codes] if codes else [PROVINCES]
    return build_graph(load_workspace(paths, REFERENCE))


VIEW_CASES: dict[str, tuple[str, tuple[str, ...], ViewOptions]] = {
    "layered": ("layered", ("province:alpha",), ViewOptions()),
    "layered-en": ("layered", ("province:alpha",), ViewOptions(lang="en")),
    "layered-collapsed": ("layered", ("province:alpha",), ViewOptions(max_nodes=5)),
    "gap-map": ("gap-map", (), ViewOptions()),
    "impact": ("impact", (), ViewOptions(focus="alpha.lgsp", depth=1)),
    "roadmap": ("roadmap", ("province:alpha",), ViewOptions()),
    "egov": ("egov", ("province:alpha",), ViewOptions()),
    "national": ("national", (), ViewOptions(lang="en")),
}
"""Name → (view, selection, options) of every golden diagram."""


def golden_outputs() -> dict[str, str]:
    """Every golden text, by file name: each view as DOT and Mermaid, and every export format."""
    g = graph()
    out: dict[str, str] = {}
    for name, (view, include, options) in VIEW_CASES.items():
        built = build_view(view, g, include, (), options)
        out[f"{name}.dot"] = to_dot(built).text
        out[f"{name}.mmd"] = to_mermaid(built).text
    model = exchange_model(g, "alpha")
    out["alpha.archimate.xml"] = to_archimate_xml(model)
    out.update({f"alpha.{n}": text for n, text in to_archi_csv(model).items()})
    out["provinces.graphml"] = to_graphml(g)
    out["provinces.json"] = to_json(g)
    return out


def check_golden(name: str, text: str) -> None:
    """``text`` equals the golden file ``name``; with ICTARCH_UPDATE_GOLDEN=1 the file is rewritten instead."""
    path = GOLDEN / name
    if os.environ.get(UPDATE) == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"no golden file {path}; create it with: {UPDATE}=1 python3 -m pytest tests/exporters"
    expected = path.read_bytes().decode("utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True), f"golden/{name}", "output", n=2
            )
        )
        raise AssertionError(
            f"{name} differs from its golden file:\n{diff[:6000]}\n"
            f"if the change is intended, update with: {UPDATE}=1 python3 -m pytest tests/exporters"
        )


def oef_schema(shared: Path) -> Any:
    """The Open Group's exchange-format schema, loaded offline: xml.xsd resolves to the local copy."""
    return _oef_schema(str(shared / "schemas" / "archimate-oef"))


@functools.lru_cache(maxsize=1)
def _oef_schema(folder: str) -> Any:
    from lxml import etree

    class Offline(etree.Resolver):  # type: ignore[misc]
        def resolve(self, url: str, public_id: str, context: Any) -> Any:
            name = url.rsplit("/", 1)[-1]
            local = Path(folder) / name
            return self.resolve_filename(str(local), context) if local.is_file() else None

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(Offline())
    return etree.XMLSchema(etree.parse(str(Path(folder) / "archimate3_Diagram.xsd"), parser))


def validate_oef(shared: Path, xml: str | bytes) -> list[str]:
    """The schema's complaints about an exchange file (empty when it is valid)."""
    from lxml import etree

    schema = oef_schema(shared)
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    doc = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    schema.validate(doc)
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def relationship_table(shared: Path) -> dict[tuple[str, str], str]:
    """The ArchiMate relationship table of ../shared: (source type, target type) → allowed letters."""
    import xml.etree.ElementTree as ET

    root = ET.parse(shared / "schemas" / "archimate-oef" / "relationships.xml").getroot()
    return {(s.get("concept", ""), t.get("concept", "")): t.get("relations", "") for s in root for t in s}


OUTPUTS_XML = (GOLDEN / "alpha.archimate.xml").read_text(encoding="utf-8")
"""The golden exchange file of the test province alpha."""
