"""``ictarch validate``: load and validate models, report every problem at once."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    load_models,
    main,
)
from ictarch.cli.options import paths_argument


@main.command()
@paths_argument
@click.pass_obj
@guarded
def validate(settings: Settings, paths: tuple[Path, ...]) -> None:
    """Validate province models (files or folders; default: the shipped examples)."""
    ws = load_models(settings, paths)
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
