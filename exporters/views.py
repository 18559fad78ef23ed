"""View models computed from the graph: what a diagram shows, grouped how, and what it notes.

A view is plain frozen data. ``dot.py`` and ``mermaid.py`` turn it into text; nothing here draws, and
no layout is stored: groups, order and ranks are recomputed from the model each time. Every view
starts from a selection (``ictarch.analysis.selection``) of components and projects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from exporters.style import DEFAULT_MAX_NODES, LANGS, check_choice, text
from ictarch.analysis.selection import select
from ictarch.errors import ExportError
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind, Relation, ref_node
from ictarch.models.province import Component, IntegrationPath, Investment, ProvinceArchitecture
from ictarch.models.reference import CapabilityLevel, FrameworkKind, Layer, LayerKind, ReferenceComponent
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
    """Timeline column (a year) of a roadmap."""
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


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    kind: str
    """``layer`` (stacked band), ``side`` (cross-cutting, beside the bands), or a cluster kind."""


@dataclass(frozen=True)
class GraphView:
    """Nodes and edges in ordered groups. ``layout`` is ``layered``, ``flow`` or ``timeline`` (with ``axis``)."""

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


# --------------------------------------------------------------------------- shared helpers


def _label(obj: object, lang: str) -> str:
    name = getattr(obj, "name", None)
    return name.text(lang) if name is not None else ""


def _provinces(graph: ArchGraph, nodes: Iterable[str]) -> list[str]:
    return sorted({p for n in nodes if (p := graph.info(n).province)})


def _one_province(graph: ArchGraph, selected: Sequence[str], view: str) -> str:
    codes = _provinces(graph, selected)
    if not codes and len(graph.workspace.provinces) == 1:
        return graph.workspace.provinces[0].code  # a model with nothing selected yet: draw its empty layers
    if len(codes) != 1:
        found = ", ".join(codes) if codes else "none"
        raise ExportError(
            f"the {view} view draws one province; the selection has {len(codes)} ({found}): "
            "pass one model or add --select province:CODE"
        )
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


def _component_node(graph: ArchGraph, node: str, lang: str, group: str | None, emphasis: bool = False) -> Node:
    comp: Component = graph.entity(node)
    return Node(node, comp.name.text(lang), comp.kind.value, comp.status.value, group, comp.id, emphasis=emphasis)


def _reference_node(graph: ArchGraph, node: str, lang: str, group: str | None) -> Node:
    obj = graph.entity(node)
    national = isinstance(obj, ReferenceComponent) and obj.national_level
    return Node(
        node, _label(obj, lang), "national" if national else "reference", None, group, graph.info(node).entity_id
    )


def _is_component(graph: ArchGraph, node: str) -> bool:
    return graph.info(node).kind == NodeKind.COMPONENT


def _vnd(amount: int, lang: str) -> str:
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
    counts = Counter((where[e.source], where[e.target]) for e in view.edges if where[e.source] != where[e.target])
    edges = tuple(Edge(s, t, "aggregate", str(c)) for (s, t), c in sorted(counts.items()))
    note = text("collapsed", lang, n=count, unit=text(unit, lang), limit=limit, by=text(f"by-{by}", lang))
    return replace(view, nodes=tuple(nodes), edges=edges, notes=(*view.notes, note))


def _maybe_collapse(view: GraphView, count: int, opts: ViewOptions, by: str, unit: str = "components") -> GraphView:
    return collapse(view, by, count, opts.max_nodes, unit) if count > opts.max_nodes else view


def _edges_among(graph: ArchGraph, keep: set[str], relations: Iterable[Relation]) -> list[Edge]:
    return [Edge(u, v, rel.value) for u, v, rel in graph.edges(relations) if u in keep and v in keep]


# --------------------------------------------------------------------------- layered


def layered_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """A province's components in the reference layers (bands) and cross-cutting systems (beside them)."""
    lang = opts.lang
    code = _one_province(graph, selected, "layered")
    comps = [n for n in selected if _is_component(graph, n) and graph.info(n).province == code]
    layers = ict_layers(graph, code)
    place = layer_placement(graph, code, layers)
    groups = [
        Group(
            ref_node(layer.id),
            layer.name.text(lang),
            "side" if layer.kind in (LayerKind.CROSS_CUTTING, LayerKind.CENTRE) else "layer",
        )
        for layer in layers
    ]
    nodes = [_component_node(graph, n, lang, ref_node(place[n]) if n in place else UNPLACED) for n in comps]
    keep = set(comps)
    edges: list[Edge] = []
    external: set[str] = set()
    for u, v, rel in graph.edges(PROVINCE_RELATIONS):
        if u not in keep:
            continue
        if v in keep:
            edges.append(Edge(u, v, rel.value))
        elif graph.info(v).province is None:
            external.add(v)
            edges.append(Edge(u, v, rel.value))
    nodes.extend(_reference_node(graph, v, lang, NATIONAL) for v in sorted(external))
    if any(n.group == UNPLACED for n in nodes):
        groups.append(Group(UNPLACED, text(UNPLACED, lang), "layer"))
    if external:
        groups.append(Group(NATIONAL, text("national-platforms", lang), "layer"))
    arch = graph.workspace.province(code).architecture
    view = GraphView(
        "layered",
        f"{text('layered', lang)}: {arch.province.name.text(lang)}",
        "layered",
        "TB",
        tuple(nodes),
        tuple(edges),
        tuple(groups),
        lang=lang,
    )
    return _maybe_collapse(view, len(comps), opts, "layer")


