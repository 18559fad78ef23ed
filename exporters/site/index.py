"""The lookups every page of the review site needs, built once per build so that no page scans a global list.

A national site has tens of thousands of pages and of findings: a page that filtered the whole report
(or every relationship of the graph) would make the build grow with pages × findings. Instead the
findings are indexed by province and, one province at a time, by the items they are about; the direct
relationships of a component are read from the graph's adjacency; the components are listed by province.
Building the index costs one pass over the findings and the components, a province's item table one pass
over its findings; a lookup then costs what it returns.

The indirect relations of a component (what it needs or what needs it, through others) can reach the
whole province; a page lists the nearest ones, up to a limit, found by a breadth-first walk that stops
there, so each page costs the limit, not the province.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from typing import Any, cast

import networkx as nx

from exporters.views import PROVINCE_RELATIONS
from ictarch.findings import Finding, FindingCounts
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind, Relation, ref_node
from ictarch.models.common import Label

INDIRECT_LIMIT = 50
"""The most indirect relations a component page lists in each direction (nearest first)."""
LISTED_KINDS = frozenset({NodeKind.COMPONENT, NodeKind.REFERENCE_COMPONENT})
"""The nodes a relations table lists: province components and reference items (national platforms)."""


class SiteIndex:
    """Findings, components and names, keyed the way the pages look them up.

    What the national pages and the plan need is kept for the whole site (findings by province, component
    ids and domain names by province); what one province's pages ask (findings by the item they name) is
    built for a province when first asked and the last two provinces' are kept (a component's direct
    relations are read from the graph's adjacency when asked, :func:`direct_relations`): so memory holds one
    province's tables, not the nation's."""

    def __init__(
        self,
        findings_by_province: Mapping[str | None, list[Finding]],
        components_by_province: Mapping[str, list[str]],
        domains: Mapping[str, Mapping[str, Label]],
        counts: Mapping[str | None, FindingCounts] | None = None,
    ) -> None:
        self.findings_by_province = findings_by_province
        """Province code (None: tied to no province) → its findings, in the report's order (a mapping that may
        read a province's findings when asked, such as :class:`ictarch.report_blocks.FindingsByProvince`)."""
        if counts is None:
            counts = {code: FindingCounts.of(found) for code, found in findings_by_province.items()}
        self.counts = counts
        """Each province's findings counted: what the plan of the site and the summaries ask, without them."""
        self.components_by_province = components_by_province
        """Province code → the ids of its components, sorted."""
        self.domains = domains
        """Province code → domain id → its name."""
        self._by_item: dict[str, dict[str, list[Finding]]] = {}

    def findings(self, province: str | None) -> list[Finding]:
        return self.findings_by_province.get(province, [])

    def counted(self, province: str | None) -> FindingCounts:
        return self.counts.get(province) or FindingCounts()

    def findings_about(self, province: str, item_id: str) -> list[Finding]:
        """The findings of ``province`` whose subject or related items name ``item_id``, in the report's order."""
        table = self._by_item.get(province)
        if table is None:
            table = {}
            for f in self.findings(province):
                for item in dict.fromkeys((f.subject, *f.related)):  # once per finding, even if named twice
                    table.setdefault(item, []).append(f)
            if len(self._by_item) >= 2:
                del self._by_item[next(iter(self._by_item))]
            self._by_item[province] = table
        return table.get(item_id, [])


WANTED = frozenset(PROVINCE_RELATIONS)
"""The relations a component page lists."""


def build_index(
    findings: Iterable[Finding],
    components: Mapping[str, list[str]],
    domains: Mapping[str, Mapping[str, Label]],
) -> SiteIndex:
    """One pass over the findings; the components and domain names come from the site's provinces."""
    by_province: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_province.setdefault(f.province, []).append(f)
    return SiteIndex(by_province, components, domains)


def direct_relations(graph: ArchGraph, node: str, direction: str) -> list[tuple[str, str]]:
    """(node, relation) of the direct province relationships of ``node``: 'out', what it needs, or 'in',
    what needs it; sorted. It costs the node's own edges."""
    adjacency = graph.nx.succ if direction == "out" else graph.nx.pred
    if node not in adjacency:
        return []
    found = {(other, Relation(key).value) for other, keys in adjacency[node].items() for key in keys if key in WANTED}
    return sorted(found)


