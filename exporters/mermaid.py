"""Mermaid text of a view: a flowchart for graphs and grids, a gantt chart for the roadmap."""

from __future__ import annotations

import itertools
import json
import re
import textwrap
from collections.abc import Iterable

from exporters import Diagram
from exporters.style import EDGE_STYLES, EMPHASIS, GAP_COLOURS, NODE_STYLES, STATUS_STYLES, WRAP, text
from exporters.views import GraphView, GridView, Group, Node, View

_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;"}
_GANTT_WORDS = frozenset(
    {
        "accdescr", "acctitle", "axisformat", "click", "dateformat", "excludes", "includes", "inclusiveenddates",
        "section", "tickinterval", "title", "todaymarker", "topaxis", "weekday", "weekend",
    }
)  # fmt: skip
"""Words that start a gantt statement; a task name that begins with one is prefixed."""


def escape(value: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes, markup and ``#`` as entity codes."""
    return "".join(_ENTITIES.get(ch, ch) for ch in value.replace("\r", " ").replace("\n", " "))


def _wrapped(value: str, width: int = WRAP) -> str:
    lines = textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=False) or [""]
    return "<br/>".join(escape(line) for line in lines)


class _Ids:
    """Mermaid-safe ids (letters, digits, '_'), unique and stable for the same input."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.known: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, key: str) -> str:
        if key not in self.known:
            base = self.prefix + re.sub(r"[^A-Za-z0-9_]", "_", key)
            candidate, n = base, 2
            while candidate in self.used:
                candidate, n = f"{base}_{n}", n + 1
            self.used.add(candidate)
            self.known[key] = candidate
        return self.known[key]


def _front(title: str, kind: str, notes: Iterable[str]) -> list[str]:
    """Front matter with the title, the diagram type, and the view's notes as comments."""
    return [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "---",
        kind,
        *(f"  %% {escape(n)}" for n in notes),
    ]


def _class_defs(view: GraphView) -> list[str]:
    out = []
    for kind in [k for k in NODE_STYLES if k in {n.kind for n in view.nodes}]:
        out.append(f"  classDef k_{kind.replace('-', '_')} fill:{NODE_STYLES[kind].fill},stroke:#333333,color:#000000")
    for status in [s for s in STATUS_STYLES if s in {n.status for n in view.nodes}]:
        style = STATUS_STYLES[status]
        dash = f",stroke-dasharray:{style.dasharray}" if style.dasharray else ""
        out.append(f"  classDef s_{status.replace('-', '_')} stroke:{style.pen}{dash}")
    if any(n.emphasis for n in view.nodes):
        out.append(f"  classDef emphasis stroke:{EMPHASIS},stroke-width:3px")
    return out


def _node(node: Node, ids: _Ids) -> str:
    label = _wrapped(node.label)
    if node.detail:
        label += f"<br/><small>{escape(node.detail)}</small>"
    return f"{ids(node.id)}{NODE_STYLES[node.kind].mermaid.format(label)}"


_BOTH = {"-->": "<-->", "-.->": "<-.->", "==>": "<==>", "--o": "o--o"}
"""Arrows both ways, for a grouped edge whose relationships run in both directions."""


ROW = 6
"""Nodes per row of a band: a wide band wraps into a grid, so that the chart reads at page width."""


def _subgraph(group: Group, body: list[str], groups: _Ids, indent: str = "  ") -> list[str]:
    label = _wrapped(group.label, 60)
    if group.detail:
        label += f"<br/><small>{escape(group.detail)}</small>"
    return [f'{indent}subgraph {groups(group.id)}["{label}"]', *body, f"{indent}end"]


def _grid_links(ids: list[str], indent: str) -> list[str]:
    """Invisible links from each node to the one below it: rows of ROW nodes, stacked."""
    return [f"{indent}{ids[i]} ~~~ {ids[i + ROW]}" for i in range(len(ids) - ROW)]


