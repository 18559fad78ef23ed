"""The command group, its settings, and what every command shares: error handling, loading, run time.

Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 invalid input, usage or
configuration error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ictarch.cli.commands import COMMANDS, LazyCommands, listed
from ictarch.cli.language import ENV, LocalizedHelp, click_gettext, install_click_texts
from ictarch.cli.progress import phase
from ictarch.i18n import DEFAULT_LANG, msg, t
from ictarch.version import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from ictarch.checks.registry import Registry
    from ictarch.config import Config
    from ictarch.errors import Diagnostic, IctarchError
    from ictarch.loading import LoadedArchitecture, Workspace
    from ictarch.loading.workspace import Prepare
    from ictarch.models.common import Label
    from ictarch.models.reference import ReferenceCatalogue
    from ictarch.runner import Finish


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3

W = TypeVar("W")
"""What a command's work on one province returns (:func:`map_models`)."""
F = TypeVar("F", bound=Callable[..., Any])

install_click_texts()


@dataclass
class Settings:
    fmt: str
    lang: str
    color: bool
    reference: Path | None
    debug: bool
    cache_dir: Path | None = None
    quiet: bool = False

    def note(self, message: str) -> None:
        """An informational message on stderr ("wrote FILE", a hint); ``-q`` silences it, never an error."""
        if not self.quiet:
            self.err().print(message)

    def out(self) -> Console:
        """Data on stdout; 120 columns when it is a file or a pipe (rich would wrap at 80)."""
        from rich.console import Console

        console = Console(no_color=not self.color, highlight=False, soft_wrap=False)
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console = Console(no_color=not self.color, highlight=False, soft_wrap=False, width=120)

        def reader_gone() -> None:  # `| head`: drop the rest, and let the command exit with its own code
            quiet_stdout()
            console.quiet = True

        console.on_broken_pipe = reader_gone  # type: ignore[method-assign]
        return console

    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, no_color=not self.color, highlight=False, soft_wrap=True)

    def label(self, label: Label | None) -> str:
        return label.text(self.lang) if label else ""


def fail(settings: Settings, exc: IctarchError) -> NoReturn:
    from rich.text import Text

    from ictarch.errors import ModelLoadError

    err = settings.err()
    lang = settings.lang
    if isinstance(exc, ModelLoadError):
        if settings.fmt == "json":
            import json

            errors = [d.to_dict(lang) for d in exc.diagnostics]
            click.echo(json.dumps({"valid": False, "errors": errors}, indent=2, ensure_ascii=False))
        for d in exc.diagnostics:
            print_diagnostic(err, d, lang)
        err.print(Text(exc.render(lang), style="bold red"))
    else:
        err.print(Text(t("cli.error", lang), style="bold red"), Text(exc.render(lang)))
        for d in getattr(exc, "diagnostics", ()):
            print_diagnostic(err, d, lang)
    sys.exit(EXIT_INVALID)


def print_diagnostic(console: Console, d: Diagnostic, lang: str = DEFAULT_LANG) -> None:
    from rich.text import Text

    head = Text()
    if d.location:
        head.append(str(d.location), style="bold")
        head.append(": ")
    head.append(d.code, style="red")
    head.append(f" {d.text(lang)}")
    if d.location and d.location.path:
        head.append(f"  [{d.location.path}]", style="dim")
    console.print(head)
    if d.expected:
        console.print(Text("    " + t("load.expected", lang, what=d.expected), style="dim"))
    if d.hint:
        console.print(Text("    " + t("load.hint", lang, hint=d.hint), style="cyan"))
    if d.related:
        console.print(Text("    " + t("load.see-also", lang, where=str(d.related)), style="dim"))


def guarded(func: F) -> F:
    """Turn ictarch errors into clean messages and exit 2; anything else is a bug (exit 3)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ictarch.errors import IctarchError  # when a command runs: ``--help`` does not need it

        settings: Settings = click.get_current_context().find_object(Settings)  # type: ignore[assignment]
        try:
            return func(*args, **kwargs)
        except IctarchError as exc:
            fail(settings, exc)
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # the reader stopped reading (`| head`): not a bug; nothing more to say
            quiet_stdout()
            sys.exit(0)
        except OSError as exc:
            from ictarch.safe_write import output_failure

            failure = output_failure(exc)  # `> out.json` on a full disk: the device's reason, exit 2
            if failure is None:
                raise
            quiet_stdout()
            fail(settings, failure)
        except Exception as exc:  # a bug: short message, the traceback only under --debug
            from rich.text import Text

            err = settings.err()
            err.print(Text(t("cli.internal-error", settings.lang), style="bold red"), f"{type(exc).__name__}: {exc}")
            if settings.debug:
                import traceback

                err.print(traceback.format_exc())
            else:
                err.print(t("cli.internal-error-hint", settings.lang))
            sys.exit(EXIT_INTERNAL)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


def quiet_stdout() -> None:
    """Stdout on the null device: its reader has gone, or it cannot be written, and what it still holds would
    fail again when flushed at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


