"""What every page of the review site reads: the graph, the report, the summaries, and the site's paths.

Computed once per build. Findings are classified here by family, reference layer and domain (the
filters of the findings page): a finding about a component takes its component's first layer and its
domain; one about a project its domain and the layer of what it delivers; one about the province the
layer it names, if any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from exporters.style import DEFAULT_MAX_NODES
from exporters.views import PROVINCE_RELATIONS, layer_placement
from ictarch.analysis.summary import ProvinceSummary, summarize
from ictarch.findings import Finding, LayerCoverage, Report, RuleInfo, Status
from ictarch.graph import ArchGraph, NodeKind, province_node
from ictarch.loading import LoadedArchitecture
from ictarch.models.common import Label
from ictarch.models.province import Component, Investment
from ictarch.models.reference import ReferenceCatalogue

Renderer = Callable[[str], bytes]
"""DOT text → SVG bytes; raises :class:`~ictarch.errors.ExportError` when Graphviz cannot draw it."""

VIEW_PAGES = ("gap-map", "layered", "roadmap", "egov")
"""The diagram pages of a province, in the order of its navigation."""
ASSETS = ("assets/site.css", "assets/site.js")


@dataclass(frozen=True)
class SiteOptions:
    """How the site is built: its default language, the time it states (none by default: output is
    reproducible), and the node limit beyond which diagrams collapse."""

    lang: str = "vi"
    generated_at: dt.datetime | None = None
    max_nodes: int = DEFAULT_MAX_NODES


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


def findings_path(code: str) -> str:
    return f"{code}/findings.html"


def view_path(code: str, view: str) -> str:
    return f"{code}/{view}.html"


def components_path(code: str) -> str:
    return f"{code}/components.html"


def component_path(code: str, component_id: str) -> str:
    return f"{code}/components/{component_id}.html"


# --------------------------------------------------------------------------- the context


@dataclass
class SiteContext:
    graph: ArchGraph
    report: Report
    renderer: Renderer | None
    options: SiteOptions
    _facets: dict[Finding, Facets] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def catalogue(self) -> ReferenceCatalogue:
        return self.graph.workspace.catalogue

    @cached_property
    def codes(self) -> list[str]:
        return sorted(p.code for p in self.graph.workspace.provinces)

    def province(self, code: str) -> LoadedArchitecture:
        return self.graph.workspace.province(code)

    @cached_property
    def summaries(self) -> dict[str, ProvinceSummary]:
        return {code: summarize(self.province(code), self.graph) for code in self.codes}

    @cached_property
    def rules(self) -> dict[str, RuleInfo]:
        return {r.code: r for r in self.report.rules}

    @cached_property
    def placement(self) -> dict[str, dict[str, str]]:
        """Province → component node → its first reference layer."""
        return {code: layer_placement(self.graph, code) for code in self.codes}

    @cached_property
    def coverage(self) -> dict[str, list[LayerCoverage]]:
        out: dict[str, list[LayerCoverage]] = {code: [] for code in self.codes}
        for c in self.report.coverage:
            out.setdefault(c.province, []).append(c)
        return out

    def findings(self, code: str | None) -> list[Finding]:
        """The findings about one province (None: those tied to no province), in the report's order."""
        return [f for f in self.report.findings if f.province == code]

    def open_findings(self, code: str | None) -> list[Finding]:
        return [f for f in self.findings(code) if f.status is not Status.WAIVED]

    # ------------------------------------------------------------------ model lookups

    def component(self, code: str, component_id: str) -> Component | None:
        node = province_node(code, component_id)
        if node in self.graph and self.graph.info(node).kind == NodeKind.COMPONENT:
            obj: Component = self.graph.entity(node)
            return obj
        return None

    def project(self, code: str, project_id: str) -> Investment | None:
        node = province_node(code, project_id)
        if node in self.graph and self.graph.info(node).kind == NodeKind.PROJECT:
            obj: Investment = self.graph.entity(node)
            return obj
        return None

    def domain_name(self, code: str, domain_id: str) -> Label | None:
        for d in self.province(code).architecture.domains:
            if d.id == domain_id:
                return d.name
        return None

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
        return self.placement.get(code, {}).get(province_node(code, component_id), "")

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
        node = province_node(code, component_id)
        out: set[tuple[str, str]] = set()
        for relation in PROVINCE_RELATIONS:
            for other in self.graph.neighbours(node, relation, direction=direction):
                out.add((other, relation.value))
        return sorted(out)