def _flowchart(view: GraphView) -> list[str]:
    ids = _Ids("n_")
    groups = _Ids("g_")
    lines = [*_front(view.title, f"flowchart {view.direction}", view.notes), *_class_defs(view)]
    members: dict[str, list[Node]] = {}
    for n in view.nodes:
        members.setdefault(n.group or "", []).append(n)
    layered = view.layout == "layered"
    column = next((g for g in view.groups if g.kind == "column"), None)
    firsts: list[str] = []
    side: list[str] = []
    invisible = 0
    for group in view.groups:
        nodes = sorted(members.pop(group.id, []), key=lambda n: (n.kind, n.id))
        if not nodes:
            continue
        nested = column is not None and group.kind == "side"
        indent = "    " if nested else "  "
        body = [f"{indent}  {_node(n, ids)}" for n in nodes]
        if layered:
            grid = _grid_links([ids(n.id) for n in nodes], indent + "  ")
            body.extend(grid)
            invisible += len(grid)
        (side if nested else lines).extend(_subgraph(group, body, groups, indent))
        if not nested:
            firsts.append(ids(nodes[0].id))
    if column is not None and side:
        lines.extend(_subgraph(column, side, groups))
    for gid in sorted(members):
        lines.extend(f"  {_node(n, ids)}" for n in sorted(members[gid], key=lambda n: n.id))
    if layered:  # keep the bands in the framework's order
        lines.extend(f"  {a} ~~~ {b}" for a, b in itertools.pairwise(firsts))
    group_ids = {g.id for g in view.groups}

    def end(key: str) -> str:
        return groups(key) if key in group_ids else ids(key)

    emphasised = []
    links = invisible + (len(firsts) - 1 if layered and firsts else 0)
    for edge in view.edges:
        arrow = EDGE_STYLES[edge.relation].mermaid
        if edge.both:
            arrow = _BOTH.get(arrow, arrow)
        text_ = f"{edge.label}: {edge.detail}" if edge.detail and edge.relation == "aggregate" else edge.label
        label = f'|"{_wrapped(text_, 24)}"|' if text_ else ""
        lines.append(f"  {end(edge.source)} {arrow}{label} {end(edge.target)}")
        if edge.emphasis:
            emphasised.append(str(links))
        links += 1
    by_class: dict[str, list[str]] = {}
    for n in view.nodes:
        by_class.setdefault(f"k_{n.kind.replace('-', '_')}", []).append(ids(n.id))
        if n.status:
            by_class.setdefault(f"s_{n.status.replace('-', '_')}", []).append(ids(n.id))
        if n.emphasis:
            by_class.setdefault("emphasis", []).append(ids(n.id))
    lines.extend(f"  class {','.join(members_)} {name}" for name, members_ in sorted(by_class.items()))
    if emphasised:
        lines.append(f"  linkStyle {','.join(emphasised)} stroke:{EMPHASIS},stroke-width:3px")
    return lines


def _task_name(value: str) -> str:
    """A gantt task name: no ':' (the field separator), ';' or '#' (comment markers), on one line."""
    name = value.replace(":", "꞉").replace(";", ",").replace("#", "№").replace("\n", " ").strip() or "-"
    return f"‣ {name}" if name.split()[0].lower() in _GANTT_WORDS else name


def _gantt(view: GraphView) -> list[str]:
    ids = _Ids("t_")
    lines = [*_front(view.title, "gantt", view.notes), "  dateFormat YYYY", "  axisFormat %Y"]
    labels = {g.id: g.label for g in view.groups}
    members: dict[str, list[Node]] = {}
    for n in view.nodes:
        members.setdefault(n.group or "", []).append(n)
    undated: list[Node] = []
    for gid in [g.id for g in view.groups if g.id in members] + sorted(set(members) - set(labels)):
        dated = sorted((n for n in members[gid] if n.span), key=lambda n: (n.span, n.id))
        undated.extend(n for n in members[gid] if not n.span)
        if not dated:
            continue
        lines.append(f"  section {_task_name(labels.get(gid, gid))}")
        for n in dated:
            assert n.span is not None
            tags = ["crit", ids(n.id)] if n.emphasis else [ids(n.id)]
            lines.append(f"    {_task_name(n.label)} :{', '.join(tags)}, {n.span[0]}, {n.span[1] + 1}")
    for n in sorted(undated, key=lambda n: n.id):
        lines.append(f"  %% {text('undated', view.lang)}: {escape(n.label)} ({n.id})")
    for edge in view.edges:
        lines.append(f"  %% {edge.source} {text('depends_on', view.lang)} {edge.target}")
    return lines


def _grid(view: GridView) -> list[str]:
    lines = _front(view.title, "flowchart TB", view.notes)
    lines.extend(
        f"  classDef {s.replace('-', '_')} fill:{c},stroke:#555555,color:#000000" for s, c in GAP_COLOURS.items()
    )
    lines.append("  classDef header fill:#ECEFF4,stroke:#555555,color:#000000,font-weight:bold")
    classes: dict[str, list[str]] = {}
    for t, table in enumerate(view.tables):
        lines.append(f'  subgraph tab{t}["{escape(table.title)}"]')
        lines.append("    direction TB")
        previous = ""
        for r, row in enumerate(table.rows):
            lines.append(f'    subgraph tab{t}_r{r}[" "]')
            lines.append("      direction LR")
            for c, cell in enumerate(row):
                node = f"tab{t}_r{r}_c{c}"
                label = _wrapped(cell.text, 22) + (f"<br/><small>{escape(cell.detail)}</small>" if cell.detail else "")
                lines.append(f'      {node}["{label}"]')
                klass = cell.status.replace("-", "_") if cell.status else "header" if cell.header else ""
                if klass:
                    classes.setdefault(klass, []).append(node)
            lines.append("    end")
            if previous:
                lines.append(f"    {previous} ~~~ tab{t}_r{r}")
            previous = f"tab{t}_r{r}"
        lines.append("  end")
    lines.extend(f"  class {','.join(nodes)} {name}" for name, nodes in sorted(classes.items()))
    return lines


def to_mermaid(view: View) -> Diagram:
    """The Mermaid text of a view: a gantt chart for the roadmap, a flowchart otherwise."""
    if isinstance(view, GridView):
        lines = _grid(view)
    elif view.layout == "timeline":
        lines = _gantt(view)
    else:
        lines = _flowchart(view)
    return Diagram(view.key, "\n".join(lines) + "\n", "mmd")
