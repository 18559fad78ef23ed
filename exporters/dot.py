"""Graphviz DOT text of a view: clusters for groups, HTML labels escaped and wrapped, a legend, no layout stored.

Bands of the layered view are stacked with invisible edges and ``rank=same`` rows, and the relations
between components are drawn with ``constraint=false`` and ``class="relation"`` so that they never move
the bands: ``exporters.render`` lays the nodes out without them and draws them afterwards as straight
lines under the nodes, so the cost grows with the number of nodes, not with the tangle of dependencies,
and the bands stay as narrow as their contents. Plain ``dot`` also renders the text, routing every edge.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Sequence

from exporters import Diagram
from exporters.style import (
    CLUSTER_FILLS,
    DOT_TUNING,
    EDGE_STYLES,
    EMPHASIS,
    FONT,
    GAP_COLOURS,
    LINE_SAMPLES,
    NODE_STYLES,
    STATUS_STYLES,
    WRAP,
    text,
)
from exporters.views import UNDATED, Cell, Edge, GraphView, GridView, Group, Node, Table, View

LEGEND = "legend"
RELATION_CLASS = "relation"
"""Class of the edges that must not move the layout: ``render`` places the nodes without them, then adds them."""
BAND_WIDTH = 6
"""Components per row of a layer band; wider bands wrap onto more rows."""
SIDE_WIDTH = 2


def quote(value: str) -> str:
    """A DOT double-quoted string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def html(value: str) -> str:
    """Text escaped for a Graphviz HTML-like label."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def wrap(value: str, width: int = WRAP) -> str:
    """Escaped text wrapped into lines of about ``width`` characters, joined with ``<BR/>``."""
    lines = textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=False) or [""]
    return "<BR/>".join(html(line) for line in lines)


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    out = []
    for key, value in pairs:
        out.append(f"{key}={value}" if value.startswith("<") else f"{key}={quote(value)}")
    return "[" + ", ".join(out) + "]"


def _node_label(node: Node) -> str:
    label = f"<{wrap(node.label)}"
    if node.detail:
        label += f'<BR/><FONT POINT-SIZE="8" COLOR="#555555">{wrap(node.detail, WRAP + 8)}</FONT>'
    return label + ">"


def _node(node: Node, indent: str) -> str:
    style = NODE_STYLES[node.kind]
    status = STATUS_STYLES.get(node.status or "")
    styles = ["filled"]
    if style.shape == "box":
        styles.append("rounded")
    if status and status.border != "solid":
        styles.append(status.border)
    pairs = [
        ("id", node.id),
        ("label", _node_label(node)),
        ("shape", style.shape),
        ("fillcolor", "#DDDDDD" if node.status == "retired" else style.fill),
        ("style", ",".join(styles)),
        ("color", EMPHASIS if node.emphasis else status.pen if status else "#333333"),
        ("tooltip", " · ".join(x for x in (node.detail, node.kind, node.status or "") if x)),
    ]
    if node.emphasis:
        pairs.append(("penwidth", "2.5"))
    return f"{indent}{quote(node.id)} {_attrs(pairs)}"


def _edge(edge: Edge, lang: str, constraint: bool) -> str:
    style = EDGE_STYLES[edge.relation]
    pairs = [
        ("style", style.style),
        ("arrowhead", style.arrowhead),
        ("color", EMPHASIS if edge.emphasis else style.colour),
        ("tooltip", text(edge.relation, lang)),
    ]
    if edge.label:
        pairs.append(("label", f"<{wrap(edge.label, 20)}>"))
    if edge.emphasis:
        pairs.append(("penwidth", "2.5"))
    if not constraint:
        pairs.extend([("constraint", "false"), ("class", RELATION_CLASS)])
    return f"  {quote(edge.source)} -> {quote(edge.target)} {_attrs(pairs)}"


def _header(key: str, title: str, notes: Sequence[str], direction: str) -> list[str]:
    lines = [line for n in notes for line in textwrap.wrap(n, 110, break_on_hyphens=False)]
    label = f"<<B>{html(title)}</B>" + "".join(f'<BR ALIGN="LEFT"/>{html(line)}' for line in lines)
    label += '<BR ALIGN="LEFT"/>>' if notes else ">"
    graph = [
        ("rankdir", direction),
        ("newrank", "true"),
        ("fontname", FONT),
        ("fontsize", "14"),
        ("labelloc", "t"),
        ("labeljust", "l"),
        ("label", label),
        ("nodesep", "0.25"),
        ("ranksep", "0.4"),
        ("pad", "0.3"),
        *sorted(DOT_TUNING.items()),
    ]
    return [
        f"digraph {quote(key)} {{",
        f"  graph {_attrs(graph)}",
        f"  node {_attrs([('fontname', FONT), ('fontsize', '10'), ('margin', '0.12,0.05')])}",
        f"  edge {_attrs([('fontname', FONT), ('fontsize', '8'), ('arrowsize', '0.7')])}",
    ]


def _entries(nodes: Sequence[Node], edges: Sequence[Edge], lang: str) -> list[tuple[str, str]]:
    """(sample cell, text) of each kind, status and relation the view shows."""
    out = [
        (f'<TD BGCOLOR="{NODE_STYLES[k].fill}" WIDTH="24"> </TD>', text(k, lang))
        for k in NODE_STYLES
        if k in {n.kind for n in nodes} - {"placeholder"}
    ]
    for status in [s for s in STATUS_STYLES if s in {n.status for n in nodes}]:
        style = STATUS_STYLES[status]
        out.append((f'<TD><FONT COLOR="{style.pen}">{LINE_SAMPLES[style.border]}</FONT></TD>', text(status, lang)))
    for relation in [r for r in EDGE_STYLES if r in {e.relation for e in edges}]:
        edge = EDGE_STYLES[relation]
        out.append((f'<TD><FONT COLOR="{edge.colour}">{LINE_SAMPLES[edge.style]} ›</FONT></TD>', text(relation, lang)))
    if any(n.emphasis for n in nodes) or any(e.emphasis for e in edges):
        out.append((f'<TD><FONT COLOR="{EMPHASIS}">■</FONT></TD>', text("attention", lang)))
    return out


def _legend(entries: Sequence[tuple[str, str]], lang: str, tall: bool) -> list[str]:
    """The legend as one table node: a column beside a left-to-right view, a short wide block otherwise."""
    if not entries:
        return []
    per_column = len(entries) if tall else 4
    columns = [entries[i : i + per_column] for i in range(0, len(entries), per_column)]
    rows = []
    for r in range(min(per_column, len(entries))):
        cells = [
            f'{c[r][0]}<TD ALIGN="LEFT">{html(c[r][1])}</TD>' if r < len(c) else "<TD></TD><TD></TD>" for c in columns
        ]
        rows.append("<TR>" + "".join(cells) + "</TR>")
    title = f'<TR><TD COLSPAN="{2 * len(columns)}" ALIGN="LEFT"><B>{html(text("legend", lang))}</B></TD></TR>'
    table = '<<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" STYLE="ROUNDED">'
    table += title + "".join(rows) + "</TABLE>>"
    return [f"  {quote(LEGEND)} {_attrs([('shape', 'plain'), ('label', table)])}"]


def _cluster(group: Group, body: list[str]) -> list[str]:
    attrs = [
        ("label", f"<<B>{wrap(group.label, 60)}</B>>"),
        ("style", "rounded,filled"),
        ("fillcolor", CLUSTER_FILLS.get(group.kind, "#FAFAFA")),
        ("color", "#B0B8C8"),
        ("fontsize", "11"),
    ]
    return [f"  subgraph {quote('cluster_' + group.id)} {{", f"    graph {_attrs(attrs)}", *body, "  }"]


def _rows(ids: Sequence[str], width: int) -> list[list[str]]:
    return [list(ids[i : i + width]) for i in range(0, len(ids), width)]


def _layered(view: GraphView) -> list[str]:
    """Bands stacked top-down in the framework's order; cross-cutting systems in a column beside them."""
    members: dict[str, list[Node]] = {g.id: [] for g in view.groups}
    for n in view.nodes:
        members.setdefault(n.group or "", []).append(n)
    out: list[str] = []
    chains: dict[str, list[list[str]]] = {"main": [], "side": []}
    for group in view.groups:
        nodes = sorted(members[group.id], key=lambda n: (n.kind, n.id))
        if not nodes:
            nodes = [Node(f"empty:{group.id}", text("empty", view.lang), "placeholder", group=group.id)]
        side = group.kind == "side"
        rows = _rows([n.id for n in nodes], SIDE_WIDTH if side else BAND_WIDTH)
        chains["side" if side else "main"].extend(rows)
        body = [_node(n, "    ") for n in nodes]
        body.extend("    {rank=same; " + "; ".join(quote(i) for i in row) + "}" for row in rows if len(row) > 1)
        out.extend(_cluster(group, body))
    invisible = _attrs([("style", "invis"), ("weight", "10")])
    for rows in chains.values():
        out.extend(f"  {quote(a[0])} -> {quote(b[0])} {invisible}" for a, b in itertools.pairwise(rows))
    if chains["main"]:  # the legend below the last band
        out.append(f"  {quote(chains['main'][-1][0])} -> {quote(LEGEND)} {_attrs([('style', 'invis')])}")
    if chains["main"] and chains["side"]:
        first_main, first_side = chains["main"][0], chains["side"][0]
        out.append(f"  {{rank=same; {quote(first_main[0])}; {quote(first_side[0])}}}")
        out.append(f"  {quote(first_main[-1])} -> {quote(first_side[0])} {_attrs([('style', 'invis')])}")
    out.extend(_edge(e, view.lang, constraint=False) for e in view.edges)
    return out


