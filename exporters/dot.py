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
GROUPED_CLASS = "grouped"
"""Class of a grouped edge: ``render`` lays the view out without it, then routes it around the bands."""
RELATION_CLASS = "relation"
"""Class of the edges that must not move the layout: ``render`` places the nodes without them, then adds them."""
BAND_WIDTH = 6
"""Components per row of a layer band; wider bands wrap onto more rows."""
SIDE_WIDTH = 2
COLUMN_HEIGHT = 10
"""Nodes per column of a view laid out in columns (impact); a longer column wraps into the next."""


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


Ends = dict[str, list[str]]
"""Group id → its nodes, the one to stand for the cluster at the end of a grouped edge first."""


def _end(key: str, other: str, ends: Ends) -> str:
    """The node at the ``key`` end of a grouped edge: the group's representative, never the other end itself."""
    if key not in ends:
        return key
    return next((n for n in ends[key] if n != other), ends[key][0])


def _grouped_edge(edge: Edge, ends: Ends) -> str:
    """An edge for several relationships, thicker the more it stands for, between two clusters (or a hub).

    Marked ``class="grouped"`` with its ends in ``tailgroup`` and ``headgroup``: ``exporters.render`` lays the
    view out without it and routes it around the bands (``exporters.gutter``). Plain ``dot`` draws it between
    a node of each group, its label outside the layout (``xlabel``) so that it cannot move the bands.
    """
    style = EDGE_STYLES[edge.relation]
    label = f"<B>{edge.count}</B>"
    if edge.relation == "aggregate":
        label += f'<BR/><FONT POINT-SIZE="7">{wrap(edge.detail, 40)}</FONT>'
    pairs = [
        ("style", "bold" if style.style == "solid" else style.style),
        ("arrowhead", style.arrowhead),
        ("color", EMPHASIS if edge.emphasis else style.colour),
        ("penwidth", f"{min(1.0 + edge.count / 4, 5.0):.1f}"),
        ("tooltip", f"{edge.count}: {edge.detail}"),
        ("xlabel", f"<{label}>"),
        ("fontcolor", EMPHASIS if edge.emphasis else style.colour),
        ("constraint", "false"),
        ("class", GROUPED_CLASS),
        ("tailgroup", "cluster_" + edge.source if edge.source in ends else edge.source),
        ("headgroup", "cluster_" + edge.target if edge.target in ends else edge.target),
    ]
    if edge.both:
        pairs.extend([("dir", "both"), ("arrowtail", style.arrowhead)])
    source = _end(edge.source, edge.target, ends)
    target = _end(edge.target, edge.source, ends)
    return f"  {quote(source)} -> {quote(target)} {_attrs(pairs)}"


def _edge(edge: Edge, lang: str, constraint: bool, ends: Ends | None = None) -> str:
    if edge.detail:
        return _grouped_edge(edge, ends or {})
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


