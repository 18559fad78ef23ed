"""``ictarch schema``: write or check the JSON Schemas of the input and output formats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ictarch.cli.base import (
    EXIT_FINDINGS,
    Settings,
    guarded,
    main,
)
from ictarch.i18n import t
from ictarch.safe_write import write_text


@main.command()
@click.option(
    "-o",
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
    from rich.text import Text

    from ictarch.schema import SCHEMAS, render

    stale = []
    for name in sorted(SCHEMAS):
        target = out_dir / name
        text = render(name)
        if check:
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current != text:
                stale.append(str(target))
            continue
        write_text(target, text)
        settings.note(t("cli.wrote", settings.lang, path=str(target)))
    if stale:
        settings.err().print(Text(t("cli.schema-stale", settings.lang, files=stale), style="yellow"))
        settings.err().print(t("cli.schema-regenerate", settings.lang, folder=str(out_dir)))
        sys.exit(EXIT_FINDINGS)
