"""``ictarch check`` and its focused forms ``gaps``, ``duplicates``, ``linkage``."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ictarch.cli.base import (
    EXIT_OK,
    Settings,
    guarded,
    load_checked,
    main,
    model_paths,
    nfc_note,
    run_time,
)
from ictarch.cli.options import check_options, paths_argument
from ictarch.cli.progress import phase
from ictarch.errors import ConfigError
from ictarch.findings import parse_baseline, render_baseline
from ictarch.i18n import msg, t
from ictarch.safe_write import write_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from ictarch.checks.registry import Registry
    from ictarch.config import Config
    from ictarch.loading import Workspace
    from ictarch.output_cache import Request
    from ictarch.report_blocks import Blocked


def _check(settings: Settings, paths: tuple[Path, ...], group: str | None, opts: dict[str, Any]) -> None:
    """Load, resolve the configuration, run the checks, print or write the report, exit 0/1; or write the
    stored output of an identical earlier run (:mod:`ictarch.output_cache`)."""
    fmt = opts["report_format"] or settings.fmt
    cached = _output_cache(settings, paths, group, fmt, opts)
    hit = cached.lookup() if cached is not None else None
    if hit is not None:
        from ictarch.cli.output import emit_stored

        generated_at, _ = run_time()
        nfc_note(settings, hit.notes)
        emit_stored(settings, opts["output"], lambda write: hit.write(write, generated_at))
        _exit(settings, hit.exit_code, opts["exit_zero"])

    from ictarch import report_blocks, report_cache
    from ictarch.checks import default_registry
    from ictarch.cli.output import emit_report
    from ictarch.formatters.json import coverage_text, json_findings_utf8

    registry = default_registry()
    blocks = fmt in report_blocks.FORMATS and not opts["write_baseline"]
    finish = None
    if blocks and not opts["baseline"]:  # the load workers render each province's part of the report

        def finish(config: Config, run_date: dt.date) -> report_blocks.PartMaker:
            render = partial(json_findings_utf8, lang=settings.lang)
            return report_blocks.PartMaker.of(registry, config, render, coverage_text, run_date, settings.cache_dir)

    ws, config = load_checked(
        settings,
        paths,
        registry,
        lambda: _config(registry, paths, group, opts),
        lazy=True,
        finish=finish,
        reads_models=False,  # the workers' results stand for the provinces they prepared
        reads_maps=not blocks,  # a report not written from parts locates ICT204's findings here
    )
    baseline = None
    if opts["baseline"]:
        path: Path = opts["baseline"]
        if not path.is_file():
            raise ConfigError(msg("config.baseline-missing", path=str(path)))
        baseline = parse_baseline(path.read_text(encoding="utf-8"), str(path))
    generated_at, run_date = run_time()
    inputs: dict[str, Any] = {
        "config": config,
        "registry": registry,
        "run_date": run_date,
        "generated_at": generated_at,
        "baseline": baseline,
    }
    if blocks:
        with phase(settings, "cli.progress-checks"):
            blocked = report_blocks.run_blocks(
                ws,
                settings.cache_dir,
                lang=settings.lang,
                render=lambda found: json_findings_utf8(found, settings.lang),
                render_coverage=coverage_text,
                **inputs,
            )
        if blocked is not None:
            _emit_blocked(settings, blocked, ws, opts["output"], cached, generated_at)
            _exit(settings, blocked.exit_code(), opts["exit_zero"])
    with phase(settings, "cli.progress-checks"):
        report = report_cache.run_cached(ws, settings.cache_dir, **inputs)
    writing = phase(settings, "cli.progress-writing") if opts["output"] else nullcontext()
    with writing, cached.recording() if cached is not None else nullcontext() as recorder:
        emit_report(settings, report, fmt, opts["output"], recorder)
        if cached is not None and recorder is not None:
            cached.store(recorder, ws, report.exit_code(), generated_at)
    if opts["write_baseline"]:
        target: Path = opts["write_baseline"]
        write_text(target, render_baseline(report))
        settings.note(t("cli.wrote-baseline", settings.lang, path=str(target), n=len(report.findings)))
        return
    _exit(settings, report.exit_code(), opts["exit_zero"])


def _config(registry: Registry, paths: tuple[Path, ...], group: str | None, opts: dict[str, Any]) -> Config:
    """The run's configuration: the options' and the config file's, narrowed to the command's group of checks."""
    from ictarch.cli.options import run_config

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
    return config


def _emit_blocked(
    settings: Settings,
    blocked: Blocked,
    ws: Workspace,
    output: Path | None,
    cached: Request | None,
    generated_at: dt.datetime,
) -> None:
    """The report written from its provinces' parts (:mod:`ictarch.report_blocks`), as :func:`_check` writes it."""
    from ictarch.cli.output import emit_gathered
    from ictarch.formatters.json import write_encoded_parts

    def produce(write: Callable[[bytes], object]) -> None:
        summary = blocked.summary()
        write_encoded_parts(blocked.head, write, settings.lang, blocked.items(), summary, blocked.coverage)

    writing = phase(settings, "cli.progress-writing") if output else nullcontext()
    with writing, cached.recording() if cached is not None else nullcontext() as recorder:
        emit_gathered(settings, produce, output, recorder)
        if cached is not None and recorder is not None:
            cached.store(recorder, ws, blocked.exit_code(), generated_at)


def _exit(settings: Settings, code: int, exit_zero: bool) -> NoReturn:
    if exit_zero and code != EXIT_OK:
        settings.note(t("cli.exit-zero", settings.lang))
    sys.exit(EXIT_OK if exit_zero else code)


def _output_cache(
    settings: Settings, paths: tuple[Path, ...], group: str | None, fmt: str, opts: dict[str, Any]
) -> Request | None:
    """The output cache's entry for this run, or None when it has none: no cache, --write-baseline (a file
    besides the report), text drawn on a terminal, a stdout that does not take UTF-8."""
    from ictarch import check_inputs, output_cache
    from ictarch.cli.output import repository_root

    if settings.cache_dir is None or opts["write_baseline"]:
        return None
    console = None
    if opts["output"] is None:
        if not check_inputs.stdout_is_utf8():
            return None
        if fmt == "text":
            console = check_inputs.console_options()
            if console is None:
                return None
            console["color"] = settings.color
    try:
        _, run_date = run_time()
    except ConfigError:
        return None  # the run says why
    options = {
        "command": group,
        "lang": settings.lang,
        "console": console,
        "profile": opts["profile"],
        "fail_on": opts["fail_on"],
        "select": list(opts["select"]),
        "skip": list(opts["skip"]),
        "sarif_root": str(repository_root(Path.cwd())) if fmt == "sarif" else None,
    }
    return output_cache.request(
        settings.cache_dir,
        options,
        fmt=fmt,
        paths=model_paths(paths),
        reference=settings.reference or check_inputs.shipped_reference(),
        config=opts["config_path"],
        baseline=opts["baseline"],
        run_date=run_date,
    )


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
