"""What every page of the review site reads: the graph, the report, the summaries, and the site's paths.

Computed once per build. Findings are classified here by family, reference layer and domain (the
filters of the findings page): a finding about a component takes its component's first layer and its
domain; one about a project its domain and the layer of what it delivers; one about the province the
layer it names, if any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from exporters.site.index import SiteIndex, build_index, direct_relations
from exporters.site.markup import Html
from exporters.site.nation import Nation
from exporters.style import DEFAULT_MAX_NODES
from exporters.views import View, layer_placement
from ictarch.analysis.summary import ProvinceSummary
from ictarch.errors import ExportError
from ictarch.findings import Finding, LayerCoverage, Report, RuleInfo, Status
from ictarch.graph import ArchGraph, NodeKind, province_node
from ictarch.loading import LoadedArchitecture
from ictarch.models.common import Label
from ictarch.models.province import Component, Investment
from ictarch.models.reference import ReferenceCatalogue

if TYPE_CHECKING:
    from ictarch.report_blocks import FindingsByProvince

Renderer = Callable[[str], bytes]
"""DOT text → SVG bytes; raises :class:`~ictarch.errors.ExportError` when Graphviz cannot draw it."""

VIEW_PAGES = ("gap-map", "layered", "roadmap", "egov")
"""The diagram pages of a province, in the order of its navigation."""
ASSETS = ("assets/site.css", "assets/site.js")
PAGE_SIZE = 500
"""Rows of a findings or component table per page: a national model's province has thousands of each,
and one page of them all would be too heavy to open; a province below this has one page, as always."""
T = TypeVar("T")


@dataclass(frozen=True)
class SiteOptions:
    """How the site is built: its default language, the time it states (none by default: output is
    reproducible), the node limit beyond which diagrams collapse, and the rows of a table page."""

    lang: str = "vi"
    generated_at: dt.datetime | None = None
    max_nodes: int = DEFAULT_MAX_NODES
    page_size: int = PAGE_SIZE
    """Rows of a findings or component table per page."""


@dataclass(frozen=True)
class Drawing:
    """One view of a province in one language, built, with its Graphviz drawing under way (or what failed)."""

    view: View | None
    failure: ExportError | None
    svg: Future[bytes] | None


@dataclass(frozen=True)
class Facets:
    family: str
    layer: str
    """A reference layer id, or '' when the finding is about no layer."""
    domain: str
    """A domain id of the province, or ''."""


# --------------------------------------------------------------------------- paths


def home_path() -> str:
    return "index.html"


def national_path() -> str:
    return "national.html"


def overview_path(code: str) -> str:
    return f"{code}/index.html"


def findings_path(code: str, page: int = 1) -> str:
    """The findings of a province, a page of rows each: findings.html, then findings-2.html, …"""
    return f"{code}/findings.html" if page == 1 else f"{code}/findings-{page}.html"


def view_path(code: str, view: str) -> str:
    return f"{code}/{view}.html"


def components_path(code: str, page: int = 1) -> str:
    """The component list of a province, a page of rows each: components.html, components-2.html, …"""
    return f"{code}/components.html" if page == 1 else f"{code}/components-{page}.html"


def page_count(rows: int, size: int) -> int:
    """How many pages a table of ``rows`` rows takes, ``size`` a page (one, even when empty)."""
    return max(1, -(-rows // size))


def page_rows(rows: Sequence[T], page: int, size: int) -> Sequence[T]:
    """The rows of page ``page`` (from 1), ``size`` a page."""
    return rows[(page - 1) * size : page * size]


def component_path(code: str, component_id: str) -> str:
    return f"{code}/components/{component_id}.html"


# --------------------------------------------------------------------------- the context


@dataclass
class SiteContext:
    nation: Nation
    """Where the provinces are read from: the national graph held whole, or one province at a time."""
    report: Report
    renderer: Renderer | None
    options: SiteOptions
    _facets: dict[Finding, Facets] = field(default_factory=dict)
    _orders: dict[str, list[Component]] = field(default_factory=dict)
    _placements: dict[str, dict[str, str]] = field(default_factory=dict)
    cells: dict[tuple[str, str], Html] = field(default_factory=dict)
    """Markup made once and reused by the pages of a folder (see ``components._node_cell``)."""
    frames: dict[tuple[str, ...], Html] = field(default_factory=dict)
    """The parts of the page frame a folder's pages repeat (head, header, tabs, footer): a few per province."""
    drawings: dict[str, dict[tuple[str, str], Drawing]] = field(default_factory=dict)
    """Province → (view, language) → its diagram, started ahead of its page (see ``diagrams.start_drawings``)."""
    findings_by_province: FindingsByProvince | None = None
    """The report's findings by province, read one province at a time; None: ``report.findings``."""

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def catalogue(self) -> ReferenceCatalogue:
        return self.nation.catalogue

    @property
    def codes(self) -> list[str]:
        return self.nation.codes

    def province(self, code: str) -> LoadedArchitecture:
        return self.nation.province(code)

    def graph_of(self, code: str) -> ArchGraph:
        """Where the pages of province ``code`` look its entities and relationships up."""
        return self.nation.graph_of(code)

    def local_graph(self, code: str) -> ArchGraph:
        """The graph of one province and the reference: what its diagrams and summary ask, at its own cost."""
        return self.nation.local_graph(code)

    @property
    def summaries(self) -> dict[str, ProvinceSummary]:
        return self.nation.summaries

    @cached_property
    def rules(self) -> dict[str, RuleInfo]:
        return {r.code: r for r in self.report.rules}

    def placement(self, code: str) -> dict[str, str]:
        """A province's component nodes → their first reference layer: built when its pages first ask, and
        kept for the last two provinces asked (its pages come together, the next one's drawings start ahead)."""
        kept = self._placements.get(code)
        if kept is None:
            kept = layer_placement(self.nation.realizations(code), code)
            if len(self._placements) >= 2:
                del self._placements[next(iter(self._placements))]
            self._placements[code] = kept
        return kept

    @cached_property
    def coverage(self) -> dict[str, list[LayerCoverage]]:
        out: dict[str, list[LayerCoverage]] = {code: [] for code in self.codes}
        for c in self.report.coverage:
            out.setdefault(c.province, []).append(c)
        return out

    @cached_property
    def index(self) -> SiteIndex:
        """Findings, components and names by what pages look them up with: built once."""
        if self.findings_by_province is not None:
            found = self.findings_by_province
            return SiteIndex(found, self.nation.components, self.nation.domains, found.counts)
        return build_index(self.report.findings, self.nation.components, self.nation.domains)

    def province_done(self) -> None:
        """Forget what the pages of the province just written kept for reuse (facets of its findings, node
        cells of its folders), so that memory holds one province's worth however many the site has."""
        self._facets.clear()
        self.cells.clear()

    def findings(self, code: str | None) -> list[Finding]:
        """The findings about one province (None: those tied to no province), in the report's order."""
        return self.index.findings(code)

    def open_findings(self, code: str | None) -> list[Finding]:
        return [f for f in self.findings(code) if f.status is not Status.WAIVED]

    # ------------------------------------------------------------------ model lookups

    def component(self, code: str, component_id: str) -> Component | None:
        if code not in self.nation:
            return None
        node = province_node(code, component_id)
        graph = self.graph_of(code)
        if node in graph and graph.info(node).kind == NodeKind.COMPONENT:
            obj: Component = graph.entity(node)
            return obj
        return None

    def project(self, code: str, project_id: str) -> Investment | None:
        if code not in self.nation:
            return None
        node = province_node(code, project_id)
        graph = self.graph_of(code)
        if node in graph and graph.info(node).kind == NodeKind.PROJECT:
            obj: Investment = graph.entity(node)
            return obj
        return None

    def domain_name(self, code: str, domain_id: str) -> Label | None:
        return self.index.domains.get(code, {}).get(domain_id)

    def layer_name(self, layer_id: str) -> Label | None:
        layer = self.catalogue.layers.get(layer_id)
        return layer.name if layer else None

    def reference_name(self, item_id: str) -> Label | None:
        """The name of a reference layer, component or framework, or None."""
        cat = self.catalogue
        for table in (cat.layers, cat.components, cat.frameworks):
            item = table.get(item_id)
            if item is not None:
                name: Label = item.name
                return name
        return None

    def component_layer(self, code: str, component_id: str) -> str:
        if code not in self.nation:
            return ""
        return self.placement(code).get(province_node(code, component_id), "")

    def component_order(self, code: str) -> list[Component]:
        """The components of a province by reference layer (in the order of its summary), then id."""
        cached = self._orders.get(code)
        if cached is None:
            order = {layer.layer_id: i for i, layer in enumerate(self.summaries[code].layers)}
            cached = sorted(
                self.province(code).architecture.components,
                key=lambda c: (order.get(self.component_layer(code, c.id), len(order)), c.id),
            )
            self._orders = {code: cached}  # pages of a province come together: keep one province's order
        return cached

    # ------------------------------------------------------------------ finding facets

    def facets(self, finding: Finding) -> Facets:
        cached = self._facets.get(finding)
        if cached is None:
            cached = self._classify(finding)
            self._facets[finding] = cached
        return cached

    def _classify(self, f: Finding) -> Facets:
        rule = self.rules.get(f.code)
        family = rule.family if rule else "other"
        code = f.province
        if code is None:
            return Facets(family, self._reference_layer(f.subject, *f.related), "")
        comp = self.component(code, f.subject)
        if comp is not None:
            return Facets(family, self.component_layer(code, comp.id), comp.domain or "")
        project = self.project(code, f.subject)
        if project is not None:
            layers = [self.component_layer(code, c) for c in project.delivers]
            return Facets(family, next((layer for layer in layers if layer), ""), project.domain or "")
        return Facets(family, self._reference_layer(f.subject, *f.related), "")

    def _reference_layer(self, *items: str) -> str:
        cat = self.catalogue
        for item in items:
            if item in cat.layers:
                return item
            if item in cat.component_layer:
                return cat.component_layer[item]
        return ""

    # ------------------------------------------------------------------ relations of a component

    def relations(self, code: str, component_id: str, direction: str) -> list[tuple[str, str]]:
        """(node, relation) of the direct relationships of a component, 'out' (what it needs) or 'in'."""
        return direct_relations(self.graph_of(code), province_node(code, component_id), direction)
