"""A province model as an ArchiMate 3.1 Open Exchange Format file (the mapping: :mod:`ictarch.exchange.vocabulary`).

Components become ArchiMate elements by kind, projects work packages, domains and the reference
framework's layers and components groupings. Relationships take the first ArchiMate type that the
relationship table allows for the pair of element types, else Association. Every field that has no
ArchiMate equivalent travels as an ``ictarch:<field>`` property, so that importing the file gives the
model back unchanged. Names and documentation carry both languages (``xml:lang`` vi and en).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import Enum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from exporters.style import NODE_STYLES
from exporters.views import ict_layers, layer_placement
from ictarch.errors import ExportError
from ictarch.exchange.vocabulary import (
    FIELD_RELATIONS,
    FORMAT,
    GROUP_TYPE,
    KIND_TYPES,
    NS,
    PREFIX,
    PROJECT_TYPE,
    PROVINCE_RELATIONS,
    SCHEMA_LOCATION,
    XSI,
    Concept,
    Connection,
    ExchangeModel,
    ExchangeView,
    Folder,
    LangText,
    ViewNode,
    choose,
)
from ictarch.graph import ArchGraph
from ictarch.i18n import msg
from ictarch.models.common import Label
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import Layer, LayerKind

# --------------------------------------------------------------------------- field encoding


def label_texts(label: Label | None) -> tuple[LangText, ...]:
    if label is None:
        return ()
    return (("vi", label.vi),) if label.en is None else (("vi", label.vi), ("en", label.en))


@lru_cache(maxsize=256)
def adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A TypeAdapter for one field, to dump nested values with their aliases and without defaults."""
    annotation = model.model_fields[name].annotation
    return TypeAdapter(Any if annotation is None else annotation)


def encode(model: type[BaseModel], name: str, value: Any) -> tuple[LangText, ...]:
    """One field as property values: labels by language, scalars as text, anything else as JSON."""
    if isinstance(value, Label):
        return label_texts(value)
    if isinstance(value, Enum):
        return ((None, str(value.value)),)
    if isinstance(value, bool):
        return ((None, "true" if value else "false"),)
    if isinstance(value, int | str):
        return ((None, str(value)),)
    if isinstance(value, dt.date):
        return ((None, value.isoformat()),)
    dumped = adapter(model, name).dump_python(value, mode="json", by_alias=True, exclude_defaults=True)
    return ((None, json.dumps(dumped, ensure_ascii=False)),)


def field_properties(obj: BaseModel, skip: frozenset[str] = frozenset()) -> list[tuple[str, tuple[LangText, ...]]]:
    """``ictarch:<field>`` properties for every field of ``obj`` that is not skipped and not at its default."""
    model = type(obj)
    out = []
    for name, info in model.model_fields.items():
        value = getattr(obj, name)
        if name in skip or value == info.get_default(call_default_factory=True):
            continue
        out.append((PREFIX + (info.alias or name), encode(model, name, value)))
    return out


# --------------------------------------------------------------------------- building the exchange model


def component_id(entity: str) -> str:
    return f"c-{entity}"


def project_id(entity: str) -> str:
    return f"p-{entity}"


def domain_id(entity: str) -> str:
    return f"d-{entity}"


def reference_id(item: str) -> str:
    return f"r-{item}"


_COMPONENT_SKIP = frozenset({"id", "name", "description"})
_ENTITY_SKIP = frozenset({"id", "name"})
_RELATIONSHIP_SKIP = frozenset({"source_id", "target_id", "type", "description"})
_MODEL_SKIP = frozenset({"components", "relationships", "projects", "domains", "include"})


def _role(role: str, entity: str | None = None) -> list[tuple[str, tuple[LangText, ...]]]:
    props: list[tuple[str, tuple[LangText, ...]]] = [(PREFIX + "role", ((None, role),))]
    if entity is not None:
        props.append((PREFIX + "id", ((None, entity),)))
    return props