# --------------------------------------------------------------------------- coverage (gap map, comparison)


@dataclass(frozen=True)
class Coverage:
    item: str
    status: str
    providers: tuple[str, ...]


class _CoverageIndex:
    """Coverage of one province's reference items, with the capability providers computed once."""

    def __init__(self, graph: ArchGraph, code: str) -> None:
        self.graph = graph
        self.code = code
        arch: ProvinceArchitecture = graph.workspace.province(code).architecture
        self.not_applicable = {na.component for na in arch.not_applicable}
        self.by_capability: dict[str, set[str]] = {}
        for comp in graph.components(code):
            for cap in graph.capability_of(comp):
                self.by_capability.setdefault(cap, set()).add(comp)

    def of(self, item_id: str) -> Coverage:
        cat = self.graph.workspace.catalogue
        item: Layer | ReferenceComponent = cat.layers[item_id] if item_id in cat.layers else cat.components[item_id]
        providers = set(self.graph.realizations(item_id, self.code))
        if item.single_instance and item.capability:
            providers |= self.by_capability.get(item.capability, set())
        if not providers:
            status = "not-applicable" if item_id in self.not_applicable else "missing"
        elif item.single_instance and len(providers) > 1:
            status = "duplicated"
        else:
            status = "covered"
        return Coverage(item_id, status, tuple(sorted(providers)))


def coverage(graph: ArchGraph, code: str, items: Iterable[str]) -> list[Coverage]:
    """Covered, missing, duplicated or not applicable, for each reference layer or component of ``items``."""
    index = _CoverageIndex(graph, code)
    return [index.of(i) for i in items]


def _frameworks(graph: ArchGraph, codes: Sequence[str]) -> list[str]:
    cat = graph.workspace.catalogue
    return sorted(
        {
            c.framework
            for code in codes
            for c in graph.workspace.province(code).architecture.conforms_to
            if cat.frameworks[c.framework].kind == FrameworkKind.ICT_REFERENCE
        }
    )


def _count(n: int, lang: str) -> str:
    return f"{n} {text('components', lang)}" if n else ""


