"""``ictarch check`` and its focused forms ``gaps``, ``duplicates``, ``linkage``."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from ictarch.cli.base import (
    EXIT_OK,
    Settings,
    guarded,
    load_models,
    main,
    run_time,
)
from ictarch.cli.options import check_options, paths_argument
from ictarch.cli.progress import phase
from ictarch.errors import ConfigError
from ictarch.findings import parse_baseline, render_baseline
from ictarch.i18n import msg, t
from ictarch.safe_write import write_text


def _check(settings: Settings, paths: tuple[Path, ...], group: str | None, opts: dict[str, Any]) -> None:
    """Load, resolve the configuration, run the checks, print or write the report, exit 0/1."""
    from ictarch import report_cache
    from ictarch.checks import default_registry
    from ictarch.cli.options import run_config
    from ictarch.cli.output import emit_report

    ws = load_models(settings, paths)
    registry = default_registry()
    config = run_config(
        registry,
        paths,
        opts["config_path"],
        profile=opts["profile"],
        fail_on=opts["fail_on"],
        select=opts["select"],
        skip=opts["skip"],
    )
    if group:
        config = replace(config, enabled=config.enabled & set(registry.select([group])))
    baseline = None
    if opts["baseline"]:
        path: Path = opts["baseline"]
        if not path.is_file():
            raise ConfigError(msg("config.baseline-missing", path=str(path)))
        baseline = parse_baseline(path.read_text(encoding="utf-8"), str(path))
    generated_at, run_date = run_time()
    with phase(settings, "cli.progress-checks"):
        report = report_cache.run_cached(
            ws,
            settings.cache_dir,
            config=config,
            registry=registry,
            run_date=run_date,
            generated_at=generated_at,
            baseline=baseline,
        )
    with phase(settings, "cli.progress-writing") if opts["output"] else nullcontext():
        emit_report(settings, report, opts["report_format"] or settings.fmt, opts["output"])
    if opts["write_baseline"]:
        target: Path = opts["write_baseline"]
        write_text(target, render_baseline(report))
        settings.note(t("cli.wrote-baseline", settings.lang, path=str(target), n=len(report.findings)))
        return
    if opts["exit_zero"] and report.exit_code() != EXIT_OK:
        settings.note(t("cli.exit-zero", settings.lang))
    sys.exit(EXIT_OK if opts["exit_zero"] else report.exit_code())


@main.command()
@paths_argument
@check_options
@click.pass_obj
@guarded
def check(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Run the conformance checks on province models; exit 1 on findings at or above --fail-on."""
    _check(settings, paths, None, opts)


@main.command()
@paths_argument
@check_options
@click.pass_obj
@guarded
def gaps(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Gaps against the reference framework (the 'gap' checks, ICT1xx)."""
    _check(settings, paths, "gap", opts)


@main.command()
@paths_argument
@check_options
@click.pass_obj
@guarded
def duplicates(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Duplicate investment (the 'duplication' checks, ICT2xx)."""
    _check(settings, paths, "duplication", opts)


@main.command()
@paths_argument
@check_options
@click.pass_obj
@guarded
def linkage(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Linkage to the e-government architecture and shared platforms (the 'linkage' checks, ICT3xx)."""
    _check(settings, paths, "linkage", opts)
