"""The graph as GraphML, for Gephi and yEd: every node with its label, kind, status and layer; every edge typed."""

from __future__ import annotations

from exporters.archimate import xml_attr, xml_text
from exporters.style import LANGS, check_choice
from exporters.views import layer_placement
from ictarch.graph import ArchGraph, NodeKind

NODE_KEYS = ("label", "kind", "entity", "province", "component_kind", "status", "layer", "domain")
EDGE_KEYS = ("relation",)


def _label(graph: ArchGraph, node: str, lang: str) -> str:
    obj = graph.entity(node)
    if graph.info(node).kind == NodeKind.PROVINCE:
        return str(obj.province.name.text(lang))
    name = getattr(obj, "name", None)
    return name.text(lang) if name is not None else graph.info(node).entity_id


def to_graphml(graph: ArchGraph, lang: str = "vi") -> str:
    """GraphML of the whole graph: province entities and the reference items they touch, sorted by id."""
    check_choice(lang, LANGS, "language")
    layers: dict[str, str] = {}
    for p in graph.workspace.provinces:
        layers.update(layer_placement(graph, p.code))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    lines.extend(f'  <key id="{k}" for="node" attr.name="{k}" attr.type="string" />' for k in NODE_KEYS)
    lines.extend(f'  <key id="{k}" for="edge" attr.name="{k}" attr.type="string" />' for k in EDGE_KEYS)
    lines.append('  <graph id="ictarch" edgedefault="directed">')
    for node in sorted(graph.nx.nodes):
        info = graph.info(node)
        obj = graph.entity(node)
        values = {
            "label": _label(graph, node, lang),
            "kind": info.kind.value,
            "entity": info.entity_id,
            "province": info.province or "",
            "component_kind": getattr(getattr(obj, "kind", None), "value", ""),
            "status": getattr(getattr(obj, "status", None), "value", ""),
            "layer": layers.get(node, ""),
            "domain": getattr(obj, "domain", None) or "",
        }
        lines.append(f'    <node id="{xml_attr(node)}">')
        lines.extend(f'      <data key="{k}">{xml_text(v)}</data>' for k, v in values.items() if v)
        lines.append("    </node>")
    for i, (u, v, relation) in enumerate(graph.edges(), start=1):
        lines.append(f'    <edge id="e{i}" source="{xml_attr(u)}" target="{xml_attr(v)}">')
        lines.append(f'      <data key="relation">{relation.value}</data>')
        lines.append("    </edge>")
    lines.extend(["  </graph>", "</graphml>"])
    return "\n".join(lines) + "\n"