def _header(key: str, title: str, direction: str) -> list[str]:
    """The graph's attributes; the title alone is the graph's label (notes go to the caption)."""
    graph = [
        ("rankdir", direction),
        ("newrank", "true"),
        ("fontname", FONT),
        ("fontsize", "14"),
        ("labelloc", "t"),
        ("labeljust", "l"),
        ("label", f"<<B>{wrap(title, 90)}</B>>"),
        ("nodesep", "0.25"),
        ("ranksep", "0.4"),
        ("compound", "true"),
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


def _caption(note: str, width: int) -> str:
    head, colon, items = note.partition(": ")
    if not colon or "; " not in items:
        return wrap(note, width)
    return "<BR/>".join([wrap(head + ":", width), *(wrap("• " + item, width) for item in items.split("; "))])


def _legend(entries: Sequence[tuple[str, str]], lang: str, tall: bool, notes: Sequence[str] = ()) -> list[str]:
    """The legend as one table node: a column beside a left-to-right view, a short wide block otherwise.

    The view's notes are its caption, in the same node under the entries: below the picture, not in the title.
    """
    if not entries and not notes:
        return []
    per_column = max(len(entries), 1) if tall else 4
    columns = [entries[i : i + per_column] for i in range(0, len(entries), per_column)]
    rows = []
    for r in range(min(per_column, len(entries))):
        cells = [
            f'{c[r][0]}<TD ALIGN="LEFT">{html(c[r][1])}</TD>' if r < len(c) else "<TD></TD><TD></TD>" for c in columns
        ]
        rows.append("<TR>" + "".join(cells) + "</TR>")
    span = 2 * max(len(columns), 1)
    title = f'<TR><TD COLSPAN="{span}" ALIGN="LEFT"><B>{html(text("legend", lang))}</B></TD></TR>' if entries else ""
    width = 48 if tall else max(26 * len(columns), 60)
    caption = [  # a list after a colon, one item a line: "late: a → b; c → d"
        f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT">{_caption(note, width)}</TD></TR>' for note in notes
    ]
    table = '<<TABLE BORDER="1" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" STYLE="ROUNDED">'
    table += title + "".join(rows) + "".join(caption) + "</TABLE>>"
    return [f"  {quote(LEGEND)} {_attrs([('shape', 'plain'), ('label', table)])}"]


def _cluster(group: Group, body: list[str]) -> list[str]:
    label = f"<B>{wrap(group.label, 60)}</B>"
    if group.detail:
        label += f'<BR/><FONT POINT-SIZE="8" COLOR="#555555">{html(group.detail)}</FONT>'
    attrs = [
        ("label", f"<{label}>"),
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
    ends: Ends = {}
    column = next((g for g in view.groups if g.kind == "column"), None)
    side_body: list[str] = []
    group_ids = {g.id for g in view.groups}
    hubs = {end for e in view.edges if e.detail for end in (e.source, e.target) if end not in group_ids}
    for group in view.groups:
        if group is column:
            continue
        nodes = sorted(members[group.id], key=lambda n: (n.id not in hubs, n.kind, n.id))  # a hub first, at the edge
        if not nodes:
            nodes = [Node(f"empty:{group.id}", text("empty", view.lang), "placeholder", group=group.id)]
        side = group.kind == "side"
        ids = [n.id for n in nodes]
        if len(ids) > 1 and ids[0] in hubs:  # a hub on a row of its own, at the left where the gutter meets it
            rows = [[ids[0]], *_rows(ids[1:], SIDE_WIDTH if side else BAND_WIDTH)]
        else:
            rows = _rows(ids, SIDE_WIDTH if side else BAND_WIDTH)
        middle = rows[len(rows) // 2]
        representative = middle[len(middle) // 2]
        ends[group.id] = [representative, *(i for row in rows for i in row if i != representative)]
        chains["side" if side else "main"].extend(rows)
        body = [_node(n, "    ") for n in nodes]
        body.extend("    {rank=same; " + "; ".join(quote(i) for i in row) + "}" for row in rows if len(row) > 1)
        (side_body if side and column else out).extend(_cluster(group, body))
    if column is not None and chains["side"]:  # the cross-cutting clusters inside one, the end of grouped edges
        out.extend(_cluster(column, side_body))
        middle = chains["side"][len(chains["side"]) // 2]
        ends[column.id] = [middle[0], *(i for row in chains["side"] for i in row if i != middle[0])]
    invisible = _attrs([("style", "invis"), ("weight", "10")])
    for rows in chains.values():
        out.extend(f"  {quote(a[0])} -> {quote(b[0])} {invisible}" for a, b in itertools.pairwise(rows))
    if chains["main"] and (view.notes or _entries(view.nodes, view.edges, view.lang)):  # legend below the bands
        out.append(f"  {quote(chains['main'][-1][0])} -> {quote(LEGEND)} {_attrs([('style', 'invis')])}")
    if chains["main"] and chains["side"]:
        first_main, first_side = chains["main"][0], chains["side"][0]
        out.append(f"  {{rank=same; {quote(first_main[0])}; {quote(first_side[0])}}}")
        out.append(f"  {quote(first_main[-1])} -> {quote(first_side[0])} {_attrs([('style', 'invis')])}")
    out.extend(_edge(e, view.lang, constraint=False, ends=ends) for e in view.edges)
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


def _hops(node: Node) -> float:
    try:
        return float(node.rank or "")
    except ValueError:
        return float("inf")


def _columns(view: GraphView) -> list[str]:
    """Each group a run of columns, one per rank (hops from the focus), wrapped every COLUMN_HEIGHT nodes."""
    members: dict[str, list[Node]] = {}
    for n in view.nodes:
        members.setdefault(n.group or "", []).append(n)
    out: list[str] = []
    firsts: list[str] = []
    for group in view.groups:
        nodes = sorted(members.pop(group.id, []), key=lambda n: (_hops(n), n.kind, n.id))
        columns: list[list[str]] = []
        for _rank, same in itertools.groupby(nodes, key=_hops):
            columns.extend(_rows([n.id for n in same], COLUMN_HEIGHT))
        body = [_node(n, "    ") for n in nodes]
        body.extend("    {rank=same; " + "; ".join(quote(i) for i in c) + "}" for c in columns if len(c) > 1)
        out.extend(_cluster(group, body))
        firsts.extend(c[0] for c in columns)
    for gid in sorted(members):
        out.extend(_node(n, "  ") for n in sorted(members[gid], key=lambda n: n.id))
    invisible = _attrs([("style", "invis"), ("weight", "10")])
    out.extend(f"  {quote(a)} -> {quote(b)} {invisible}" for a, b in itertools.pairwise(firsts))
    if firsts and (view.notes or _entries(view.nodes, view.edges, view.lang)):  # the legend after the last column
        out.append(f"  {quote(firsts[-1])} -> {quote(LEGEND)} {_attrs([('style', 'invis')])}")
    out.extend(_edge(e, view.lang, constraint=False) for e in view.edges)
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
    out = _header(view.key, view.title, "TB")
    names = [f"table:{t.id}" for t in view.tables]
    for table, name in zip(view.tables, names, strict=True):
        out.append(f"  {quote(name)} {_attrs([('shape', 'plain'), ('label', _table(table))])}")
    if len(names) > 1:
        out.append("  {rank=same; " + "; ".join(quote(n) for n in names) + "}")
    statuses = [s for s in GAP_COLOURS if s in {c.status for t in view.tables for r in t.rows for c in r}]
    entries = [(f'<TD BGCOLOR="{GAP_COLOURS[s]}" WIDTH="24"> </TD>', text(s, view.lang)) for s in statuses]
    out.extend(_legend(entries, view.lang, tall=True, notes=view.notes))
    return [*out, "}"]


def to_dot(view: View) -> Diagram:
    """The DOT text of a view."""
    if isinstance(view, GridView):
        return Diagram(view.key, "\n".join(_grid(view)) + "\n", "dot")
    lines = _header(view.key, view.title, view.direction)
    if view.layout == "layered":
        lines.extend(_layered(view))
    elif view.layout == "timeline":
        lines.extend(_timeline(view))
    elif view.layout == "columns":
        lines.extend(_columns(view))
    else:
        lines.extend(_grouped(view, constraint=True))
    entries = _entries(view.nodes, view.edges, view.lang)
    lines.extend(_legend(entries, view.lang, tall=view.direction in ("LR", "RL"), notes=view.notes))
    lines.append("}")
    return Diagram(view.key, "\n".join(lines) + "\n", "dot")
