"""The one style table of every diagram: notation per kind, status and relation, fixed texts, closed option sets.

Models say nothing about drawing; views and exporters read this table and nothing else for style.
Colours follow the ArchiMate palette (business yellow, application blue, technology green).
"""

from __future__ import annotations

from dataclasses import dataclass

from ictarch.i18n import has, msg, render

FONT = "DejaVu Sans"
"""A font with every Vietnamese glyph; Graphviz embeds it in PDF and names it in SVG."""

LANGS = ("vi", "en")
DIRECTIONS = ("TB", "LR", "BT", "RL")
DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
EDGE_MODES = ("auto", "grouped", "all")
"""How the layered and e-government views draw relationships (see ``views.ViewOptions.edges``)."""
RENDERED_FORMATS = ("svg", "png", "pdf")

WRAP = 24
"""Characters per line of a node label before it wraps."""

DEFAULT_MAX_NODES = 150
"""Beyond this many components a view collapses them into their layer or domain, with counts."""

DOT_TUNING = {"nslimit": "4", "nslimit1": "4", "mclimit": "0.5", "searchsize": "30"}
"""Bounds on dot's network-simplex and crossing-minimisation passes: large views stay near-linear."""


@dataclass(frozen=True)
class NodeStyle:
    shape: str
    fill: str
    mermaid: str
    """Mermaid node template; ``{0}`` is the quoted label."""


@dataclass(frozen=True)
class StatusStyle:
    border: str
    """Graphviz line style of the node's border."""
    pen: str
    dasharray: str
    """Mermaid ``stroke-dasharray`` (empty: solid)."""


@dataclass(frozen=True)
class EdgeStyle:
    style: str
    arrowhead: str
    colour: str
    mermaid: str


NODE_STYLES: dict[str, NodeStyle] = {
    "stakeholder": NodeStyle("egg", "#FFFFB5", '(["{0}"])'),
    "channel": NodeStyle("cds", "#FFFFB5", '>"{0}"]'),
    "service": NodeStyle("ellipse", "#FFFFB5", '(["{0}"])'),
    "portal": NodeStyle("tab", "#B5FFFF", '["{0}"]'),
    "application": NodeStyle("box", "#B5FFFF", '["{0}"]'),
    "platform": NodeStyle("component", "#C9E7B7", '[["{0}"]]'),
    "database": NodeStyle("cylinder", "#C9E7B7", '[("{0}")]'),
    "security": NodeStyle("octagon", "#F4C7C3", '{{{{"{0}"}}}}'),
    "centre": NodeStyle("house", "#E6CCF2", '[/"{0}"\\]'),
    "infrastructure": NodeStyle("box3d", "#C9E7B7", '["{0}"]'),
    "network": NodeStyle("hexagon", "#C9E7B7", '{{{{"{0}"}}}}'),
    "sensor-network": NodeStyle("septagon", "#C9E7B7", '{{{{"{0}"}}}}'),
    "project": NodeStyle("folder", "#FFE0B2", '["{0}"]'),
    "reference": NodeStyle("box", "#EEEEEE", '[/"{0}"/]'),
    "national": NodeStyle("doubleoctagon", "#D0D8F0", '[["{0}"]]'),
    "summary": NodeStyle("note", "#FFFFFF", '["{0}"]'),
    "placeholder": NodeStyle("plaintext", "#FFFFFF", '["{0}"]'),
}
"""Per node kind: component kinds, then projects, reference items, national platforms and collapsed groups."""

STATUS_STYLES: dict[str, StatusStyle] = {
    "existing": StatusStyle("solid", "#333333", ""),
    "in-progress": StatusStyle("dashed", "#1F5FBF", "6 3"),
    "planned": StatusStyle("dotted", "#1F5FBF", "2 2"),
    "retired": StatusStyle("solid", "#999999", "1 4"),
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "depends_on": EdgeStyle("solid", "normal", "#444444", "-->"),
    "serves": EdgeStyle("solid", "empty", "#7F7F7F", "--o"),
    "data_flow": EdgeStyle("dashed", "vee", "#2E7D32", "-.->"),
    "hosted_on": EdgeStyle("dotted", "normal", "#6D4C41", "-.->"),
    "integrates_via": EdgeStyle("bold", "normal", "#1F5FBF", "==>"),
    "delivers": EdgeStyle("dashed", "onormal", "#E65100", "-.->"),
    "declared": EdgeStyle("dotted", "none", "#1F5FBF", "-.-"),
    "aggregate": EdgeStyle("solid", "normal", "#444444", "-->"),
}

LINE_SAMPLES = {"solid": "———", "dashed": "– – –", "dotted": "· · · ·", "bold": "━━━"}
"""How a line style is shown in a legend."""

EMPHASIS = "#D62728"
"""Colour of what a view asks the reader to look at: the focus, a late dependency, a bypass."""

GAP_COLOURS: dict[str, str] = {
    "covered": "#A5D6A7",
    "missing": "#EF9A9A",
    "duplicated": "#FFCC80",
    "not-applicable": "#E0E0E0",
}
GAP_STATUSES = tuple(GAP_COLOURS)

CLUSTER_FILLS: dict[str, str] = {
    "layer": "#F7F9FC",
    "side": "#FBF5FC",
    "national": "#EEF1FA",
    "unplaced": "#FFFFFF",
    "domain": "#FAFAFA",
    "role": "#FAFAFA",
    "hub": "#EAF3FB",
    "column": "#FFFFFF",
}

def has_text(key: str) -> bool:
    """Whether the diagrams have a fixed text ``key`` (a kind, status, relation or label)."""
    return has(f"diagram.{key}")


def text(key: str, lang: str, **values: object) -> str:
    """A fixed text of the diagrams in ``lang``, from the catalogue (``diagram.<key>``), with values filled."""
    return render(msg(f"diagram.{key}", **values), lang)


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices``, else a ValueError that lists them."""
    if value not in choices:
        raise ValueError(f'"{value}" is not a valid {what} (choose from: {", ".join(choices)})')
    return value