def _grouped(view: GraphView, constraint: bool) -> list[str]:
    members: dict[str, list[Node]] = {}
    for n in view.nodes:
        members.setdefault(n.group or "", []).append(n)
    out: list[str] = []
    for group in view.groups:
        out.extend(_cluster(group, [_node(n, "    ") for n in sorted(members.pop(group.id, []), key=lambda n: n.id)]))
    for gid in sorted(members):
        out.extend(_node(n, "  ") for n in sorted(members[gid], key=lambda n: n.id))
    out.extend(_edge(e, view.lang, constraint) for e in view.edges)
    return out


def _timeline(view: GraphView) -> list[str]:
    """Years as a row of columns; each project pinned to the column of its start year."""
    out = _grouped(view, constraint=False)
    axis = [f"axis:{year}" for year in view.axis]
    for year, node in zip(view.axis, axis, strict=True):
        label = text(UNDATED, view.lang) if year == UNDATED else year
        out.append(f"  {quote(node)} {_attrs([('shape', 'plaintext'), ('label', f'<<B>{html(label)}</B>>')])}")
    out.extend(
        f"  {quote(a)} -> {quote(b)} {_attrs([('color', '#999999'), ('arrowhead', 'none')])}"
        for a, b in itertools.pairwise(axis)
    )
    for year, node in zip(view.axis, axis, strict=True):
        pinned = sorted(n.id for n in view.nodes if n.rank == year)
        if pinned:
            out.append("  {rank=same; " + "; ".join(quote(i) for i in [node, *pinned]) + "}")
    return out


