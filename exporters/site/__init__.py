"""The review report: a static, bilingual, self-contained HTML site built from a report and the graph.

``build_site(graph, report, renderer, options)`` returns every file of the site by its relative path
(``index.html``, ``<province>/index.html``, ``<province>/findings.html``, the diagram pages,
``<province>/components/<id>.html``, ``national.html`` when there are several provinces, and the one
style sheet and script under ``assets/``). It writes nothing and reads no clock: the CLI writes the
files, and the same input gives byte-identical output. Diagrams are drawn by ``renderer`` (DOT text to
SVG, the CLI passes ``exporters.render.render``); without it, or when it fails, a notice takes their
place.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from importlib import resources

from exporters.site.components import component_page, components_page
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
from exporters.site.findings import findings_page
from exporters.site.overview import home_page, overview_page
from exporters.style import LANGS, check_choice
from ictarch.findings import Report
from ictarch.graph import ArchGraph

__all__ = ["Renderer", "SiteOptions", "asset", "build_site"]


def asset(name: str) -> str:
    """The text of a shipped asset (``site.css``, ``site.js``)."""
    return resources.files("exporters.site").joinpath("assets", name).read_text(encoding="utf-8")


def build_site(
    graph: ArchGraph,
    report: Report,
    renderer: Renderer | None,
    options: SiteOptions | None = None,
    components: Mapping[str, Collection[str]] | None = None,
) -> dict[str, str]:
    """Every file of the review site, by its path relative to the site's folder, in a stable order.

    ``components`` (province code → component ids) limits the pages built, for a live preview that
    keeps the others from an earlier build: a province absent from it gets none of its pages, a
    province present gets its own pages and the component pages named; the home page, the national
    page and the assets are always built."""
    options = options or SiteOptions()
    check_choice(options.lang, LANGS, "language")
    ctx = SiteContext(graph, report, renderer, options)
    files: dict[str, str] = {path: asset(path.rsplit("/", 1)[-1]) for path in ASSETS}
    files[home_path()] = home_page(ctx)
    if len(ctx.codes) > 1:
        files[national_path()] = national_page(ctx)
    for code in ctx.codes:
        if components is not None and code not in components:
            continue
        files[overview_path(code)] = overview_page(ctx, code)
        files[findings_path(code)] = findings_page(ctx, code)
        for view in VIEW_PAGES:
            files[view_path(code, view)] = view_page(ctx, code, view)
        files[components_path(code)] = components_page(ctx, code)
        wanted = components.get(code, ()) if components is not None else None
        for comp in sorted(c.id for c in ctx.province(code).architecture.components):
            if wanted is None or comp in wanted:
                files[component_path(code, comp)] = component_page(ctx, code, comp)
    return files