def gap_map_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GridView:
    """The reference framework's components as a grid per province, coloured by coverage."""
    lang = opts.lang
    codes = _provinces(graph, selected)
    cat = graph.workspace.catalogue
    tables = []
    for code in codes:
        index = _CoverageIndex(graph, code)
        arch = graph.workspace.province(code).architecture
        for fw_id in _frameworks(graph, [code]):
            fw = cat.frameworks[fw_id]
            rows: list[tuple[Cell, ...]] = []
            for layer in sorted(fw.layers, key=lambda layer: layer.order):
                lc = index.of(layer.id)
                tiles = []
                for comp in layer.components:
                    cc = index.of(comp.id)
                    tiles.append(Cell(comp.name.text(lang), cc.status, _count(len(cc.providers), lang)))
                chunks = [tiles[i : i + opts.tile_columns] for i in range(0, len(tiles), opts.tile_columns)] or [[]]
                head = Cell(layer.name.text(lang), lc.status, _count(len(lc.providers), lang), True, len(chunks))
                rows.append((head, *chunks[0]))
                rows.extend(tuple(chunk) for chunk in chunks[1:])
            title = f"{arch.province.name.text(lang)} — {fw.name.text(lang)}"
            tables.append(Table(f"{code}:{fw_id}", title, tuple(rows)))
    return GridView("gap-map", text("gap-map", lang), tuple(tables), lang=lang)


# --------------------------------------------------------------------------- national comparison


def national_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GridView:
    """Provinces against the reference components (coverage), and the duplicate investments found in them."""
    lang = opts.lang
    codes = _provinces(graph, selected)
    cat = graph.workspace.catalogue
    indexes = {code: _CoverageIndex(graph, code) for code in codes}
    header = (Cell(text("reference-item", lang), header=True), *(Cell(code, header=True) for code in codes))
    rows: list[tuple[Cell, ...]] = [header]
    counted: dict[str, list[int]] = {code: [0, 0] for code in codes}  # covered, applicable
    for fw_id in _frameworks(graph, codes):
        for layer in sorted(cat.frameworks[fw_id].layers, key=lambda layer: layer.order):
            for item_id, name, is_layer in [
                (layer.id, layer.name, True),
                *((c.id, c.name, False) for c in layer.components),
            ]:
                cells = [Cell(name.text(lang) if is_layer else f"  {name.text(lang)}", header=is_layer)]
                for code in codes:
                    cov = indexes[code].of(item_id)
                    cells.append(Cell(str(len(cov.providers)) if cov.providers else "–", cov.status))
                    if cov.status != "not-applicable":
                        counted[code][1] += 1
                        counted[code][0] += cov.status in ("covered", "duplicated")
                rows.append(tuple(cells))
    rows.append(
        (
            Cell(text("coverage", lang), header=True),
            *(Cell(f"{100 * c / a:.0f}%" if a else "–", header=True) for c, a in counted.values()),
        )
    )
    coverage_table = Table("coverage", text("coverage", lang), tuple(rows))
    return GridView(
        "national",
        text("national-view", lang),
        (coverage_table, _duplicates_table(graph, codes, indexes, lang)),
        lang=lang,
    )


def _duplicates_table(graph: ArchGraph, codes: Sequence[str], indexes: dict[str, _CoverageIndex], lang: str) -> Table:
    cat = graph.workspace.catalogue
    found: list[tuple[str, str, tuple[str, ...], str]] = []  # item, province, components, reason
    for code in codes:
        items = [
            i
            for fw in _frameworks(graph, [code])
            for layer in cat.frameworks[fw].layers
            for i in (layer.id, *(c.id for c in layer.components))
        ]
        for item in items:
            cov = indexes[code].of(item)
            if cov.status == "duplicated":
                found.append((item, code, cov.providers, "second-instance"))
        national_items: dict[str, set[str]] = {}
        for comp in graph.components(code):
            seen_caps: set[str | None] = set()
            for r in graph.neighbours(comp, Relation.REALIZES):
                obj = graph.entity(r)
                if isinstance(obj, ReferenceComponent) and obj.national_level:
                    national_items.setdefault(graph.info(r).entity_id, set()).add(comp)
                    seen_caps.add(obj.capability)
            for cap in sorted(graph.capability_of(comp) - seen_caps):  # a national capability built under another name
                capability = cat.capabilities.get(cap)
                if capability is not None and capability.provided_at == CapabilityLevel.NATIONAL:
                    national_items.setdefault(cap, set()).add(comp)
        found.extend((item, code, tuple(sorted(c)), "rebuilds-national") for item, c in national_items.items())
    header = tuple(
        Cell(text(k, lang), header=True)
        for k in ("reference-item", "province", "components-header", "reason", "budget")
    )
    rows: list[tuple[Cell, ...]] = [header]
    for item, code, comps, reason in sorted(set(found)):
        obj = cat.layers.get(item) or cat.components.get(item) or cat.capabilities.get(item)
        projects = {p for c in comps for p in graph.deliverers(c)}
        budget = sum(graph.entity(p).budget_vnd or 0 for p in projects)
        rows.append(
            (
                Cell(_label(obj, lang) or item, "duplicated", item),
                Cell(code),
                Cell(", ".join(graph.info(c).entity_id for c in comps)),
                Cell(text(reason, lang)),
                Cell(_vnd(budget, lang) if budget else "–"),
            )
        )
    if len(rows) == 1:
        rows.append((Cell(text("none-found", lang)),))
    return Table("duplicates", text("duplicates", lang), tuple(rows))


