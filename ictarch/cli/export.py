"""``ictarch export``: exchange files (ArchiMate, Archi CSV, GraphML, JSON)."""

from __future__ import annotations

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
from ictarch.safe_write import write_bytes


@main.command("export")
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["archimate", "graphml", "csv", "json"]),
    required=True,
    help="archimate: Open Exchange Format XML (one province); graphml: Gephi, yEd; csv: Archi's three CSV "
    "files (into -o DIR); json: the models and their graph.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (folder for csv) to write.")
@click.option(
    "--bom",
    is_flag=True,
    help="csv: begin each file with a UTF-8 byte-order mark, so that Excel shows Vietnamese correctly "
    "(Archi reads such files too).",
)
@click.pass_obj
@guarded
def export(settings: Settings, paths: tuple[Path, ...], fmt: str, output: Path | None, bom: bool) -> None:
    """Export province models for ArchiMate tools (Archi), graph tools (Gephi, yEd) or other programs."""
    from exporters.archi_csv import to_archi_csv
    from exporters.archimate import exchange_model, to_archimate_xml
    from exporters.graph_json import to_json
    from exporters.graphml import to_graphml
    from ictarch.cli.output import emit
    from ictarch.graph import build_graph

    if bom and fmt != "csv":
        raise click.UsageError(t("cli.bom-csv-only", settings.lang))
    graph = build_graph(load_models(settings, paths))
    if fmt in ("archimate", "csv"):
        codes = [p.code for p in graph.workspace.provinces]
        if len(codes) != 1:
            raise click.UsageError(t("cli.export-one-province", settings.lang, fmt=fmt, n=len(codes), codes=codes))
        model = exchange_model(graph, codes[0])
        if fmt == "csv":
            if output is None:
                raise click.UsageError(t("cli.csv-folder", settings.lang))
            for name, text in to_archi_csv(model).items():
                write_bytes(output / name, text.encode("utf-8-sig" if bom else "utf-8"))
                settings.note(t("cli.wrote", settings.lang, path=str(output / name)))
            return
        text = to_archimate_xml(model)
    elif fmt == "graphml":
        text = to_graphml(graph, settings.lang)
    else:
        text = to_json(graph)
    emit(settings, output, text.encode("utf-8"), binary=False)
