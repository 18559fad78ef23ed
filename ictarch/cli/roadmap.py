"""``ictarch roadmap``: coverage and findings phase by phase."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    main,
    model_paths,
    run_time,
)
from ictarch.cli.options import REPORT_FORMATS, paths_argument
from ictarch.cli.progress import phase

if TYPE_CHECKING:
    from rich.console import Console

    from ictarch.analysis.roadmap import RoadmapTimeline


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
    import gc
    import sys
    import tempfile

    from exporters.roadmap_chart import to_coverage_svg
    from ictarch.analysis.roadmap import roadmap as replay
    from ictarch.analysis.roadmap_render import iter_json, to_markdown
    from ictarch.cli.options import chosen_format
    from ictarch.cli.output import write_or_print
    from ictarch.i18n import t as tr
    from ictarch.loading.stream import ProvinceStream

    fmt = chosen_format(settings, roadmap_format)
    _, run_date = run_time()
    out = settings.out()
    with phase(settings, "cli.progress-loading"):
        stream = ProvinceStream.open(model_paths(paths), settings.reference, cache_dir=settings.cache_dir)
    several = len(stream) > 1
    charts: list[tuple[Path, str]] = []
    # One province at a time: loaded, replayed, written to a spool file and dropped, so memory holds one
    # province. The spool reaches stdout once every province has loaded: a model with an error anywhere
    # prints its errors and nothing else, as when the whole workspace was loaded first.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        with phase(settings, "cli.progress-roadmap", total=len(stream)) as next_province:
            for i, province in enumerate(stream):
                next_province()
                if province is None or stream.failed:
                    continue  # read the rest for their problems only
                with phase(settings, "cli.progress-roadmap-years", province=province.code) as advance:
                    t = replay(province, stream.catalogue, run_date=run_date, progress=advance)
                del province
                if chart is not None:
                    target = chart.with_name(f"{chart.stem}-{t.province}{chart.suffix}") if several else chart
                    charts.append((target, to_coverage_svg(t, settings.lang).text))
                if fmt == "json":  # the bytes of json.dumps(list, indent=2), one element at a time
                    spool.write("[\n  " if i == 0 else ",\n  ")
                    for piece in iter_json(t, settings.lang, level=1):
                        spool.write(piece)
                elif fmt == "markdown":
                    spool.write(("\n" if i else "") + to_markdown(t, settings.lang))
                else:
                    with out.capture() as captured:
                        _print_text(out, t, settings.lang)
                    spool.write(captured.get())
                del t
                gc.collect()  # the province's cycles, before the next one is loaded
        stream.check()
        if stream.normalized:  # one note per run, not an error: the text means the same once composed
            files = tuple(stream.normalized)
            settings.err().print(tr("cli.nfc-note", settings.lang, n=len(files), files=files))
        for target, svg in charts:
            write_or_print(settings, svg, target)
        if fmt == "json":
            spool.write("\n]\n" if len(stream) else "[]\n")
        spool.seek(0)
        while piece := spool.read(1 << 20):
            sys.stdout.write(piece)
        sys.stdout.flush()


def _print_text(out: Console, t: RoadmapTimeline, lang: str) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from ictarch.analysis.roadmap_render import changes, notes, table, title
    from ictarch.i18n import t as tr

    header, rows = table(t, lang)
    grid = Table(title=title(t, lang), title_justify="left")
    grid.add_column(header[0], no_wrap=True, min_width=max(len(r[0]) for r in rows))
    grid.add_column(header[1], overflow="ellipsis", max_width=48)
    for j, h in enumerate(header[2:], start=2):
        grid.add_column(h, justify="right", no_wrap=True, min_width=max(len(r[j]) for r in [header, *rows]))
    for j, r in enumerate(rows):
        if j == len(t.layers):
            grid.add_section()
        grid.add_row(*r)
    out.print(grid)
    for label, items in changes(t, lang):
        out.print(Text(f"{label}:", style="bold"))
        for item in items:
            out.print(Padding(Text(item), (0, 0, 0, 2), expand=False))
    for n in notes(t, lang):
        out.print(Text(tr("roadmap.note", lang, note=n), style="yellow"))
    out.print()