# --------------------------------------------------------------------------- impact


def _resolve_focus(graph: ArchGraph, focus: str | None) -> str:
    if not focus:
        raise ExportError("the impact view needs a component: add --focus ID")
    hits = [n for n in select(graph, [focus]) if _is_component(graph, n)]
    if len(hits) != 1:
        names = ", ".join(graph.info(n).entity_id for n in hits) or "none"
        raise ExportError(f"--focus must name one component; '{focus}' names {len(hits)} ({names})")
    return hits[0]


def impact_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """One component, what it depends on and what depends on it, to a depth, with the projects delivering them."""
    lang = opts.lang
    focus = _resolve_focus(graph, opts.focus)
    allowed = set(selected) | {focus}

    def keep(n: str) -> bool:
        return n in allowed or graph.info(n).province is None

    upstream = [n for n in graph.dependencies(focus, opts.depth) if keep(n)]
    downstream = [n for n in graph.dependents(focus, opts.depth) if keep(n) and n not in upstream]
    nodes: list[Node] = [_component_node(graph, focus, lang, "focus", emphasis=True)]
    for role, members in (("upstream", upstream), ("downstream", downstream)):
        for n in members:
            nodes.append(
                _component_node(graph, n, lang, role)
                if _is_component(graph, n)
                else _reference_node(graph, n, lang, role)
            )
    shown = {n.id for n in nodes}
    edges = _edges_among(graph, shown, DEPENDENCY_RELATIONS)
    projects = sorted({p for n in shown if _is_component(graph, n) for p in graph.deliverers(n)})
    for p in projects:
        inv: Investment = graph.entity(p)
        years = f"{inv.start_year or '?'}–{inv.end_year or '?'}"
        nodes.append(Node(p, inv.name.text(lang), "project", None, "projects", f"{inv.id} · {years}"))
        edges.extend(Edge(p, c, "delivers") for c in graph.neighbours(p, Relation.DELIVERS) if c in shown)
    groups = tuple(
        Group(g, text(g, lang), "role")
        for g in ("upstream", "focus", "downstream", "projects")
        if any(n.group == g for n in nodes)
    )
    comp: Component = graph.entity(focus)
    view = GraphView(
        "impact",
        f"{text('impact', lang)}: {comp.name.text(lang)}",
        "flow",
        "LR",
        tuple(nodes),
        tuple(sorted(edges, key=lambda e: (e.source, e.target, e.relation))),
        groups,
        lang=lang,
    )
    return _maybe_collapse(view, len(nodes), opts, "group")


# --------------------------------------------------------------------------- roadmap


@dataclass(frozen=True)
class _Span:
    start: int | None
    end: int | None


def _span(arch: ProvinceArchitecture, inv: Investment) -> _Span:
    phase = next((ph for ph in arch.programme.phases if ph.id == inv.phase), None)
    start = inv.start_year if inv.start_year is not None else (phase.period.start if phase else None)
    end = inv.end_year if inv.end_year is not None else (phase.period.end if phase else start)
    return _Span(start, end if end is not None else start)


