"""View models computed from the graph: what a diagram shows, grouped how, and what it notes.

A view is plain frozen data. ``dot.py`` and ``mermaid.py`` turn it into text; nothing here draws, and
no layout is stored: groups, order and ranks are recomputed from the model each time. Every view
starts from a selection (``ictarch.analysis.selection``) of components and projects. The models and
shared helpers are in ``view_model``, the graph views in ``view_graphs``, the coverage grids in
``view_coverage``; this module chooses among them and is what the rest of the code imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exporters.style import EDGE_MODES, LANGS, check_choice
from exporters.view_coverage import Coverage, coverage, gap_map_view, national_view
from exporters.view_graphs import egov_view, impact_view, layered_view, project_dependencies, roadmap_view
from exporters.view_model import (
    CROSS_CUTTING,
    HUB_CAPABILITIES,
    HUBS,
    MAX_HUBS,
    NATIONAL,
    OTHER,
    PROVINCE_RELATIONS,
    UNDATED,
    UNPLACED,
    VIEW_KEYS,
    Cell,
    Edge,
    GraphView,
    GridView,
    Group,
    Node,
    Table,
    View,
    ViewOptions,
    collapse,
    group_edges,
    hub_nodes,
    ict_layers,
    layer_placement,
    lgsp_nodes,
)
from ictarch.analysis.selection import select
from ictarch.graph import ArchGraph

__all__ = [
    "CROSS_CUTTING",
    "HUBS",
    "HUB_CAPABILITIES",
    "MAX_HUBS",
    "NATIONAL",
    "OTHER",
    "PROVINCE_RELATIONS",
    "UNDATED",
    "UNPLACED",
    "VIEW_KEYS",
    "Cell",
    "Coverage",
    "Edge",
    "GraphView",
    "GridView",
    "Group",
    "Node",
    "Table",
    "View",
    "ViewOptions",
    "build_view",
    "collapse",
    "coverage",
    "egov_view",
    "gap_map_view",
    "group_edges",
    "hub_nodes",
    "ict_layers",
    "impact_view",
    "layer_placement",
    "layered_view",
    "lgsp_nodes",
    "national_view",
    "project_dependencies",
    "roadmap_view",
]

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
    check_choice(opts.edges, EDGE_MODES, "edge mode")
    if opts.max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {opts.max_nodes}")
    selected = select(graph, include, exclude)
    return BUILDERS[key](graph, selected, opts)
