"""The ictarch command line: the only place that prints, reads the environment, writes files and exits.

Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 invalid input, usage or
configuration error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ictarch import __version__
from ictarch.errors import ConfigError, Diagnostic, IctarchError, ModelLoadError
from ictarch.graph import build_graph
from ictarch.loader import Workspace, examples_root, load_catalogue, load_workspace
from ictarch.models.common import ID_PATTERN, Label
from ictarch.models.reference import ReferenceCatalogue
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
        return Console(no_color=not self.color, highlight=False, soft_wrap=False)

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
    """Budgets in billions of đồng, the unit provincial documents use (tỷ đồng)."""
    if not amount:
        return "—"
    return f"{amount / 1e9:,.1f} " + ("bn VND" if lang == "en" else "tỷ đồng")


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


if __name__ == "__main__":  # pragma: no cover
    main()
