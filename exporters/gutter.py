"""Routes for grouped edges around placed bands: lines in gutters beside the picture, never through it.

``exporters.render`` lays out a view without its grouped edges (``class="grouped"``, ends named by
``tailgroup`` / ``headgroup``: a cluster or a hub node), then hands the placed DOT text and those edges
here. Two boxes side by side are joined by a horizontal line; boxes above one another by a line that
leaves the left side of one, runs down a lane of the left gutter and enters the left side of the other
(the right gutter when an end is the column of cross-cutting systems, whose left side faces the bands).
Lanes are shared by edges whose vertical spans do not overlap; every line meets a hub (the LGSP) at its
middle, so that together they are the trunk of a bus. Each label stands beside its lane (or above its
horizontal line), moved along it until it meets no node, cluster title or other label. Pure geometry on
text: Graphviz coordinates, y upwards.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

GROUPED_MARK = 'class="grouped"'
"""Edges so marked are routed here after the layout (see ``exporters.dot``)."""
LANE = 14.0
"""Points between two lanes of a gutter."""
MARGIN = 12.0
"""Points between a box and its gutter's first lane."""
SPACING = 22.0
"""Least distance between two lines that meet one side of a box."""
COLUMN = "cluster_cross-cutting"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class _Edge:
    line: str
    tail: str
    head: str
    label_width: float
    side: str = "left"
    lane: int = 0
    vertical: bool = True


_CLUSTER = re.compile(
    r'subgraph\s+"?(cluster_[^"{]*?)"?\s*\{\s*graph\s*\[bb="([-\d.e]+),([-\d.e]+),([-\d.e]+),([-\d.e]+)"'
)
_FLOAT = r"([-\d.e]+)"


def clusters(placed: str) -> dict[str, Box]:
    """Each cluster of the placed text and its bounding box."""
    return {m[1]: Box(*(float(m[i]) for i in range(2, 6))) for m in _CLUSTER.finditer(placed)}


def nodes(placed: str) -> dict[str, Box]:
    """Each placed node's box (a node statement: a quoted id, then its attributes, ending a line with ``];``)."""
    out = {}
    for m in re.finditer(r'^\s*"((?:[^"\\]|\\.)*)"\s*\[', placed, re.MULTILINE):
        end = placed.find("];", m.end())
        block = placed[m.end() : end if end >= 0 else len(placed)]
        box = _box(block)
        if box is not None:
            out[m[1]] = box
    return out


def _box(block: str) -> Box | None:
    pos = re.search(rf'\bpos="{_FLOAT},{_FLOAT}"', block)
    width = re.search(rf"\bwidth={_FLOAT}", block)
    height = re.search(rf"\bheight={_FLOAT}", block)
    if not (pos and width and height):
        return None
    x, y, w, h = float(pos[1]), float(pos[2]), float(width[1]) * 36, float(height[1]) * 36
    return Box(x - w, y - h, x + w, y + h)


def _attr(line: str, name: str) -> str:
    m = re.search(rf'\b{name}="([^"]*)"', line)
    return m[1] if m else ""


def _label_width(line: str) -> float:
    """A generous width of the edge's label, from its text: about 0.62 em per character."""
    m = re.search(r"label=<(.*)>, ", line)
    if not m:
        return 0.0
    lines = re.sub(r"<BR/>", "\n", m[1])
    plain = [re.sub(r"<[^>]*>", "", t) for t in lines.split("\n")]
    return max((len(t) for t in plain), default=0) * 0.62 * 8 + 6


def _spline(points: list[tuple[float, float]]) -> str:
    """A Graphviz spline through a polyline: each straight segment as a cubic Bézier."""
    out = [points[0]]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        out += [(ax + (bx - ax) / 3, ay + (by - ay) / 3), (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3), (bx, by)]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in out)


