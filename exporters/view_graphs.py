"""The views drawn as graphs: the layered architecture, the impact of a component, the project roadmap and the
e-government linkage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import networkx as nx

from exporters.style import text
from exporters.view_model import (
    CROSS_CUTTING,
    HUB_CAPABILITIES,
    HUBS,
    NATIONAL,
    OTHER,
    PROVINCE_RELATIONS,
    UNDATED,
    UNPLACED,
    Edge,
    GraphView,
    Group,
    Node,
    ViewOptions,
    capabilities_of,
    collapse,
    component_node,
    edges_among,
    edges_grouped,
    group_edges,
    hub_nodes,
    ict_layers,
    is_component,
    layer_placement,
    lgsp_nodes,
    maybe_collapse,
    one_province,
    provinces_of,
    reference_node,
    vnd,
)
from ictarch.analysis.selection import select
from ictarch.errors import ExportError
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind, Relation, ref_node
from ictarch.i18n import msg
from ictarch.models.province import Component, IntegrationPath, Investment, ProvinceArchitecture
from ictarch.models.reference import LayerKind, ReferenceComponent

# --------------------------------------------------------------------------- layered


def layered_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """A province's components in the reference layers (bands) and cross-cutting systems (beside them)."""
    lang = opts.lang
    code = one_province(graph, selected, "layered")
    comps = [n for n in selected if is_component(graph, n) and graph.info(n).province == code]
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
    nodes = [component_node(graph, n, lang, ref_node(place[n]) if n in place else UNPLACED) for n in comps]
    keep = set(comps)
    edges: list[Edge] = []
    external: set[str] = set()
    for u, v, rel in graph.edges_from(keep, PROVINCE_RELATIONS):
        if v in keep:
            edges.append(Edge(u, v, rel.value))
        elif graph.info(v).province is None:
            external.add(v)
            edges.append(Edge(u, v, rel.value))
    nodes.extend(reference_node(graph, v, lang, NATIONAL) for v in sorted(external))
    if any(n.group == UNPLACED for n in nodes):
        groups.append(Group(UNPLACED, text(UNPLACED, lang), "layer"))
    if external:
        groups.append(Group(NATIONAL, text("national-platforms", lang), "layer"))
    grouped = len(comps) <= opts.max_nodes and edges_grouped(opts, set(comps) == set(graph.components(code)))
    sides = {g.id: CROSS_CUTTING for g in groups if g.kind == "side"}
    if grouped and sides:
        groups.append(Group(CROSS_CUTTING, text(CROSS_CUTTING, lang), "column"))
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
    if len(comps) > opts.max_nodes:
        return collapse(view, "layer", len(comps), opts.max_nodes)
    return group_edges(view, hub_nodes(graph, comps), sides) if grouped else view


# --------------------------------------------------------------------------- impact


def _resolve_focus(graph: ArchGraph, focus: str | None) -> str:
    if not focus:
        raise ExportError(msg("export.focus-needed"))
    hits = [n for n in select(graph, [focus]) if is_component(graph, n)]
    if len(hits) != 1:
        names = tuple(graph.info(n).entity_id for n in hits) or (msg("value.none"),)
        raise ExportError(msg("export.focus-not-one", focus=focus, n=len(hits), names=names))
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
    g = graph.view(DEPENDENCY_RELATIONS)
    hops = {
        "upstream": nx.single_source_shortest_path_length(g, focus, cutoff=opts.depth),
        "downstream": nx.single_source_shortest_path_length(g.reverse(copy=False), focus, cutoff=opts.depth),
    }
    nodes: list[Node] = [replace(component_node(graph, focus, lang, "focus", emphasis=True), rank="0")]
    for role, members in (("upstream", upstream), ("downstream", downstream)):
        sign = -1 if role == "upstream" else 1
        for n in members:
            node = (
                component_node(graph, n, lang, role) if is_component(graph, n) else reference_node(graph, n, lang, role)
            )
            nodes.append(replace(node, rank=str(sign * hops[role][n])))
    shown = {n.id for n in nodes}
    edges = edges_among(graph, shown, DEPENDENCY_RELATIONS)
    projects = sorted({p for n in shown if is_component(graph, n) for p in graph.deliverers(n)})
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
        "columns",
        "LR",
        tuple(nodes),
        tuple(sorted(edges, key=lambda e: (e.source, e.target, e.relation))),
        groups,
        lang=lang,
    )
    return maybe_collapse(view, len(nodes), opts, "group")


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
    """(project, project it needs): a component the first delivers depends directly on one the second delivers.

    The projects delivering each component are gathered once from the projects' own edges: asked of the graph per
    dependency, a shared platform that every system needs had its incoming edges (one per system) read once per
    system, a cost that grew with the square of the province."""
    wanted = set(projects)
    delivered: dict[str, list[str]] = {}
    for p in wanted:
        for comp in graph.neighbours(p, Relation.DELIVERS):
            delivered.setdefault(comp, []).append(p)
    pairs: set[tuple[str, str]] = set()
    for comp, deliverers in delivered.items():
        for rel in DEPENDENCY_RELATIONS:
            for needed in graph.neighbours(comp, rel):
                for q in delivered.get(needed, ()):
                    pairs.update((p, q) for p in deliverers if p != q)
    return sorted(pairs)


