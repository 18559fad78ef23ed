"""``ictarch report``: the review report, a static bilingual site."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_checked,
    main,
    run_time,
)
from ictarch.cli.options import config_option, fail_on_option, paths_argument
from ictarch.cli.progress import phase
from ictarch.i18n import t
from ictarch.safe_write import write_folder_stream

if TYPE_CHECKING:
    import datetime as dt

    from ictarch.checks.registry import Registry
    from ictarch.config import Config
    from ictarch.findings import Report, Summary
    from ictarch.loading import Workspace
    from ictarch.report_blocks import FindingsByProvince, PartMaker


@main.command("report")
@paths_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the site to (open its index.html).",
)
@click.option("--profile", default=None, help="Check profile: draft, approval, or one defined in the config file.")
@config_option
@click.option(
    "--lang",
    "site_lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language the pages open in (default: ictarch's --lang); every page has a switch.",
)
@fail_on_option("Exit 1 when findings at or above this severity remain (default: exit 0 once the site is written).")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=150,
    show_default=True,
    help="Beyond this many components a diagram collapses them into their layer or domain.",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True, help="Seconds Graphviz may take."
)
@click.option(
    "--force", is_flag=True, help="Write into a folder that already holds files (the site's files are replaced)."
)
@click.pass_obj
@guarded
def report(
    settings: Settings,
    paths: tuple[Path, ...],
    out_dir: Path,
    profile: str | None,
    config_path: Path | None,
    site_lang: str | None,
    fail_on: str | None,
    max_nodes: int,
    timeout: float,
    force: bool,
) -> None:
    """Write the review report: a static, bilingual HTML site that opens from the file system.

    Per province: an overview (programme, scorecard, frameworks), the findings with filters, the gap map,
    layered, roadmap and e-government diagrams, and a page per component; with several provinces, a
    national comparison. Nothing is loaded from the network. Diagrams need Graphviz; without it a notice
    takes their place. Set SOURCE_DATE_EPOCH to print a generation time (otherwise the same input gives
    the same files, byte for byte).

    \b
    ictarch report province_models/ -o site/
    ictarch report province_models/quang-tri -o site/ --lang en --profile approval
    """
    import shutil

    from rich.text import Text

    from exporters.render import render
    from exporters.site import Site, SiteOptions, StreamedNation
    from ictarch._memory import collected_by_hand
    from ictarch.checks import default_registry
    from ictarch.cli.options import run_config
    from ictarch.errors import ExportError
    from ictarch.report_blocks import PartMaker

    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(t("cli.not-a-folder", settings.lang, path=str(out_dir)))
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise click.UsageError(t("cli.folder-not-empty", settings.lang, path=str(out_dir)))
    registry = default_registry()

    def finish(config: Config, run_date: dt.date) -> PartMaker:
        return PartMaker.lines(registry, config, run_date, settings.cache_dir)

    ws, config = load_checked(
        settings,
        paths,
        registry,
        lambda: run_config(registry, paths, config_path, profile=profile, fail_on=fail_on),
        lazy=True,  # the models stay with what the load workers sent until the site reads them, one at a time
        finish=finish,  # each province's findings are kept as compressed lines where it is loaded
    )
    generated_at, run_date = run_time()
    with phase(settings, "cli.progress-checks"), collected_by_hand():
        result = _checked(settings, ws, config, registry, run_date, generated_at)
    _release_checks_inputs(ws)
    err = settings.err()
    failures: list[str] = []
    if shutil.which("dot") is None:
        err.print("[yellow]warning:[/] Graphviz 'dot' was not found: the diagrams are replaced by a notice")

    def draw(dot_text: str) -> bytes:
        try:
            return render(dot_text, "svg", timeout=timeout)
        except ExportError as exc:
            failures.append(exc.render(settings.lang))
            raise

    options = SiteOptions(
        lang=site_lang or settings.lang,
        generated_at=generated_at if os.environ.get("SOURCE_DATE_EPOCH") else None,
        max_nodes=max_nodes,
    )
    nation = StreamedNation(ws)
    with phase(settings, "cli.progress-site-provinces") as advance, collected_by_hand():
        nation.gather(advance)
    site = Site(nation, result.head, draw, options, findings=result.findings)
    planned = site.paths()
    with phase(settings, "cli.progress-pages", total=len(planned)) as advance, collected_by_hand():
        removed = write_folder_stream(out_dir, planned, site.pages(), force=force, progress=advance)
    if removed:
        err.print(t("report.removed-earlier", settings.lang, n=len(removed)))
    for message in sorted(set(failures)):
        err.print(Text(t("cli.diagram-not-drawn", settings.lang, message=message), style="yellow"))
    summary = result.summary
    written = len(planned)
    settings.note(
        t(
            "report.wrote-site",
            settings.lang,
            n=written,
            folder=str(out_dir),
            provinces=len(ws.provinces),
            findings=summary["total"],
            index=str(out_dir / "index.html"),
        )
    )
    if fail_on:
        sys.exit(result.exit_code)


@dataclass
class _Checked:
    """The report the site shows: its findings kept by province, compact (:meth:`Blocked.by_province`), or in
    ``head`` when the run made the whole report (one province, or a national finding waived)."""

    head: Report
    findings: FindingsByProvince | None
    summary: Summary
    exit_code: int


def _checked(
    settings: Settings, ws: Workspace, config: Config, registry: Registry, run_date: dt.date, generated_at: dt.datetime
) -> _Checked:
    from ictarch import report_blocks, report_cache
    from ictarch.finding_lines import read_coverage

    blocked = report_blocks.run_lines(
        ws, settings.cache_dir, config=config, registry=registry, run_date=run_date, generated_at=generated_at
    )
    if blocked is None:
        whole = report_cache.run_cached(
            ws, settings.cache_dir, config=config, registry=registry, run_date=run_date, generated_at=generated_at
        )
        return _Checked(whole, None, whole.summary(), whole.exit_code())
    head = replace(blocked.head, coverage=tuple(read_coverage(c) for c in blocked.coverage))
    return _Checked(head, blocked.by_province(), blocked.summary(), blocked.exit_code())


def _release_checks_inputs(ws: Workspace) -> None:
    """Free what only the checks read before the site is built: the province results the load workers prepared
    (their findings are in the report now) and each province's source map (the findings carry their
    locations; no page asks where an entity was written). The site's peak memory is this much lower."""
    from ictarch.loading.source_map import SourceMap

    ws.prepared.clear()
    for p in ws.provinces:
        p.source_map = SourceMap()
