"""``ictarch impact``: what a change to one component touches."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
)
from ictarch.cli.options import REPORT_FORMATS, paths_argument


@main.command("impact")
@click.argument("component")
@paths_argument
@click.option(
    "--depth", type=click.IntRange(min=0), default=0, show_default=True, help="Steps to follow (0: no bound)."
)
@click.option("--format", "impact_format", type=click.Choice(REPORT_FORMATS), default=None, help="Output format.")
@click.pass_obj
@guarded
def impact(settings: Settings, component: str, paths: tuple[Path, ...], depth: int, impact_format: str | None) -> None:
    """What depends on COMPONENT, transitively: the projects and budgets affected, the services citizens lose.

    COMPONENT is a component id (PROVINCE:ID when several provinces use it), or a national-level
    reference component such as ndaf.nat.eid.

    \b
    ictarch impact quang-tri.lgsp province_models/quang-tri
    ictarch impact quang-tri.data-centre province_models/quang-tri --depth 1 --format markdown
    """
    from ictarch.analysis.impact import find_component, to_dict, to_markdown, to_text
    from ictarch.analysis.impact import impact as impact_of
    from ictarch.cli.options import chosen_format
    from ictarch.graph import build_graph

    fmt = chosen_format(settings, impact_format)
    graph = build_graph(load_models(settings, paths))
    report = impact_of(graph, find_component(graph, component), depth or None)
    if fmt == "json":
        click.echo(json.dumps(to_dict(report, settings.lang), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(to_markdown(report, settings.lang), nl=False)
    else:
        click.echo(to_text(report, settings.lang), nl=False)
