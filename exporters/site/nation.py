"""Where the review site reads the provinces from: the national graph held whole, or one province at a time.

A province's pages ask only about that province and the reference items it touches (its components, their
relationships, its projects, its diagrams): the graph is built so that no relationship crosses into another
province. So the pages can be built from a graph of the province alone, and the site needs of the nation
only what the home and national pages show and what the plan names: each province's summary, component ids
and domain names, and its share of the national comparison. :class:`WholeNation` answers from the national
graph (the live preview, which has it anyway); :class:`StreamedNation` reads each province's model when its
pages are built and keeps the last two (its pages and the next province's drawings, started ahead), so that
``ictarch report`` holds one province's objects however large the nation. Both give the same pages, byte for
byte (tests/site/test_site_stream.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from exporters.site.index import ProvinceRealizations, ProvinceSlices
from exporters.style import LANGS
from exporters.view_coverage import NationalPart, national_part_alone, national_view_of
from exporters.views import GridView, ViewOptions, build_view
from ictarch._memory import dropped, short_lived
from ictarch.analysis.summary import ProvinceSummary, summarize
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.common import Label
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import ReferenceCatalogue


@dataclass(frozen=True)
class ProvinceFacts:
    """What the site keeps of a province besides its pages: its summary, component ids (sorted), domain names,
    and its share of the national comparison in each language (None: the comparison leaves it out)."""

    summary: ProvinceSummary
    components: list[str]
    domains: dict[str, Label]
    national: dict[str, NationalPart | None]


def _components(arch: ProvinceArchitecture) -> list[str]:
    return sorted({c.id for c in arch.components})


def _domains(arch: ProvinceArchitecture) -> dict[str, Label]:
    names: dict[str, Label] = {}
    for d in arch.domains:
        names.setdefault(d.id, d.name)  # the first, as a scan of the list would find
    return names


class Nation:
    """The provinces of a site, as its pages ask for them."""

    catalogue: ReferenceCatalogue
    codes: list[str]
    """The provinces' codes, sorted."""
    _provinces: dict[str, LoadedArchitecture]

    def __contains__(self, code: object) -> bool:
        return code in self._provinces

    def gather(self, advance: Callable[[int, int], None] | None = None) -> None:
        """Read ahead what the whole site shows of each province (``advance(done, total)`` after each): nothing
        to do for a nation held whole."""

    def province(self, code: str) -> LoadedArchitecture:
        raise NotImplementedError

    def graph_of(self, code: str) -> ArchGraph:
        """A graph holding the province's components, projects and relationships and the reference items they
        touch: where its pages look entities and relationships up."""
        raise NotImplementedError

    def local_graph(self, code: str) -> ArchGraph:
        """The province and the reference alone: what its diagrams and summary are drawn from, at its own cost."""
        raise NotImplementedError

    def realizations(self, code: str) -> ArchGraph:
        """A graph answering ``realizations(item, code)`` at the cost of the province."""
        raise NotImplementedError

    @cached_property
    def summaries(self) -> dict[str, ProvinceSummary]:
        raise NotImplementedError

    @cached_property
    def components(self) -> dict[str, list[str]]:
        """Province code → the ids of its components, sorted."""
        raise NotImplementedError

    @cached_property
    def domains(self) -> dict[str, dict[str, Label]]:
        """Province code → domain id → its name."""
        raise NotImplementedError

    def national_views(self) -> dict[str, GridView]:
        """The national comparison in each language (a table: the diagrams' node limit does not apply)."""
        raise NotImplementedError


class WholeNation(Nation):
    """Every province from the national graph, held whole."""

    def __init__(self, graph: ArchGraph) -> None:
        self.graph = graph
        self.catalogue = graph.workspace.catalogue
        self._provinces = {p.code: p for p in graph.workspace.provinces}
        self.codes = sorted(self._provinces)

    def province(self, code: str) -> LoadedArchitecture:
        return self._provinces[code]

    def graph_of(self, code: str) -> ArchGraph:
        return self.graph

    @cached_property
    def slices(self) -> ProvinceSlices:
        return ProvinceSlices(self.graph)

    def local_graph(self, code: str) -> ArchGraph:
        return self.slices(code)

    @cached_property
    def indexed(self) -> ProvinceRealizations:
        """The graph, answering which components of a province realize a reference item from an index."""
        return ProvinceRealizations(self.graph)

    def realizations(self, code: str) -> ArchGraph:
        return self.indexed

    @cached_property
    def summaries(self) -> dict[str, ProvinceSummary]:
        return {code: summarize(self.province(code), self.indexed) for code in self.codes}

    @cached_property
    def components(self) -> dict[str, list[str]]:
        return {code: _components(self.province(code).architecture) for code in self.codes}

    @cached_property
    def domains(self) -> dict[str, dict[str, Label]]:
        return {code: _domains(self.province(code).architecture) for code in self.codes}

    def national_views(self) -> dict[str, GridView]:
        views: dict[str, GridView] = {}
        for lang in LANGS:
            view = build_view("national", self.graph, (), (), ViewOptions(lang=lang))
            assert isinstance(view, GridView)
            views[lang] = view
        return views


