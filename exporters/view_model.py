"""What every view is made of: the view models (nodes, edges, groups; grids of cells), their options, and the
helpers the views share (nodes of components, collapsing a large view, grouping its edges, the hubs).

A view is plain frozen data. ``dot.py`` and ``mermaid.py`` turn it into text; nothing here draws, and
no layout is stored: groups, order and ranks are recomputed from the model each time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from exporters.style import DEFAULT_MAX_NODES, text
from ictarch.errors import ExportError
from ictarch.graph import ArchGraph, NodeKind, Relation
from ictarch.i18n import msg
from ictarch.models.province import Component
from ictarch.models.reference import FrameworkKind, Layer, ReferenceComponent
from ictarch.money import format_vnd

VIEW_KEYS = ("layered", "gap-map", "impact", "roadmap", "egov", "national")
PROVINCE_RELATIONS = (
    Relation.DEPENDS_ON,
    Relation.SERVES,
    Relation.DATA_FLOW,
    Relation.HOSTED_ON,
    Relation.INTEGRATES_VIA,
)
HUB_CAPABILITIES = ("cap.integration_platform", "cap.public_service_portal")
"""Capability classes of the e-government hubs: the integration platform (LGSP) and the public-service portal."""

UNPLACED = "unplaced"
NATIONAL = "national"
HUBS = "hubs"
OTHER = "other"
UNDATED = "undated"
CROSS_CUTTING = "cross-cutting"
"""The column of cross-cutting systems beside the bands, one end of grouped edges."""


# --------------------------------------------------------------------------- view models


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """A key of ``style.NODE_STYLES``."""
    status: str | None = None
    group: str | None = None
    detail: str = ""
    """A second, smaller line: the id, years, counts."""
    rank: str | None = None
    """Timeline column (a year) of a roadmap; hops from the focus of an impact view (upstream negative)."""
    emphasis: bool = False
    span: tuple[int, int] | None = None
    """First and last year of a roadmap item."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str
    """A key of ``style.EDGE_STYLES``."""
    label: str = ""
    emphasis: bool = False
    count: int = 1
    """How many relationships the edge stands for (more than one when grouped)."""
    detail: str = ""
    """Of a grouped edge: the relationship types and their counts."""
    both: bool = False
    """Of a grouped edge: relationships run both ways."""


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    kind: str
    """``layer`` (stacked band), ``side`` (cross-cutting, beside the bands), or a cluster kind."""
    detail: str = ""
    """A second, smaller line under the label: the relationships inside a group whose edges are grouped."""


@dataclass(frozen=True)
class GraphView:
    """Nodes and edges in ordered groups. ``layout`` is ``layered``, ``columns`` (by rank) or ``timeline``."""

    key: str
    title: str
    layout: str
    direction: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    groups: tuple[Group, ...] = ()
    notes: tuple[str, ...] = ()
    axis: tuple[str, ...] = ()
    lang: str = "vi"


@dataclass(frozen=True)
class Cell:
    text: str
    status: str | None = None
    """A key of ``style.GAP_COLOURS``; None for plain cells."""
    detail: str = ""
    header: bool = False
    rowspan: int = 1


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class GridView:
    """Tables of coloured cells, drawn side by side."""

    key: str
    title: str
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()
    lang: str = "vi"


View = GraphView | GridView


@dataclass(frozen=True)
class ViewOptions:
    lang: str = "vi"
    max_nodes: int = DEFAULT_MAX_NODES
    focus: str | None = None
    """The component of the impact view (a selector that names one component)."""
    depth: int | None = 2
    """Hops upstream and downstream in the impact view; None for no bound."""
    tile_columns: int = 5
    """Reference-component tiles per row of the gap map."""
    edges: str = "auto"
    """``grouped``: one edge per pair of groups, with counts; ``all``: every relationship; ``auto``: grouped
    when the layered or e-government view shows a whole province, every relationship when it is focused."""


# --------------------------------------------------------------------------- shared helpers


def label_of(obj: object, lang: str) -> str:
    name = getattr(obj, "name", None)
    return name.text(lang) if name is not None else ""


def provinces_of(graph: ArchGraph, nodes: Iterable[str]) -> list[str]:
    return sorted({p for n in nodes if (p := graph.info(n).province)})


def one_province(graph: ArchGraph, selected: Sequence[str], view: str) -> str:
    codes = provinces_of(graph, selected)
    if not codes and len(graph.workspace.provinces) == 1:
        return graph.workspace.provinces[0].code  # a model with nothing selected yet: draw its empty layers
    if len(codes) != 1:
        found = tuple(codes) or (msg("value.none"),)
        raise ExportError(msg("export.one-province", view=view, n=len(codes), found=found))
    return codes[0]


