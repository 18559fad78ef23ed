"""One typed graph of a workspace: province entities and the reference items they touch.

Nodes are string ids, ``<province>:<id>`` for province entities and ``ref:<id>`` for reference
items; payloads stay in the models and are looked up by id. Every edge has a ``relation``.
Checks and exporters use the verbs of :class:`ArchGraph`, not raw networkx.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from ictarch._memory import bulk_build
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.province import RelationType
from ictarch.models.reference import Layer, ReferenceCatalogue, ReferenceComponent

if TYPE_CHECKING:  # networkx is imported where a graph is built or searched: a run that builds none never pays
    import networkx as nx


class NodeKind(StrEnum):
    PROVINCE = "province"
    COMPONENT = "component"
    PROJECT = "project"
    DOMAIN = "domain"
    FRAMEWORK = "framework"
    LAYER = "layer"
    REFERENCE_COMPONENT = "reference-component"
    CAPABILITY = "capability"


class Relation(StrEnum):
    """Edge types. Province relationships keep their YAML names."""

    DEPENDS_ON = "depends_on"
    SERVES = "serves"
    DATA_FLOW = "data_flow"
    HOSTED_ON = "hosted_on"
    INTEGRATES_VIA = "integrates_via"
    REALIZES = "realizes"
    LINKS_TO = "links_to"
    DELIVERS = "delivers"
    IN_DOMAIN = "in_domain"
    CONTAINS = "contains"
    PART_OF = "part_of"
    HAS_CAPABILITY = "has_capability"
    SUPERSEDED_BY = "superseded_by"
    MAPS_TO = "maps_to"


DEPENDENCY_RELATIONS = frozenset({Relation.DEPENDS_ON, Relation.DATA_FLOW, Relation.HOSTED_ON, Relation.INTEGRATES_VIA})
"""Relations along which a component needs another one to work (used for impact and cycles)."""


def _bits(indices: Iterable[int]) -> int:
    """A set of small integers as the bits of one integer (built in one pass: adding bits one at a time would
    copy the integer for each)."""
    wanted = list(indices)
    if not wanted:
        return 0
    buffer = bytearray(max(wanted) // 8 + 1)
    for i in wanted:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def _cyclic_core(g: nx.DiGraph[str]) -> set[str]:
    """The nodes left after repeatedly removing those without a predecessor or without a successor."""
    indeg = {n: d for n, d in g.in_degree()}
    outdeg = {n: d for n, d in g.out_degree()}
    alive = set(g.nodes)
    queue = [n for n in alive if indeg[n] == 0 or outdeg[n] == 0]
    while queue:
        n = queue.pop()
        if n not in alive:
            continue
        alive.discard(n)
        for succ in g.successors(n):
            if succ in alive:
                indeg[succ] -= 1
                if indeg[succ] == 0:
                    queue.append(succ)
        for pred in g.predecessors(n):
            if pred in alive:
                outdeg[pred] -= 1
                if outdeg[pred] == 0:
                    queue.append(pred)
    return alive


def ref_node(item_id: str) -> str:
    return f"ref:{item_id}"


def province_node(province: str, item_id: str) -> str:
    return f"{province}:{item_id}"


@dataclass(frozen=True)
class NodeInfo:
    node: str
    kind: NodeKind
    entity_id: str
    province: str | None


class ArchGraph:
    """A thin, domain-named wrapper over a networkx MultiDiGraph."""

    def __init__(self, graph: nx.MultiDiGraph[str], workspace: Workspace) -> None:
        self.nx = graph
        self.workspace = workspace
        self._views: dict[frozenset[Relation], nx.DiGraph[str]] = {}

    def release(self) -> None:
        """Empty the graph (it cannot be used afterwards), so that it is freed as soon as it is dropped.

        networkx keeps the views a graph hands out (``G.nodes``, ``G.pred``, a subgraph) in attributes that refer
        back to the graph: every graph a check has read is a reference cycle, which only the cyclic collector
        frees, and which holds every model object its nodes carry. A load worker builds one per province: emptied
        here, they are freed by reference counting, and the collection that follows the province finds little
        left to look at (about 10 ms for 2,000 components, against some 40 ms for the whole cycle).
        """
        for graph in (self.nx, *self._views.values()):
            graph.__dict__.clear()
        self._views.clear()

    # ------------------------------------------------------------------ nodes

    def __contains__(self, node: str) -> bool:
        return node in self.nx

    def __len__(self) -> int:
        return int(self.nx.number_of_nodes())

    def info(self, node: str) -> NodeInfo:
        data = self.nx.nodes[node]
        return NodeInfo(node, data["kind"], data["entity"], data.get("province"))

    def entity(self, node: str) -> Any:
        """The model object behind a node."""
        return self.nx.nodes[node]["obj"]

    def of_kind(self, kind: NodeKind, province: str | None = None) -> list[str]:
        return sorted(
            n
            for n, d in self.nx.nodes(data=True)
            if d["kind"] == kind and (province is None or d.get("province") == province)
        )

    def components(self, province: str | None = None) -> list[str]:
        return self.of_kind(NodeKind.COMPONENT, province)

    def projects(self, province: str | None = None) -> list[str]:
        return self.of_kind(NodeKind.PROJECT, province)

    # ------------------------------------------------------------------ edges

    def neighbours(self, node: str, relation: Relation | None = None, direction: str = "out") -> list[str]:
        """Nodes one edge away, optionally along one relation; ``direction`` is 'out' or 'in'.

        Read from the adjacency dicts (neighbour → its edges' keys), not through an edge view made per call
        (three times the cost): the site's pages and views ask this hundreds of thousands of times."""
        g: Any = self.nx  # networkx's own dicts (``_succ``, ``_pred``: node → neighbour → edge key → data)
        adjacency = (g._succ if direction == "out" else g._pred).get(node)
        if adjacency is None:
            return []
        if relation is None:
            return sorted(adjacency)
        return sorted([other for other, keys in adjacency.items() if relation in keys])

    def reaching(self, targets: Iterable[str], relations: Iterable[Relation]) -> set[str]:
        """``targets`` and every node with a path to one of them along ``relations`` (one reverse search, each
        node's incoming edges read once)."""
        wanted = frozenset(relations)
        reach = set(targets)
        frontier = list(reach)
        in_edges = self.nx.in_edges
        while frontier:
            nxt: list[str] = []
            for n in frontier:
                for pred, _n, relation in in_edges(n, keys=True):
                    if relation in wanted and pred not in reach:
                        reach.add(pred)
                        nxt.append(pred)
            frontier = nxt
        return reach

    def edges(self, relations: Iterable[Relation] | None = None) -> list[tuple[str, str, Relation]]:
        wanted = set(relations) if relations is not None else None
        return sorted((u, v, Relation(k)) for u, v, k in self.nx.edges(keys=True) if wanted is None or k in wanted)

    def edges_from(self, nodes: Iterable[str], relations: Iterable[Relation]) -> list[tuple[str, str, Relation]]:
        """The edges of :meth:`edges` that leave ``nodes``, in its order, read from those nodes' own adjacency: a
        view of one province asks for its components' edges, and reading every edge of the graph for them cost
        as much as the rest of the view."""
        wanted = set(relations)
        succ: dict[str, dict[str, dict[Any, Any]]] = cast(Any, self.nx)._succ
        return sorted(
            (u, v, Relation(k)) for u in set(nodes) for v, keys in succ.get(u, {}).items() for k in keys if k in wanted
        )

    def view(self, relations: Iterable[Relation]) -> nx.DiGraph[str]:
        """A frozen directed graph restricted to ``relations`` (parallel edges collapsed).

        Built once per set of relations and kept: dependency queries run per component, and
        copying the national graph for each would make them quadratic. The graph is complete
        when built; it is not changed afterwards.
        """
        wanted = frozenset(relations)
        cached = self._views.get(wanted)
        if cached is None:
            import networkx as nx

            cached = nx.DiGraph()
            cached.add_nodes_from(self.nx.nodes)
            cached.add_edges_from((u, v) for u, v, k in self.nx.edges(keys=True) if cast(Any, k) in wanted)
            cached = nx.freeze(cached)
            self._views[wanted] = cached
        return cached

    # ------------------------------------------------------------------ domain verbs

    def dependencies(self, node: str, depth: int | None = None) -> list[str]:
        """What ``node`` needs, transitively (upstream), up to ``depth`` hops."""
        return self._reach(node, depth, reverse=False)

    def dependents(self, node: str, depth: int | None = None) -> list[str]:
        """What needs ``node``, transitively: the impact of losing it."""
        return self._reach(node, depth, reverse=True)

    def dependent_counts(self, nodes: Iterable[str], prefix: str = "") -> dict[str, int]:
        """For each of ``nodes``, how many nodes whose id starts with ``prefix`` need it, transitively: what
        ``dependents`` gives, counted, for them all in one pass. A walk per node would cross a platform's
        thousands of dependents once for every node asked about; here each node that needs one of ``nodes``
        is visited once, and what needs it is carried as a set of bits along the graph of its strongly
        connected components."""
        import networkx as nx

        g = self.view(DEPENDENCY_RELATIONS)
        asked = list(dict.fromkeys(nodes))
        counts = {n: 0 for n in asked}
        found = [n for n in asked if n in g]
        relevant = set(found)  # the nodes that need one asked about: only their own dependents matter
        stack = list(found)
        while stack:
            for u in g.predecessors(stack.pop()):
                if u not in relevant:
                    relevant.add(u)
                    stack.append(u)
        if not relevant:
            return counts
        index = {n: i for i, n in enumerate(relevant)}
        components = nx.condensation(g.subgraph(relevant))
        counted = _bits(index[n] for n in relevant if n.startswith(prefix))
        carried: dict[int, int] = {}  # a component's dependents and itself, kept until its last successor is done
        waiting = {c: components.out_degree(c) for c in components}
        for c in nx.topological_sort(components):
            outside = 0  # what needs the component from outside it
            for p in components.predecessors(c):
                outside |= carried[p]
                waiting[p] -= 1
                if not waiting[p]:
                    del carried[p]
            members: list[str] = components.nodes[c]["members"]
            own = _bits(index[n] for n in members)
            for n in members:
                if n in counts:
                    counts[n] = ((outside | (own & ~(1 << index[n]))) & counted).bit_count()
            if waiting[c]:
                carried[c] = outside | own
        return counts

    def _reach(self, node: str, depth: int | None, reverse: bool) -> list[str]:
        g = self.view(DEPENDENCY_RELATIONS)
        if node not in g:
            return []
        if reverse:
            g = g.reverse(copy=False)
        import networkx as nx

        lengths = nx.single_source_shortest_path_length(g, node, cutoff=depth)
        return sorted(n for n in lengths if n != node)

    def path(self, source: str, target: str) -> list[str] | None:
        """A shortest dependency path from ``source`` to ``target``, or None."""
        import networkx as nx

        g = self.view(DEPENDENCY_RELATIONS)
        try:
            return list(nx.shortest_path(g, source, target))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None

    def realizations(self, ref_id: str, province: str | None = None) -> list[str]:
        """Province components that realize a reference component or layer (directly or through its components)."""
        node = ref_node(ref_id)
        if node not in self.nx:
            return []
        targets = {node} | set(self.neighbours(node, Relation.PART_OF, direction="in"))
        found: set[str] = set()
        for t in targets:
            for c in self.neighbours(t, Relation.REALIZES, direction="in"):
                if province is None or self.nx.nodes[c].get("province") == province:
                    found.add(c)
        return sorted(found)

    def members(self, layer_id: str, province: str | None = None) -> list[str]:
        """Province components placed in a reference layer."""
        return self.realizations(layer_id, province)

    def capability_of(self, component: str, via: Iterable[Relation] = (Relation.REALIZES,)) -> set[str]:
        """Capability classes a province component provides, through what it realizes (or ``via`` other relations,
        e.g. its e-government links)."""
        caps: set[str] = set()
        for relation in via:
            for r in self.neighbours(component, relation):
                caps.update(self.info(c).entity_id for c in self.neighbours(r, Relation.HAS_CAPABILITY))
        return caps

    def deliverers(self, component: str) -> list[str]:
        """Projects that deliver a component."""
        return self.neighbours(component, Relation.DELIVERS, direction="in")

    def cycles(self, relations: Iterable[Relation] = DEPENDENCY_RELATIONS) -> Iterator[list[str]]:
        """One cycle per strongly connected component with a loop.

        Nodes with no incoming or no outgoing edge cannot lie on a cycle; peeling them off first
        (linear in the graph) leaves only the cyclic core for the component search, so the cost grows
        with the graph and not with its cycles.
        """
        import networkx as nx

        g = self.view(relations)
        core = _cyclic_core(g)
        sub = g.subgraph(core)
        for scc in sorted(nx.strongly_connected_components(sub), key=min):
            if len(scc) == 1:
                (only,) = scc
                if sub.has_edge(only, only):
                    yield [only]
                continue
            start = min(scc)
            cycle = nx.find_cycle(sub.subgraph(scc), source=start)
            yield [u for u, _v in cycle]

    def to_adjacency(self) -> dict[str, dict[str, list[str]]]:
        """JSON-ready adjacency maps: node → relation → sorted successors."""
        out: dict[str, dict[str, list[str]]] = {}
        for u, v, k in sorted(self.nx.edges(keys=True)):
            out.setdefault(u, {}).setdefault(str(Relation(k).value), []).append(v)
        return out


def build_graph(workspace: Workspace) -> ArchGraph:
    """Build the graph of every province in the workspace plus the reference items it touches."""
    with bulk_build():  # hundreds of thousands of long-lived dicts: see ictarch._memory
        return _build_graph(workspace)


def _build_graph(workspace: Workspace) -> ArchGraph:
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    cat = workspace.catalogue
    declared: set[str] = {c.framework for p in workspace.provinces for c in p.architecture.conforms_to}

    add_ref = _ReferenceNodes(g, cat).add

    for fw_id in sorted(declared):
        fw = cat.frameworks[fw_id]
        add_ref(fw_id)
        for layer in fw.layers:
            add_ref(layer.id)
            for comp in layer.components:
                add_ref(comp.id)
    dependency_edges: list[tuple[str, str]] = []
    for p in workspace.provinces:
        dependency_edges += _add_province(g, p, add_ref)
    for m in cat.crosswalks:
        a, b = ref_node(m.source_item), ref_node(m.target_item)
        if a in g and b in g:
            g.add_edge(a, b, key=Relation.MAPS_TO)
    graph = ArchGraph(g, workspace)
    # the dependency view every check and impact query uses, from the relationships directly
    dependencies: nx.DiGraph[str] = nx.DiGraph()
    dependencies.add_nodes_from(g.nodes)
    dependencies.add_edges_from(dependency_edges)
    graph._views[DEPENDENCY_RELATIONS] = nx.freeze(dependencies)
    return graph


class _ReferenceNodes:
    """Adds a reference item to the graph once, with the items it is part of and its capability.

    A class rather than two nested functions that call each other: those were a reference cycle holding the
    graph, freed only by the cyclic collector (see :meth:`ArchGraph.release`)."""

    def __init__(self, g: nx.MultiDiGraph[str], cat: ReferenceCatalogue) -> None:
        self.g = g
        self.cat = cat

    def add(self, item_id: str) -> str:
        g, cat = self.g, self.cat
        node = ref_node(item_id)
        if node in g:
            return node
        if item_id in cat.frameworks:
            g.add_node(node, kind=NodeKind.FRAMEWORK, entity=item_id, obj=cat.frameworks[item_id])
            for nxt in cat.frameworks[item_id].superseded_by:
                if nxt in cat.frameworks:
                    g.add_edge(node, self.add(nxt), key=Relation.SUPERSEDED_BY)
        elif item_id in cat.layers or item_id in cat.components:
            item: Layer | ReferenceComponent
            if item_id in cat.layers:  # a layer is part of its framework, a reference component of its layer
                kind, item, whole = NodeKind.LAYER, cat.layers[item_id], cat.layer_framework[item_id]
            else:
                kind, item, whole = NodeKind.REFERENCE_COMPONENT, cat.components[item_id], cat.component_layer[item_id]
            g.add_node(node, kind=kind, entity=item_id, obj=item)
            g.add_edge(node, self.add(whole), key=Relation.PART_OF)
            if item.capability:
                g.add_edge(node, self.capability(item.capability), key=Relation.HAS_CAPABILITY)
        return node

    def capability(self, cap_id: str) -> str:
        node = f"cap:{cap_id}"
        if node not in self.g:
            self.g.add_node(node, kind=NodeKind.CAPABILITY, entity=cap_id, obj=self.cat.capabilities.get(cap_id))
        return node


_RELATION_OF_TYPE = {t.value: Relation(t.value) for t in RelationType}


def _add_province(g: nx.MultiDiGraph[str], loaded: LoadedArchitecture, add_ref: Any) -> list[tuple[str, str]]:
    """Add one province in bulk: networkx's per-call overhead dominates at national scale."""
    arch = loaded.architecture
    code = arch.code
    pnode = f"province:{code}"
    prefix = f"{code}:"
    g.add_node(pnode, kind=NodeKind.PROVINCE, entity=code, province=code, obj=arch)
    g.add_nodes_from(
        (prefix + d.id, {"kind": NodeKind.DOMAIN, "entity": d.id, "province": code, "obj": d}) for d in arch.domains
    )
    ids = {c.id for c in arch.components}
    edges: list[tuple[str, str, Relation]] = []
    g.add_nodes_from(
        (prefix + c.id, {"kind": NodeKind.COMPONENT, "entity": c.id, "province": code, "obj": c})
        for c in arch.components
    )
    for c in arch.components:
        node = prefix + c.id
        edges.append((pnode, node, Relation.CONTAINS))
        edges.extend((node, add_ref(r), Relation.REALIZES) for r in c.realizes)
        edges.extend((node, add_ref(r), Relation.LINKS_TO) for r in c.egov_links)
        if c.domain:
            edges.append((node, prefix + c.domain, Relation.IN_DOMAIN))
    for rel in arch.relationships:
        dst = prefix + rel.target_id if rel.target_id in ids else add_ref(rel.target_id)
        edges.append((prefix + rel.source_id, dst, _RELATION_OF_TYPE[rel.type.value]))
    g.add_nodes_from(
        (prefix + p.id, {"kind": NodeKind.PROJECT, "entity": p.id, "province": code, "obj": p}) for p in arch.projects
    )
    for p in arch.projects:
        node = prefix + p.id
        edges.append((pnode, node, Relation.CONTAINS))
        edges.extend((node, prefix + delivered, Relation.DELIVERS) for delivered in p.delivers)
        if p.domain:
            edges.append((node, prefix + p.domain, Relation.IN_DOMAIN))
    _add_edges(g, edges)
    return [(u, v) for u, v, k in edges if k in DEPENDENCY_RELATIONS]


def _add_edges(g: nx.MultiDiGraph[str], edges: list[tuple[str, str, Relation]]) -> None:
    """``g.add_edges_from`` of edges with explicit keys and no data, written into its adjacency directly.

    networkx spends two calls and a dozen lookups per edge, most of a national build; this writes the same
    dictionaries in the same order (a missing node added, then the key dictionary shared by successor and
    predecessor, then an empty data dictionary per new key). A graph class that may keep its adjacency
    otherwise is given the edges through networkx.
    """
    import networkx as nx

    if type(g) is not nx.MultiDiGraph:
        g.add_edges_from(cast(Any, ((u, v, k, {}) for u, v, k in edges)))
        return
    succ: dict[str, dict[str, dict[Any, dict[str, Any]]]] = cast(Any, g)._succ
    pred: dict[str, dict[str, dict[Any, dict[str, Any]]]] = cast(Any, g)._pred
    nodes: dict[str, dict[str, Any]] = cast(Any, g)._node
    for u, v, k in edges:
        if u not in succ:
            succ[u], pred[u], nodes[u] = {}, {}, {}
        if v not in succ:
            succ[v], pred[v], nodes[v] = {}, {}, {}
        out = succ[u]
        keys = out.get(v)
        if keys is None:
            out[v] = pred[v][u] = {k: {}}
        elif k not in keys:
            keys[k] = {}
    cache = getattr(g, "__networkx_cache__", None)
    if cache:
        cache.clear()  # as networkx does after adding edges: no converted graph may outlive them
