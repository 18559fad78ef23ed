"""``ictarch diagram``: one view of the models as DOT, SVG, PNG, PDF or Mermaid."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
)
from ictarch.cli.options import paths_argument
from ictarch.cli.progress import phase
from ictarch.i18n import t

if TYPE_CHECKING:
    from exporters.view_coverage import NationalPart
    from exporters.view_model import GridView, View
    from ictarch.loading import LoadedArchitecture
    from ictarch.models.reference import ReferenceCatalogue

VIEWS = ("layered", "gap-map", "impact", "roadmap", "egov", "national")
"""The views of ``ictarch diagram`` (exporters.views.VIEW_KEYS; a test keeps the two equal)."""
DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
_SUFFIX_FORMATS = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf", ".mmd": "mermaid"}


@main.command()
@click.argument("view", type=click.Choice(VIEWS), metavar="VIEW")
@paths_argument
@click.option(
    "--select",
    "include",
    multiple=True,
    help="What the view includes: kind:K, layer:L, domain:D, province:P, status:S, tag:T, ref:R, ID, "
    "+ID (upstream), ID+ (downstream), ID+N (depth); a space means or, a comma means and.",
)
@click.option("--exclude", multiple=True, help="What to leave out, in the same grammar as --select.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIAGRAM_FORMATS),
    default=None,
    help="Output format (default: from the -o suffix, else dot). svg, png and pdf need Graphviz.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write.")
@click.option("--focus", default=None, help="The component of the impact view.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Impact depth (0: no bound).")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=150,
    show_default=True,
    help="Beyond this many components a view collapses them into their layer or domain, with counts.",
)
@click.option(
    "--edges",
    type=click.Choice(["auto", "grouped", "all"]),
    default="auto",
    show_default=True,
    help="Layered and egov views: one line per pair of groups with its count (grouped), every relationship (all), "
    "or grouped for a whole province and all when --select narrows it (auto).",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True, help="Seconds Graphviz may take."
)
@click.pass_obj
@guarded
def diagram(
    settings: Settings,
    view: str,
    paths: tuple[Path, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    focus: str | None,
    depth: int,
    max_nodes: int,
    edges: str,
    timeout: float,
) -> None:
    """Draw a view of province models: VIEW is layered, gap-map, impact, roadmap, egov or national.

    \b
    ictarch diagram layered province_models/quang-tri -o quang-tri.svg
    ictarch --lang en diagram gap-map province_models/ --format mermaid
    ictarch diagram impact province_models/quang-tri --focus quang-tri.lgsp --depth 1 -o lgsp.pdf
    ictarch diagram layered province_models/quang-tri --edges all -o every-relationship.svg
    """
    from exporters.dot import to_dot
    from exporters.mermaid import to_mermaid
    from exporters.render import render
    from exporters.views import ViewOptions, build_view
    from ictarch.cli.output import emit
    from ictarch.graph import build_graph

    fmt = fmt or _SUFFIX_FORMATS.get(output.suffix.lower() if output else "", "dot")
    options = ViewOptions(lang=settings.lang, max_nodes=max_nodes, focus=focus, depth=depth or None, edges=edges)
    if view == "national" and not include and not exclude:
        built: View = _national(settings, paths)
    else:
        ws = load_models(settings, paths)
        with phase(settings, "cli.progress-graph"):
            graph = build_graph(ws)
        with phase(settings, "cli.progress-diagram"):
            built = build_view(view, graph, include, exclude, options)
    for note in built.notes:
        settings.note(t("diagram.cli-note", settings.lang, note=note))
    if fmt == "mermaid":
        data = to_mermaid(built).text.encode("utf-8")
    else:
        text = to_dot(built).text
        data = text.encode("utf-8") if fmt == "dot" else render(text, fmt, timeout=timeout)
    emit(settings, output, data, binary=fmt in ("png", "pdf"))


def _national(settings: Settings, paths: tuple[Path, ...]) -> GridView:
    """The national view of every province, read one province at a time (in worker processes for a large model):
    each province's share of the view is computed from its own graph, then the view is put together, as
    :func:`exporters.view_coverage.national_view` puts it together from the national graph."""
    from functools import partial

    from exporters.view_coverage import national_view_of
    from ictarch.cli.base import map_models

    parts, catalogue = map_models(settings, paths, partial(_national_part, settings.lang))
    with phase(settings, "cli.progress-diagram"):
        return national_view_of(sorted(parts, key=lambda p: p.code), catalogue, settings.lang)


def _national_part(lang: str, loaded: LoadedArchitecture, catalogue: ReferenceCatalogue) -> NationalPart | None:
    """A province's share of the national view, from a graph of that province alone (None: nothing of it shown)."""
    from exporters.view_coverage import national_part_alone
    from ictarch._memory import short_lived
    from ictarch.graph import build_graph
    from ictarch.loading import Workspace

    with short_lived():  # dropped with the province: not frozen out of the collector (ictarch._memory)
        graph = build_graph(Workspace(catalogue, [loaded]))
    return national_part_alone(graph, loaded.code, lang)
