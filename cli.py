"""The ictarch command line: the only place that prints, reads the environment, writes files and exits.

Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 invalid input, usage or
configuration error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ictarch import __version__, report_cache
from ictarch.checks import default_registry
from ictarch.checks.catalogue import explain as explain_check
from ictarch.checks.catalogue import reference_of, render_markdown
from ictarch.config import ConfigFile, find_config, resolve_config
from ictarch.errors import ConfigError, Diagnostic, IctarchError, ModelLoadError
from ictarch.findings import Report, Severity, parse_baseline, render_baseline
from ictarch.formatters import FORMATTERS, OutputFormat, render_text
from ictarch.graph import build_graph
from ictarch.loader import Workspace, examples_root, load_catalogue, load_config, load_workspace
from ictarch.models.common import ID_PATTERN, Label
from ictarch.models.reference import ReferenceCatalogue
from ictarch.money import format_vnd
from ictarch.scaffold import scaffold_province
from ictarch.schema import SCHEMAS, render
from ictarch.summary import ProvinceSummary, summarize

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


def _fail(settings: Settings, exc: IctarchError) -> NoReturn:
    err = settings.err()
    if isinstance(exc, ModelLoadError):
        if settings.fmt == "json":
            click.echo(
                json.dumps(
                    {"valid": False, "errors": [d.to_dict() for d in exc.diagnostics]}, indent=2, ensure_ascii=False
                )
            )
        for d in exc.diagnostics:
            _print_diagnostic(err, d)
        err.print(f"[bold red]{exc}[/]")
    else:
        err.print(f"[bold red]error:[/] {exc}")
    sys.exit(EXIT_INVALID)


def _print_diagnostic(console: Console, d: Diagnostic) -> None:
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
            _fail(settings, exc)
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


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="PATH...")


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
        fmt=fmt, lang=lang, color=color, reference=reference, debug=debug, cache_dir=_cache_dir(no_cache)
    )


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) if paths else [examples_root()]


def _workspace(settings: Settings, paths: tuple[Path, ...]) -> Workspace:
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

        return load_workspace(_paths(paths), settings.reference, cache_dir=settings.cache_dir, progress=advance)


def _cache_dir(no_cache: bool) -> Path | None:
    """ICTARCH_CACHE_DIR, else $XDG_CACHE_HOME/ictarch, else ~/.cache/ictarch; None with --no-cache."""
    if no_cache:
        return None
    if os.environ.get("ICTARCH_CACHE_DIR"):
        return Path(os.environ["ICTARCH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ictarch"


@main.command()
@paths_argument
@click.pass_obj
@guarded
def validate(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Validate province models (files or folders; default: the shipped examples)."""
    ws = _workspace(settings, paths)
    if settings.fmt == "json":
        click.echo(
            json.dumps(
                {
                    "valid": True,
                    "provinces": [
                        {
                            "code": p.code,
                            "files": p.source_map.file_names(),
                            "components": len(p.architecture.components),
                            "projects": len(p.architecture.projects),
                        }
                        for p in ws.provinces
                    ],
                    "errors": [],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    out = settings.out()
    for p in ws.provinces:
        files = len(p.source_map.file_names())
        out.print(
            f"[green]✓[/] {p.code}: {len(p.architecture.components)} components, "
            f"{len(p.architecture.projects)} projects, {files} file{'s' if files != 1 else ''}"
        )
    out.print(f"{len(ws.provinces)} model{'s' if len(ws.provinces) != 1 else ''} valid")


def _vnd(amount: int, lang: str = "vi") -> str:
    return format_vnd(amount or None, lang)


@main.command()
@paths_argument
@click.pass_obj
@guarded
def show(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Summarize province models: programme, frameworks, components per layer, projects and budgets."""
    ws = _workspace(settings, paths)
    graph = build_graph(ws)
    summaries = [summarize(p, graph) for p in ws.provinces]
    if settings.fmt == "json":
        click.echo(json.dumps([_summary_dict(s, settings) for s in summaries], indent=2, ensure_ascii=False))
        return
    out = settings.out()
    for s in summaries:
        _print_summary(out, s, settings)


def _summary_dict(s: ProvinceSummary, settings: Settings) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": settings.label(s.name),
        "merged_into": s.merged_into,
        "formed_from": list(s.formed_from),
        "documents": [
            {"number": n, "date": d, "title": t_en if settings.lang == "en" and t_en else t_vi}
            for n, d, t_vi, t_en in s.documents
        ],
        "period": list(s.period) if s.period else None,
        "vision_year": s.vision_year,
        "frameworks": [
            {
                "id": f.framework_id,
                "version": f.version,
                "document": f.document_number,
                "current": f.current,
                "superseded_by": list(f.superseded_by),
            }
            for f in s.frameworks
        ],
        "layers": [
            {
                "id": lc.layer_id,
                "name": settings.label(lc.name),
                "kind": lc.kind.value,
                "components": list(lc.components),
            }
            for lc in s.layers
        ],
        "unplaced_components": list(s.unplaced),
        "components": s.component_count,
        "components_by_status": s.components_by_status,
        "projects": s.project_count,
        "projects_by_domain": s.projects_by_domain,
        "declared_project_counts": s.declared_project_counts,
        "projects_by_phase": s.projects_by_phase,
        "pilot": settings.label(s.pilot) if s.pilot else None,
        "solution_groups": [settings.label(g) for g in s.solution_groups],
        "phases": [{"id": i, "name": settings.label(n), "start": a, "end": b} for i, n, a, b in s.phases],
        "budget_vnd": {
            "illustrative_projects": s.illustrative_budgets,
            "total": s.budget_total,
            "by_domain": s.budget_by_domain,
            "by_phase": s.budget_by_phase,
            "unbudgeted_projects": s.unbudgeted_projects,
        },
    }


def _print_summary(out: Console, s: ProvinceSummary, settings: Settings) -> None:
    en = settings.lang == "en"
    title = f"[bold]{settings.label(s.name)}[/] ({s.code})"
    if s.merged_into:
        title += f"  → {'merged into' if en else 'sáp nhập vào'} {s.merged_into} (2025-07-01)"
    out.rule(title)
    for number, date, t_vi, t_en in s.documents:
        out.print(f"  {number}  {date}  {t_en if en and t_en else t_vi}")
    if s.period:
        period = f"{s.period[0]}–{s.period[1]}"
        vision = f", {'vision' if en else 'tầm nhìn'} {s.vision_year}" if s.vision_year else ""
        out.print(f"  {'Period' if en else 'Giai đoạn'}: {period}{vision}")
    for ph_id, ph_name, start, end in s.phases:
        out.print(f"    {ph_id}: {settings.label(ph_name)} ({start}–{end})")
    if s.pilot:
        out.print(f"  {'Pilot' if en else 'Thí điểm'}: {settings.label(s.pilot)}")
    if s.solution_groups:
        out.print(f"  {len(s.solution_groups)} {'solution groups' if en else 'nhóm giải pháp'}:")
        for g in s.solution_groups:
            out.print(f"    • {settings.label(g)}")
    fw = Table(title="Frameworks declared" if en else "Khung tham chiếu/kiến trúc áp dụng", title_justify="left")
    for col in ("id", "version", "document", "status"):
        fw.add_column(col)
    for f in s.frameworks:
        status = (
            Text("current" if en else "hiện hành", style="green")
            if f.current
            else Text(
                ("superseded by " if en else "đã được thay thế bởi ") + ", ".join(f.superseded_by), style="yellow"
            )
        )
        fw.add_row(f.framework_id, f.version, f.document_number, status)
    out.print(fw)
    layers = Table(
        title="Components per reference layer" if en else "Thành phần theo lớp tham chiếu", title_justify="left"
    )
    layers.add_column("layer")
    layers.add_column("name")
    layers.add_column("n", justify="right")
    for lc in s.layers:
        n = len(lc.components)
        layers.add_row(lc.layer_id, settings.label(lc.name), Text(str(n), style="red" if n == 0 else ""))
    out.print(layers)
    if s.unplaced:
        out.print(f"  {'Not placed in a layer' if en else 'Chưa gắn lớp'}: {', '.join(s.unplaced)}")
    status = ", ".join(f"{k} {v}" for k, v in s.components_by_status.items())
    out.print(f"  {'Components' if en else 'Thành phần'}: {s.component_count} ({status})")
    proj = Table(title="Projects per domain" if en else "Dự án theo lĩnh vực", title_justify="left")
    proj.add_column("domain")
    proj.add_column("projects", justify="right")
    proj.add_column("declared", justify="right")
    proj.add_column("budget", justify="right")
    for dom, n in s.projects_by_domain.items():
        declared = s.declared_project_counts.get(dom)
        proj.add_row(
            dom,
            str(n),
            str(declared) if declared is not None else "",
            _vnd(s.budget_by_domain.get(dom, 0), settings.lang),
        )
    proj.add_row(
        Text("total", style="bold"),
        str(s.project_count),
        str(sum(s.declared_project_counts.values())) if s.declared_project_counts else "",
        _vnd(s.budget_total, settings.lang),
    )
    out.print(proj)
    phases = ", ".join(
        f"{k}: {v} ({_vnd(s.budget_by_phase.get(k, 0), settings.lang)})" for k, v in s.projects_by_phase.items()
    )
    out.print(f"  {'Projects per phase' if en else 'Dự án theo giai đoạn'}: {phases}")
    if s.illustrative_budgets:
        note = (
            f"{s.illustrative_budgets} of {s.project_count} budgets are illustrative, not from a source"
            if en
            else f"{s.illustrative_budgets}/{s.project_count} kinh phí là minh họa, không có nguồn"
        )
        out.print(f"  [yellow]{note}[/]")
    if s.unbudgeted_projects:
        out.print(f"  {s.unbudgeted_projects} {'projects without a budget' if en else 'dự án chưa có kinh phí'}")
    out.print()


@main.command()
@click.pass_obj
@guarded
def frameworks(settings: Settings) -> None:
    """List the national frameworks, their versions, status and what supersedes them."""
    cat, _ = load_catalogue(settings.reference)
    rows = _framework_rows(cat, settings)
    if settings.fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title="Frameworks" if settings.lang == "en" else "Các khung", title_justify="left")
    for col in ("id", "kind", "version", "document", "date", "status", "superseded by"):
        table.add_column(col)
    for r in rows:
        status = Text(r["status"], style="green" if r["status"] == "current" else "yellow")
        table.add_row(
            r["id"],
            r["kind"],
            r["version"],
            r["document"],
            r["date"] or "—",
            status,
            ", ".join(r["superseded_by"]) or "—",
        )
    settings.out().print(table)


def _framework_rows(cat: ReferenceCatalogue, settings: Settings) -> list[dict[str, Any]]:
    rows = []
    for fw in sorted(cat.frameworks.values(), key=lambda f: (f.kind.value, f.id)):
        doc = cat.documents[fw.document]
        rows.append(
            {
                "id": fw.id,
                "kind": fw.kind.value,
                "version": fw.version,
                "name": settings.label(fw.name),
                "document": doc.number,
                "date": doc.date.isoformat() if doc.date else None,
                "status": "current" if not fw.superseded_by else "superseded",
                "supersedes": list(fw.supersedes),
                "superseded_by": list(fw.superseded_by),
                "successors": cat.successors(fw.id),
            }
        )
    return rows


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@click.option("--check", is_flag=True, help="Exit 1 if the files in --out differ from the models, writing nothing.")
@click.pass_obj
@guarded
def schema(settings: Settings, out_dir: Path, check: bool) -> None:
    """Write the JSON Schemas of the province model and the reference framework files."""
    stale = []
    for name in sorted(SCHEMAS):
        target = out_dir / name
        text = render(name)
        if check:
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current != text:
                stale.append(str(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        settings.err().print(f"wrote {target}")
    if stale:
        settings.err().print("[yellow]out of date:[/] " + ", ".join(stale))
        settings.err().print(f"regenerate with: ictarch schema --out {out_dir}")
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("province")
@click.option(
    "--framework",
    "framework_id",
    default="vn.ictrf.1.0",
    show_default=True,
    help="ICT reference framework version the model conforms to.",
)
@click.option("--egov", "egov_id", default=None, help="E-government architecture version (default: the current one).")
@click.option("--name-vi", default=None, help="Vietnamese name of the province.")
@click.option("--name-en", default=None, help="English name of the province.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to create (default: ./PROVINCE).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing province.yaml.")
@click.pass_obj
@guarded
def init(
    settings: Settings,
    province: str,
    framework_id: str,
    egov_id: str | None,
    name_vi: str | None,
    name_en: str | None,
    out_dir: Path | None,
    force: bool,
) -> None:
    """Scaffold a new province model; every requirement of the framework appears as a TODO entry."""
    if not re.fullmatch(ID_PATTERN, province):
        raise ConfigError(f"'{province}' is not a valid province code: use letters, digits, '-', '.', '_'")
    cat, _ = load_catalogue(settings.reference)
    target = (out_dir or Path(province)) / "province.yaml"
    if target.exists() and not force:
        raise ConfigError(f"{target} exists; use --force to overwrite it")
    schema_file = Path(__file__).resolve().parent / "schemas" / "province-model" / "v1.json"
    schema_ref = os.path.relpath(schema_file, target.parent.resolve()) if schema_file.is_file() else None
    text = scaffold_province(cat, province, framework_id, egov_id, name_vi, name_en, schema_ref)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    settings.err().print(f"wrote {target}; next: ictarch validate {target.parent}")
    if schema_ref is None:
        settings.err().print(
            "for editor completion: ictarch schema --out schemas, then add the line "
            "'# yaml-language-server: $schema=schemas/province-model/v1.json' at the top"
        )


# --------------------------------------------------------------------------- conformance checks


def _check_options(func: F) -> F:
    """Options shared by ``check`` and the focused ``gaps``, ``duplicates`` and ``linkage``."""
    options = [
        click.option("--profile", default=None, help="Profile: draft, approval, or one defined in the config file."),
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Configuration file (default: ictarch.yaml beside the models, or in their parent folder).",
        ),
        click.option("--select", multiple=True, help="Only these checks: codes, names, groups, globs (repeatable)."),
        click.option("--skip", multiple=True, help="Not these checks: codes, names, groups or globs."),
        click.option(
            "--fail-on",
            type=click.Choice([s.value for s in Severity], case_sensitive=False),
            default=None,
            help="Exit 1 on findings at or above this severity (default: the config or profile's, else high).",
        ),
        click.option(
            "--format",
            "report_format",
            type=click.Choice([f.value for f in OutputFormat]),
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


def _run_time() -> tuple[dt.datetime, dt.date]:
    """The report's time and run date: SOURCE_DATE_EPOCH when set (reproducible output), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
        return when, when.date()
    return dt.datetime.now(dt.UTC).replace(microsecond=0), dt.date.today()


def _check(settings: Settings, paths: tuple[Path, ...], group: str | None, opts: dict[str, Any]) -> None:
    """Load, resolve the configuration, run the checks, print or write the report, exit 0/1."""
    ws = _workspace(settings, paths)
    registry = default_registry()
    config_path: Path | None = opts["config_path"] or find_config(_paths(paths))
    file, locate = load_config(config_path) if config_path else (ConfigFile(), None)
    config = resolve_config(
        registry,
        file,
        profile=opts["profile"],
        select=opts["select"],
        skip=opts["skip"],
        fail_on=Severity.parse(opts["fail_on"]) if opts["fail_on"] else None,
        locate=locate,
    )
    if group:
        config = replace(config, enabled=config.enabled & set(registry.select([group])))
    baseline = None
    if opts["baseline"]:
        path: Path = opts["baseline"]
        if not path.is_file():
            raise ConfigError(f"baseline file not found: {path} (create one with --write-baseline)")
        baseline = parse_baseline(path.read_text(encoding="utf-8"), str(path))
    generated_at, run_date = _run_time()
    report = report_cache.run_cached(
        ws,
        settings.cache_dir,
        config=config,
        registry=registry,
        run_date=run_date,
        generated_at=generated_at,
        baseline=baseline,
    )
    _emit_report(settings, report, opts["report_format"] or settings.fmt, opts["output"])
    if opts["write_baseline"]:
        target: Path = opts["write_baseline"]
        target.write_text(render_baseline(report), encoding="utf-8")
        settings.err().print(f"wrote {target} ({len(report.findings)} findings accepted)")
        return
    if opts["exit_zero"] and report.exit_code() != EXIT_OK:
        settings.err().print("--exit-zero: exiting 0 although findings reach the failure threshold")
    sys.exit(EXIT_OK if opts["exit_zero"] else report.exit_code())


def _emit_report(settings: Settings, report: Report, fmt: str, output: Path | None) -> None:
    if output is not None:
        output.write_text(FORMATTERS[OutputFormat(fmt)](report), encoding="utf-8")
        settings.err().print(f"wrote {output}")
    elif fmt == OutputFormat.TEXT:
        settings.out().print(render_text(report))
    else:
        click.echo(FORMATTERS[OutputFormat(fmt)](report), nl=False)


@main.command()
@paths_argument
@_check_options
@click.pass_obj
@guarded
def check(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Run the conformance checks on province models; exit 1 on findings at or above --fail-on."""
    _check(settings, paths, None, opts)


@main.command()
@paths_argument
@_check_options
@click.pass_obj
@guarded
def gaps(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Gaps against the reference framework (the 'gap' checks, ICT1xx)."""
    _check(settings, paths, "gap", opts)


@main.command()
@paths_argument
@_check_options
@click.pass_obj
@guarded
def duplicates(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Duplicate investment (the 'duplication' checks, ICT2xx)."""
    _check(settings, paths, "duplication", opts)


@main.command()
@paths_argument
@_check_options
@click.pass_obj
@guarded
def linkage(settings: Settings, /, paths: tuple[Path, ...], **opts: Any) -> None:
    """Linkage to the e-government architecture and shared platforms (the 'linkage' checks, ICT3xx)."""
    _check(settings, paths, "linkage", opts)


@main.command("checks")
@click.option("--markdown", is_flag=True, help="Print the catalogue as Markdown (docs/checks.md).")
@click.pass_obj
@guarded
def list_checks(settings: Settings, markdown: bool) -> None:
    """List the conformance checks: code, name, default severity, groups, summary."""
    registry = default_registry()
    cat, _ = load_catalogue(settings.reference)
    if markdown:
        click.echo(render_markdown(registry, cat), nl=False)
        return
    rows = [
        {
            "code": s.code,
            "name": s.name,
            "severity": s.severity.value,
            "groups": list(s.groups),
            "summary": s.title,
            "reference": reference_of(s, cat),
        }
        for s in registry
    ]
    if settings.fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    out = settings.out()
    for s in registry:
        line = Text(f"{s.code}  ", style="bold")
        line.append(f"{s.severity.value:<8}")
        line.append(s.name)
        line.append(f"  [{', '.join(s.groups)}]", style="dim")
        out.print(line)
        out.print(Padding(Text(s.title), (0, 0, 0, 8)))
    out.print(Text(f"{len(registry)} checks; ictarch explain CODE for the documentation", style="dim"))


@main.command()
@click.argument("code")
@click.pass_obj
@guarded
def explain(settings: Settings, code: str) -> None:
    """Print a check's documentation: rationale, anti-pattern, best practice, reference."""
    spec = default_registry().get(code)
    cat, _ = load_catalogue(settings.reference)
    click.echo(explain_check(spec, cat), nl=False)


# --------------------------------------------------------------------------- diagrams and exchange files

VIEWS = ("layered", "gap-map", "impact", "roadmap", "egov", "national")
"""The views of ``ictarch diagram`` (exporters.views.VIEW_KEYS; a test keeps the two equal)."""
DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf", "mermaid")
_SUFFIX_FORMATS = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf", ".mmd": "mermaid"}


def _emit(settings: Settings, output: Path | None, data: bytes, binary: bool) -> None:
    """Write to ``output`` (creating its folder), or text to stdout."""
    if output is None:
        if binary:
            raise click.UsageError("PNG and PDF are binary: write them to a file with -o FILE")
        click.echo(data.decode("utf-8"), nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    settings.err().print(f"wrote {output}")


@main.command()
@click.argument("view", type=click.Choice(VIEWS), metavar="VIEW")
@paths_argument
@click.option(
    "--select",
    "include",
    multiple=True,
    help="What the view includes: kind:K, layer:L, domain:D, province:P, status:S, tag:T, ref:R, ID, "
    "+ID (upstream), ID+ (downstream), ID+N (depth); a space means or, a comma means and.",
)
@click.option("--exclude", multiple=True, help="What to leave out, in the same grammar as --select.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIAGRAM_FORMATS),
    default=None,
    help="Output format (default: from the -o suffix, else dot). svg, png and pdf need Graphviz.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File to write.")
@click.option("--focus", default=None, help="The component of the impact view.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Impact depth (0: no bound).")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=150,
    show_default=True,
    help="Beyond this many components a view collapses them into their layer or domain, with counts.",
)
@click.option(
    "--edges",
    type=click.Choice(["auto", "grouped", "all"]),
    default="auto",
    show_default=True,
    help="Layered and egov views: one line per pair of groups with its count (grouped), every relationship (all), "
    "or grouped for a whole province and all when --select narrows it (auto).",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True, help="Seconds Graphviz may take."
)
@click.pass_obj
@guarded
def diagram(
    settings: Settings,
    view: str,
    paths: tuple[Path, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    focus: str | None,
    depth: int,
    max_nodes: int,
    edges: str,
    timeout: float,
) -> None:
    """Draw a view of province models: VIEW is layered, gap-map, impact, roadmap, egov or national.

    \b
    ictarch diagram layered province_models/quang-tri -o quang-tri.svg
    ictarch --lang en diagram gap-map province_models/ --format mermaid
    ictarch diagram impact province_models/quang-tri --focus quang-tri.lgsp --depth 1 -o lgsp.pdf
    ictarch diagram layered province_models/quang-tri --edges all -o every-relationship.svg
    """
    from exporters.dot import to_dot
    from exporters.mermaid import to_mermaid
    from exporters.render import render
    from exporters.views import ViewOptions, build_view

    fmt = fmt or _SUFFIX_FORMATS.get(output.suffix.lower() if output else "", "dot")
    graph = build_graph(_workspace(settings, paths))
    options = ViewOptions(lang=settings.lang, max_nodes=max_nodes, focus=focus, depth=depth or None, edges=edges)
    built = build_view(view, graph, include, exclude, options)
    for note in built.notes:
        settings.err().print(f"[cyan]note:[/] {note}")
    if fmt == "mermaid":
        data = to_mermaid(built).text.encode("utf-8")
    else:
        text = to_dot(built).text
        data = text.encode("utf-8") if fmt == "dot" else render(text, fmt, timeout=timeout)
    _emit(settings, output, data, binary=fmt in ("png", "pdf"))


@main.command("export")
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["archimate", "graphml", "csv", "json"]),
    required=True,
    help="archimate: Open Exchange Format XML (one province); graphml: Gephi, yEd; csv: Archi's three CSV "
    "files (into -o DIR); json: the models and their graph.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (folder for csv) to write.")
@click.pass_obj
@guarded
def export(settings: Settings, paths: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Export province models for ArchiMate tools (Archi), graph tools (Gephi, yEd) or other programs."""
    from exporters.archi_csv import to_archi_csv
    from exporters.archimate import exchange_model, to_archimate_xml
    from exporters.graph_json import to_json
    from exporters.graphml import to_graphml

    graph = build_graph(_workspace(settings, paths))
    if fmt in ("archimate", "csv"):
        codes = [p.code for p in graph.workspace.provinces]
        if len(codes) != 1:
            raise click.UsageError(
                f"the {fmt} export holds one province; {len(codes)} were loaded ({', '.join(codes)}): pass one model"
            )
        model = exchange_model(graph, codes[0])
        if fmt == "csv":
            if output is None:
                raise click.UsageError("the csv export writes three files: name their folder with -o DIR")
            output.mkdir(parents=True, exist_ok=True)
            for name, text in to_archi_csv(model).items():
                (output / name).write_text(text, encoding="utf-8", newline="")
                settings.err().print(f"wrote {output / name}")
            return
        text = to_archimate_xml(model)
    elif fmt == "graphml":
        text = to_graphml(graph, settings.lang)
    else:
        text = to_json(graph)
    _emit(settings, output, text.encode("utf-8"), binary=False)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, help="Model folder."
)
@click.option("--force", is_flag=True, help="Overwrite an existing province.yaml.")
@click.pass_obj
@guarded
def import_model(settings: Settings, file: Path, out_dir: Path, force: bool) -> None:
    """Import an ArchiMate Open Exchange Format file as a province model (DIR/province.yaml).

    Files exported by ictarch come back unchanged; elements and relationships of other tools are mapped by
    ArchiMate type, and what has no ictarch equivalent is reported on stderr.
    """
    from exporters.archimate_import import import_exchange
    from exporters.yaml_writer import dump_province_yaml
    from ictarch import errors
    from ictarch.loader import display_name, load_province

    target = out_dir / "province.yaml"
    if target.exists() and not force:
        raise click.UsageError(f"{target} exists; pass --force to overwrite it")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ModelLoadError([Diagnostic(errors.FILE, f"cannot read {display_name(file)}: {exc.strerror}")]) from None
    result = import_exchange(data, display_name(file))
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(dump_province_yaml(result.data), encoding="utf-8")
    err = settings.err()
    for line in result.report:
        err.print(Text(f"not mapped: {line}", style="yellow"))
    err.print(f"wrote {target}")
    catalogue, _ = load_catalogue(settings.reference)
    loaded, diagnostics = load_province(target, catalogue)
    if loaded is None:
        for d in diagnostics:
            _print_diagnostic(err, d)
        err.print("[bold red]the model was written but does not validate:[/] correct the reported ids")
        sys.exit(EXIT_INVALID)


# --------------------------------------------------------------------------- merging provinces (1 July 2025)


def _schema_base(out_dir: Path) -> str:
    """The $schema prefix for files written to ``out_dir``: relative to the nearest enclosing schemas/ folder
    (a clone of the repository), else the published URL."""
    from ictarch.schema import SCHEMA_BASE

    target = out_dir.resolve()
    for folder in target.parents:
        if (folder / "schemas" / "province-model" / "v1.json").is_file():
            return Path(os.path.relpath(folder / "schemas", target)).as_posix()
    return SCHEMA_BASE


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
    from ictarch.loader import display_name, load_province
    from ictarch.merge import merge
    from ictarch.province_yaml import as_written, dump_province

    if not re.match(ID_PATTERN, code):
        raise click.BadParameter(f"'{code}' is not a valid code: letters, digits, '.', '-', '_'", param_hint="--into")
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"{out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise click.UsageError(f"{out_dir} already holds files; pass --force to write into it")
    ws = _workspace(settings, paths)
    if len(ws.provinces) < 2:
        raise click.UsageError(
            f"a merge needs at least two province models; {len(ws.provinces)} found in {', '.join(map(str, paths))}"
        )
    _, run_date = _run_time()
    name = Label(vi=name_vi, en=name_en)
    merged, report = merge(
        ws.provinces, ws.catalogue, code=code, name=name, effective=effective.date(), basis=basis, run_date=run_date
    )
    former = ", ".join(p.code for p in ws.provinces)
    files = dump_province(
        merged,
        schema_base=schema_path or _schema_base(out_dir),
        comment=[
            f"Generated by `ictarch merge` from {former}: edit the former provinces' models and regenerate.",
            "Every element records its former province in `origin`.",
        ],
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    err = settings.err()
    for file_name, text in files.items():
        (out_dir / file_name).write_text(text, encoding="utf-8")
        err.print(f"wrote {display_name(out_dir / file_name)}")
    loaded, diagnostics = load_province(out_dir / "province.yaml", ws.catalogue)
    if loaded is None or loaded.architecture != as_written(merged):
        for d in diagnostics:
            _print_diagnostic(err, d)
        err.print("[bold red]internal error:[/] the merged model does not load back as written; please report it")
        sys.exit(EXIT_INTERNAL)
    if report_format == "json":
        text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif report_format == "text":
        text = report.to_text()
    else:
        text = report.to_markdown()
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(text, encoding="utf-8")
        err.print(f"wrote {display_name(report_path)}")
    else:
        click.echo(text, nl=False)
    err.print(
        f"merged {former} into {code}: {len(merged.components)} components, {len(merged.projects)} projects; "
        f"{len(report.collisions)} id collisions renamed; {len(report.shared_platforms)} shared platforms and "
        f"{len(report.applications)} applications present more than once"
    )


# --------------------------------------------------------------------------- review: diff, impact, roadmap

REPORT_FORMATS = ("text", "markdown", "json")


def _report_format(settings: Settings, fmt: str | None) -> str:
    """A command's --format, else ictarch's --format (text or json)."""
    return fmt or settings.fmt


def _write_or_print(settings: Settings, text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    settings.err().print(f"wrote {output}")


def _side(settings: Settings, text: str, repo: Path | None) -> Workspace:
    """One side of a diff: a path, or ``REV:path`` read from git (see ictarch.gitsource)."""
    from ictarch.errors import DUPLICATE_ID
    from ictarch.gitsource import parse_spec, read_models
    from ictarch.loader import LoadedArchitecture, load_province_texts

    spec = parse_spec(text)
    if spec is None:
        return _workspace(settings, (Path(text),))
    catalogue, _ = load_catalogue(settings.reference)
    provinces: list[LoadedArchitecture] = []
    diagnostics: list[Diagnostic] = []
    for model in read_models(spec, repo or Path.cwd()):
        loaded, diags = load_province_texts(model.files, catalogue, main=model.main, prefix=model.prefix)
        diagnostics.extend(diags)
        if loaded is not None:
            if any(p.code == loaded.code for p in provinces):
                diagnostics.append(Diagnostic(DUPLICATE_ID, f"province code '{loaded.code}' is used twice in {spec}"))
            provinces.append(loaded)
    if diagnostics:
        raise ModelLoadError(diagnostics)
    return Workspace(catalogue, provinces)


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
    from ictarch.diff import diff_workspaces, to_dict, to_markdown, to_text

    fmt = _report_format(settings, diff_format)
    before, after = _side(settings, old, repo), _side(settings, new, repo)
    _, run_date = _run_time()
    report = diff_workspaces(before, after, old_label=old, new_label=new, run_date=run_date, checks=not no_checks)
    if fmt == "json":
        text = json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = to_markdown(report, settings.lang)
    else:
        text = to_text(report, settings.lang)
    _write_or_print(settings, text, output)


@main.command("impact")
@click.argument("component")
@paths_argument
@click.option(
    "--depth", type=click.IntRange(min=0), default=0, show_default=True, help="Steps to follow (0: no bound)."
)
@click.option("--format", "impact_format", type=click.Choice(REPORT_FORMATS), default=None, help="Output format.")
@click.pass_obj
@guarded
def impact(settings: Settings, component: str, paths: tuple[Path, ...], depth: int, impact_format: str | None) -> None:
    """What depends on COMPONENT, transitively: the projects and budgets affected, the services citizens lose.

    COMPONENT is a component id (PROVINCE:ID when several provinces use it), or a national-level
    reference component such as ndaf.nat.eid.

    \b
    ictarch impact quang-tri.lgsp province_models/quang-tri
    ictarch impact quang-tri.data-centre province_models/quang-tri --depth 1 --format markdown
    """
    from ictarch.impact import find_component, to_dict, to_markdown, to_text
    from ictarch.impact import impact as impact_of

    fmt = _report_format(settings, impact_format)
    graph = build_graph(_workspace(settings, paths))
    report = impact_of(graph, find_component(graph, component), depth or None)
    if fmt == "json":
        click.echo(json.dumps(to_dict(report, settings.lang), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(to_markdown(report, settings.lang), nl=False)
    else:
        click.echo(to_text(report, settings.lang), nl=False)


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
    from exporters.roadmap_chart import to_coverage_svg
    from ictarch.roadmap import changes, notes, table, title, to_dict, to_markdown
    from ictarch.roadmap import roadmap as replay

    fmt = _report_format(settings, roadmap_format)
    ws = _workspace(settings, paths)
    _, run_date = _run_time()
    timelines = [replay(p, ws.catalogue, run_date=run_date) for p in ws.provinces]
    if chart is not None:
        for t in timelines:
            target = chart if len(timelines) == 1 else chart.with_name(f"{chart.stem}-{t.province}{chart.suffix}")
            _write_or_print(settings, to_coverage_svg(t, settings.lang).text, target)
    if fmt == "json":
        click.echo(json.dumps([to_dict(t, settings.lang) for t in timelines], indent=2, ensure_ascii=False))
        return
    if fmt == "markdown":
        click.echo("\n".join(to_markdown(t, settings.lang) for t in timelines), nl=False)
        return
    out = settings.out()
    for t in timelines:
        header, rows = table(t, settings.lang)
        grid = Table(title=title(t, settings.lang), title_justify="left")
        grid.add_column(header[0], no_wrap=True, min_width=max(len(r[0]) for r in rows))
        grid.add_column(header[1], overflow="ellipsis", max_width=48)
        for i, h in enumerate(header[2:], start=2):
            grid.add_column(h, justify="right", no_wrap=True, min_width=max(len(r[i]) for r in [header, *rows]))
        for i, r in enumerate(rows):
            if i == len(t.layers):
                grid.add_section()
            grid.add_row(*r)
        out.print(grid)
        for label, items in changes(t):
            out.print(Text(f"{label}:", style="bold"))
            for item in items:
                out.print(Padding(Text(item), (0, 0, 0, 2), expand=False))
        for n in notes(t):
            out.print(Text(f"note: {n}", style="yellow"))
        out.print()


# --------------------------------------------------------------------------- the review report (a static site)


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
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Configuration file (default: ictarch.yaml beside the models, or in their parent folder).",
)
@click.option(
    "--lang",
    "site_lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language the pages open in (default: ictarch's --lang); every page has a switch.",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity], case_sensitive=False),
    default=None,
    help="Exit 1 when findings at or above this severity remain (default: exit 0 once the site is written).",
)
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

    from exporters.render import render
    from exporters.site import SiteOptions, build_site
    from ictarch.errors import ExportError

    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"{out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        raise click.UsageError(f"{out_dir} already holds files; pass --force to write into it")
    ws = _workspace(settings, paths)
    registry = default_registry()
    config_path = config_path or find_config(_paths(paths))
    file, locate = load_config(config_path) if config_path else (ConfigFile(), None)
    config = resolve_config(
        registry,
        file,
        profile=profile,
        fail_on=Severity.parse(fail_on) if fail_on else None,
        locate=locate,
    )
    generated_at, run_date = _run_time()
    result = report_cache.run_cached(
        ws, settings.cache_dir, config=config, registry=registry, run_date=run_date, generated_at=generated_at
    )
    err = settings.err()
    failures: list[str] = []
    if shutil.which("dot") is None:
        err.print("[yellow]warning:[/] Graphviz 'dot' was not found: the diagrams are replaced by a notice")

    def draw(dot_text: str) -> bytes:
        try:
            return render(dot_text, "svg", timeout=timeout)
        except ExportError as exc:
            failures.append(str(exc))
            raise

    options = SiteOptions(
        lang=site_lang or settings.lang,
        generated_at=generated_at if os.environ.get("SOURCE_DATE_EPOCH") else None,
        max_nodes=max_nodes,
    )
    files = build_site(build_graph(ws), result, draw, options)
    for rel, text in files.items():
        target = out_dir.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    for message in sorted(set(failures)):
        err.print(f"[yellow]warning:[/] a diagram was not drawn: {message}")
    summary = result.summary()
    err.print(
        f"wrote {len(files)} files to {out_dir} ({len(ws.provinces)} province{'s' if len(ws.provinces) != 1 else ''}, "
        f"{summary['total']} findings); open {out_dir / 'index.html'}"
    )
    if fail_on:
        sys.exit(result.exit_code())


if __name__ == "__main__":  # pragma: no cover
    main()