def _assign_lanes(edges: list[_Edge], span: dict[int, tuple[float, float]]) -> None:
    """Greedy interval colouring: the shortest spans take the lanes nearest the boxes."""
    for side in ("left", "right"):
        taken: list[list[tuple[float, float]]] = []
        for e in sorted(
            (e for e in edges if e.vertical and e.side == side),
            key=lambda e: (span[id(e)][1] - span[id(e)][0], span[id(e)]),
        ):
            lo, hi = span[id(e)]
            lane = next(
                (i for i, used in enumerate(taken) if all(hi + SPACING < a or b + SPACING < lo for a, b in used)), None
            )
            if lane is None:
                taken.append([])
                lane = len(taken) - 1
            taken[lane].append((lo, hi))
            e.lane = lane


def route(placed: str, lines: list[str]) -> list[str]:
    """The grouped edges ``lines`` with ``pos`` and ``lp`` set, routed around the boxes of ``placed``."""
    boxes = clusters(placed)
    placed_nodes = nodes(placed)
    obstacles = [*placed_nodes.values(), *(Box(b.x0, b.y1 - 30, b.x1, b.y1) for b in boxes.values())]
    edges: list[_Edge] = []
    for line in lines:
        tail, head = _attr(line, "tailgroup"), _attr(line, "headgroup")
        boxes.update((end, placed_nodes[end]) for end in (tail, head) if end not in boxes and end in placed_nodes)
        if tail in boxes and head in boxes:
            edges.append(_Edge(line, tail, head, _label_width(line)))
    if not edges:
        return list(lines)
    main = [b for name, b in boxes.items() if name != COLUMN and not _inside(b, boxes.get(COLUMN))]
    left = min(b.x0 for b in main or boxes.values()) - MARGIN
    right = max(b.x1 for b in boxes.values()) + MARGIN
    span: dict[int, tuple[float, float]] = {}
    for e in edges:
        a, b = boxes[e.tail], boxes[e.head]
        e.vertical = not (max(a.y0, b.y0) + SPACING < min(a.y1, b.y1) and (a.x1 <= b.x0 or b.x1 <= a.x0))
        e.side = "right" if COLUMN in (e.tail, e.head) else "left"
        span[id(e)] = (min(a.middle, b.middle), max(a.middle, b.middle))
    _assign_lanes(edges, span)
    hubs = {end for e in edges for end in (e.tail, e.head) if not end.startswith("cluster_")}
    ports = _ports(edges, boxes, hubs)
    out = []
    placed_labels: list[Box] = list(obstacles)
    for e in edges:
        a, b = boxes[e.tail], boxes[e.head]
        ya, yb = ports[(id(e), e.tail)], ports[(id(e), e.head)]
        if not e.vertical:
            y = (max(a.y0, b.y0) + min(a.y1, b.y1)) / 2
            xa, xb = (a.x1, b.x0) if a.x1 <= b.x0 else (a.x0, b.x1)
            points = [(xa, y), (xb, y)]
            spot = _free(placed_labels, (xa + xb) / 2, y + 8, e.label_width, (y - 60, y + 60), sideways=True)
        else:
            x = left - e.lane * LANE if e.side == "left" else right + e.lane * LANE
            near_a, near_b = (a.x0, b.x0) if e.side == "left" else (a.x1, b.x1)
            points = [(near_a, ya), (x, ya), (x, yb), (near_b, yb)]
            sign = -1 if e.side == "left" else 1  # the label beside its lane, away from the picture
            spot = _free(placed_labels, x + sign * (e.label_width / 2 + 3), (ya + yb) / 2, e.label_width, (ya, yb))
        both = 'dir="both"' in e.line
        start = f"s,{points[0][0]:.1f},{points[0][1]:.1f} " if both else ""
        pos = f'pos="{start}e,{points[-1][0]:.1f},{points[-1][1]:.1f} {_spline(_shorten(points, both))}"'
        out.append(_with(e.line, f'{pos}, lp="{spot[0]:.1f},{spot[1]:.1f}"'))
    return out


