"""The command group, its settings, and what every command shares: error handling, loading, run time.

Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 invalid input, usage or
configuration error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from ictarch.errors import ConfigError, Diagnostic, IctarchError, ModelLoadError
from ictarch.loading import Workspace, examples_root, load_workspace
from ictarch.models.common import Label
from ictarch.version import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Settings:
    fmt: str
    lang: str
    color: bool
    reference: Path | None
    debug: bool
    cache_dir: Path | None = None

    def out(self) -> Console:
        """Data on stdout; 120 columns when it is a file or a pipe (rich would wrap at 80)."""
        console = Console(no_color=not self.color, highlight=False, soft_wrap=False)
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console = Console(no_color=not self.color, highlight=False, soft_wrap=False, width=120)
        return console

    def err(self) -> Console:
        return Console(stderr=True, no_color=not self.color, highlight=False, soft_wrap=True)

    def label(self, label: Label | None) -> str:
        return label.text(self.lang) if label else ""


def fail(settings: Settings, exc: IctarchError) -> NoReturn:
    err = settings.err()
    if isinstance(exc, ModelLoadError):
        if settings.fmt == "json":
            click.echo(
                json.dumps(
                    {"valid": False, "errors": [d.to_dict() for d in exc.diagnostics]}, indent=2, ensure_ascii=False
                )
            )
        for d in exc.diagnostics:
            print_diagnostic(err, d)
        err.print(f"[bold red]{exc}[/]")
    else:
        err.print(f"[bold red]error:[/] {exc}")
    sys.exit(EXIT_INVALID)


def print_diagnostic(console: Console, d: Diagnostic) -> None:
    head = Text()
    if d.location:
        head.append(str(d.location), style="bold")
        head.append(": ")
    head.append(d.code, style="red")
    head.append(f" {d.message}")
    if d.location and d.location.path:
        head.append(f"  [{d.location.path}]", style="dim")
    console.print(head)
    if d.expected:
        console.print(Text(f"    expected: {d.expected}", style="dim"))
    if d.hint:
        console.print(Text(f"    hint: {d.hint}", style="cyan"))
    if d.related:
        console.print(Text(f"    see also: {d.related}", style="dim"))


def guarded(func: F) -> F:
    """Turn ictarch errors into clean messages and exit 2; anything else is a bug (exit 3)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        settings: Settings = click.get_current_context().find_object(Settings)  # type: ignore[assignment]
        try:
            return func(*args, **kwargs)
        except IctarchError as exc:
            fail(settings, exc)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: short message, the traceback only under --debug
            err = settings.err()
            err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc}")
            if settings.debug:
                err.print(traceback.format_exc())
            else:
                err.print("run again with --debug for the traceback, and please report it")
            sys.exit(EXIT_INTERNAL)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ictarch")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format for data on stdout.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of labels.")
@click.option("--no-color", is_flag=True, help="Plain text output (also when NO_COLOR is set).")
@click.option(
    "--reference",
    type=click.Path(path_type=Path, file_okay=False),
    help="Reference framework folder (default: the shipped national frameworks).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not reuse or store validated models (cache: ICTARCH_CACHE_DIR, "
    "else $XDG_CACHE_HOME/ictarch; safe to delete).",
)
@click.pass_context
def main(
    ctx: click.Context, fmt: str, lang: str, no_color: bool, reference: Path | None, debug: bool, no_cache: bool
) -> None:
    """ictarch: architecture-as-code for provincial smart-city ICT architectures in Vietnam.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 invalid input or usage, 3 internal error.
    """
    color = not no_color and "NO_COLOR" not in os.environ
    ctx.obj = Settings(
        fmt=fmt, lang=lang, color=color, reference=reference, debug=debug, cache_dir=cache_dir_from_env(no_cache)
    )


def model_paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) if paths else [examples_root()]


def load_models(settings: Settings, paths: tuple[Path, ...]) -> Workspace:
    """Load with a progress bar on stderr (shown only on a terminal, never on stdout)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=settings.err(),
        transient=True,
        disable=not settings.err().is_terminal,
    ) as bar:
        task = bar.add_task("loading provinces", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        ws = load_workspace(model_paths(paths), settings.reference, cache_dir=settings.cache_dir, progress=advance)
    normalized = [name for p in ws.provinces for name in p.normalized]
    if normalized:  # one note per run, not an error: the text means the same once composed
        settings.err().print(
            f"note: {len(normalized)} file(s) hold decomposed Unicode (NFD) text, read as composed (NFC) so that "
            f"equal names compare equal: {', '.join(normalized)}; save them as NFC to silence this note"
        )
    return ws


def cache_dir_from_env(no_cache: bool) -> Path | None:
    """ICTARCH_CACHE_DIR, else $XDG_CACHE_HOME/ictarch, else ~/.cache/ictarch; None with --no-cache."""
    if no_cache:
        return None
    if os.environ.get("ICTARCH_CACHE_DIR"):
        return Path(os.environ["ICTARCH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ictarch"


def run_time() -> tuple[dt.datetime, dt.date]:
    """The report's time and run date: SOURCE_DATE_EPOCH when set (reproducible output), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
        return when, when.date()
    return dt.datetime.now(dt.UTC).replace(microsecond=0), dt.date.today()
