"""The review report: a static, bilingual, self-contained HTML site built from a report and the graph.

``Site(provinces, report, renderer, options)`` plans every file of the site by its relative path
(``index.html``, ``<province>/index.html``, ``<province>/findings.html`` and its further pages, the
diagram pages, ``<province>/components.html`` and its further pages, ``<province>/components/<id>.html``,
``national.html`` when there are several provinces, and the one style sheet and script under
``assets/``) and yields them one at a time (``Site.pages``), so that the command line writes each as it
comes and memory holds one page, not the site. It writes nothing and reads no clock: the same input
gives byte-identical output. Diagrams are drawn by ``renderer`` (DOT text to SVG, the CLI passes
``exporters.render.render``); without it, or when it fails, a notice takes their place.

``provinces`` is the national graph, held whole (the live preview has it), or a
:class:`~exporters.site.nation.StreamedNation`, which reads each province's model when its pages are built
and keeps what the whole site shows of it (summary, component ids, share of the national comparison), so
that ``ictarch report`` holds one or two provinces' models, not the nation's: the same files either way.

What a build costs: the lookups (findings by province and by item, relationships by endpoint,
components by province) are built once, in one pass (:mod:`exporters.site.index`); then each page
costs what it shows — a component page its direct relations, at most ``INDIRECT_LIMIT`` indirect ones,
its projects and findings; a findings or component list page ``SiteOptions.page_size`` rows; a diagram page the
province's components and one Graphviz drawing per language, collapsed above ``max_nodes``; the home and
national pages the provinces and the reference layers, with counts where rows would run to thousands.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from importlib import resources
from typing import TYPE_CHECKING

from exporters.site.components import component_page, components_page, components_page_count
from exporters.site.context import (
    ASSETS,
    VIEW_PAGES,
    Renderer,
    SiteContext,
    SiteOptions,
    component_path,
    components_path,
    findings_path,
    home_path,
    national_path,
    overview_path,
    view_path,
)
from exporters.site.diagram_pages import national_page, view_page
from exporters.site.diagrams import start_drawings
from exporters.site.findings import findings_page, findings_page_count
from exporters.site.nation import Nation, StreamedNation, WholeNation
from exporters.site.overview import home_page, overview_page
from exporters.site.workers import Entry, built_with_helper, helper_wanted
from exporters.style import LANGS, check_choice
from ictarch.findings import Report
from ictarch.graph import ArchGraph

if TYPE_CHECKING:
    from ictarch.report_blocks import FindingsByProvince

__all__ = ["Nation", "Renderer", "Site", "SiteOptions", "StreamedNation", "WholeNation", "asset", "build_site"]

DRAWING_THREADS = max(1, min(4, (os.cpu_count() or 2) - 1))
"""Graphviz processes at once beside the building of pages (which keeps one processor busy)."""


def asset(name: str) -> str:
    """The text of a shipped asset (``site.css``, ``site.js``)."""
    return resources.files("exporters.site").joinpath("assets", name).read_text(encoding="utf-8")


class Site:
    """The review site of a report: its paths, known before any page is built, and its pages one by one.

    ``provinces``: the national graph (held whole), or a :class:`~exporters.site.nation.Nation` such as
    :class:`~exporters.site.nation.StreamedNation`, which reads one province at a time (the same pages).

    ``components`` (province code → component ids) limits the pages built, for a live preview that
    keeps the others from an earlier build: a province absent from it gets none of its pages, a
    province present gets its own pages and the component pages named; the home page, the national
    page and the assets are always built.

    ``findings``: the report's findings by province, read one province at a time (``report`` then holds none),
    for a command that keeps them compact (:meth:`ictarch.report_blocks.Blocked.by_province`)."""

    def __init__(
        self,
        provinces: ArchGraph | Nation,
        report: Report,
        renderer: Renderer | None,
        options: SiteOptions | None = None,
        components: Mapping[str, Collection[str]] | None = None,
        findings: FindingsByProvince | None = None,
    ) -> None:
        options = options or SiteOptions()
        check_choice(options.lang, LANGS, "language")
        nation = WholeNation(provinces) if isinstance(provinces, ArchGraph) else provinces
        self.ctx = SiteContext(nation, report, renderer, options, findings_by_province=findings)
        self.only = components
        self._pool: Executor | None = None

    def _plan(self) -> Iterator[tuple[str, Callable[[], str]]]:
        """Each file's path with the function that makes it, in the site's stable order."""
        for path, make, _shareable in self._entries():
            yield path, make

    def _entries(self) -> Iterator[Entry]:
        """The plan, each file marked with whether another process may build it (the component pages)."""
        ctx = self.ctx
        for path in ASSETS:
            yield path, partial(asset, path.rsplit("/", 1)[-1]), False
        yield home_path(), partial(home_page, ctx), False
        if len(ctx.codes) > 1:
            yield national_path(), partial(national_page, ctx), False
        built = [code for code in ctx.codes if self.only is None or code in self.only]
        for i, code in enumerate(built):
            if self._pool is not None:  # building: this province's diagrams and the next's go to Graphviz now
                for ahead in built[i : i + 2]:
                    start_drawings(ctx, ahead, self._pool)
            yield overview_path(code), partial(overview_page, ctx, code), False
            for n in range(1, findings_page_count(ctx, code) + 1):
                yield findings_path(code, n), partial(findings_page, ctx, code, n), False
            for view in VIEW_PAGES:
                yield view_path(code, view), partial(view_page, ctx, code, view), False
            for n in range(1, components_page_count(ctx, code) + 1):
                yield components_path(code, n), partial(components_page, ctx, code, n), False
            wanted = self.only.get(code, ()) if self.only is not None else None
            for comp in ctx.index.components_by_province.get(code, []):
                if wanted is None or comp in wanted:
                    yield component_path(code, comp), partial(component_page, ctx, code, comp), True
            ctx.province_done()  # its pages are made: what they shared goes before the next province's

    def paths(self) -> list[str]:
        """Every file the site holds, in the order :meth:`pages` yields them; builds no page."""
        return [path for path, _make in self._plan()]

    def texts(self, threads: int = 0) -> Iterator[tuple[str, str]]:
        """Each file as text, one at a time. With ``threads``, Graphviz draws the diagrams of a province and of
        the next in that many threads while the pages are built (the same files); without, each in turn."""
        with self._drawing(threads):
            for path, make in self._plan():
                yield path, make()

    @contextmanager
    def _drawing(self, threads: int) -> Iterator[None]:
        """Diagrams drawn ahead in ``threads`` threads while the pages are built in the block (none: in turn)."""
        if threads < 1:
            yield
            return
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="ictarch-graphviz")
        self._pool = pool
        try:
            yield
        finally:
            self._pool = None
            self.ctx.drawings.clear()
            pool.shutdown(wait=True, cancel_futures=True)

    def pages(self, threads: int = DRAWING_THREADS, processes: int | None = None) -> Iterator[tuple[str, bytes]]:
        """Each file as UTF-8 bytes, one at a time: what the command line writes as it comes (drawing ahead in
        ``threads`` threads; the live preview builds in turn, so that stopping it never waits for Graphviz).

        ``processes`` 2 shares the component pages with a forked helper process (the same files, see
        :mod:`exporters.site.workers`); 1 builds all here; None (the default) uses the helper for a large site."""
        ctx = self.ctx
        shared = sum(len(ids) for code, ids in ctx.index.components_by_province.items() if code in ctx.codes)
        if not helper_wanted(shared, processes):
            for path, text in self.texts(threads):
                yield path, text.encode("utf-8")
            return
        for _ in (ctx.rules, ctx.summaries, ctx.coverage):
            pass  # what every page reads, built once before the fork: both processes share it

        def helper_plan() -> Iterator[Entry]:
            self._pool = None  # the helper draws nothing: the diagram pages are built here
            return self._entries()

        with self._drawing(threads):
            yield from built_with_helper(self._entries, helper_plan)


def build_site(
    graph: ArchGraph,
    report: Report,
    renderer: Renderer | None,
    options: SiteOptions | None = None,
    components: Mapping[str, Collection[str]] | None = None,
) -> dict[str, str]:
    """Every file of the review site, by its path relative to the site's folder, in a stable order (the whole
    site in memory: for the live preview and tests; ``ictarch report`` writes :meth:`Site.pages` as they come)."""
    return dict(Site(graph, report, renderer, options, components).texts())
