"""``ictarch show``: what a province model holds, in figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
)
from ictarch.cli.options import paths_argument
from ictarch.i18n import format_date, t
from ictarch.money import format_vnd

if TYPE_CHECKING:
    from rich.console import Console

    from ictarch.analysis.summary import ProvinceSummary


def _vnd(amount: int, lang: str = "vi") -> str:
    return format_vnd(amount or None, lang)


@main.command()
@paths_argument
@click.pass_obj
@guarded
def show(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Summarize province models: programme, frameworks, components per layer, projects and budgets."""
    from ictarch.analysis.summary import summarize
    from ictarch.graph import build_graph

    ws = load_models(settings, paths)
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
    from rich.table import Table
    from rich.text import Text

    lang = settings.lang

    def tr(message_id: str, /, **args: Any) -> str:
        return t(message_id, lang, **args)

    title = Text.assemble((settings.label(s.name), "bold"), f" ({s.code})")
    if s.merged_into:
        title.append("  → " + tr("show.merged-into", code=s.merged_into, date="2025-07-01"))
    out.rule(title)
    for number, date, t_vi, t_en in s.documents:
        when = format_date(date, lang) if date and date != "—" else date
        out.print(Text(f"  {number}  {when}  {t_en if lang == 'en' and t_en else t_vi}"))
    if s.period:
        vision = tr("show.vision", year=s.vision_year) if s.vision_year else ""
        out.print(Text("  " + tr("show.period", start=s.period[0], end=s.period[1], vision=vision)))
    for ph_id, ph_name, start, end in s.phases:
        out.print(Text(f"    {ph_id}: {settings.label(ph_name)} ({start}–{end})"))
    if s.pilot:
        out.print(Text("  " + tr("show.pilot", pilot=settings.label(s.pilot))))
    if s.solution_groups:
        out.print(Text("  " + tr("show.solution-groups", n=len(s.solution_groups))))
        for g in s.solution_groups:
            out.print(Text(f"    • {settings.label(g)}"))
    fw = Table(title=tr("show.frameworks"), title_justify="left")
    for col in ("id", "version", "document", "status"):
        fw.add_column(tr(f"show.col-{col}"))
    for f in s.frameworks:
        status = (
            Text(tr("show.current"), style="green")
            if f.current
            else Text(tr("show.superseded-by", ids=f.superseded_by), style="yellow")
        )
        fw.add_row(f.framework_id, f.version, f.document_number, status)
    out.print(fw)
    layers = Table(title=tr("show.layers"), title_justify="left")
    layers.add_column(tr("show.col-layer"))
    layers.add_column(tr("show.col-name"))
    layers.add_column(tr("show.col-n"), justify="right")
    for lc in s.layers:
        n = len(lc.components)
        layers.add_row(lc.layer_id, settings.label(lc.name), Text(str(n), style="red" if n == 0 else ""))
    out.print(layers)
    if s.unplaced:
        out.print(Text("  " + tr("show.unplaced", ids=s.unplaced)))
    by_status = ", ".join(f"{tr(f'lifecycle.{k}')} {v}" for k, v in s.components_by_status.items())
    out.print(Text("  " + tr("show.components", n=s.component_count, by_status=by_status)))
    proj = Table(title=tr("show.projects-per-domain"), title_justify="left")
    proj.add_column(tr("show.col-domain"))
    proj.add_column(tr("show.col-projects"), justify="right")
    proj.add_column(tr("show.col-declared"), justify="right")
    proj.add_column(tr("show.col-budget"), justify="right")
    for dom, n in s.projects_by_domain.items():
        declared = s.declared_project_counts.get(dom)
        proj.add_row(
            dom,
            str(n),
            str(declared) if declared is not None else "",
            _vnd(s.budget_by_domain.get(dom, 0), lang),
        )
    proj.add_row(
        Text(tr("show.total"), style="bold"),
        str(s.project_count),
        str(sum(s.declared_project_counts.values())) if s.declared_project_counts else "",
        _vnd(s.budget_total, lang),
    )
    out.print(proj)
    phases = ", ".join(f"{k}: {v} ({_vnd(s.budget_by_phase.get(k, 0), lang)})" for k, v in s.projects_by_phase.items())
    out.print(Text("  " + tr("show.projects-per-phase", phases=phases)))
    if s.illustrative_budgets:
        note = tr("show.illustrative", n=s.illustrative_budgets, total=s.project_count)
        out.print(Text("  " + note, style="yellow"))
    if s.unbudgeted_projects:
        out.print(Text("  " + tr("show.unbudgeted", n=s.unbudgeted_projects)))
    out.print()
