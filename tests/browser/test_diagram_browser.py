"""Every diagram of every seed province, and the national view, measured in a real browser (headless Chromium):
no two text labels overlap, every label lies inside the canvas, and the layered view of a whole province
draws one line per pair of groups while ``--edges all`` still draws every relationship."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from exporters.dot import to_dot
from exporters.render import render
from exporters.roadmap_chart import to_coverage_svg
from exporters.views import PROVINCE_RELATIONS, ViewOptions, build_view, hub_nodes
from ictarch.analysis.roadmap import roadmap
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import load_workspace
from tests.conftest import ROOT

SEEDS = ROOT / "province_models"
CODES = sorted(p.name for p in SEEDS.iterdir() if (p / "province.yaml").is_file())
VIEWS = ("layered", "egov", "impact", "roadmap", "gap-map", "chart")
"""The views of one province; ``chart`` is the roadmap's coverage chart (``ictarch roadmap --chart``)."""
BUSIEST = "quang-tri"
RELATIONSHIPS_BEFORE = 141
"""Lines the layered view of Quảng Trị drew, one per relationship, before grouping was the default."""

MEASURE = """svg => {
  const canvas = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    const pad = 0.12 * r.height;  // the font's line gap above and below the glyphs: lines of one label touch there
    return {text: t.textContent, x0: r.left, x1: r.right, y0: r.top + pad, y1: r.bottom - pad};
  });
  const outside = labels.filter(b => b.x0 < canvas.left - 0.5 || b.x1 > canvas.right + 0.5
    || b.y0 < canvas.top - 0.5 || b.y1 > canvas.bottom + 0.5).map(b => b.text);
  const overlaps = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i], b = labels[j];
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w > 0.5 && h > 0.5) overlaps.push([a.text, b.text]);
    }
  }
  return {labels: labels.length, outside, overlaps, width: canvas.width, height: canvas.height,
          edges: svg.querySelectorAll('g.edge').length};
}"""


def _svg(page: Any, path: Path) -> Any:
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page.eval_on_selector("svg", MEASURE)


def _lgsp(graph: ArchGraph, code: str) -> str:
    comps = graph.components(code)
    return graph.info((hub_nodes(graph, comps) or sorted(comps))[0]).entity_id


@pytest.fixture(scope="session")
def graph() -> ArchGraph:
    return build_graph(load_workspace([SEEDS]))


@pytest.fixture(scope="session")
def pictures(graph: ArchGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every view of every seed province and the national view, as SVG, drawn as ``ictarch diagram`` does."""
    if shutil.which("dot") is None or shutil.which("neato") is None:
        pytest.skip("Graphviz is not installed (apt-get install graphviz)")
    out = tmp_path_factory.mktemp("diagrams")
    for code in CODES:
        for key in VIEWS[:-1]:
            opts = ViewOptions(focus=_lgsp(graph, code) if key == "impact" else None)
            view = build_view(key, graph, (f"province:{code}",), (), opts)
            (out / f"{code}-{key}.svg").write_bytes(render(to_dot(view).text, "svg"))
        province = next(p for p in graph.workspace.provinces if p.code == code)
        timeline = roadmap(province, graph.workspace.catalogue, run_date=dt.date(2026, 1, 1))
        (out / f"{code}-chart.svg").write_text(to_coverage_svg(timeline, "vi").text, encoding="utf-8")
    national = build_view("national", graph, (), (), ViewOptions())
    (out / "national.svg").write_bytes(render(to_dot(national).text, "svg"))
    every = build_view("layered", graph, (f"province:{BUSIEST}",), (), ViewOptions(edges="all", lang="en"))
    (out / f"{BUSIEST}-layered-all.svg").write_bytes(render(to_dot(every).text, "svg"))
    return out


@pytest.mark.parametrize("name", [f"{code}-{view}" for code in CODES for view in VIEWS] + ["national"])
def test_labels_do_not_overlap_and_stay_inside_the_canvas(browser: Any, pictures: Path, name: str) -> None:
    page = browser.new_page()
    try:
        measured = _svg(page, pictures / f"{name}.svg")
    finally:
        page.close()
    assert measured["labels"] > 3, "the picture carries its labels"
    assert measured["overlaps"] == [], f"{name}: labels drawn over one another"
    assert measured["outside"] == [], f"{name}: labels cut off at the edge of the canvas"


def test_the_measure_sees_an_overlap_and_a_label_outside(browser: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
        '<text x="10" y="30">Lớp ứng dụng</text><text x="30" y="32">Nền tảng</text>'
        '<text x="10" y="50">một</text><text x="10" y="64">hai</text>'
        '<text x="150" y="20">không vừa khung</text></svg>',
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        measured = _svg(page, bad)
    finally:
        page.close()
    assert measured["overlaps"] == [["Lớp ứng dụng", "Nền tảng"]], "lines 14 px apart do not count as overlapping"
    assert measured["outside"] == ["hai", "không vừa khung"]


def test_the_layered_view_groups_its_lines_and_all_of_them_on_demand(
    browser: Any, pictures: Path, graph: ArchGraph
) -> None:
    comps = set(graph.components(BUSIEST))
    relationships = [
        (u, v, rel)
        for u, v, rel in graph.edges(PROVINCE_RELATIONS)
        if u in comps and (v in comps or graph.info(v).province is None)
    ]
    page = browser.new_page()
    try:
        grouped = _svg(page, pictures / f"{BUSIEST}-layered.svg")
        every = _svg(page, pictures / f"{BUSIEST}-layered-all.svg")
    finally:
        page.close()
    assert every["edges"] == len(relationships) == RELATIONSHIPS_BEFORE, "--edges all draws every relationship"
    assert 0 < grouped["edges"] <= RELATIONSHIPS_BEFORE / 3, grouped["edges"]
    said = re.search(r"layered view goes from (\d+) lines to (\d+)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert said is not None and (int(said[1]), int(said[2])) == (every["edges"], grouped["edges"]), "README figures"


def test_the_documented_command_draws_the_readme_pictures(browser: Any, tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/readme_pictures.py docs/" in readme
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_pictures.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("layered", "egov", "roadmap-chart"):
        assert f"(docs/{name}.png)" in readme and (ROOT / "docs" / f"{name}.png").is_file()
        png = (tmp_path / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert 400 < width <= 1600 and height > 300, (name, width, height)
