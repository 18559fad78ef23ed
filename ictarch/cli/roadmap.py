"""``ictarch roadmap``: coverage and findings phase by phase."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
    run_time,
)
from ictarch.cli.options import REPORT_FORMATS, paths_argument
from ictarch.cli.progress import phase, steps


@main.command("roadmap")
@paths_argument
@click.option("--format", "roadmap_format", type=click.Choice(REPORT_FORMATS), default=None, help="Output format.")
@click.option(
    "--chart",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the chart of coverage per layer by year (SVG) to FILE; with several provinces, FILE-CODE.svg each.",
)
@click.pass_obj
@guarded
def roadmap(settings: Settings, paths: tuple[Path, ...], roadmap_format: str | None, chart: Path | None) -> None:
    """Conformance over time: per year, the gaps that close and the findings that remain as projects complete.

    From the as-is model (existing components) to the target, a component becomes available when a
    project delivering it completes (its end year, else its phase's). Coverage per layer is the share of
    the layer's reference components realized (100% for a covered layer that lists none).

    \b
    ictarch roadmap province_models/quang-tri --chart quang-tri-roadmap.svg
    """
    import textwrap

    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from exporters.roadmap_chart import to_coverage_svg
    from ictarch.analysis.roadmap import roadmap as replay
    from ictarch.analysis.roadmap_render import changes, notes, table, title, to_dict, to_markdown
    from ictarch.cli.options import chosen_format
    from ictarch.cli.output import write_or_print
    from ictarch.i18n import t as tr

    fmt = chosen_format(settings, roadmap_format)
    ws = load_models(settings, paths)
    _, run_date = run_time()
    out = settings.out()
    several = len(ws.provinces) > 1
    # one province at a time, written as soon as it is computed: memory holds one timeline
    for i, province in enumerate(steps(settings, "cli.progress-roadmap", ws.provinces)):
        with phase(settings, "cli.progress-roadmap-years", province=province.code) as advance:
            t = replay(province, ws.catalogue, run_date=run_date, progress=advance)
        if chart is not None:
            target = chart.with_name(f"{chart.stem}-{t.province}{chart.suffix}") if several else chart
            write_or_print(settings, to_coverage_svg(t, settings.lang).text, target)
        if fmt == "json":
            # the bytes of json.dumps(list, indent=2), one element at a time
            element = textwrap.indent(json.dumps(to_dict(t, settings.lang), indent=2, ensure_ascii=False), "  ")
            click.echo(("[\n" if i == 0 else ",\n") + element, nl=False)
            continue
        if fmt == "markdown":
            click.echo(("\n" if i else "") + to_markdown(t, settings.lang), nl=False)
            continue
        header, rows = table(t, settings.lang)
        grid = Table(title=title(t, settings.lang), title_justify="left")
        grid.add_column(header[0], no_wrap=True, min_width=max(len(r[0]) for r in rows))
        grid.add_column(header[1], overflow="ellipsis", max_width=48)
        for j, h in enumerate(header[2:], start=2):
            grid.add_column(h, justify="right", no_wrap=True, min_width=max(len(r[j]) for r in [header, *rows]))
        for j, r in enumerate(rows):
            if j == len(t.layers):
                grid.add_section()
            grid.add_row(*r)
        out.print(grid)
        for label, items in changes(t, settings.lang):
            out.print(Text(f"{label}:", style="bold"))
            for item in items:
                out.print(Padding(Text(item), (0, 0, 0, 2), expand=False))
        for n in notes(t, settings.lang):
            out.print(Text(tr("roadmap.note", settings.lang, note=n), style="yellow"))
        out.print()
    if fmt == "json":
        click.echo("\n]" if ws.provinces else "[]")
