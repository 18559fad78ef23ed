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
from ictarch.models.reference import CapabilityLevel, FrameworkKind, Layer, ReferenceComponent

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


def national_view(graph: ArchGraph, selected: Sequence[str], opts: ViewOptions) -> GridView:
    """Provinces against the reference components (coverage), and the duplicate investments found in them."""
    lang = opts.lang
    codes = provinces_of(graph, selected)
    cat = graph.workspace.catalogue
    by_province = components_by_province(graph)
    indexes = {code: _CoverageIndex(graph, code, by_province.get(code, [])) for code in codes}
    header = (
        Cell(text("reference-item", lang), header=True),
        *(Cell(province_name(graph, code, lang), header=True) for code in codes),
    )
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
        (coverage_table, _duplicates_table(graph, codes, indexes, by_province, lang)),
        lang=lang,
    )


def _duplicates_table(
    graph: ArchGraph,
    codes: Sequence[str],
    indexes: dict[str, _CoverageIndex],
    by_province: dict[str, list[str]],
    lang: str,
) -> Table:
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
        for comp in by_province.get(code, []):
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
                Cell(label_of(obj, lang) or item, "duplicated", item),
                Cell(province_name(graph, code, lang)),
                Cell(", ".join(graph.entity(c).name.text(lang) for c in comps)),
                Cell(text(reason, lang)),
                Cell(vnd(budget, lang) if budget else "–"),
            )
        )
    if len(rows) == 1:
        rows.append((Cell(text("none-found", lang)),))
    return Table("duplicates", text("duplicates", lang), tuple(rows))