def roadmap_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """Projects on a time axis, by domain and phase, with their dependencies; late dependencies stand out."""
    lang = opts.lang
    projects = sorted(
        {n for n in selected if graph.info(n).kind == NodeKind.PROJECT}
        | {p for n in selected if is_component(graph, n) for p in graph.deliverers(n)}
    )
    several = len(provinces_of(graph, projects)) > 1
    spans: dict[str, _Span] = {}
    for p in projects:
        spans[p] = _span(graph.workspace.province(str(graph.info(p).province)).architecture, graph.entity(p))
    deps = project_dependencies(graph, projects)
    late = [
        (p, q) for p, q in deps if (ep := spans[p].end) is not None and (eq := spans[q].end) is not None and eq > ep
    ]
    late_pairs = set(late)
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
        bits = [when, *([inv.phase] if inv.phase else []), *([vnd(inv.budget_vnd, lang)] if inv.budget_vnd else [])]
        rank = str(span.start) if span.start is not None else UNDATED
        years_of = (span.start, span.end if span.end is not None else span.start) if span.start is not None else None
        nodes.append(
            Node(p, inv.name.text(lang), "project", None, gid, " · ".join(bits), rank, p in late_projects, years_of)
        )
    edges = [Edge(p, q, "depends_on", emphasis=(p, q) in late_pairs) for p, q in deps]
    years = sorted({y for s in spans.values() for y in (s.start, s.end) if y is not None})
    axis = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    if any(n.rank == UNDATED for n in nodes):
        axis.append(UNDATED)
    notes = []
    if late:
        pairs = "; ".join(
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
    return maybe_collapse(view, len(nodes), opts, "domain", "projects-count")


# --------------------------------------------------------------------------- e-government linkage


def egov_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GraphView:
    """Components connected to the integration platform (LGSP), the public-service portal and national platforms."""
    lang = opts.lang
    code = one_province(graph, selected, "egov")
    comps = [n for n in selected if is_component(graph, n) and graph.info(n).province == code]
    keep = set(comps)
    capabilities = capabilities_of(graph, comps)  # asked below two or three times: read once
    lgsp = lgsp_nodes(graph, comps, capabilities)
    hubs = lgsp | {c for c in comps if set(HUB_CAPABILITIES) & capabilities[c]}
    national: set[str] = set()
    leaving = graph.edges_from(keep, PROVINCE_RELATIONS)
    for v in {v for _u, v, _rel in leaving if v not in keep}:  # each node once, not once per edge to it
        if graph.info(v).province is None:
            obj = graph.entity(v)
            if isinstance(obj, ReferenceComponent) and obj.national_level:
                national.add(v)
    anchors = hubs | national
    edges: list[Edge] = []
    connected: set[str] = set()
    for u, v, rel in leaving:
        if (v in keep or v in national) and (u in anchors or v in anchors):
            edges.append(Edge(u, v, rel.value))
            connected.update((u, v))
    linked_to_lgsp = {e.source for e in edges if e.target in lgsp} | {e.target for e in edges if e.source in lgsp}
    declaring = [
        c
        for c in comps
        if graph.entity(c).integration == IntegrationPath.LGSP and c not in lgsp and c not in linked_to_lgsp
    ]
    connected.update(declaring)
    connected |= anchors
    bypass = sorted(c for c in connected & keep if graph.entity(c).integration == IntegrationPath.DIRECT)
    arch = graph.workspace.province(code).architecture
    domain_names = {d.id: d.name.text(lang) for d in arch.domains}
    nodes: list[Node] = [reference_node(graph, n, lang, NATIONAL) for n in sorted(national)]
    domain_groups: dict[str, Group] = {}
    other = text(OTHER, lang)
    for c in sorted(connected - national):
        comp = graph.entity(c)
        if c in hubs:
            group = HUBS
        else:
            group = f"domain:{comp.domain}" if comp.domain in domain_names else OTHER
            name = domain_names.get(comp.domain or "", other)
            domain_groups.setdefault(group, Group(group, name, "domain"))
        nodes.append(component_node(graph, c, lang, group, emphasis=c in bypass))
    groups = [  # consumers on top, the provincial hubs below them, the national platforms at the bottom
        *sorted(domain_groups.values(), key=lambda g: (g.id == OTHER, g.id)),
        Group(HUBS, text("hubs", lang), "hub"),
        Group(NATIONAL, text("national-platforms", lang), "national"),
    ]
    notes = [text("bypass", lang, ids=", ".join(graph.info(c).entity_id for c in bypass))] if bypass else []
    collapsed = len(nodes) > opts.max_nodes
    drawn = (
        set()
        if collapsed
        else set(hub_nodes(graph, comps, capabilities))
        if edges_grouped(opts, whole=set(comps) == set(graph.components(code)))
        else None
    )
    edges += _declared_edges(declaring, sorted(lgsp), text("declared-lgsp", lang), drawn)
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
    if collapsed:
        return collapse(view, "group", len(nodes), opts.max_nodes)
    if drawn is not None:
        return group_edges(view, drawn)
    return view


def _declared_edges(declaring: list[str], platforms: list[str], label: str, drawn: set[str] | None) -> list[Edge]:
    """An edge from each component that declares the LGSP but is linked to none to each platform.

    A province may count many platforms (whatever others integrate via). Where the view groups its edges
    (``drawn``: the platforms drawn as themselves; none when it collapses), the other platforms are one group,
    and one edge, counting them, stands for the edges to them: the same groups and counts, in edges that grow
    with the components rather than with components x platforms.
    """
    if drawn is None:  # every edge drawn: a view this small has few
        return [Edge(c, h, "declared", label) for c in declaring for h in platforms]
    own = [h for h in platforms if h in drawn]
    rest = [h for h in platforms if h not in drawn]
    edges: list[Edge] = []
    for c in declaring:
        edges.extend(Edge(c, h, "declared", label) for h in own)
        if rest:
            edges.append(Edge(c, rest[0], "declared", label, count=len(rest)))
    return edges
