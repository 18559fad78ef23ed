"""Output handling shared by the commands: stdout or a file, text or bytes, a report in its format."""

from __future__ import annotations

from pathlib import Path

import click

from ictarch.cli.base import Settings
from ictarch.findings import Report
from ictarch.formatters import FORMATTERS, OutputFormat, render_text
from ictarch.safe_write import write_bytes, write_text


def emit_report(settings: Settings, report: Report, fmt: str, output: Path | None) -> None:
    if output is not None:
        write_text(output, FORMATTERS[OutputFormat(fmt)](report))
        settings.err().print(f"wrote {output}")
    elif fmt == OutputFormat.TEXT:
        settings.out().print(render_text(report))
    else:
        click.echo(FORMATTERS[OutputFormat(fmt)](report), nl=False)


def emit(settings: Settings, output: Path | None, data: bytes, binary: bool) -> None:
    """Write to ``output`` (creating its folder; whole or not at all; never through a link), or text to stdout."""
    if output is None:
        if binary:
            raise click.UsageError("PNG and PDF are binary: write them to a file with -o FILE")
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_bytes(output, data)
    settings.err().print(f"wrote {output}")


def write_or_print(settings: Settings, text: str, output: Path | None) -> None:
    """Write text to ``output`` (creating its folder), or print it to stdout."""
    emit(settings, output, text.encode("utf-8"), binary=False)
