"""``ictarch checks`` and ``ictarch explain``: the catalogue of checks and one check's documentation."""

from __future__ import annotations

import json

import click
from rich.padding import Padding
from rich.text import Text

from ictarch.checks import default_registry
from ictarch.checks.catalogue import explain as explain_check
from ictarch.checks.catalogue import reference_of, render_markdown
from ictarch.cli.base import (
    Settings,
    guarded,
    main,
)
from ictarch.loading import load_catalogue


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
