"""``ictarch validate``: load and validate models, report every problem at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    main,
)
from ictarch.cli.options import paths_argument
from ictarch.i18n import t

if TYPE_CHECKING:
    from ictarch.loading import LoadedArchitecture
    from ictarch.loading.stored import ValidatedProvince
    from ictarch.models.reference import ReferenceCatalogue


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
    provinces = _unchanged(settings, paths) or _validated(settings, paths)
    if settings.fmt == "json":
        click.echo(
            json.dumps(
                {
                    "valid": True,
                    "provinces": [
                        {"code": p.code, "files": list(p.files), "components": p.components, "projects": p.projects}
                        for p in provinces
                    ],
                    "errors": [],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    out = settings.out()
    for p in provinces:
        line = t(
            "validate.province",
            settings.lang,
            code=p.code,
            components=p.components,
            projects=p.projects,
            files=len(p.files),
        )
        out.print(Text("✓ ", style="green"), Text(line))
    # emoji=False: the line has no :code:, and rich's table of them costs start-up time (tests/test_startup.py)
    out.print(t("validate.total", settings.lang, n=len(provinces)), emoji=False)


def _shown(loaded: LoadedArchitecture, catalogue: ReferenceCatalogue) -> ValidatedProvince:
    """What ``validate`` shows of a province, kept instead of its model: memory holds one province at a time."""
    from ictarch.loading.stored import ValidatedProvince

    arch = loaded.architecture
    files = tuple(loaded.file_names())
    return ValidatedProvince(loaded.code, len(arch.components), len(arch.projects), files, loaded.normalized)


def _unchanged(settings: Settings, paths: tuple[Path, ...]) -> list[ValidatedProvince] | None:
    """The provinces as the model cache keeps them, when every one is unchanged since it was validated
    (:mod:`ictarch.loading.stored`: no model is read, nor pydantic imported); else None."""
    if settings.cache_dir is None:
        return None
    from ictarch.cli.base import model_paths, nfc_note
    from ictarch.cli.progress import phase
    from ictarch.loading.stored import stored_provinces

    with phase(settings, "cli.progress-loading") as advance:
        stored = stored_provinces(model_paths(paths), settings.reference, settings.cache_dir, advance)
    if stored is None:
        return None
    nfc_note(settings, [name for p in stored for name in p.normalized])
    return stored


def _validated(settings: Settings, paths: tuple[Path, ...]) -> list[ValidatedProvince]:
    """Each province loaded and validated in turn (in worker processes for a large model) and dropped."""
    from ictarch.cli.base import map_models

    return map_models(settings, paths, _shown)[0]
