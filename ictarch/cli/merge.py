"""``ictarch merge``: one model for a province merged on 1 July 2025, and its consolidation report."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import click

from ictarch.cli.base import (
    EXIT_INTERNAL,
    Settings,
    guarded,
    load_models,
    main,
    print_diagnostic,
    run_time,
)
from ictarch.cli.progress import phase
from ictarch.i18n import t
from ictarch.safe_write import write_folder, write_text


@main.command("merge")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH PATH [PATH...]")
@click.option("--into", "code", required=True, help="Code of the new province, e.g. quang-tri-2025.")
@click.option("--name-vi", required=True, help="Official Vietnamese name of the new province.")
@click.option("--name-en", default=None, help="English name of the new province.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the merged model to (province.yaml and fragments).",
)
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2025-07-01",
    show_default=True,
    help="Date the merger took effect.",
)
@click.option("--basis", default=None, help="Legal act of the merger (default: what the former models record).")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the consolidation report to FILE (default: stdout).",
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Format of the consolidation report.",
)
@click.option(
    "--schema-path",
    default=None,
    help="The $schema prefix written in the files' header (default: the repository's schemas/ folder "
    "relative to the output folder when there is one, else the published URL).",
)
@click.option("--force", is_flag=True, help="Write into an output folder that already holds files.")
@click.pass_obj
@guarded
def merge_provinces(
    settings: Settings,
    paths: tuple[Path, ...],
    code: str,
    name_vi: str,
    name_en: str | None,
    out_dir: Path,
    effective: dt.datetime,
    basis: str | None,
    report_path: Path | None,
    report_format: str,
    schema_path: str | None,
    force: bool,
) -> None:
    """Merge the models of former provinces into the new province's model (the 1 July 2025 mergers).

    Every element keeps its former province in `origin`; ids used by several former provinces are
    renamed (`<former-code>.<id>`) and reported. The consolidation report names the shared platforms and
    applications now present more than once, with a recommendation per group, and the findings of the
    duplicate-investment checks on the merged model. The order of the PATHs decides only the order of
    list entries.

    \b
    ictarch merge province_models/quang-tri province_models/quang-binh --into quang-tri-2025 \\
        --name-vi "Quảng Trị" -o merged/quang-tri-2025 --report merged/quang-tri-2025/consolidation.md
    """
    from rich.text import Text

    from ictarch._memory import bulk_build, short_lived
    from ictarch.analysis.merge import merge
    from ictarch.cli.output import schema_base
    from ictarch.loading import display_name, load_province
    from ictarch.models.common import ID_PATTERN, Label
    from ictarch.province_yaml import as_written, dump_province

    if not re.match(ID_PATTERN, code):
        raise click.BadParameter(t("merge.bad-code", settings.lang, code=code), param_hint="--into")
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(t("cli.not-a-folder", settings.lang, path=str(out_dir)))
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise click.UsageError(t("cli.folder-not-empty", settings.lang, path=str(out_dir)))
    ws = load_models(settings, paths)
    if len(ws.provinces) < 2:
        raise click.UsageError(t("merge.too-few", settings.lang, n=len(ws.provinces)))
    _, run_date = run_time()
    name = Label(vi=name_vi, en=name_en)
    with phase(settings, "cli.progress-merge"), short_lived(), bulk_build():  # as large as both (ictarch._memory)
        merged, report = merge(
            ws.provinces, ws.catalogue, code=code, name=name, effective=effective.date(), basis=basis, run_date=run_date
        )
    former = ", ".join(p.code for p in ws.provinces)
    files = dump_province(
        merged,
        schema_base=schema_path or schema_base(out_dir),
        comment=[t("merge.comment-generated", settings.lang, former=former), t("merge.comment-origin", settings.lang)],
    )
    err = settings.err()
    with phase(settings, "cli.progress-writing"):
        removed = write_folder(out_dir, {name: text.encode("utf-8") for name, text in files.items()}, force=force)
    for file_name in files:
        settings.note(t("cli.wrote", settings.lang, path=display_name(out_dir / file_name)))
    for file_name in removed:
        settings.note(t("cli.removed-earlier", settings.lang, path=display_name(out_dir / file_name)))
    with short_lived(), bulk_build():  # read back to be compared, then dropped (ictarch._memory)
        loaded, diagnostics = load_province(out_dir / "province.yaml", ws.catalogue)
    if loaded is None or loaded.architecture != as_written(merged):
        for d in diagnostics:
            print_diagnostic(err, d, settings.lang)
        err.print(Text(t("merge.does-not-load", settings.lang), style="bold red"))
        sys.exit(EXIT_INTERNAL)
    if report_format == "json":
        text = json.dumps(report.to_dict(settings.lang), indent=2, ensure_ascii=False) + "\n"
    elif report_format == "text":
        text = report.to_text(settings.lang)
    else:
        text = report.to_markdown(settings.lang)
    if report_path is not None:
        write_text(report_path, text)
        settings.note(t("cli.wrote", settings.lang, path=display_name(report_path)))
    else:
        click.echo(text, nl=False)
    err.print(
        t(
            "merge.summary",
            settings.lang,
            former=former,
            code=code,
            components=len(merged.components),
            projects=len(merged.projects),
            collisions=len(report.collisions),
            platforms=len(report.shared_platforms),
            applications=len(report.applications),
        )
    )