LABEL_HEIGHT = 20.0
"""Points of a grouped edge's label: a count and a line of relationship types."""


def _free(
    placed: list[Box], x: float, y: float, width: float, along: tuple[float, float], sideways: bool = False
) -> tuple[float, float]:
    """The place nearest (x, y), sliding along ``along`` (a span of y), and sideways if asked, where the label
    meets no node, no cluster title and no label placed before."""
    lo, hi = min(along), max(along)
    ys = [y, *(y + k * step for k in range(1, 60) for step in (LABEL_HEIGHT / 2, -LABEL_HEIGHT / 2))]
    xs = [x, *(x + k * step for k in range(1, 30) for step in (width / 2, -width / 2))] if sideways else [x]
    reach = Box(min(xs) - width, lo - 2 * LABEL_HEIGHT, max(xs) + width, hi + 2 * LABEL_HEIGHT)
    near = [p for p in placed if not (p.x1 < reach.x0 or reach.x1 < p.x0 or p.y1 < reach.y0 or reach.y1 < p.y0)]
    for cx in xs:
        for cy in ys:
            if not lo - LABEL_HEIGHT <= cy <= hi + LABEL_HEIGHT:
                continue
            box = Box(cx - width / 2, cy - LABEL_HEIGHT / 2, cx + width / 2, cy + LABEL_HEIGHT / 2)
            if all(box.x1 < p.x0 or p.x1 < box.x0 or box.y1 < p.y0 or p.y1 < box.y0 for p in near):
                placed.append(box)
                return cx, cy
    placed.append(Box(x - width / 2, y - LABEL_HEIGHT / 2, x + width / 2, y + LABEL_HEIGHT / 2))
    return x, y


def _inside(box: Box, outer: Box | None) -> bool:
    return outer is not None and outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0 and box.y1 <= outer.y1


def _ports(edges: list[_Edge], boxes: dict[str, Box], hubs: set[str]) -> dict[tuple[int, str], float]:
    """Where each edge meets the side of each of its boxes: spread along the side, ordered by the other end.

    Every line meets a hub at its middle: together they are the trunk of a bus.
    """
    meeting: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for n, e in enumerate(edges):
        if not e.vertical:
            continue
        for end, other in ((e.tail, e.head), (e.head, e.tail)):
            if end not in hubs:
                meeting.setdefault((end, e.side), []).append((boxes[other].middle, n, id(e)))
    out: dict[tuple[int, str], float] = {}
    for (end, _side), items in meeting.items():
        box = boxes[end]
        items.sort(key=lambda item: (-item[0], item[1]))  # ties in the edges' order: never by address (id)
        step = min(SPACING, (box.y1 - box.y0) / (len(items) + 1))
        top = box.middle + step * (len(items) - 1) / 2
        for k, (_y, _n, key) in enumerate(items):
            out[(key, end)] = top - k * step
    for e in edges:
        out.setdefault((id(e), e.tail), boxes[e.tail].middle)
        out.setdefault((id(e), e.head), boxes[e.head].middle)
    return out


def _shorten(points: list[tuple[float, float]], both: bool) -> list[tuple[float, float]]:
    """The polyline pulled back from its ends by the length of an arrowhead (Graphviz draws the heads there)."""
    out = list(points)
    for index, toward in ((-1, -2), *([(0, 1)] if both else [])):
        (x, y), (tx, ty) = out[index], out[toward]
        length = max(abs(tx - x) + abs(ty - y), 1e-6)
        pull = min(7.0, length / 2)
        out[index] = (x + (tx - x) * pull / length, y + (ty - y) * pull / length)
    return out


def _with(line: str, attrs: str) -> str:
    body = line.rstrip()
    return body[:-1] + f", {attrs}]" if body.endswith("]") else f"{body} [{attrs}]"
