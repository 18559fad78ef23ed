"""``ictarch diff``: what changed between two versions of the models (folders or git revisions)."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
    run_time,
)
from ictarch.cli.options import REPORT_FORMATS
from ictarch.cli.progress import phase
from ictarch.errors import Diagnostic, IctarchError, ModelLoadError
from ictarch.i18n import msg

if TYPE_CHECKING:
    from ictarch.analysis.diff import PackedSide
    from ictarch.loading import Workspace
    from ictarch.loading.workspace import Prepare
    from ictarch.runner import ProvinceChecks


def _side(settings: Settings, text: str, repo: Path | None, prepare: Prepare | None = None) -> Workspace:
    """One side of a diff: a path, or ``REV:path`` read from git (see ictarch.gitsource); ``prepare``: what the
    load workers run on each province of a path (the province-scoped checks)."""
    from ictarch.errors import DUPLICATE_ID
    from ictarch.gitsource import parse_spec, read_models
    from ictarch.loading import LoadedArchitecture, Workspace, load_catalogue, load_province_texts

    spec = parse_spec(text)
    if spec is None:
        return load_models(settings, (Path(text),), prepare, lazy=True)  # models read one at a time, by pair
    catalogue, _ = load_catalogue(settings.reference)
    provinces: list[LoadedArchitecture] = []
    diagnostics: list[Diagnostic] = []
    for model in read_models(spec, repo or Path.cwd()):
        loaded, diags = load_province_texts(model.files, catalogue, main=model.main, prefix=model.prefix)
        diagnostics.extend(diags)
        if loaded is not None:
            if any(p.code == loaded.code for p in provinces):
                diagnostics.append(
                    Diagnostic(DUPLICATE_ID, msg("load.code-twice-in", code=loaded.code, spec=str(spec)))
                )
            provinces.append(loaded)
    if diagnostics:
        raise ModelLoadError(diagnostics)
    return Workspace(catalogue, provinces)


def _packed(
    settings: Settings, text: str, repo: Path | None, checks: ProvinceChecks | None, run_date: dt.date
) -> PackedSide:
    """The first side loaded, checked (when ``checks``) and packed: its workspace goes when this returns."""
    from ictarch.analysis.diff import pack_side

    workspace = _side(settings, text, repo, checks)
    with phase(settings, "cli.progress-diff"):
        config = checks.config if checks else None
        return pack_side(workspace, run_date=run_date, config=config, checks=checks is not None)


@main.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "diff_format",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="Output format (default: ictarch's --format). markdown suits a pull-request comment.",
)
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The git repository REV:path sides are read from (default: the current folder).",
)
@click.option("--no-checks", is_flag=True, help="Compare the models only, not their findings.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE.")
@click.pass_obj
@guarded
def diff(
    settings: Settings,
    old: str,
    new: str,
    diff_format: str | None,
    repo: Path | None,
    no_checks: bool,
    output: Path | None,
) -> None:
    """What changed from OLD to NEW: entries added, removed and changed, budgets, findings.

    OLD and NEW are model paths, or git revisions of a path, REV:path (the path as git reads it:
    relative to the repository's top folder, or to the current folder when it starts with ./). An
    existing file or folder is always a path. Provinces are paired by code.

    \b
    ictarch diff HEAD~1:province_models/quang-tri province_models/quang-tri --format markdown
    ictarch diff main:province_models HEAD:province_models
    """
    from ictarch._memory import short_lived
    from ictarch.analysis.diff import diff_packed
    from ictarch.analysis.diff_render import to_dict, to_markdown, to_text
    from ictarch.checks import default_registry
    from ictarch.cli.options import chosen_format
    from ictarch.cli.output import write_or_print
    from ictarch.config import resolve_config
    from ictarch.runner import province_checks

    fmt = chosen_format(settings, diff_format)
    try:
        _, run_date = run_time()
    except IctarchError:
        for side in (old, new):  # errors in the models are reported before an error in the run date
            _side(settings, side, repo)
        raise
    registry = default_registry()
    config = resolve_config(registry)
    from ictarch.report_blocks import PartMaker

    # the load workers keep each province's findings as compressed lines (ictarch.analysis.diff._side_findings)
    lines = PartMaker.lines(registry, config, run_date, None)
    prepare = None if no_checks else province_checks(registry, config, run_date, lines)
    # one side at a time: the old side's models, graph and findings are freed before the new side loads (not
    # frozen out of the collector, see ictarch._memory). A side given as a path loads lazily: its checks run in
    # the load workers, and each province's model is read when its pair is compared (or packed), then dropped
    with short_lived():
        packed = _packed(settings, old, repo, prepare, run_date)
    gc.collect()
    after = _side(settings, new, repo, prepare)
    with phase(settings, "cli.progress-diff"):
        report = diff_packed(packed, after, old_label=old, new_label=new, run_date=run_date, config=config)
    if fmt == "json":
        text = json.dumps(to_dict(report, settings.lang), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = to_markdown(report, settings.lang)
    else:
        text = to_text(report, settings.lang)
    write_or_print(settings, text, output)