def ict_layers(graph: ArchGraph, code: str) -> list[Layer]:
    """The layers of the ICT reference frameworks a province declares, in the frameworks' order."""
    cat = graph.workspace.catalogue
    layers: list[Layer] = []
    for conf in graph.workspace.province(code).architecture.conforms_to:
        fw = cat.frameworks[conf.framework]
        if fw.kind == FrameworkKind.ICT_REFERENCE:
            layers.extend(sorted(fw.layers, key=lambda layer: layer.order))
    return layers


def layer_placement(graph: ArchGraph, code: str, layers: Sequence[Layer] | None = None) -> dict[str, str]:
    """Each component node of a province and its first reference layer, in the declared frameworks' order."""
    place: dict[str, str] = {}
    for layer in ict_layers(graph, code) if layers is None else layers:
        for member in graph.members(layer.id, code):
            place.setdefault(member, layer.id)
    return place


def component_node(graph: ArchGraph, node: str, lang: str, group: str | None, emphasis: bool = False) -> Node:
    comp: Component = graph.entity(node)
    return Node(node, comp.name.text(lang), comp.kind.value, comp.status.value, group, comp.id, emphasis=emphasis)


def reference_node(graph: ArchGraph, node: str, lang: str, group: str | None) -> Node:
    obj = graph.entity(node)
    national = isinstance(obj, ReferenceComponent) and obj.national_level
    return Node(
        node, label_of(obj, lang), "national" if national else "reference", None, group, graph.info(node).entity_id
    )


def is_component(graph: ArchGraph, node: str) -> bool:
    return graph.info(node).kind == NodeKind.COMPONENT


def province_name(graph: ArchGraph, code: str, lang: str) -> str:
    return graph.workspace.province(code).architecture.province.name.text(lang)


def vnd(amount: int, lang: str) -> str:
    return format_vnd(amount, lang)


def collapse(view: GraphView, by: str, count: int, limit: int, unit: str = "components") -> GraphView:
    """One summary node per group, with its count and statuses; edges between groups counted; a note says so."""
    lang = view.lang
    order = {g.id: i for i, g in enumerate(view.groups)}
    labels = {g.id: g.label for g in view.groups}
    members: dict[str, list[Node]] = {}
    for n in view.nodes:
        members.setdefault(n.group or OTHER, []).append(n)
    where: dict[str, str] = {}
    nodes: list[Node] = []
    for gid in sorted(members, key=lambda g: (order.get(g, len(order)), g)):
        group_nodes = members[gid]
        statuses = Counter(n.status for n in group_nodes if n.status)
        detail = f"{len(group_nodes)} {text(unit, lang)}"
        if statuses:
            detail += ": " + ", ".join(f"{statuses[s]} {text(s, lang)}" for s in sorted(statuses))
        ranks = sorted(n.rank for n in group_nodes if n.rank)
        years = [y for n in group_nodes if n.span for y in n.span]
        summary = Node(
            f"group:{gid}",
            labels.get(gid, text(OTHER, lang)),
            "summary",
            group=gid,
            detail=detail,
            rank=ranks[0] if ranks else None,
            emphasis=any(n.emphasis for n in group_nodes),
            span=(min(years), max(years)) if years else None,
        )
        nodes.append(summary)
        where.update((n.id, summary.id) for n in group_nodes)
    counts: Counter[tuple[str, str]] = Counter()
    for e in view.edges:  # an edge may stand for several (its count): see egov_view's declared edges
        pair = (where[e.source], where[e.target])
        if pair[0] != pair[1]:
            counts[pair] += e.count
    edges = tuple(Edge(s, t, "aggregate", str(c)) for (s, t), c in sorted(counts.items()))
    note = text("collapsed", lang, n=count, unit=text(unit, lang), limit=limit, by=text(f"by-{by}", lang))
    return replace(view, nodes=tuple(nodes), edges=edges, notes=(*view.notes, note))


def maybe_collapse(view: GraphView, count: int, opts: ViewOptions, by: str, unit: str = "components") -> GraphView:
    return collapse(view, by, count, opts.max_nodes, unit) if count > opts.max_nodes else view


def edges_among(graph: ArchGraph, keep: set[str], relations: Iterable[Relation]) -> list[Edge]:
    return [Edge(u, v, rel.value) for u, v, rel in graph.edges_from(keep, relations) if v in keep]