class StreamedNation(Nation):
    """The provinces of a workspace read one at a time: what the whole site needs of each is gathered in one
    pass before the first page (:meth:`gather`), and a province's model is read again, with its own graph,
    when its pages are built. A lazily loaded province (``check``'s and ``report``'s load workers ship its
    model as JSON) is read without being kept, so memory holds the provinces being built, not the nation."""

    KEPT = 2
    """Provinces whose model and graph are kept: the one whose pages are built and the next (its drawings)."""

    def __init__(self, workspace: Workspace) -> None:
        self.catalogue = workspace.catalogue
        self._provinces = {p.code: p for p in workspace.provinces}
        self.codes = sorted(self._provinces)
        self._kept: dict[str, tuple[LoadedArchitecture, ArchGraph]] = {}
        self._facts: dict[str, ProvinceFacts] | None = None

    def _read(self, code: str) -> tuple[LoadedArchitecture, ArchGraph]:
        p = self._provinces[code]
        with short_lived():  # dropped two provinces later: kept collectable (ictarch._memory)
            alone = LoadedArchitecture(p.read_once(), p.root, p.source_map, p.normalized)
            return alone, build_graph(Workspace(self.catalogue, [alone]))

    def _held(self, code: str) -> tuple[LoadedArchitecture, ArchGraph]:
        kept = self._kept.get(code)
        if kept is None:
            kept = self._read(code)
            if len(self._kept) >= self.KEPT:
                del self._kept[next(iter(self._kept))]
                dropped()  # its graph is a reference cycle (ictarch._memory)
            self._kept[code] = kept
        return kept

    def gather(self, advance: Callable[[int, int], None] | None = None) -> None:
        """Read every province once for what the whole site shows of it (``advance(done, total)`` after each)."""
        if self._facts is not None:
            return
        facts: dict[str, ProvinceFacts] = {}
        for i, code in enumerate(self.codes, 1):
            alone, graph = self._kept.get(code) or self._read(code)
            arch = alone.architecture
            facts[code] = ProvinceFacts(
                summarize(alone, graph),
                _components(arch),
                _domains(arch),
                {lang: national_part_alone(graph, code, lang) for lang in LANGS},
            )
            del alone, graph, arch
            dropped()  # the province's graph is a reference cycle (ictarch._memory)
            if advance is not None:
                advance(i, len(self.codes))
        self._facts = facts

    @property
    def facts(self) -> dict[str, ProvinceFacts]:
        self.gather()
        assert self._facts is not None
        return self._facts

    def province(self, code: str) -> LoadedArchitecture:
        return self._held(code)[0]

    def graph_of(self, code: str) -> ArchGraph:
        return self._held(code)[1]

    def local_graph(self, code: str) -> ArchGraph:
        return self.graph_of(code)

    def realizations(self, code: str) -> ArchGraph:
        return self.graph_of(code)

    @cached_property
    def summaries(self) -> dict[str, ProvinceSummary]:
        return {code: f.summary for code, f in self.facts.items()}

    @cached_property
    def components(self) -> dict[str, list[str]]:
        return {code: f.components for code, f in self.facts.items()}

    @cached_property
    def domains(self) -> dict[str, dict[str, Label]]:
        return {code: f.domains for code, f in self.facts.items()}

    def national_views(self) -> dict[str, GridView]:
        views: dict[str, GridView] = {}
        for lang in LANGS:
            parts = [part for f in self.facts.values() if (part := f.national[lang]) is not None]
            views[lang] = national_view_of(parts, self.catalogue, lang)
        return views
