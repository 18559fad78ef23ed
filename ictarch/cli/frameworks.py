"""``ictarch frameworks``: the reference frameworks and their currency."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from ictarch.cli.base import (
    Settings,
    guarded,
    main,
)
from ictarch.loading import load_catalogue
from ictarch.models.reference import ReferenceCatalogue


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
