"""The coverage views: a province's gap map against the reference framework, and the national comparison of
provinces with the duplicate investments found in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exporters.style import text
from exporters.view_model import (
    Cell,
    GridView,
    Table,
    ViewOptions,
    label_of,
    province_name,
    provinces_of,
    vnd,
)
from ictarch.graph import ArchGraph, NodeKind, Relation, ref_node
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import CapabilityLevel, FrameworkKind, Layer, ReferenceCatalogue, ReferenceComponent

# --------------------------------------------------------------------------- coverage (gap map, comparison)


@dataclass(frozen=True)
class Coverage:
    item: str
    status: str
    providers: tuple[str, ...]


def components_by_province(graph: ArchGraph) -> dict[str, list[str]]:
    """Each province's component nodes, sorted, in one pass over the graph (not one pass per province)."""
    out: dict[str, list[str]] = {}
    for n, d in graph.nx.nodes(data=True):
        if d["kind"] == NodeKind.COMPONENT and d.get("province") is not None:
            out.setdefault(d["province"], []).append(n)
    for nodes in out.values():
        nodes.sort()
    return out


class _CoverageIndex:
    """Coverage of one province's reference items, with the providers computed once from its components.

    The realizers of an item are found from the province's own components (what each realizes, and
    the layer of that), not from the item's realizers in every province: a national view asks each
    province about every item, and the item's side grows with the number of provinces.
    """

    def __init__(self, graph: ArchGraph, code: str, components: Sequence[str] | None = None) -> None:
        self.graph = graph
        self.code = code
        arch: ProvinceArchitecture = graph.workspace.province(code).architecture
        self.not_applicable = {na.component for na in arch.not_applicable}
        self.by_capability: dict[str, set[str]] = {}
        self.realized: dict[str, set[str]] = {}
        for comp in graph.components(code) if components is None else components:
            for cap in graph.capability_of(comp):
                self.by_capability.setdefault(cap, set()).add(comp)
            for r in graph.neighbours(comp, Relation.REALIZES):
                self.realized.setdefault(r, set()).add(comp)
                for whole in graph.neighbours(r, Relation.PART_OF):
                    self.realized.setdefault(whole, set()).add(comp)

    def of(self, item_id: str) -> Coverage:
        cat = self.graph.workspace.catalogue
        item: Layer | ReferenceComponent = cat.layers[item_id] if item_id in cat.layers else cat.components[item_id]
        providers = set(self.realized.get(ref_node(item_id), ()))
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
    codes = provinces_of(graph, selected)
    cat = graph.workspace.catalogue
    tables = []
    by_province = components_by_province(graph) if len(codes) > 1 else {}
    for code in codes:
        index = _CoverageIndex(graph, code, by_province.get(code) if by_province else None)
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


@dataclass(frozen=True)
class NationalPart:
    """What the national view shows of one province, computed from that province's model alone (its components,
    what they realize, the projects that deliver them), so that a national view can read one province at a time."""

    code: str
    name: str
    frameworks: frozenset[str]
    """The ICT reference frameworks the province declares."""
    coverage: dict[str, tuple[str, int]]
    """Each item (layer, component) of the catalogue's ICT reference frameworks: its status and its providers."""
    duplicates: tuple[tuple[str, str, tuple[str, ...], str, str, str], ...]
    """The duplicate investments found: item, province, components, reason, then the components' names and their
    projects' budget as the table shows them."""


