"""Option sets shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import F, Settings, model_paths

if TYPE_CHECKING:
    from ictarch.checks.registry import Registry
    from ictarch.config import Config


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="PATH...")

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file (default: ictarch.yaml beside the models, or in their parent folder).",
)


SEVERITIES = ("info", "low", "medium", "high", "critical")
"""The values of :class:`ictarch.findings.Severity`, in its order (a test keeps them equal): named here so that
defining the options does not import the findings (``validate`` does not need them)."""


def fail_on_option(help: str) -> Callable[[F], F]:
    """``--fail-on SEVERITY``; each command says what it means for its exit code."""
    return click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False), default=None, help=help)


def run_config(
    registry: Registry,
    paths: tuple[Path, ...],
    config_path: Path | None,
    *,
    profile: str | None,
    fail_on: str | None,
    select: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> Config:
    """The configuration of a run: the file named by --config, else the one found beside the models,
    resolved with the command's options. Read here, then passed to the runner: loading never reads it."""
    from ictarch.config import ConfigFile, find_config, load_config, resolve_config
    from ictarch.findings import Severity

    config_path = config_path or find_config(model_paths(paths))
    file, locate = load_config(config_path) if config_path else (ConfigFile(), None)
    return resolve_config(
        registry,
        file,
        profile=profile,
        select=select,
        skip=skip,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        locate=locate,
    )


CHECK_FORMATS = ("text", "json", "sarif", "junit", "markdown")
"""The values of :class:`ictarch.formatters.OutputFormat`, in its order (a test keeps them equal): named here so
that defining the options does not import the formatters."""


def check_options(func: F) -> F:
    """Options shared by ``check`` and the focused ``gaps``, ``duplicates`` and ``linkage``."""
    options = [
        click.option("--profile", default=None, help="Profile: draft, approval, or one defined in the config file."),
        config_option,
        click.option("--select", multiple=True, help="Only these checks: codes, names, groups, globs (repeatable)."),
        click.option("--skip", multiple=True, help="Not these checks: codes, names, groups or globs."),
        fail_on_option("Exit 1 on findings at or above this severity (default: the config or profile's, else high)."),
        click.option(
            "--format",
            "report_format",
            type=click.Choice(CHECK_FORMATS),
            default=None,
            help="Report format (default: ictarch's --format, text).",
        ),
        click.option(
            "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to FILE."
        ),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Only findings not in this baseline file count for the exit code.",
        ),
        click.option(
            "--write-baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Write the fingerprints of the current findings to FILE and exit 0.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    func = click.option(
        "--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (invalid input still exits 2)."
    )(func)
    return func


REPORT_FORMATS = ("text", "markdown", "json")


def chosen_format(settings: Settings, fmt: str | None) -> str:
    """A command's --format, else ictarch's --format (text or json)."""
    return fmt or settings.fmt