def nearest_reach(
    graph: ArchGraph, node: str, *, reverse: bool, skip: frozenset[str] | set[str], limit: int = INDIRECT_LIMIT
) -> tuple[list[str], bool]:
    """What ``node`` needs (or, ``reverse``, what needs it) through dependency relations, at any distance,
    listing only components and reference items not in ``skip``: the nearest ``limit`` of them, sorted,
    and whether there are more. The walk stops at the limit, so its cost does not grow with the province."""
    g = graph.view(DEPENDENCY_RELATIONS)
    adjacency = g.pred if reverse else g.succ
    if node not in adjacency:
        return [], False
    nodes = graph.nx.nodes
    seen = {node}
    found: list[str] = []
    frontier = [node]
    while frontier:
        following: list[str] = []
        for current in frontier:
            for other in adjacency[current]:
                if other in seen:
                    continue
                seen.add(other)
                following.append(other)
                if other in skip or nodes[other]["kind"] not in LISTED_KINDS:
                    continue
                if len(found) == limit:
                    return sorted(found), True
                found.append(other)
        frontier = following
    return sorted(found), False


class ProvinceSlices:
    """The graph of one province at a time: its nodes, every reference item, and the edges among them.

    The diagrams and summaries of a province ask the graph national questions (every edge of a relation,
    every component, every realizer of a layer) and keep the province's answers; on the whole national
    graph each province would pay for all the others. A province's relationships end in its own nodes or
    in reference items (the graph is built so), so its slice gives the same answers at the cost of the
    province. The nodes are bucketed by province in one pass; a slice is built when asked, from the
    adjacency of its own nodes, and the last two are kept (the pages of a province come together, and the
    diagrams of the next are started ahead)."""

    def __init__(self, graph: ArchGraph) -> None:
        self.graph = graph
        g = graph.nx
        self._nodes: dict[str | None, list[tuple[int, str]]] = {}
        nodes = g.nodes
        for position, node in enumerate(nodes):
            self._nodes.setdefault(nodes[node].get("province"), []).append((position, node))
        shared = {node for _pos, node in self._nodes.get(None, [])}
        self._shared_edges = [(u, v, k) for u in shared for _u, v, k in g.out_edges(u, keys=True) if v in shared]
        self._kept: dict[str, ArchGraph] = {}

    def __call__(self, code: str) -> ArchGraph:
        kept = self._kept.get(code)
        if kept is not None:
            return kept
        g = self.graph.nx
        own = self._nodes.get(code, [])
        order = [node for _pos, node in heapq.merge(own, self._nodes.get(None, []))]
        sub: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        sub.add_nodes_from((node, g.nodes[node]) for node in order)
        edges = list(self._shared_edges)
        mine = {node for _pos, node in own}
        for _pos, u in own:
            edges.extend(g.out_edges(u, keys=True))  # to its own nodes and to reference items
            edges.extend((w, u, k) for w, _u, k in g.in_edges(u, keys=True) if w not in mine)
        if any(u not in sub or v not in sub for u, v, _k in edges):  # the graph is built so that none does
            raise ValueError(f"a relationship of {code} crosses into another province")
        sub.add_edges_from(cast(Any, ((u, v, k, {}) for u, v, k in edges)))
        sliced = ArchGraph(sub, self.graph.workspace)
        if len(self._kept) >= 2:
            del self._kept[next(iter(self._kept))]
        self._kept[code] = sliced
        return sliced


class ProvinceRealizations(ArchGraph):
    """The national graph, with :meth:`realizations` of one province answered from an index.

    A reference layer is realized by components of every province: asking the graph for one province's
    members scans them all, so the summaries and layer placements of 34 provinces cost 34 national scans.
    The index (reference node → province → its realizing components, and reference node → its parts) is
    built in one pass over the edges; a province's answer then costs its own components."""

    def __init__(self, graph: ArchGraph) -> None:
        super().__init__(graph.nx, graph.workspace)
        self._views = graph._views
        parts: dict[str, list[str]] = {}
        realizers: dict[tuple[str, str | None], set[str]] = {}
        nodes = graph.nx.nodes
        for u, v, key in graph.nx.edges(keys=True):
            if key == Relation.REALIZES:
                realizers.setdefault((v, nodes[u].get("province")), set()).add(u)
            elif key == Relation.PART_OF:
                parts.setdefault(v, []).append(u)
        self._parts = parts
        self._realizers = realizers

    def realizations(self, ref_id: str, province: str | None = None) -> list[str]:
        if province is None:
            return super().realizations(ref_id)
        node = ref_node(ref_id)
        if node not in self.nx:
            return []
        found: set[str] = set()
        for target in {node, *self._parts.get(node, ())}:
            found.update(self._realizers.get((target, province), ()))
        return sorted(found)
