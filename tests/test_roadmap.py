"""``ictarch roadmap``: coverage per layer year by year, checked by hand on a small model and on the seeds."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from exporters.roadmap_chart import to_coverage_svg
from ictarch.analysis.roadmap import RoadmapTimeline, roadmap
from ictarch.analysis.roadmap_render import table, to_dict, to_markdown, to_text
from ictarch.loading import examples_root, load_workspace
from tests.conftest import MINI_REFERENCE

RUN_DATE = dt.date(2026, 1, 1)
SVG = "{http://www.w3.org/2000/svg}"

# Framework t.sc (tests/fixtures/reference/mini.yaml) has three coverage-required layers:
#   t.sc.L3   four reference components: lgsp, portal, iot, warehouse (none national)
#   t.sc.X.OM cross-cutting, no reference components
#   t.sc.C.IOC centre, no reference components
# (t.sc.L6 and t.sc.X.ID are not coverage-required.)
MODEL = """\
ictarch: 1
province:
  code: rm
  name: {vi: Tỉnh Lộ Trình, en: Roadmap Province}
programme:
  name: {vi: Đề án}
  period: {start: 2021, end: 2024}
  phases:
    - {id: ph1, name: {vi: Giai đoạn 1}, period: {start: 2021, end: 2022}}
    - {id: ph2, name: {vi: Giai đoạn 2}, period: {start: 2023, end: 2024}}
conforms_to:
  - framework: t.sc
components:
  - {id: rm.lgsp, name: {vi: LGSP}, kind: platform, realizes: [t.sc.L3.lgsp], status: existing, security_level: 3}
  - {id: rm.om, name: {vi: Vận hành}, kind: service, realizes: [t.sc.X.OM], status: existing}
  - {id: rm.portal, name: {vi: Cổng}, kind: portal, realizes: [t.sc.L3.portal], status: planned, security_level: 3}
  - {id: rm.iot, name: {vi: IoT}, kind: platform, realizes: [t.sc.L3.iot], status: in-progress, security_level: 3}
  - {id: rm.ioc, name: {vi: IOC}, kind: centre, realizes: [t.sc.C.IOC], status: planned}
  - {id: rm.warehouse, name: {vi: Kho}, kind: platform, realizes: [t.sc.L3.warehouse], status: planned}
  - {id: rm.legacy, name: {vi: Kho cũ}, kind: database, realizes: [t.sc.L3.warehouse], status: retired}
relationships:
  - {from: rm.ioc, to: rm.iot, type: data_flow}
projects:
  - {id: rm.p.portal, name: {vi: Cổng}, phase: ph1, start_year: 2021, end_year: 2022, delivers: [rm.portal]}
  - {id: rm.p.portal-2, name: {vi: Cổng 2}, phase: ph2, start_year: 2023, end_year: 2024, delivers: [rm.portal]}
  - {id: rm.p.ioc, name: {vi: IOC}, phase: ph2, start_year: 2023, end_year: 2023, delivers: [rm.ioc]}
  - {id: rm.p.iot, name: {vi: IoT}, phase: ph2, delivers: [rm.iot]}
  - {id: rm.p.study, name: {vi: Nghiên cứu kho}, delivers: [rm.warehouse]}
