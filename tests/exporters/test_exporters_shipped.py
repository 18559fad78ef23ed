"""Smoke tests on the shipped provinces: every view builds, and a province's layered view renders in seconds."""

from __future__ import annotations

import shutil
import time
import xml.etree.ElementTree as ET

import pytest

from exporters.dot import to_dot
from exporters.mermaid import to_mermaid
from exporters.render import render
from exporters.views import ViewOptions, build_view
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import examples_root, load_workspace

CODES = sorted(p.parent.name for p in examples_root().glob("*/province.yaml"))


@pytest.fixture(scope="module")
def shipped() -> ArchGraph:
    return build_graph(load_workspace([examples_root()]))


@pytest.mark.parametrize("code", CODES)
def test_every_view_of_a_shipped_province_builds(shipped: ArchGraph, code: str) -> None:
    some = shipped.components(code)[0]
    focus = shipped.info(some).entity_id
    for view in ("layered", "gap-map", "impact", "roadmap", "egov", "national"):
        built = build_view(view, shipped, (f"province:{code}",), (), ViewOptions(focus=focus))
        assert to_dot(built).text.startswith("digraph")
        assert to_mermaid(built).text.startswith("---\n")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("code", CODES)
def test_the_layered_view_of_a_shipped_province_renders_quickly(shipped: ArchGraph, code: str) -> None:
    dot = to_dot(build_view("layered", shipped, (f"province:{code}",))).text
    start = time.perf_counter()
    svg = render(dot, "svg", timeout=30)
    assert time.perf_counter() - start < 5, "a province's layered view renders in about a second"
    name = shipped.workspace.province(code).architecture.province.name.vi
    texts = {"".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert f"Kiến trúc phân lớp: {name}" in texts