def national_part(graph: ArchGraph, code: str, components: Sequence[str], lang: str) -> NationalPart:
    """The national view's share of province ``code`` (its ``components``, as :func:`components_by_province`)."""
    cat = graph.workspace.catalogue
    index = _CoverageIndex(graph, code, components)
    coverage: dict[str, tuple[str, int]] = {}
    for fw in cat.frameworks.values():
        if fw.kind == FrameworkKind.ICT_REFERENCE:
            for layer in fw.layers:
                for item_id in (layer.id, *(c.id for c in layer.components)):
                    cov = index.of(item_id)
                    coverage[item_id] = (cov.status, len(cov.providers))
    found: list[tuple[str, str, tuple[str, ...], str]] = []  # item, province, components, reason
    frameworks = _frameworks(graph, [code])
    items = [
        i
        for fw in frameworks
        for layer in cat.frameworks[fw].layers
        for i in (layer.id, *(c.id for c in layer.components))
    ]
    for item in items:
        cov = index.of(item)
        if cov.status == "duplicated":
            found.append((item, code, cov.providers, "second-instance"))
    national_items: dict[str, set[str]] = {}
    for comp in components:
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
    duplicates = []
    for item, province, comps, reason in sorted(set(found)):
        projects = {p for c in comps for p in graph.deliverers(c)}
        budget = sum(graph.entity(p).budget_vnd or 0 for p in projects)
        names = ", ".join(graph.entity(c).name.text(lang) for c in comps)
        duplicates.append((item, province, comps, reason, names, vnd(budget, lang) if budget else "–"))
    return NationalPart(code, province_name(graph, code, lang), frozenset(frameworks), coverage, tuple(duplicates))


def national_part_alone(graph: ArchGraph, code: str, lang: str) -> NationalPart | None:
    """Province ``code``'s share of the national view, from a graph of that province alone (None: the view
    leaves it out, as it leaves out a province with no component or project)."""
    from ictarch.analysis.selection import select

    if code not in provinces_of(graph, select(graph, (), ())):
        return None
    return national_part(graph, code, components_by_province(graph).get(code, []), lang)


def national_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GridView:
    """Provinces against the reference components (coverage), and the duplicate investments found in them."""
    by_province = components_by_province(graph)
    parts = [national_part(graph, code, by_province.get(code, []), opts.lang) for code in provinces_of(graph, selected)]
    return national_view_of(parts, graph.workspace.catalogue, opts.lang)


def national_view_of(parts: Sequence[NationalPart], cat: ReferenceCatalogue, lang: str) -> GridView:
    """The national view put together from each province's part (:func:`national_part`), in the parts' order."""
    header = (Cell(text("reference-item", lang), header=True), *(Cell(p.name, header=True) for p in parts))
    rows: list[tuple[Cell, ...]] = [header]
    counted = [[0, 0] for _ in parts]  # covered, applicable
    for fw_id in sorted(set().union(*(p.frameworks for p in parts))):
        for layer in sorted(cat.frameworks[fw_id].layers, key=lambda layer: layer.order):
            for item_id, name, is_layer in [
                (layer.id, layer.name, True),
                *((c.id, c.name, False) for c in layer.components),
            ]:
                cells = [Cell(name.text(lang) if is_layer else f"  {name.text(lang)}", header=is_layer)]
                for part, count in zip(parts, counted, strict=True):
                    status, providers = part.coverage[item_id]
                    cells.append(Cell(str(providers) if providers else "–", status))
                    if status != "not-applicable":
                        count[1] += 1
                        count[0] += status in ("covered", "duplicated")
                rows.append(tuple(cells))
    rows.append(
        (
            Cell(text("coverage", lang), header=True),
            *(Cell(f"{100 * c / a:.0f}%" if a else "–", header=True) for c, a in counted),
        )
    )
    coverage_table = Table("coverage", text("coverage", lang), tuple(rows))
    names = {p.code: p.name for p in parts}
    header = tuple(
        Cell(text(k, lang), header=True)
        for k in ("reference-item", "province", "components-header", "reason", "budget")
    )
    found: list[tuple[Cell, ...]] = [header]
    for item, code, _comps, reason, components, budget in sorted(row for p in parts for row in p.duplicates):
        obj = cat.layers.get(item) or cat.components.get(item) or cat.capabilities.get(item)
        found.append(
            (
                Cell(label_of(obj, lang) or item, "duplicated", item),
                Cell(names[code]),
                Cell(components),
                Cell(text(reason, lang)),
                Cell(budget),
            )
        )
    if len(found) == 1:
        found.append((Cell(text("none-found", lang)),))
    duplicates_table = Table("duplicates", text("duplicates", lang), tuple(found))
    return GridView("national", text("national-view", lang), (coverage_table, duplicates_table), lang=lang)