def project_dependencies(graph: ArchGraph, projects: Iterable[str]) -> list[tuple[str, str]]:
    """(project, project it needs): a component the first delivers depends directly on one the second delivers."""
    wanted = set(projects)
    pairs: set[tuple[str, str]] = set()
    for p in wanted:
        for comp in graph.neighbours(p, Relation.DELIVERS):
            for rel in DEPENDENCY_RELATIONS:
                for needed in graph.neighbours(comp, rel):
                    pairs.update((p, q) for q in graph.deliverers(needed) if q != p and q in wanted)
    return sorted(pairs)


def roadmap_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """Projects on a time axis, by domain and phase, with their dependencies; late dependencies stand out."""
    lang = opts.lang
    projects = sorted(
        {n for n in selected if graph.info(n).kind == NodeKind.PROJECT}
        | {p for n in selected if _is_component(graph, n) for p in graph.deliverers(n)}
    )
    several = len(_provinces(graph, projects)) > 1
    spans: dict[str, _Span] = {}
    for p in projects:
        spans[p] = _span(graph.workspace.province(str(graph.info(p).province)).architecture, graph.entity(p))
    deps = project_dependencies(graph, projects)
    late = [
        (p, q) for p, q in deps if (ep := spans[p].end) is not None and (eq := spans[q].end) is not None and eq > ep
    ]
    late_projects = {p for p, _q in late}
    groups: dict[str, Group] = {}
    nodes = []
    for p in projects:
        inv: Investment = graph.entity(p)
        code = str(graph.info(p).province)
        arch = graph.workspace.province(code).architecture
        domain = next((d for d in arch.domains if d.id == inv.domain), None)
        gid = f"domain:{code}:{inv.domain}" if domain else f"domain:{code}:"
        label = domain.name.text(lang) if domain else text(OTHER, lang)
        groups.setdefault(gid, Group(gid, f"{label} ({code})" if several else label, "domain"))
        span = spans[p]
        when = f"{span.start}–{span.end}" if span.start is not None else text(UNDATED, lang)
        bits = [when, *([inv.phase] if inv.phase else []), *([_vnd(inv.budget_vnd, lang)] if inv.budget_vnd else [])]
        rank = str(span.start) if span.start is not None else UNDATED
        years_of = (span.start, span.end if span.end is not None else span.start) if span.start is not None else None
        nodes.append(
            Node(p, inv.name.text(lang), "project", None, gid, " · ".join(bits), rank, p in late_projects, years_of)
        )
    edges = [Edge(p, q, "depends_on", emphasis=(p, q) in late) for p, q in deps]
    years = sorted({y for s in spans.values() for y in (s.start, s.end) if y is not None})
    axis = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    if any(n.rank == UNDATED for n in nodes):
        axis.append(UNDATED)
    notes = []
    if late:
        pairs = ", ".join(
            f"{graph.info(p).entity_id} ({spans[p].end}) → {graph.info(q).entity_id} ({spans[q].end})" for p, q in late
        )
        notes.append(text("late", lang, pairs=pairs))
    undated = [graph.info(n.id).entity_id for n in nodes if n.rank == UNDATED]
    if undated:
        notes.append(text("no-dates", lang, ids=", ".join(undated)))
    view = GraphView(
        "roadmap",
        text("roadmap", lang),
        "timeline",
        "LR",
        tuple(nodes),
        tuple(edges),
        tuple(sorted(groups.values(), key=lambda g: g.id)),
        tuple(notes),
        tuple(axis),
        lang,
    )
    return _maybe_collapse(view, len(nodes), opts, "domain", "projects-count")


# --------------------------------------------------------------------------- e-government linkage