"""


@pytest.fixture
def model(tmp_path: Path) -> Path:
    folder = tmp_path / "rm"
    folder.mkdir()
    (folder / "province.yaml").write_text(MODEL, encoding="utf-8")
    return folder


@pytest.fixture
def timeline(model: Path) -> RoadmapTimeline:
    ws = load_workspace([model], MINI_REFERENCE)
    return roadmap(ws.provinces[0], ws.catalogue, run_date=RUN_DATE)


def test_years_and_availability(timeline: RoadmapTimeline) -> None:
    assert [p.year for p in timeline.points] == [None, 2021, 2022, 2023, 2024]
    assert [layer.id for layer in timeline.layers] == ["t.sc.L3", "t.sc.X.OM", "t.sc.C.IOC"]
    assert [p.available for p in timeline.points] == [
        ("rm.lgsp", "rm.om"),
        ("rm.lgsp", "rm.om"),
        ("rm.lgsp", "rm.om", "rm.portal"),  # the first of its two projects ends in 2022
        ("rm.ioc", "rm.lgsp", "rm.om", "rm.portal"),
        ("rm.ioc", "rm.iot", "rm.lgsp", "rm.om", "rm.portal"),  # no end year: the end of phase ph2
    ]
    assert [p.completed for p in timeline.points] == [
        (),
        (),
        ("rm.p.portal",),
        ("rm.p.ioc",),
        ("rm.p.iot", "rm.p.portal-2"),
    ]
    assert timeline.never_available == ("rm.warehouse",)  # only an undated project delivers it
    assert timeline.undated_projects == ("rm.p.study",)


def test_coverage_figures_by_hand(timeline: RoadmapTimeline) -> None:
    percents = {layer.id: [p.layer(layer.id).percent for p in timeline.points] for layer in timeline.layers}
    assert percents == {
        "t.sc.L3": [25, 25, 50, 50, 75],  # lgsp; + portal (2022); + iot (2024); warehouse never (legacy is retired)
        "t.sc.X.OM": [100, 100, 100, 100, 100],  # no reference components, covered from the start
        "t.sc.C.IOC": [0, 0, 0, 100, 100],  # covered when the IOC project ends (2023)
    }
    # (25 + 100 + 0) / 3 = 41.7; (50 + 100 + 0) / 3 = 50; (50 + 100 + 100) / 3 = 83.3; (75 + 200) / 3 = 91.7
    assert [p.overall for p in timeline.points] == [42, 42, 50, 83, 92]
    assert [p.covered for p in timeline.points] == [2, 2, 2, 3, 3]
    assert [p.layers_closed for p in timeline.points] == [(), (), (), ("t.sc.C.IOC",), ()]
    assert [p.references_closed for p in timeline.points] == [(), (), ("t.sc.L3.portal",), (), ("t.sc.L3.iot",)]
    assert [p.waiting for p in timeline.points] == [(), (), (), (("rm.ioc", "rm.iot"),), ()]


def test_findings_close_as_projects_complete(timeline: RoadmapTimeline) -> None:
    def codes(point_index: int) -> set[tuple[str, str, tuple[str, ...]]]:
        return {(f.code, f.subject, f.related) for f in timeline.points[point_index].findings}

    assert ("ICT104", "rm", ("t.sc.C.IOC",)) in codes(0)  # no operations centre as-is
    assert all(f.code != "ICT104" for f in timeline.points[3].findings)
    assert ("ICT104", "rm") in {(f.code, f.subject) for f in timeline.points[3].resolved}
    assert all(f.code != "ICT902" for p in timeline.points for f in p.findings)  # unused waivers are left out
    l3 = [("ICT106", "rm", ("t.sc.L3",)) in codes(i) for i in range(5)]
    assert l3 == [True] * 5  # the warehouse never comes: t.sc.L3 stays below 100%


def test_renderers(timeline: RoadmapTimeline) -> None:
    header, rows = table(timeline, "en")
    assert header == ["layer", "", "as-is", "2021", "2022", "2023", "2024"]
    assert rows[0] == ["t.sc.L3", "Service and data support layer", "25%", "25%", "50%", "50%", "75%"]
    assert rows[3] == ["overall", "", "42%", "42%", "50%", "83%", "92%"]
    assert rows[4] == ["layers covered", "", "2/3", "2/3", "2/3", "3/3", "3/3"]
    text = to_text(timeline, "en")
    assert "  layers now covered: t.sc.C.IOC" in text.splitlines()
    assert "note: never available (planned or in progress, delivered by no dated project): rm.warehouse" in text
    md = to_markdown(timeline, "vi")
    assert "| lớp |  | hiện trạng | 2021 | 2022 | 2023 | 2024 |" in md
    assert "- **2023**: projects completed: rm.p.ioc; components available: +1 (rm.ioc);" in md
    data = to_dict(timeline)
    assert [p["coverage"]["t.sc.L3"] for p in data["points"]] == [25, 25, 50, 50, 75]
    assert json.loads(json.dumps(data)) == data


def test_chart_has_one_row_of_cells_per_layer_none_hidden(timeline: RoadmapTimeline) -> None:
    diagram = to_coverage_svg(timeline, "en")
    assert diagram.extension == "svg"
    root = ET.fromstring(diagram.text)
    rows = root.findall(f".//{SVG}g[@class='layer']")
    assert [row.get("data-layer") for row in rows] == ["t.sc.L3", "t.sc.X.OM", "t.sc.C.IOC"]
    boxes = []
    for row in rows:
        cells = row.findall(f"{SVG}rect[@class='cell']")
        assert len(cells) == len(timeline.points)
        expected = [p.layer(str(row.get("data-layer"))).percent for p in timeline.points]
        assert [int(c.get("data-percent", "")) for c in cells] == expected
        assert [t.text for t in row.findall(f"{SVG}text")][-len(expected) :] == [f"{v}%" for v in expected]
        boxes += [tuple(float(c.get(k, "")) for k in ("x", "y", "width", "height")) for c in cells]
    for i, (x, y, w, h) in enumerate(boxes):  # no series hidden: every cell has room of its own
        assert w > 0 and h > 0
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == "Coverage per layer of the ICT reference framework, by year: Roadmap Province (rm)"
    vi = ET.fromstring(to_coverage_svg(timeline, "vi").text).find(f"{SVG}title")
    assert vi is not None and (vi.text or "").startswith("Mức độ bao phủ theo lớp")
    assert to_coverage_svg(timeline, "en").text == diagram.text  # deterministic


def test_cli_writes_the_chart(model: Path, tmp_path: Path) -> None:
    chart = tmp_path / "out" / "rm.svg"
    runner = CliRunner()
    args = ["--reference", str(MINI_REFERENCE), "--no-color", "roadmap", str(model), "--chart", str(chart)]
    result = runner.invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    (data,) = json.loads(result.stdout)
    assert [p["overall"] for p in data["points"]] == [42, 42, 50, 83, 92]
    assert len(ET.parse(chart).getroot().findall(f".//{SVG}g[@class='layer']")) == 3
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0
    assert "t.sc.C.IOC" in result.stdout and "2024:" in result.stdout


SEEDS = sorted(p.name for p in examples_root().iterdir() if (p / "province.yaml").is_file())


@pytest.mark.parametrize("code", SEEDS)
def test_seed_coverage_rises_year_by_year(code: str) -> None:
    ws = load_workspace([examples_root() / code])
    timeline = roadmap(ws.provinces[0], ws.catalogue, run_date=RUN_DATE)
    assert timeline.layers, "a seed province declares the ICT reference framework"
    overall = [p.overall for p in timeline.points]
    assert overall == sorted(overall), f"coverage must not fall: {overall}"
    assert overall[-1] > overall[0], f"coverage must rise as the projects complete: {overall}"
    for layer in timeline.layers:
        figures = [p.layer(layer.id).percent for p in timeline.points]
        assert figures == sorted(figures), (layer.id, figures)
    years = timeline.years
    assert list(years) == list(range(years[0], years[-1] + 1))


def test_seed_cli_chart_for_several_provinces(tmp_path: Path) -> None:
    chart = tmp_path / "roadmap.svg"
    result = CliRunner().invoke(
        main, ["roadmap", str(examples_root()), "--chart", str(chart), "--format", "markdown"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"roadmap-{code}.svg" for code in SEEDS)
    assert result.stdout.count("\n## ") + result.stdout.startswith("## ") == len(SEEDS)