def group_edges(view: GraphView, hubs: Iterable[str] = (), merge: dict[str, str] | None = None) -> GraphView:
    """One edge per pair of groups (a hub counts as its own group), with the count and relationship types.

    ``merge`` maps groups to the enclosing group their edges are drawn to. The two directions between a
    pair are one edge (``both``). Relationships inside a group are counted in the group's ``detail``.
    An edge of a single relationship type keeps that type's style; a mixed one lists the types.
    """
    lang = view.lang
    hub_ids = set(hubs)
    merge = merge or {}
    order = {g.id: i for i, g in enumerate(view.groups)}
    order.update((n.id, len(order) + i) for i, n in enumerate(view.nodes) if n.id in hub_ids)

    def end(node: Node) -> str:
        gid = node.group or OTHER
        return node.id if node.id in hub_ids else merge.get(gid, gid)

    group_of = {n.id: end(n) for n in view.nodes}
    between: dict[tuple[str, str], Counter[str]] = {}
    directions: dict[tuple[str, str], set[bool]] = {}
    inside: Counter[str] = Counter()
    emphasised: set[tuple[str, str]] = set()
    for e in view.edges:
        a, b = group_of[e.source], group_of[e.target]
        if a == b:
            inside[a] += e.count
            continue
        forward = order.get(a, len(order)) <= order.get(b, len(order))
        pair = (a, b) if forward else (b, a)
        between.setdefault(pair, Counter())[e.relation] += e.count
        directions.setdefault(pair, set()).add(forward)
        if e.emphasis:
            emphasised.add(pair)
    edges = []
    for (a, b), kinds in sorted(between.items(), key=lambda item: (order.get(item[0][0], 0), order.get(item[0][1], 0))):
        total = sum(kinds.values())
        relation = next(iter(kinds)) if len(kinds) == 1 else "aggregate"
        detail = ", ".join(f"{kinds[k]} {text(k, lang)}" for k in sorted(kinds, key=lambda k: (-kinds[k], k)))
        source, target = (a, b) if True in directions[(a, b)] else (b, a)
        both = len(directions[(a, b)]) == 2
        edges.append(Edge(source, target, relation, str(total), (a, b) in emphasised, total, detail, both))
    groups = tuple(replace(g, detail=text("inside", lang, n=inside[g.id])) if inside[g.id] else g for g in view.groups)
    notes = view.notes
    relationships = sum(e.count for e in view.edges)
    if len(edges) < relationships:  # say so only where grouping hides something
        notes = (*notes, text("grouped-edges", lang, n=relationships, k=len(edges)))
    return replace(view, edges=tuple(edges), groups=groups, notes=notes)


def edges_grouped(opts: ViewOptions, whole: bool) -> bool:
    return opts.edges == "grouped" or (opts.edges == "auto" and whole)


Capabilities = dict[str, set[str]]
"""Each component's capabilities, through what it realises or links to (:func:`capabilities_of`)."""


def capabilities_of(graph: ArchGraph, comps: Iterable[str]) -> Capabilities:
    """What :func:`lgsp_nodes` and :func:`hub_nodes` ask of each component, read once for a view that asks both."""
    via = (Relation.REALIZES, Relation.LINKS_TO)
    return {c: graph.capability_of(c, via) for c in comps}


def _realising_lgsp(graph: ArchGraph, keep: set[str], capabilities: Capabilities | None) -> set[str]:
    caps = capabilities if capabilities is not None else capabilities_of(graph, keep)
    return {c for c in keep if "cap.integration_platform" in caps[c]}


def _integrated_via(graph: ArchGraph, keep: set[str]) -> list[str]:
    return [v for _u, v, _rel in graph.edges_from(keep, [Relation.INTEGRATES_VIA]) if v in keep]


def lgsp_nodes(graph: ArchGraph, comps: Iterable[str], capabilities: Capabilities | None = None) -> set[str]:
    """The integration platforms among ``comps``: what realises the LGSP capability or is integrated via."""
    keep = set(comps)
    return _realising_lgsp(graph, keep, capabilities) | set(_integrated_via(graph, keep))


MAX_HUBS = 3
"""At most this many integration platforms are drawn as hubs; a model with more groups the rest in their bands."""


def hub_nodes(graph: ArchGraph, comps: Iterable[str], capabilities: Capabilities | None = None) -> list[str]:
    """The integration platforms drawn as hubs: those realising the LGSP capability (else those integrated via),
    the most integrated-via first, at most MAX_HUBS."""
    keep = set(comps)
    platforms = _realising_lgsp(graph, keep, capabilities)
    users = Counter(_integrated_via(graph, keep))
    candidates = platforms or set(users)
    return sorted(candidates, key=lambda c: (-users[c], c))[:MAX_HUBS]
