"""The roadmap's chart: coverage per layer by year, as a hand-written SVG line chart.

One polyline per followed layer (``class="layer"``, ``data-layer`` its id), over the points of the
timeline (as-is, then each year), on a 0–100 % axis, with a legend below giving each layer's name
and its as-is and final figures. Lines that share values would hide one another: each is drawn
thinner than the one before it, so that coinciding lines show as nested stripes. Pure and
deterministic; no Graphviz and no plotting library.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from exporters import Diagram
from ictarch.analysis.roadmap import RoadmapTimeline
from ictarch.analysis.roadmap_render import point_label

PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#8C564B",
    "#000000",
    "#F0E442",
    "#7F7F7F",
    "#17BECF",
    "#BCBD22",
)
"""Line colours in layer order (Okabe-Ito first, for colour-blind readers), reused beyond twelve layers."""

STYLE: dict[str, float] = {
    "width": 820,
    "plot_height": 300,
    "left": 64,
    "right": 24,
    "top": 64,
    "axis_gap": 44,
    "legend_row": 20,
    "font_size": 12,
    "title_size": 15,
    "max_stroke": 7.0,
    "min_stroke": 1.5,
}
"""Sizes in pixels."""
FONT = "DejaVu Sans, Verdana, sans-serif"
"""DejaVu Sans carries every Vietnamese glyph."""

_TITLES = {
    "vi": "Mức độ bao phủ theo lớp của khung tham chiếu ICT, theo năm",
    "en": "Coverage per layer of the ICT reference framework, by year",
}
_AXIS = {"vi": "năm", "en": "year"}


def chart_title(timeline: RoadmapTimeline, lang: str) -> str:
    return f"{_TITLES['en' if lang == 'en' else 'vi']}: {timeline.name.text(lang)} ({timeline.province})"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def to_coverage_svg(timeline: RoadmapTimeline, lang: str = "vi") -> Diagram:
    """The chart of a roadmap as SVG text."""
    s = STYLE
    width, left, right, top, plot_h = int(s["width"]), s["left"], s["right"], s["top"], s["plot_height"]
    font, size = FONT, int(s["font_size"])
    layers = timeline.layers
    points = timeline.points
    plot_w = width - left - right
    bottom = top + plot_h
    legend_top = bottom + s["axis_gap"] + 8
    height = int(legend_top + len(layers) * s["legend_row"] + 16)
    n = len(points)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(percent: float) -> float:
        return bottom - plot_h * percent / 100

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family={quoteattr(font)} font-size="{size}">',
        f"<title>{escape(chart_title(timeline, lang))}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{_fmt(left)}" y="28" font-size="{int(s["title_size"])}" font-weight="bold">'
        f"{escape(chart_title(timeline, lang))}</text>",
        '<g class="axes" stroke="#cccccc" stroke-width="1">',
    ]
    for tick in range(0, 101, 25):
        out.append(f'<line x1="{_fmt(left)}" y1="{_fmt(y(tick))}" x2="{_fmt(left + plot_w)}" y2="{_fmt(y(tick))}"/>')
    out.append("</g>")
    out.append('<g class="ticks" fill="#333333">')
    for tick in range(0, 101, 25):
        out.append(f'<text x="{_fmt(left - 8)}" y="{_fmt(y(tick) + 4)}" text-anchor="end">{tick}%</text>')
    for i, p in enumerate(points):
        out.append(
            f'<text x="{_fmt(x(i))}" y="{_fmt(bottom + 18)}" text-anchor="middle">{escape(point_label(p, lang))}</text>'
        )
    out.append(
        f'<text x="{_fmt(left + plot_w / 2)}" y="{_fmt(bottom + 36)}" text-anchor="middle">'
        f"{escape(_AXIS['en' if lang == 'en' else 'vi'])}</text>"
    )
    out.append("</g>")
    count = max(len(layers), 1)
    widest, thinnest = s["max_stroke"], s["min_stroke"]
    out.append('<g class="lines" fill="none" stroke-linejoin="round" stroke-linecap="round">')
    for k, layer in enumerate(layers):
        colour = PALETTE[k % len(PALETTE)]
        stroke = widest - (widest - thinnest) * k / max(count - 1, 1)
        coords = " ".join(f"{_fmt(x(i))},{_fmt(y(p.layer(layer.id).percent))}" for i, p in enumerate(points))
        out.append(
            f'<polyline class="layer" data-layer={quoteattr(layer.id)} points="{coords}" '
            f'stroke="{colour}" stroke-width="{_fmt(stroke)}"/>'
        )
    out.append("</g>")
    out.append('<g class="legend">')
    for k, layer in enumerate(layers):
        colour = PALETTE[k % len(PALETTE)]
        row = legend_top + k * s["legend_row"]
        first, last = points[0].layer(layer.id).percent, points[-1].layer(layer.id).percent
        label = f"{layer.id}  {layer.name.text(lang)}  ({first}% → {last}%)"
        out.append(
            f'<line x1="{_fmt(left)}" y1="{_fmt(row)}" x2="{_fmt(left + 28)}" y2="{_fmt(row)}" '
            f'stroke="{colour}" stroke-width="4"/>'
        )
        out.append(f'<text x="{_fmt(left + 36)}" y="{_fmt(row + 4)}">{escape(label)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return Diagram(f"roadmap-coverage-{timeline.province}", "\n".join(out) + "\n", "svg")
