"""``ictarch import``: an ArchiMate exchange file as a province model folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ictarch.cli.base import (
    EXIT_INVALID,
    Settings,
    guarded,
    main,
    print_diagnostic,
)
from ictarch.errors import Diagnostic, ModelLoadError
from ictarch.i18n import msg, t
from ictarch.safe_write import write_text


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, help="Model folder."
)
@click.option("--force", is_flag=True, help="Overwrite an existing province.yaml.")
@click.pass_obj
@guarded
def import_model(settings: Settings, file: Path, out_dir: Path, force: bool) -> None:
    """Import an ArchiMate Open Exchange Format file as a province model (DIR/province.yaml).

    Files exported by ictarch come back unchanged; elements and relationships of other tools are mapped by
    ArchiMate type, and what has no ictarch equivalent is reported on stderr.
    """
    from rich.text import Text

    from exporters.yaml_writer import dump_province_yaml
    from ictarch import errors
    from ictarch._memory import bulk_build, short_lived
    from ictarch.cli.output import schema_base
    from ictarch.errors import Location
    from ictarch.exchange.oef import check_size
    from ictarch.exchange.reader import import_exchange
    from ictarch.loading import display_name, load_catalogue, load_province
    from ictarch.loading.files import IrregularFile, ModelFolder

    target = out_dir / "province.yaml"
    if target.exists() and not force:
        raise click.UsageError(t("config.exists", settings.lang, path=str(target)))
    name = display_name(file)
    try:
        check_size(file.stat().st_size, name)
        data = ModelFolder(file.parent).read(file.name)  # a FIFO or device is refused, never waited on
    except IrregularFile as exc:
        message = msg("load.cannot-read", path=name, reason=exc.reason)
        raise ModelLoadError([Diagnostic(errors.FILE, message, Location(name, 1, 1))]) from None
    except OSError as exc:
        message = msg("load.cannot-read", path=name, reason=str(exc.strerror))
        raise ModelLoadError([Diagnostic(errors.FILE, message)]) from None
    result = import_exchange(data, display_name(file))
    write_text(target, dump_province_yaml(result.data, f"{schema_base(out_dir)}/province-model/v1.json"))
    err = settings.err()
    for line in result.lines(settings.lang):
        err.print(Text(t("cli.not-mapped", settings.lang, line=line), style="yellow"))
    settings.note(t("cli.wrote", settings.lang, path=str(target)))
    catalogue, _ = load_catalogue(settings.reference)
    with short_lived(), bulk_build():  # read back to be checked, then dropped (ictarch._memory)
        loaded, diagnostics = load_province(target, catalogue)
    if loaded is None:
        for d in diagnostics:
            print_diagnostic(err, d, settings.lang)
        err.print(Text(t("cli.import-does-not-validate", settings.lang), style="bold red"))
        sys.exit(EXIT_INVALID)
