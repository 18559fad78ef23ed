"""``ictarch checks`` and ``ictarch explain``: the catalogue of checks and one check's documentation."""

from __future__ import annotations

import json

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    main,
)
from ictarch.i18n import t
from ictarch.rule_docs import localized_title


@main.command("checks")
@click.option("--markdown", is_flag=True, help="Print the catalogue as Markdown (docs/checks.md).")
@click.pass_obj
@guarded
def list_checks(settings: Settings, markdown: bool) -> None:
    """List the conformance checks: code, name, default severity, groups, summary."""
    from rich.padding import Padding
    from rich.text import Text

    from ictarch.checks import default_registry
    from ictarch.checks.catalogue import reference_of, render_markdown
    from ictarch.loading import load_catalogue

    registry = default_registry()
    cat, _ = load_catalogue(settings.reference)
    if markdown:
        click.echo(render_markdown(registry, cat, settings.lang), nl=False)
        return
    rows = [
        {
            "code": s.code,
            "name": s.name,
            "severity": s.severity.value,
            "groups": list(s.groups),
            "summary": localized_title(s.code, s.title, settings.lang),
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
        line.append(f"{t(f'severity.{s.severity.value}', settings.lang):<12}")
        line.append(s.name)
        line.append(f"  [{', '.join(s.groups)}]", style="dim")
        out.print(line)
        out.print(Padding(Text(localized_title(s.code, s.title, settings.lang)), (0, 0, 0, 8)))
    out.print(Text(t("rules.list-footer", settings.lang, n=len(registry)), style="dim"))


@main.command()
@click.argument("code")
@click.pass_obj
@guarded
def explain(settings: Settings, code: str) -> None:
    """Print a check's documentation: rationale, anti-pattern, best practice, reference."""
    from ictarch.checks import default_registry
    from ictarch.checks.catalogue import explain as explain_check
    from ictarch.loading import load_catalogue

    spec = default_registry().get(code)
    cat, _ = load_catalogue(settings.reference)
    click.echo(explain_check(spec, cat, settings.lang), nl=False)
