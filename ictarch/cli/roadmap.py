"""``ictarch roadmap``: coverage and findings phase by phase."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    from ictarch.errors import Diagnostic
    from ictarch.loading.stream import Loaded
    from ictarch.models.reference import ReferenceCatalogue


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
    from concurrent.futures import ProcessPoolExecutor
    from itertools import count, repeat

    from ictarch._children import pool_worker
    from ictarch.cli.options import chosen_format
    from ictarch.cli.output import write_or_print
    from ictarch.i18n import t as tr
    from ictarch.loading.stream import ProvinceStream

    fmt = chosen_format(settings, roadmap_format)
    _, run_date = run_time()
    with phase(settings, "cli.progress-loading"):
        stream = ProvinceStream.open(model_paths(paths), settings.reference, cache_dir=settings.cache_dir)
    workers = _workers(stream.mains)
    charts: list[tuple[Path, str]] = []
    # One province at a time (or one per worker process): loaded, replayed, written to a spool file and
    # dropped, so memory holds one province. The spool reaches stdout once every province has loaded: a
    # model with an error anywhere prints its errors and nothing else, as when the whole workspace was
    # loaded first.
    with spool_folder() as folder:
        job = _Job(
            settings, fmt, run_date, chart, len(stream) > 1, stream.catalogue, stream.fingerprint,
            stream.cache_dir, folder, progress=workers == 1,
        )  # fmt: skip
        with phase(settings, "cli.progress-roadmap", total=len(stream)) as next_province:
            if workers == 1:
                done = (_replay_one(job, i, main, stream.failed) for i, main in enumerate(stream.mains))
                for result in done:
                    stream.record(result.diagnostics, result.loaded)
                    charts += result.charts
                    next_province()
                    gc.collect()  # the province's cycles, before the next one is loaded
            else:
                with ProcessPoolExecutor(max_workers=workers, initializer=pool_worker, initargs=(os.getpid(),)) as pool:
                    try:
                        for result in pool.map(_replay_one, repeat(job), count(), stream.mains, repeat(False)):
                            stream.record(result.diagnostics, result.loaded)
                            charts += result.charts
                            next_province()
                    except BaseException:  # stopped (Ctrl-C, SIGTERM) or failed: provinces not begun are dropped
                        pool.shutdown(wait=True, cancel_futures=True)
                        raise
        stream.check()
        if stream.normalized:  # one note per run, not an error: the text means the same once composed
            files = tuple(stream.normalized)
            settings.err().print(tr("cli.nfc-note", settings.lang, n=len(files), files=files))
        for target, svg in charts:
            write_or_print(settings, svg, target)
        for i in range(len(stream)):
            with (Path(folder) / f"{i}.out").open(encoding="utf-8") as spool:
                while piece := spool.read(1 << 20):
                    sys.stdout.write(piece)
        if fmt == "json":
            sys.stdout.write("\n]\n" if len(stream) else "[]\n")
        sys.stdout.flush()


SPOOL_PREFIX = "ictarch-roadmap-"
"""The provinces' output is spooled in ``ictarch-roadmap-<pid>-<random>`` in the system's temporary folder."""
STALE_SECONDS = 24 * 3600
"""A spool folder without a process id in its name (written by an earlier ictarch) is removed past this age."""


@contextmanager
def spool_folder() -> Iterator[Path]:
    """A temporary folder for the provinces' output, removed however the run ends: done, failed, Ctrl-C or
    SIGTERM (turned into exit 143 while the folder exists, so that the removal runs). One left by a run killed
    outright (SIGKILL, a crash of the machine) is removed by the next run, once no process has its id."""
    import shutil
    import signal
    import tempfile
    import threading

    sweep_spools(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-"))
    handling = threading.current_thread() is threading.main_thread()  # signals reach the main thread only
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if handling else None
    try:
        yield folder
    finally:
        if handling:  # None: a handler set outside Python, which the default stands for
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
        shutil.rmtree(folder, ignore_errors=True)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def sweep_spools(folder: Path) -> list[Path]:
    """Remove the spool folders in ``folder`` that no running process owns (its id is in the name), and those
    of earlier ictarch versions (no id) older than :data:`STALE_SECONDS`; return what was removed."""
    import shutil
    import time

    removed = []
    for old in folder.glob(f"{SPOOL_PREFIX}*"):
        owner, _, rest = old.name[len(SPOOL_PREFIX) :].partition("-")
        try:
            if owner.isdigit() and rest:
                if _running(int(owner)):
                    continue
            elif time.time() - old.stat().st_mtime < STALE_SECONDS:
                continue
            if not old.is_dir() or old.is_symlink():
                continue
        except OSError:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _workers(mains: list[Path]) -> int:
    """Worker processes for the provinces (a name the tests replace)."""
    from ictarch.loading.workspace import parallel_workers

    return parallel_workers(mains)


@dataclass(frozen=True)
class _Job:
    """What replaying one province needs (sent to worker processes: plain data)."""

    settings: Settings
    fmt: str
    run_date: dt.date
    chart: Path | None
    several: bool
    catalogue: ReferenceCatalogue
    fingerprint: str
    cache_dir: Path | None
    folder: Path
    """Where province ``i``'s output is written, as ``i.out``."""
    progress: bool
    """Draw the years' progress (in the command's own process only)."""


@dataclass(frozen=True)
class _Done:
    diagnostics: list[Diagnostic]
    loaded: Loaded | None
    charts: list[tuple[Path, str]]


def _replay_one(job: _Job, i: int, main: Path, failed: bool) -> _Done:
    """Load province ``i`` and write its roadmap to ``job.folder``; with ``failed`` (or a problem), load only."""
    from exporters.roadmap_chart import to_coverage_svg
    from ictarch.analysis.roadmap import roadmap as replay
    from ictarch.analysis.roadmap_render import iter_json, to_markdown
    from ictarch.loading.stream import Loaded, load_one

    settings, lang = job.settings, job.settings.lang
    province, diagnostics = load_one(main, job.catalogue, job.fingerprint, job.cache_dir)
    if province is None:
        return _Done(diagnostics, None, [])
    loaded = Loaded.of(province)
    if failed or diagnostics:
        return _Done(diagnostics, loaded, [])
    if job.progress:
        with phase(settings, "cli.progress-roadmap-years", province=province.code) as advance:
            t = replay(province, job.catalogue, run_date=job.run_date, progress=advance)
    else:
        t = replay(province, job.catalogue, run_date=job.run_date)
    del province
    charts = []
    if job.chart is not None:
        chart = job.chart
        target = chart.with_name(f"{chart.stem}-{t.province}{chart.suffix}") if job.several else chart
        charts.append((target, to_coverage_svg(t, lang).text))
    with (job.folder / f"{i}.out").open("w", encoding="utf-8") as spool:
        if job.fmt == "json":  # the bytes of json.dumps(list, indent=2), one element at a time
            spool.write("[\n  " if i == 0 else ",\n  ")
            for piece in iter_json(t, lang, level=1):
                spool.write(piece)
        elif job.fmt == "markdown":
            spool.write(("\n" if i else "") + to_markdown(t, lang))
        else:
            out = settings.out()
            with out.capture() as captured:
                _print_text(out, t, lang)
            spool.write(captured.get())
    return _Done(diagnostics, loaded, charts)


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
