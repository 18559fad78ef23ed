"""``ictarch frameworks``: the reference frameworks and their currency."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    main,
)
from ictarch.i18n import format_date, t

if TYPE_CHECKING:
    from ictarch.models.reference import ReferenceCatalogue


@main.command()
@click.pass_obj
@guarded
def frameworks(settings: Settings) -> None:
    """List the national frameworks, their versions, status and what supersedes them."""
    from rich.table import Table
    from rich.text import Text

    from ictarch.loading import load_catalogue

    cat, _ = load_catalogue(settings.reference)
    rows = _framework_rows(cat, settings)
    if settings.fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    lang = settings.lang
    table = Table(title=t("frameworks.title", lang), title_justify="left")
    for col in ("id", "kind", "version", "document", "date", "status", "superseded-by"):
        table.add_column(t(f"frameworks.col-{col}", lang))
    for r in rows:
        status = Text(t(f"frameworks.{r['status']}", lang), style="green" if r["status"] == "current" else "yellow")
        table.add_row(
            r["id"],
            t(f"framework-kind.{r['kind']}", lang),
            r["version"],
            r["document"],
            format_date(r["date"], lang) if r["date"] else "—",
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