@dataclass(frozen=True)
class GlobalOption:
    """An option of every command, accepted before the command name and after it (``ictarch check --no-color``)."""

    decls: tuple[str, ...]
    attrs: dict[str, Any]
    apply: Callable[[Settings, Any], None]
    """Set on the settings what the option says, when given after the command name."""


def _set(name: str) -> Callable[[Settings, Any], None]:
    return lambda settings, value: setattr(settings, name, value)


GLOBAL_OPTIONS = (
    GlobalOption(
        ("--format", "fmt"),
        {
            "type": click.Choice(["text", "json"]),
            "default": "text",
            "show_default": True,
            "help": "Output format for data on stdout.",
        },
        _set("fmt"),
    ),
    GlobalOption(
        ("--lang",),
        {
            "type": click.Choice(["vi", "en"]),
            "default": "vi",
            "show_default": True,
            "envvar": ENV,
            "help": f"Language of every text: vi (Vietnamese) or en (English); also {ENV}.",
        },
        _set("lang"),
    ),
    GlobalOption(
        ("--no-color",),
        {"is_flag": True, "help": "Plain text output (also when NO_COLOR is set)."},
        lambda settings, _: setattr(settings, "color", False),
    ),
    GlobalOption(
        ("-q", "--quiet"),
        {"is_flag": True, "help": "No progress and no informational messages on stderr (errors still show)."},
        _set("quiet"),
    ),
    GlobalOption(
        ("--reference",),
        {
            "type": click.Path(path_type=Path, file_okay=False),
            "help": "Reference framework folder (default: the shipped national frameworks).",
        },
        _set("reference"),
    ),
    GlobalOption(("--debug",), {"is_flag": True, "help": "Show tracebacks of internal errors."}, _set("debug")),
    GlobalOption(
        ("--no-cache",),
        {
            "is_flag": True,
            "help": "Do not reuse or store validated models, check reports or check outputs (cache: "
            "ICTARCH_CACHE_DIR, else $XDG_CACHE_HOME/ictarch; safe to delete).",
        },
        lambda settings, _: setattr(settings, "cache_dir", None),
    ),
)


def _late(option: GlobalOption) -> click.Option:
    """The copy of a global option that a command accepts after its name: it changes the settings if given."""

    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is None or value is False:
            return
        settings = ctx.find_object(Settings)
        if settings is not None:
            option.apply(settings, value)

    attrs = {k: v for k, v in option.attrs.items() if k not in ("default", "show_default", "envvar")}
    decls = [d for d in option.decls if d.startswith("-")]
    return click.Option(decls, **attrs, default=None, expose_value=False, callback=callback, hidden=True)


SHOWN_TEXT = "Đường ệ ữ ỹ — → … × ✓ ✗"
"""Letters and signs ictarch prints: a stream whose encoding cannot write them cannot write its messages."""


def utf8_streams() -> None:
    """Standard output and error that can write Vietnamese: a stream whose encoding cannot (``ascii``, a code page
    such as cp1252 in a pipe) is written in UTF-8, the encoding of every file ictarch writes. Otherwise the
    first message with a Vietnamese letter would stop the command as an internal error. A closed one is
    written to nowhere."""
    if sys.stdout is None:  # closed (`>&-`): written to nowhere, as when its reader has gone
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the rest of the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or reconfigure is None:
            continue
        try:
            SHOWN_TEXT.encode(encoding)
        except (UnicodeError, LookupError):
            reconfigure(encoding="utf-8")