class _Builder:
    def __init__(self, graph: ArchGraph, code: str) -> None:
        self.graph = graph
        self.cat = graph.workspace.catalogue
        self.arch: ProvinceArchitecture = graph.workspace.province(code).architecture
        self.elements: dict[str, Concept] = {}
        self.relationships: list[Concept] = []
        self.types: dict[str, str] = {}

    def element(self, concept: Concept) -> str:
        self.elements.setdefault(concept.identifier, concept)
        self.types[concept.identifier] = concept.type
        return concept.identifier

    def reference(self, item: str) -> str:
        obj = self.cat.layers.get(item) or self.cat.components.get(item)
        names = label_texts(obj.name) if obj is not None else (("vi", item),)
        props = [(PREFIX + "role", ((None, "reference"),)), (PREFIX + "ref", ((None, item),))]
        return self.element(Concept(reference_id(item), GROUP_TYPE, names, (), tuple(props)))

    def relate(
        self,
        relation: str,
        source: str,
        target: str,
        documentation: tuple[LangText, ...] = (),
        extra: list[tuple[str, tuple[LangText, ...]]] | None = None,
    ) -> None:
        typ, reverse = choose(relation, self.types[source], self.types[target])
        if reverse:
            source, target = target, source
        props = [(PREFIX + "relation", ((None, relation),)), *(extra or [])]
        identifier = f"rel-{len(self.relationships) + 1:04d}"
        self.relationships.append(Concept(identifier, typ, (), documentation, tuple(props), source, target))

    def build(self) -> ExchangeModel:
        arch = self.arch
        layers = ict_layers(self.graph, self.arch.code)
        for layer in layers:
            self.reference(layer.id)
        for d in arch.domains:
            props = [*_role("domain", d.id), *field_properties(d, _ENTITY_SKIP)]
            self.element(Concept(domain_id(d.id), GROUP_TYPE, label_texts(d.name), (), tuple(props)))
        for c in arch.components:
            props = [*_role("component", c.id), *field_properties(c, _COMPONENT_SKIP)]
            concept = Concept(
                component_id(c.id),
                KIND_TYPES[c.kind.value],
                label_texts(c.name),
                label_texts(c.description),
                tuple(props),
            )
            self.element(concept)
        for p in arch.projects:
            props = [*_role("project", p.id), *field_properties(p, _ENTITY_SKIP)]
            self.element(Concept(project_id(p.id), PROJECT_TYPE, label_texts(p.name), (), tuple(props)))
        components = {c.id for c in arch.components}
        for rel in arch.relationships:
            target = component_id(rel.target_id) if rel.target_id in components else self.reference(rel.target_id)
            self.relate(
                rel.type.value,
                component_id(rel.source_id),
                target,
                label_texts(rel.description),
                field_properties(rel, _RELATIONSHIP_SKIP),
            )
        for c in arch.components:
            for item in c.realizes:
                self.relate("realizes", component_id(c.id), self.reference(item))
            for item in c.egov_links:
                self.relate("egov_links", component_id(c.id), self.reference(item))
            if c.domain:
                self.relate("domain", domain_id(c.domain), component_id(c.id))
        for p in arch.projects:
            for delivered in p.delivers:
                self.relate("delivers", project_id(p.id), component_id(delivered))
            if p.domain:
                self.relate("domain", domain_id(p.domain), project_id(p.id))
        for item_id in sorted(i.removeprefix("r-") for i in self.elements if i.startswith("r-")):
            layer_id = self.cat.component_layer.get(item_id)
            if layer_id and reference_id(layer_id) in self.elements:
                self.relate("part_of", reference_id(item_id), reference_id(layer_id))
        placement = self._placement(layers)
        view = self._view(layers, placement)
        props = [(PREFIX + "format", ((None, FORMAT),)), *field_properties(arch, _MODEL_SKIP)]
        return ExchangeModel(
            identifier=f"m-{arch.code}",
            names=label_texts(arch.province.name),
            documentation=label_texts(arch.programme.name),
            properties=tuple(props),
            elements=tuple(self.elements.values()),
            relationships=tuple(self.relationships),
            organizations=self._organizations(layers, placement, view),
            views=(view,),
        )

    def _placement(self, layers: list[Layer]) -> dict[str, list[str]]:
        """Component identifiers by the first layer they are placed in; '' for the unplaced."""
        placed = {
            self.graph.info(n).entity_id: layer
            for n, layer in layer_placement(self.graph, self.arch.code, layers).items()
        }
        out: dict[str, list[str]] = {layer.id: [] for layer in layers}
        out[""] = []
        for c in self.arch.components:
            out[placed.get(c.id, "")].append(component_id(c.id))
        return out

    def _view(self, layers: list[Layer], placement: dict[str, list[str]]) -> ExchangeView:
        """The layered view: layer boxes holding their components on a grid, cross-cutting systems beside them."""
        w, h, gap, head = 160, 60, 15, 30
        main = [layer for layer in layers if layer.kind not in (LayerKind.CROSS_CUTTING, LayerKind.CENTRE)]
        side = [layer for layer in layers if layer not in main]
        columns = 4
        band_w = columns * (w + gap) + gap
        nodes: list[ViewNode] = []

        def box(x: int, y: int, cols: int, members: list[str], element: str | None, label: tuple[LangText, ...]) -> int:
            rows = max(1, -(-len(members) // cols))
            height = head + rows * (h + gap) + gap
            children = tuple(
                ViewNode(
                    f"n-{m}",
                    x + gap + (i % cols) * (w + gap),
                    y + head + (i // cols) * (h + gap),
                    w,
                    h,
                    element=m,
                    fill=self._fill(m),
                )
                for i, m in enumerate(members)
            )
            width = cols * (w + gap) + gap
            identifier = f"n-{element}" if element else f"n-box-{len(nodes)}"
            nodes.append(ViewNode(identifier, x, y, width, height, element, label, None, children))
            return y + height + gap

        y = 20
        for layer in main:
            y = box(20, y, columns, placement[layer.id], reference_id(layer.id), ())
        if placement[""]:
            y = box(20, y, columns, placement[""], None, (("vi", "Chưa gắn lớp tham chiếu"), ("en", "Not placed")))
        external = sorted(
            end
            for r in self.relationships
            if r.prop(PREFIX + "relation") in PROVINCE_RELATIONS
            for end in (r.source, r.target)
            if end and end.startswith("r-")
        )
        if external:
            y = box(20, y, columns, external, None, (("vi", "Nền tảng quốc gia"), ("en", "National platforms")))
        y = 20
        for layer in side:
            y = box(20 + band_w + 40, y, 1, placement[layer.id], reference_id(layer.id), ())
        shown = {c.element: c.identifier for n in nodes for c in n.children}
        connections = tuple(
            Connection(f"cn-{r.identifier}", r.identifier, shown[r.source], shown[r.target])
            for r in self.relationships
            if r.source in shown and r.target in shown and r.prop(PREFIX + "relation") not in FIELD_RELATIONS
        )
        names = (("vi", "Kiến trúc phân lớp"), ("en", "Layered architecture"))
        return ExchangeView("v-layered", names, tuple(nodes), connections)

    def _fill(self, element: str) -> str | None:
        kind = next((k for k, t in KIND_TYPES.items() if t == self.types.get(element)), None)
        concept = self.elements.get(element)
        if concept is not None:
            kind = concept.prop(PREFIX + "kind") or kind
        return NODE_STYLES[kind].fill if kind in NODE_STYLES else None

    def _organizations(
        self, layers: list[Layer], placement: dict[str, list[str]], view: ExchangeView
    ) -> tuple[Folder, ...]:
        by_layer = tuple(
            Folder(label_texts(layer.name), (reference_id(layer.id), *placement[layer.id])) for layer in layers
        )
        unplaced = (Folder((("vi", "Chưa gắn lớp tham chiếu"), ("en", "Not placed")), tuple(placement[""])),)
        in_layers = {reference_id(layer.id) for layer in layers}
        folders = [
            Folder(
                (("vi", "Thành phần theo lớp tham chiếu"), ("en", "Components by reference layer")),
                folders=by_layer + (unplaced if placement[""] else ()),
            ),
            Folder((("vi", "Dự án"), ("en", "Projects")), tuple(project_id(p.id) for p in self.arch.projects)),
            Folder((("vi", "Lĩnh vực"), ("en", "Domains")), tuple(domain_id(d.id) for d in self.arch.domains)),
            Folder(
                (("vi", "Khung tham chiếu"), ("en", "Reference framework")),
                tuple(i for i in self.elements if i.startswith("r-") and i not in in_layers),
            ),
            Folder((("vi", "Quan hệ"), ("en", "Relations")), tuple(r.identifier for r in self.relationships)),
            Folder((("vi", "Khung nhìn"), ("en", "Views")), (view.identifier,)),
        ]
        return (Folder((), folders=tuple(f for f in folders if f.refs or f.folders)),)


def exchange_model(graph: ArchGraph, province: str) -> ExchangeModel:
    """The exchange model of one province of the graph's workspace."""
    if province not in {p.code for p in graph.workspace.provinces}:
        raise ExportError(msg("export.no-province", province=province))
    return _Builder(graph, province).build()


# --------------------------------------------------------------------------- XML text


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _check(value: str) -> str:
    bad = _ILLEGAL.search(value)
    if bad:
        raise ExportError(msg("export.xml-character", text=repr(value[:40]), char=f"U+{ord(bad.group()):04X}"))
    return value


def xml_text(value: str) -> str:
    return _check(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(value: str) -> str:
    return xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _lang_elements(tag: str, texts: tuple[LangText, ...], indent: str) -> list[str]:
    out = []
    for lang, value in texts:
        attr = f' xml:lang="{lang}"' if lang else ""
        out.append(f"{indent}<{tag}{attr}>{xml_text(value)}</{tag}>")
    return out


def _properties(
    props: tuple[tuple[str, tuple[LangText, ...]], ...], definitions: dict[str, str], indent: str
) -> list[str]:
    if not props:
        return []
    out = [f"{indent}<properties>"]
    for key, values in props:
        out.append(f'{indent}  <property propertyDefinitionRef="{definitions[key]}">')
        out.extend(_lang_elements("value", values, indent + "    "))
        out.append(f"{indent}  </property>")
    out.append(f"{indent}</properties>")
    return out


def _concept(concept: Concept, definitions: dict[str, str]) -> list[str]:
    tag = "relationship" if concept.source is not None else "element"
    attrs = f'identifier="{xml_attr(concept.identifier)}"'
    if concept.source is not None and concept.target is not None:
        attrs += f' source="{xml_attr(concept.source)}" target="{xml_attr(concept.target)}"'
    attrs += f' xsi:type="{concept.type}"'
    if concept.type == "Association" and concept.source is not None:
        attrs += ' isDirected="true"'
    body = [
        *_lang_elements("name", concept.names, "      "),
        *_lang_elements("documentation", concept.documentation, "      "),
        *_properties(concept.properties, definitions, "      "),
    ]
    if not body:
        return [f"    <{tag} {attrs} />"]
    return [f"    <{tag} {attrs}>", *body, f"    </{tag}>"]


def _folder(folder: Folder, indent: str) -> list[str]:
    out = [f"{indent}<item>", *_lang_elements("label", folder.labels, indent + "  ")]
    for sub in folder.folders:
        out.extend(_folder(sub, indent + "  "))
    out.extend(f'{indent}  <item identifierRef="{xml_attr(ref)}" />' for ref in folder.refs)
    out.append(f"{indent}</item>")
    return out


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f'r="{r}" g="{g}" b="{b}"'


def _view_node(node: ViewNode, indent: str) -> list[str]:
    kind = "Element" if node.element else "Container"
    ref = f' elementRef="{xml_attr(node.element)}"' if node.element else ""
    head = f'{indent}<node identifier="{xml_attr(node.identifier)}"{ref} xsi:type="{kind}" '
    head += f'x="{node.x}" y="{node.y}" w="{node.w}" h="{node.h}"'
    body = _lang_elements("label", node.label, indent + "  ")
    if node.fill:
        body.append(f"{indent}  <style>")
        body.append(f"{indent}    <fillColor {_rgb(node.fill)} />")
        body.append(f"{indent}  </style>")
    for child in node.children:
        body.extend(_view_node(child, indent + "  "))
    if not body:
        return [head + " />"]
    return [head + ">", *body, f"{indent}</node>"]


def to_archimate_xml(model: ExchangeModel) -> str:
    """The Open Exchange Format text of an exchange model: UTF-8, two-space indentation, stable order."""
    owners: list[Concept | ExchangeModel] = [model, *model.elements, *model.relationships]
    keys = sorted({k for owner in owners for k, _v in owner.properties})
    definitions = {key: f"pd-{i + 1}" for i, key in enumerate(keys)}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<model xmlns="{NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{SCHEMA_LOCATION}" '
        f'identifier="{xml_attr(model.identifier)}">',
        *_lang_elements("name", model.names, "  "),
        *_lang_elements("documentation", model.documentation, "  "),
        *_properties(model.properties, definitions, "  "),
    ]
    if model.elements:
        lines.append("  <elements>")
        for concept in model.elements:
            lines.extend(_concept(concept, definitions))
        lines.append("  </elements>")
    if model.relationships:
        lines.append("  <relationships>")
        for concept in model.relationships:
            lines.extend(_concept(concept, definitions))
        lines.append("  </relationships>")
    if model.organizations:
        lines.append("  <organizations>")
        for folder in model.organizations:
            lines.extend(_folder(folder, "    "))
        lines.append("  </organizations>")
    if definitions:
        lines.append("  <propertyDefinitions>")
        for key, identifier in definitions.items():
            lines.append(f'    <propertyDefinition identifier="{identifier}" type="string">')
            lines.append(f"      <name>{xml_text(key)}</name>")
            lines.append("    </propertyDefinition>")
        lines.append("  </propertyDefinitions>")
    if model.views:
        lines.append("  <views>")
        lines.append("    <diagrams>")
        for view in model.views:
            lines.append(f'      <view identifier="{xml_attr(view.identifier)}" xsi:type="Diagram">')
            lines.extend(_lang_elements("name", view.names, "        "))
            for node in view.nodes:
                lines.extend(_view_node(node, "        "))
            for c in view.connections:
                lines.append(
                    f'        <connection identifier="{xml_attr(c.identifier)}" '
                    f'relationshipRef="{xml_attr(c.relationship)}" xsi:type="Relationship" '
                    f'source="{xml_attr(c.source)}" target="{xml_attr(c.target)}" />'
                )
            lines.append("      </view>")
        lines.append("    </diagrams>")
        lines.append("  </views>")
    lines.append("</model>")
    return "\n".join(lines) + "\n"