def _cell(cell: Cell, columns: int = 1, first: bool = False) -> str:
    attrs = []
    if cell.status:
        attrs.append(f'BGCOLOR="{GAP_COLOURS[cell.status]}"')
    elif cell.header:
        attrs.append('BGCOLOR="#ECEFF4"')
    if cell.rowspan > 1:
        attrs.append(f'ROWSPAN="{cell.rowspan}"')
    if columns > 1:
        attrs.append(f'COLSPAN="{columns}"')
    attrs.append('ALIGN="LEFT" BALIGN="LEFT"' if cell.header or first else 'ALIGN="CENTER"')
    body = wrap(cell.text, 22)
    if cell.header:
        body = f"<B>{body}</B>"
    if cell.detail:
        body += f'<BR/><FONT POINT-SIZE="8">{wrap(cell.detail, 28)}</FONT>'
    return f"<TD {' '.join(attrs)}>{body}</TD>"


def _table(table: Table) -> str:
    width = max((len(r) for r in table.rows), default=1)
    rows = [f'<TR><TD COLSPAN="{width}" BORDER="0"><B>{html(table.title)}</B></TD></TR>']
    for row in table.rows:
        cells = [_cell(c, first=i == 0) for i, c in enumerate(row)]
        if len(row) == 1 and width > 1:
            cells = [_cell(row[0], width, first=True)]
        rows.append("<TR>" + "".join(cells) + "</TR>")
    return '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">' + "".join(rows) + "</TABLE>>"


def _grid(view: GridView) -> list[str]:
    out = _header(view.key, view.title, view.notes, "TB")
    names = [f"table:{t.id}" for t in view.tables]
    for table, name in zip(view.tables, names, strict=True):
        out.append(f"  {quote(name)} {_attrs([('shape', 'plain'), ('label', _table(table))])}")
    if len(names) > 1:
        out.append("  {rank=same; " + "; ".join(quote(n) for n in names) + "}")
    statuses = [s for s in GAP_COLOURS if s in {c.status for t in view.tables for r in t.rows for c in r}]
    entries = [(f'<TD BGCOLOR="{GAP_COLOURS[s]}" WIDTH="24"> </TD>', text(s, view.lang)) for s in statuses]
    out.extend(_legend(entries, view.lang, tall=True))
    return [*out, "}"]


def to_dot(view: View) -> Diagram:
    """The DOT text of a view."""
    if isinstance(view, GridView):
        return Diagram(view.key, "\n".join(_grid(view)) + "\n", "dot")
    lines = _header(view.key, view.title, view.notes, view.direction)
    if view.layout == "layered":
        lines.extend(_layered(view))
    elif view.layout == "timeline":
        lines.extend(_timeline(view))
    else:
        lines.extend(_grouped(view, constraint=True))
    lines.extend(_legend(_entries(view.nodes, view.edges, view.lang), view.lang, tall=view.direction in ("LR", "RL")))
    lines.append("}")
    return Diagram(view.key, "\n".join(lines) + "\n", "dot")