class IctarchGroup(LocalizedHelp, click.Group):
    """The command group: every command also accepts the global options after its name, unless it has an
    option of the same name of its own (``check --format`` is the report's format). Help and click's own
    texts are in the language the command line asks for (:mod:`ictarch.cli.language`)."""

    command_class = LocalizedHelp
    top_level = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)  # a command's module is imported when the command is looked up

    def main(self, *args: Any, **kwargs: Any) -> Any:
        utf8_streams()  # before anything is printed: --help and --version too
        return super().main(*args, **kwargs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's list of commands, from their summaries: ``--help`` imports none of them."""
        commands = listed(self, ctx)
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
            with formatter.section(click_gettext("Commands")):
                formatter.write_dl(rows)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        taken = {opt for param in cmd.params for opt in getattr(param, "opts", [])}
        for option in GLOBAL_OPTIONS:
            decls = {d for d in option.decls if d.startswith("-")}
            if not decls & taken:
                cmd.params.append(_late(option))
        super().add_command(cmd, name)


def global_options(func: F) -> F:
    for option in reversed(GLOBAL_OPTIONS):
        func = click.option(*option.decls, **option.attrs)(func)
    return func


@click.group(
    cls=IctarchGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="The options above may also follow the command's name (ictarch check --no-color PATH), except an "
    'option the command has of its own. Shell completion: eval "$(_ICTARCH_COMPLETE=bash_source ictarch)" '
    "(zsh_source, fish_source).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_version(ctx) if value and not ctx.resilient_parsing else None,
    help="Show the version, and the YAML readers loads use (ICTARCH_YAML_PARSER=pyyaml forces PyYAML alone), and exit.",
)
@global_options
@click.pass_context
def main(
    ctx: click.Context,
    fmt: str,
    lang: str,
    no_color: bool,
    quiet: bool,
    reference: Path | None,
    debug: bool,
    no_cache: bool,
) -> None:
    """ictarch: architecture-as-code for provincial smart-city ICT architectures in Vietnam.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 invalid input or usage, 3 internal error.
    """
    color = not no_color and "NO_COLOR" not in os.environ
    ctx.obj = Settings(
        fmt=fmt,
        lang=lang,
        color=color,
        reference=reference,
        debug=debug,
        cache_dir=cache_dir_from_env(no_cache),
        quiet=quiet,
    )


def _print_version(ctx: click.Context) -> None:
    """``ictarch, version 0.1.0`` and the parser that reads models here: yaml-rs (the fast extra) or PyYAML."""
    from ictarch.yaml_parser import parser_name

    click.echo(f"ictarch, version {__version__}")
    click.echo(t("cli.version-yaml", DEFAULT_LANG, parser=parser_name()))
    ctx.exit()


def model_paths(paths: tuple[Path, ...]) -> list[Path]:
    """The paths given, else the shipped province models (found without importing the loader)."""
    import province_models

    return list(paths) if paths else [Path(next(iter(province_models.__path__)))]


def load_models(
    settings: Settings,
    paths: tuple[Path, ...],
    prepare: Prepare | None = None,
    lazy: bool = False,
    reads_models: bool = True,
    reads_maps: bool = True,
) -> Workspace:
    """Load with a progress bar on stderr (shown only on a terminal, never on stdout); ``prepare``: what the
    load workers do on each province besides (:data:`ictarch.loading.workspace.Prepare`); ``lazy``: for a
    command that reads few of the models, ``reads_models`` and ``reads_maps`` false for one that reads none of the
    models (source maps) of the provinces prepared (see :func:`ictarch.loading.load_workspace`)."""
    from ictarch.loading import load_workspace

    with phase(settings, "cli.progress-loading") as advance:
        ws = load_workspace(
            model_paths(paths),
            settings.reference,
            cache_dir=settings.cache_dir,
            progress=advance,
            prepare=prepare,
            lazy=lazy,
            reads_models=reads_models,
            reads_maps=reads_maps,
        )
    nfc_note(settings, [name for p in ws.provinces for name in p.normalized])
    return ws


def map_models(
    settings: Settings, paths: tuple[Path, ...], work: Callable[[LoadedArchitecture, ReferenceCatalogue], W | None]
) -> tuple[list[W], ReferenceCatalogue]:
    """``work`` applied to each province one at a time (:func:`ictarch.loading.stream.map_provinces`), with the
    loading progress and notes of :func:`load_models`: what the work returned, and the reference catalogue. Every
    problem in the models is raised at once when all are read, as any command's loading raises it."""
    from ictarch.loading.stream import ProvinceStream, map_provinces

    with phase(settings, "cli.progress-loading") as advance:
        stream = ProvinceStream.open(model_paths(paths), settings.reference, cache_dir=settings.cache_dir)
        advance(0, len(stream))
        values = map_provinces(stream, work, advance)
    stream.check()
    nfc_note(settings, stream.normalized)
    return values, stream.catalogue


def load_checked(
    settings: Settings,
    paths: tuple[Path, ...],
    registry: Registry,
    configure: Callable[[], Config],
    lazy: bool = False,
    finish: Callable[[Config, dt.date], Finish] | None = None,
    reads_models: bool = True,
    reads_maps: bool = True,
) -> tuple[Workspace, Config]:
    """Load, with the run's province-scoped checks done in the load workers (:class:`ictarch.runner.ProvinceChecks`),
    and the run's configuration, resolved once, before loading. An error in the configuration is raised after
    loading, so that errors in the models come first; an error in the run date (``SOURCE_DATE_EPOCH``) only
    keeps the checks out of the workers, and is reported where the command reads the run time. ``lazy``,
    ``reads_models`` and ``reads_maps``: as for :func:`load_models`; ``finish`` (given the configuration and the
    run date): as :class:`ictarch.runner.ProvinceChecks` has it."""
    from ictarch.errors import IctarchError
    from ictarch.runner import province_checks

    config: Config | None = None
    error: IctarchError | None = None
    prepare = None
    try:
        config = configure()
        _, run_date = run_time()
        prepare = province_checks(registry, config, run_date, finish(config, run_date) if finish else None)
    except IctarchError as exc:
        error = None if config is not None else exc
    ws = load_models(settings, paths, prepare, lazy, reads_models, reads_maps)
    if error is not None:
        raise error
    assert config is not None, "configure() returned or raised"
    return ws, config


def nfc_note(settings: Settings, normalized: list[str]) -> None:
    """One note per run, not an error, naming the files read as composed Unicode: the text means the same."""
    if normalized:
        settings.err().print(t("cli.nfc-note", settings.lang, n=len(normalized), files=tuple(normalized)))


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
            from ictarch.errors import ConfigError

            raise ConfigError(msg("config.bad-epoch", value=repr(epoch))) from None
        return when, when.date()
    return dt.datetime.now(dt.UTC).replace(microsecond=0), dt.date.today()
