"""Rendering with the system Graphviz: SVG with intact Vietnamese labels, PDF with DejaVu Sans, and clear errors
when the binary is missing, fails or takes too long."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exporters.dot import to_dot
from exporters.render import render
from exporters.views import ViewOptions, build_view
from ictarch.errors import ExportError
from tests.exporters.helpers import graph

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (apt-get install graphviz)"
)
SVG = "{http://www.w3.org/2000/svg}"
MOJIBAKE = re.compile("Ã|Â|á»|áº|Ä‘|Æ°")
"""What UTF-8 Vietnamese looks like when it was decoded as Latin-1 somewhere."""


def _layered_dot() -> str:
    return to_dot(build_view("layered", graph("alpha"), (), (), ViewOptions())).text


def _svg_text(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@needs_dot
def test_svg_holds_the_labels_with_their_diacritics() -> None:
    svg = render(_layered_dot(), "svg")
    texts = _svg_text(svg)
    joined = "\n".join(texts)
    for label in (
        "Kiến trúc phân lớp: Tỉnh Ánh Dương",
        "Lớp đối tượng sử dụng",
        "Người dân, doanh nghiệp",
        "Trung tâm dữ liệu tỉnh",
        "Nền tảng IoT dùng chung",
        "Hệ thống bảo đảm an toàn thông tin",
        "Chưa gắn lớp tham chiếu",
        "Chú giải",
    ):
        assert label in texts, f"{label!r} is not a text of the SVG"
    assert "Ứng dụng công dân Ánh" in texts and "Dương" in texts, "long labels wrap onto two lines"
    assert not MOJIBAKE.search(joined)
    assert b'font-family="DejaVu Sans' in svg


@needs_dot
def test_svg_of_every_view_parses() -> None:
    g = graph()
    for view, include, options in [
        ("gap-map", (), ViewOptions()),
        ("national", (), ViewOptions()),
        ("impact", (), ViewOptions(focus="alpha.portal")),
        ("roadmap", (), ViewOptions()),
        ("egov", ("province:alpha",), ViewOptions(lang="en")),
    ]:
        texts = _svg_text(render(to_dot(build_view(view, g, include, (), options)).text, "svg"))
        assert texts and not MOJIBAKE.search("".join(texts)), view


@needs_dot
def test_pdf_embeds_dejavu_sans_and_png_is_an_image() -> None:
    dot = _layered_dot()
    pdf = render(dot, "pdf")
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/FontName /[A-Z]{6}\+DejaVuSans", pdf), "the PDF embeds DejaVu Sans"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        assert "Kiến trúc phân lớp: Tỉnh Ánh Dương" in text.decode("utf-8")
    assert render(dot, "png").startswith(b"\x89PNG")


def test_a_missing_graphviz_names_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot anywhere
    with pytest.raises(ExportError) as info:
        render("digraph {}", "svg")
    message = str(info.value)
    assert "the Graphviz program 'dot' was not found on PATH" in message
    assert "apt-get install graphviz" in message and "brew install graphviz" in message
    assert "--format dot" in message


def test_the_binary_name_can_be_injected() -> None:
    with pytest.raises(ExportError, match="'no-such-dot-binary' was not found"):
        render("digraph {}", "svg", binary="no-such-dot-binary")


def _fake_dot(folder: Path, script: str) -> None:
    path = folder / "dot"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for dot")
def test_a_slow_layout_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_dot(tmp_path, "exec sleep 10")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/bin{os.pathsep}/usr/bin")
    with pytest.raises(ExportError, match=r"did not finish the layout within 0\.5 s"):
        render("digraph {}", "svg", timeout=0.5)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for dot")
def test_a_graphviz_failure_shows_its_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_dot(tmp_path, "echo 'Error: syntax error in line 1' >&2; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/bin{os.pathsep}/usr/bin")
    with pytest.raises(ExportError, match="Graphviz failed: Error: syntax error in line 1"):
        render("digraph {", "svg")


def test_formats_are_a_closed_set() -> None:
    with pytest.raises(ValueError, match='"gif" is not a valid rendered format'):
        render("digraph {}", "gif")


SEEDS = Path(__file__).resolve().parents[2] / "province_models"


@needs_dot
@pytest.mark.parametrize("view", ["layered", "egov"])
def test_grouped_views_of_the_seed_provinces_pass_dot_without_a_warning(view: str) -> None:
    from ictarch.graph import build_graph
    from ictarch.loading import load_workspace

    g = build_graph(load_workspace([SEEDS]))
    for province in g.workspace.provinces:
        text = to_dot(build_view(view, g, (f"province:{province.code}",), (), ViewOptions())).text
        assert 'class="grouped"' in text
        done = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=60, check=False)
        assert done.returncode == 0 and not done.stderr, (province.code, done.stderr.decode()[:400])


@needs_dot
def test_grouped_edges_run_in_gutters_beside_the_bands() -> None:
    svg = render(to_dot(build_view("layered", graph("alpha"), (), (), ViewOptions())).text, "svg")
    root = ET.fromstring(svg)
    bands = []
    for cluster in (g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster"):
        outline = next(cluster.iter(f"{SVG}path")).get("d", "")
        xs, ys = zip(*((float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", outline)), strict=True)
        bands.append((min(xs), min(ys), max(xs), max(ys)))
    assert len(bands) >= 6
    grouped = [g for g in root.iter(f"{SVG}g") if "grouped" in (g.get("class") or "")]
    assert grouped, "the whole province's relationships are grouped"
    for edge in grouped:
        path = next(edge.iter(f"{SVG}path")).get("d", "")
        points = [tuple(map(float, pair)) for pair in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path)]
        corners = points[::3]
        for (x0, y0), (x1, y1) in itertools.pairwise(corners):
            assert abs(x0 - x1) < 0.2 or abs(y0 - y1) < 0.2, f"every stretch runs straight across or down: {path}"
            if abs(y1 - y0) > 30:  # a lane: between the bands, never across one
                mx, my = x0, (y0 + y1) / 2
                assert not any(a <= mx <= c and b <= my <= d for a, b, c, d in bands), path


@needs_dot
def test_grouped_edges_are_routed_the_same_on_every_run(national_model: Path) -> None:
    """Edges meeting a box at the same height are ordered by the edges' order, not by where Python happens to
    store them: the same DOT gives the same SVG, run after run (the review site promises identical files)."""
    from exporters.gutter import GROUPED_MARK, route
    from ictarch.graph import build_graph
    from ictarch.loading import load_workspace

    g = build_graph(load_workspace([national_model]))
    tied = 0
    for code in ("p01", "p02"):
        lines = to_dot(build_view("egov", g, (f"province:{code}",), (), ViewOptions())).text.splitlines()
        grouped = [line for line in lines if GROUPED_MARK in line]
        kept = "\n".join(line for line in lines if GROUPED_MARK not in line and 'class="relation"' not in line)
        placed = subprocess.run(["dot", "-Tdot"], input=kept.encode(), capture_output=True, timeout=60, check=True)
        text = placed.stdout.decode().rstrip()
        first = route(text, grouped)
        for _ in range(6):
            ballast = [object() for _ in range(1000)]  # other addresses for the next run's edges
            assert route(text, grouped) == first, code
            del ballast
        tied += len(grouped)
    assert tied > 10, "the views have grouped edges to route"