def egov_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """Components connected to the integration platform (LGSP), the public-service portal and national platforms."""
    lang = opts.lang
    code = _one_province(graph, selected, "egov")
    comps = [n for n in selected if _is_component(graph, n) and graph.info(n).province == code]
    keep = set(comps)
    via = (Relation.REALIZES, Relation.LINKS_TO)
    lgsp = {c for c in comps if "cap.integration_platform" in graph.capability_of(c, via)}
    lgsp |= {v for u, v, _rel in graph.edges([Relation.INTEGRATES_VIA]) if u in keep and v in keep}
    hubs = lgsp | {c for c in comps if set(HUB_CAPABILITIES) & graph.capability_of(c, via)}
    national: set[str] = set()
    for u, v, _rel in graph.edges(PROVINCE_RELATIONS):
        if u in keep and graph.info(v).province is None:
            obj = graph.entity(v)
            if isinstance(obj, ReferenceComponent) and obj.national_level:
                national.add(v)
    anchors = hubs | national
    edges: list[Edge] = []
    connected: set[str] = set()
    for u, v, rel in graph.edges(PROVINCE_RELATIONS):
        if u in keep and (v in keep or v in national) and (u in anchors or v in anchors):
            edges.append(Edge(u, v, rel.value))
            connected.update((u, v))
    linked_to_lgsp = {e.source for e in edges if e.target in lgsp} | {e.target for e in edges if e.source in lgsp}
    for c in comps:
        comp: Component = graph.entity(c)
        if comp.integration == IntegrationPath.LGSP and c not in lgsp and c not in linked_to_lgsp:
            edges.extend(Edge(c, h, "declared", text("declared-lgsp", lang)) for h in sorted(lgsp))
            connected.add(c)
    connected |= anchors
    bypass = sorted(c for c in connected & keep if graph.entity(c).integration == IntegrationPath.DIRECT)
    arch = graph.workspace.province(code).architecture
    domain_names = {d.id: d.name.text(lang) for d in arch.domains}
    nodes: list[Node] = [_reference_node(graph, n, lang, NATIONAL) for n in sorted(national)]
    domain_groups: dict[str, Group] = {}
    for c in sorted(connected - national):
        comp = graph.entity(c)
        if c in hubs:
            group = HUBS
        else:
            group = f"domain:{comp.domain}" if comp.domain in domain_names else OTHER
            name = domain_names.get(comp.domain or "", text(OTHER, lang))
            domain_groups.setdefault(group, Group(group, name, "domain"))
        nodes.append(_component_node(graph, c, lang, group, emphasis=c in bypass))
    groups = [  # consumers on top, the provincial hubs below them, the national platforms at the bottom
        *sorted(domain_groups.values(), key=lambda g: (g.id == OTHER, g.id)),
        Group(HUBS, text("hubs", lang), "hub"),
        Group(NATIONAL, text("national-platforms", lang), "national"),
    ]
    notes = [text("bypass", lang, ids=", ".join(graph.info(c).entity_id for c in bypass))] if bypass else []
    view = GraphView(
        "egov",
        f"{text('egov', lang)}: {arch.province.name.text(lang)}",
        "layered",
        "TB",
        tuple(nodes),
        tuple(sorted(edges, key=lambda e: (e.source, e.target, e.relation))),
        tuple(g for g in groups if any(n.group == g.id for n in nodes)),
        tuple(notes),
        lang=lang,
    )
    return _maybe_collapse(view, len(nodes), opts, "group")


# --------------------------------------------------------------------------- dispatch


Builder = Callable[[ArchGraph, Sequence[str], ViewOptions], View]
BUILDERS: dict[str, Builder] = {
    "layered": layered_view,
    "gap-map": gap_map_view,
    "impact": impact_view,
    "roadmap": roadmap_view,
    "egov": egov_view,
    "national": national_view,
}


def build_view(
    key: str,
    graph: ArchGraph,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    opts: ViewOptions | None = None,
) -> View:
    """The view ``key`` of the components and projects chosen by the selection grammar."""
    opts = opts or ViewOptions()
    check_choice(key, VIEW_KEYS, "view")
    check_choice(opts.lang, LANGS, "language")
    if opts.max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {opts.max_nodes}")
    selected = select(graph, include, exclude)
    return BUILDERS[key](graph, selected, opts)
