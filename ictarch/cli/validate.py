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
from ictarch.i18n import t


def models_holding(files: tuple[Path, ...]) -> tuple[Path, ...]:
    """The models that changed files belong to: the nearest folder above a file (inside the repository) with a
    province.yaml, or the file itself when it is a one-file model; other files (workflows, configuration) are
    no model's, and deleted files are passed over."""
    from ictarch.cli.output import repository_root
    from ictarch.loading import MAIN_FILE, read_yaml

    top = repository_root(Path.cwd())
    models: dict[Path, None] = {}
    for file in files:
        if not file.is_file():
            continue
        folder = file.resolve().parent
        while True:
            if (folder / MAIN_FILE).is_file():
                models[folder] = None
                break
            if folder == top or folder == folder.parent:
                doc, _ = read_yaml(file)
                if doc is not None and isinstance(doc.data, dict) and "province" in doc.data:
                    models[file.resolve()] = None
                break
            folder = folder.parent
    return tuple(models)


@main.command()
@paths_argument
@click.option(
    "--changed",
    is_flag=True,
    help="PATHs are changed files (as pre-commit passes them): validate the models that hold them; files of no "
    "model are passed over.",
)
@click.pass_obj
@guarded
def validate(settings: Settings, paths: tuple[Path, ...], changed: bool) -> None:
    """Validate province models (files or folders; default: the shipped examples)."""
    from rich.text import Text

    if changed:
        paths = models_holding(paths)
        if not paths:
            settings.note(t("validate.no-changed-model", settings.lang))
            return
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
        line = t(
            "validate.province",
            settings.lang,
            code=p.code,
            components=len(p.architecture.components),
            projects=len(p.architecture.projects),
            files=len(p.source_map.file_names()),
        )
        out.print(Text("✓ ", style="green"), Text(line))
    # emoji=False: the line has no :code:, and rich's table of them costs start-up time (tests/test_startup.py)
    out.print(t("validate.total", settings.lang, n=len(ws.provinces)), emoji=False)
