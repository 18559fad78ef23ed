"""``ictarch show``: what a province model holds, in figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ictarch.analysis.summary import ProvinceSummary, summarize
from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
)
from ictarch.cli.options import paths_argument
from ictarch.graph import build_graph
from ictarch.money import format_vnd


def _vnd(amount: int, lang: str = "vi") -> str:
    return format_vnd(amount or None, lang)


@main.command()
@paths_argument
@click.pass_obj
@guarded
def show(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Summarize province models: programme, frameworks, components per layer, projects and budgets."""
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
    by_status = ", ".join(f"{k} {v}" for k, v in s.components_by_status.items())
    out.print(f"  {'Components' if en else 'Thành phần'}: {s.component_count} ({by_status})")
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
