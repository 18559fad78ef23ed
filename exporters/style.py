"""The one style table of every diagram: notation per kind, status and relation, fixed texts, closed option sets.

Models say nothing about drawing; views and exporters read this table and nothing else for style.
Colours follow the ArchiMate palette (business yellow, application blue, technology green).
"""

from __future__ import annotations

from dataclasses import dataclass

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

TEXT: dict[str, dict[str, str]] = {
    "legend": {"vi": "Chú giải", "en": "Legend"},
    "layered": {"vi": "Kiến trúc phân lớp", "en": "Layered architecture"},
    "gap-map": {"vi": "Bản đồ khoảng trống so với khung tham chiếu", "en": "Gap map against the reference framework"},
    "impact": {"vi": "Phụ thuộc và ảnh hưởng", "en": "Dependencies and impact"},
    "roadmap": {"vi": "Lộ trình dự án", "en": "Project roadmap"},
    "egov": {"vi": "Liên thông Chính quyền điện tử", "en": "E-government linkage"},
    "national-view": {"vi": "So sánh các tỉnh", "en": "National comparison"},
    "national": {"vi": "nền tảng quốc gia", "en": "national platform"},
    "components-header": {"vi": "Thành phần", "en": "Components"},
    "unplaced": {"vi": "Chưa gắn lớp tham chiếu", "en": "Not placed in a reference layer"},
    "national-platforms": {"vi": "Nền tảng quốc gia", "en": "National platforms"},
    "hubs": {"vi": "Nền tảng dùng chung của tỉnh", "en": "Provincial shared platforms"},
    "other": {"vi": "Khác", "en": "Other"},
    "upstream": {"vi": "Phụ thuộc vào (thượng nguồn)", "en": "Depends on (upstream)"},
    "downstream": {"vi": "Bị ảnh hưởng (hạ nguồn)", "en": "Impacted (downstream)"},
    "focus": {"vi": "Thành phần được xét", "en": "Component in focus"},
    "projects": {"vi": "Dự án đầu tư", "en": "Projects"},
    "empty": {"vi": "(chưa có thành phần)", "en": "(no component)"},
    "undated": {"vi": "chưa rõ năm", "en": "undated"},
    "components": {"vi": "thành phần", "en": "components"},
    "projects-count": {"vi": "dự án", "en": "projects"},
    "collapsed": {
        "vi": "Thu gọn: {n} {unit} vượt ngưỡng {limit}; mỗi {by} là một ô có số lượng. "
        "Thu hẹp bằng --select hoặc nâng --max-nodes.",
        "en": "Collapsed: {n} {unit} exceed the threshold of {limit}; each {by} is one box with counts. "
        "Narrow with --select or raise --max-nodes.",
    },
    "by-layer": {"vi": "lớp", "en": "layer"},
    "by-domain": {"vi": "lĩnh vực", "en": "domain"},
    "by-group": {"vi": "nhóm", "en": "group"},
    "late": {
        "vi": "Phụ thuộc vào hạng mục bàn giao muộn hơn: {pairs}",
        "en": "Depends on something delivered later: {pairs}",
    },
    "bypass": {
        "vi": "Tích hợp trực tiếp, không qua LGSP: {ids}",
        "en": "Integrates directly, bypassing the LGSP: {ids}",
    },
    "declared-lgsp": {"vi": "khai báo tích hợp qua LGSP", "en": "declares integration via the LGSP"},
    "inside": {"vi": "{n} quan hệ bên trong", "en": "{n} relationships inside"},
    "grouped-edges": {
        "vi": "Quan hệ được gộp: {k} đường thay cho {n} quan hệ, số trên đường là số quan hệ; "
        "vẽ từng quan hệ bằng --edges all hoặc thu hẹp bằng --select.",
        "en": "Relationships grouped: {k} lines stand for {n} relationships, each line labelled with its count; "
        "draw each with --edges all or narrow the view with --select.",
    },
    "cross-cutting": {"vi": "Hệ thống xuyên suốt", "en": "Cross-cutting systems"},
    "no-dates": {"vi": "Không có năm thực hiện: {ids}", "en": "No years given: {ids}"},
    "coverage": {"vi": "Độ bao phủ", "en": "Coverage"},
    "duplicates": {"vi": "Đầu tư trùng lặp", "en": "Duplicate investments"},
    "reference-item": {"vi": "Thành phần tham chiếu", "en": "Reference component"},
    "province": {"vi": "Tỉnh", "en": "Province"},
    "budget": {"vi": "Kinh phí", "en": "Budget"},
    "reason": {"vi": "Lý do", "en": "Reason"},
    "rebuilds-national": {
        "vi": "xây dựng lại nền tảng cấp quốc gia",
        "en": "rebuilds a national-level platform",
    },
    "second-instance": {"vi": "hơn một hệ thống dùng chung", "en": "more than one shared instance"},
    "none-found": {"vi": "(không phát hiện)", "en": "(none found)"},
    "covered": {"vi": "đã có", "en": "covered"},
    "missing": {"vi": "còn thiếu", "en": "missing"},
    "duplicated": {"vi": "trùng lặp", "en": "duplicated"},
    "not-applicable": {"vi": "không áp dụng", "en": "not applicable"},
    "stakeholder": {"vi": "đối tượng sử dụng", "en": "stakeholder"},
    "channel": {"vi": "kênh", "en": "channel"},
    "service": {"vi": "dịch vụ", "en": "service"},
    "portal": {"vi": "cổng", "en": "portal"},
    "application": {"vi": "ứng dụng", "en": "application"},
    "platform": {"vi": "nền tảng", "en": "platform"},
    "database": {"vi": "cơ sở dữ liệu", "en": "database"},
    "security": {"vi": "an toàn thông tin", "en": "security"},
    "centre": {"vi": "trung tâm", "en": "centre"},
    "infrastructure": {"vi": "hạ tầng", "en": "infrastructure"},
    "network": {"vi": "mạng", "en": "network"},
    "sensor-network": {"vi": "mạng cảm biến", "en": "sensor network"},
    "project": {"vi": "dự án", "en": "project"},
    "reference": {"vi": "thành phần tham chiếu", "en": "reference component"},
    "summary": {"vi": "nhóm (thu gọn)", "en": "group (collapsed)"},
    "attention": {"vi": "cần chú ý", "en": "needs attention"},
    "existing": {"vi": "hiện có", "en": "existing"},
    "in-progress": {"vi": "đang triển khai", "en": "in progress"},
    "planned": {"vi": "kế hoạch", "en": "planned"},
    "retired": {"vi": "đã dừng", "en": "retired"},
    "depends_on": {"vi": "phụ thuộc", "en": "depends on"},
    "serves": {"vi": "phục vụ", "en": "serves"},
    "data_flow": {"vi": "luồng dữ liệu", "en": "data flow"},
    "hosted_on": {"vi": "vận hành trên", "en": "hosted on"},
    "integrates_via": {"vi": "tích hợp qua", "en": "integrates via"},
    "delivers": {"vi": "bàn giao", "en": "delivers"},
    "declared": {"vi": "khai báo", "en": "declared"},
    "aggregate": {"vi": "quan hệ (gộp)", "en": "relations (grouped)"},
}


def text(key: str, lang: str, **values: object) -> str:
    """A fixed text in ``lang`` (Vietnamese when there is no translation), with ``{name}`` values filled."""
    entry = TEXT[key]
    template = entry.get(lang) or entry["vi"]
    return template.format(**values) if values else template


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices``, else a ValueError that lists them."""
    if value not in choices:
        raise ValueError(f'"{value}" is not a valid {what} (choose from: {", ".join(choices)})')
    return value
