"""``ictarch init``: scaffold a new province model."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ictarch.cli.base import (
    Settings,
    guarded,
    main,
)
from ictarch.errors import ConfigError
from ictarch.i18n import msg, t
from ictarch.safe_write import write_text


@main.command()
@click.argument("province")
@click.option(
    "--framework",
    "framework_id",
    default="vn.ictrf.1.0",
    show_default=True,
    help="ICT reference framework version the model conforms to.",
)
@click.option("--egov", "egov_id", default=None, help="E-government architecture version (default: the current one).")
@click.option("--name-vi", default=None, help="Vietnamese name of the province.")
@click.option("--name-en", default=None, help="English name of the province.")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to create (default: ./PROVINCE).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing province.yaml.")
@click.pass_obj
@guarded
def init(
    settings: Settings,
    province: str,
    framework_id: str,
    egov_id: str | None,
    name_vi: str | None,
    name_en: str | None,
    out_dir: Path | None,
    force: bool,
) -> None:
    """Scaffold a new province model; every requirement of the framework appears as a TODO entry."""
    from ictarch.cli.output import schema_base
    from ictarch.loading import load_catalogue
    from ictarch.models.common import ID_PATTERN
    from ictarch.scaffold import scaffold_province

    if not re.fullmatch(ID_PATTERN, province):
        raise ConfigError(msg("config.bad-province-code", code=province))
    cat, _ = load_catalogue(settings.reference)
    target = (out_dir or Path(province)) / "province.yaml"
    if target.exists() and not force:
        raise ConfigError(msg("config.exists", path=str(target)))
    schema_ref = f"{schema_base(target.parent)}/province-model/v1.json"
    text = scaffold_province(cat, province, framework_id, egov_id, name_vi, name_en, schema_ref, settings.lang)
    write_text(target, text)
    settings.note(t("cli.wrote-next", settings.lang, path=str(target), folder=str(target.parent)))
