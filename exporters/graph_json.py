"""The models and their graph as one JSON document: province models as written, nodes, and adjacency maps."""

from __future__ import annotations

import json
from typing import Any

from ictarch.graph import ArchGraph

FORMAT = 1


def to_json(graph: ArchGraph) -> str:
    """JSON of every province model (defaults left out) and of the graph (nodes and typed adjacency)."""
    provinces = sorted(graph.workspace.provinces, key=lambda p: p.code)
    nodes: dict[str, dict[str, Any]] = {}
    for node in sorted(graph.nx.nodes):
        info = graph.info(node)
        nodes[node] = {"kind": info.kind.value, "entity": info.entity_id, "province": info.province}
    document = {
        "ictarch": FORMAT,
        "provinces": [
            p.architecture.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude={"include"})
            for p in provinces
        ],
        "graph": {"nodes": nodes, "adjacency": graph.to_adjacency()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
