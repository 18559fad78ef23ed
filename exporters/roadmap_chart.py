"""The roadmap's chart: coverage per layer by year, as a hand-written SVG heat map.

A row per followed layer (``class="layer"``, ``data-layer`` its id) and a column per point of the
timeline (as-is, then each year); each cell (``class="cell"``) is shaded by the layer's coverage and
carries the percentage, so that no layer can hide behind another as lines at the same value would.
A cell where the coverage rose since the previous point is framed. The title wraps to the canvas.
Pure and deterministic; no Graphviz and no plotting library.
"""

from __future__ import annotations

import itertools
import textwrap
from xml.sax.saxutils import escape, quoteattr

from exporters import Diagram
from ictarch.analysis.roadmap import RoadmapTimeline
from ictarch.analysis.roadmap_render import point_label
from ictarch.i18n import t

STYLE: dict[str, float] = {
    "left": 16,
    "right": 16,
    "top": 16,
    "label_width": 300,
    "cell_width": 72,
    "cell_height": 30,
    "head_height": 26,
    "font_size": 12,
    "title_size": 15,
    "min_width": 640,
}
"""Sizes in pixels."""
FONT = "DejaVu Sans, Verdana, sans-serif"
"""DejaVu Sans carries every Vietnamese glyph."""
CHAR_WIDTH = 0.62
"""A generous average advance of a DejaVu Sans character, in ems: what wraps text to fit."""
SCALE = ((0, (0xF7, 0xFB, 0xFF)), (50, (0x6B, 0xAE, 0xD6)), (100, (0x08, 0x30, 0x6B)))
"""Light to dark blue as coverage rises (a sequential scale that reads in grey as well)."""
ROSE = "#D62728"
"""Frame of a cell whose coverage rose since the previous point."""

def chart_title(timeline: RoadmapTimeline, lang: str) -> str:
    return t("diagram.chart-title", lang, name=timeline.name.text(lang), province=timeline.province)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def shade(percent: float) -> str:
    """The fill of a cell at ``percent``, interpolated along SCALE."""
    for (p0, c0), (p1, c1) in itertools.pairwise(SCALE):
        if percent <= p1:
            frac = (percent - p0) / (p1 - p0)
            return "#" + "".join(f"{round(a + (b - a) * frac):02X}" for a, b in zip(c0, c1, strict=True))
    return "#" + "".join(f"{c:02X}" for c in SCALE[-1][1])


def _ink(percent: float) -> str:
    return "#FFFFFF" if percent > 55 else "#111111"


def _lines(value: str, width_px: float, size: float) -> list[str]:
    return textwrap.wrap(value, max(int(width_px / (CHAR_WIDTH * size)), 8), break_on_hyphens=False) or [""]


def to_coverage_svg(timeline: RoadmapTimeline, lang: str = "vi") -> Diagram:
    """The chart of a roadmap as SVG text."""
    s = STYLE
    left, top, size = s["left"], s["top"], s["font_size"]
    label_w, cell_w, cell_h = s["label_width"], s["cell_width"], s["cell_height"]
    layers, points = timeline.layers, timeline.points
    width = int(max(left + label_w + cell_w * len(points) + s["right"], s["min_width"]))
    inner = width - left - s["right"]
    title = _lines(chart_title(timeline, lang), inner, s["title_size"])
    title_h = len(title) * s["title_size"] * 1.35
    head_y = top + title_h + 10
    names = [_lines(layer.name.text(lang), label_w - 12, size) for layer in layers]
    rows_y = [head_y + s["head_height"]]
    for lines in names:
        rows_y.append(rows_y[-1] + max(cell_h, len(lines) * size * 1.3 + 8))
    key = _lines(t("diagram.chart-key", lang), inner, size - 1)
    height = int(rows_y[-1] + 14 + len(key) * (size + 3) + 12)
    grid_x = left + label_w

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family={quoteattr(FONT)} font-size="{_fmt(size)}">',
        f"<title>{escape(chart_title(timeline, lang))}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        '<g class="title" font-weight="bold" font-size="{}">'.format(_fmt(s["title_size"])),
    ]
    for i, line in enumerate(title):
        out.append(f'<text x="{_fmt(left)}" y="{_fmt(top + (i + 0.8) * s["title_size"] * 1.35)}">{escape(line)}</text>')
    out.append("</g>")
    out.append('<g class="head" font-weight="bold" fill="#333333">')
    out.append(f'<text x="{_fmt(left)}" y="{_fmt(head_y + 17)}">{escape(t("diagram.chart-layer", lang))}</text>')
    for i, p in enumerate(points):
        cx = grid_x + cell_w * (i + 0.5)
        out.append(
            f'<text x="{_fmt(cx)}" y="{_fmt(head_y + 17)}" text-anchor="middle">{escape(point_label(p, lang))}</text>'
        )
    out.append("</g>")
    for k, layer in enumerate(layers):
        y0, y1 = rows_y[k], rows_y[k + 1]
        out.append(f'<g class="layer" data-layer={quoteattr(layer.id)}>')
        mid = (y0 + y1) / 2
        first = mid - (len(names[k]) - 1) * size * 0.65 + size * 0.35
        for j, line in enumerate(names[k]):
            out.append(f'<text x="{_fmt(left)}" y="{_fmt(first + j * size * 1.3)}">{escape(line)}</text>')
        previous = None
        for i, p in enumerate(points):
            percent = p.layer(layer.id).percent
            x0 = grid_x + cell_w * i
            rose = previous is not None and percent > previous
            frame = f'stroke="{ROSE}" stroke-width="2"' if rose else 'stroke="#D0D7E2" stroke-width="1"'
            out.append(
                f'<rect class="cell" data-point="{i}" data-percent="{percent}" x="{_fmt(x0 + 1)}" y="{_fmt(y0 + 1)}" '
                f'width="{_fmt(cell_w - 2)}" height="{_fmt(y1 - y0 - 2)}" fill="{shade(percent)}" {frame}/>'
            )
            out.append(
                f'<text x="{_fmt(x0 + cell_w / 2)}" y="{_fmt(mid + size * 0.35)}" text-anchor="middle" '
                f'fill="{_ink(percent)}">{percent}%</text>'
            )
            previous = percent
        out.append("</g>")
    out.append(f'<g class="key" fill="#555555" font-size="{_fmt(size - 1)}">')
    for i, line in enumerate(key):
        out.append(f'<text x="{_fmt(left)}" y="{_fmt(rows_y[-1] + 22 + i * (size + 3))}">{escape(line)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return Diagram(f"roadmap-coverage-{timeline.province}", "\n".join(out) + "\n", "svg")
