"""Output handling shared by the commands: stdout or a file, text or bytes, a report in its format."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import Settings, quiet_stdout
from ictarch.findings import Report
from ictarch.i18n import t
from ictarch.safe_write import gathering, open_bytes, open_text, write_bytes

if TYPE_CHECKING:
    from ictarch.formatters import ReportWriter, Write
    from ictarch.output_cache import Recorder


def repository_root(start: Path) -> Path:
    """The top folder of the git repository that holds ``start`` (a ``.git`` folder or file), else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def _writer(fmt: str) -> ReportWriter:
    """The writer of the format; SARIF's paths are relative to the repository's top folder."""
    from ictarch.formatters import WRITERS, OutputFormat
    from ictarch.formatters.sarif import SourceRoot, write_sarif

    if fmt == OutputFormat.SARIF:
        cwd = Path.cwd()
        root = SourceRoot(root=repository_root(cwd), cwd=cwd)

        def sarif(report: Report, write: Write, lang: str, /) -> None:
            write_sarif(report, write, root, lang)

        return sarif
    return WRITERS[OutputFormat(fmt)]


def emit_report(
    settings: Settings, report: Report, fmt: str, output: Path | None, recorder: Recorder | None = None
) -> None:
    """The report written as it is produced: to ``output`` (whole or not at all), or to stdout; ``recorder``
    keeps a copy of the bytes for the output cache."""
    from ictarch.formatters import ENCODED_WRITERS, OutputFormat
    from ictarch.formatters.text import text_parts

    if output is None and fmt == OutputFormat.TEXT:
        console = settings.out()
        with recorder.stdout() if recorder else contextlib.nullcontext():
            for part in text_parts(report, settings.lang):
                console.print(part)
        if recorder and console.quiet:  # the reader stopped reading
            recorder.incomplete()
        return
    encoded = ENCODED_WRITERS.get(OutputFormat(fmt))
    if encoded is not None:
        emit_gathered(settings, lambda write: encoded(report, write, settings.lang), output, recorder)
        return
    writer = _writer(fmt)
    emit_written(settings, lambda write: writer(report, write, settings.lang), output, recorder)


def emit_written(
    settings: Settings, produce: Callable[[Write], None], output: Path | None, recorder: Recorder | None = None
) -> None:
    """The text ``produce`` writes piece by piece: to ``output`` (whole or not at all), or to stdout."""
    if output is not None:
        with open_text(output) as write:
            produce(recorder.tee(write) if recorder else write)
        settings.note(t("cli.wrote", settings.lang, path=str(output)))
        return
    stdout = sys.stdout
    try:
        produce(recorder.tee(stdout.write) if recorder else stdout.write)
        stdout.flush()
    except BrokenPipeError:  # the reader stopped reading (`| head`): the exit code still says the verdict
        if recorder:
            recorder.incomplete()
        quiet_stdout()


def emit_gathered(
    settings: Settings,
    produce: Callable[[Callable[[bytes], object]], None],
    output: Path | None,
    recorder: Recorder | None = None,
) -> None:
    """The bytes ``produce`` writes piece by piece (a report already in UTF-8): to ``output`` (whole or not at
    all), or to stdout; ``recorder`` keeps a copy for the output cache."""
    if output is not None:
        with open_bytes(output) as write, gathering(recorder.tee_bytes(write) if recorder else write) as sink:
            produce(sink)
        settings.note(t("cli.wrote", settings.lang, path=str(output)))
        return
    sys.stdout.flush()
    out = sys.stdout.buffer.write
    try:
        with gathering(recorder.tee_bytes(out) if recorder else out) as sink:
            produce(sink)
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # the reader stopped reading (`| head`): the exit code still says the verdict
        if recorder:
            recorder.incomplete()
        quiet_stdout()


def emit_stored(settings: Settings, output: Path | None, copy: Callable[[Callable[[bytes], object]], None]) -> None:
    """Bytes ``copy`` hands on (a stored report) written as :func:`emit_report` writes the report."""
    emit_gathered(settings, copy, output)


def emit(settings: Settings, output: Path | None, data: bytes, binary: bool) -> None:
    """Write to ``output`` (creating its folder; whole or not at all; never through a link), or text to stdout."""
    if output is None:
        if binary:
            raise click.UsageError(t("cli.binary-needs-file", settings.lang))
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_bytes(output, data)
    settings.note(t("cli.wrote", settings.lang, path=str(output)))


def write_or_print(settings: Settings, text: str, output: Path | None) -> None:
    """Write text to ``output`` (creating its folder), or print it to stdout."""
    emit(settings, output, text.encode("utf-8"), binary=False)


def installed_schemas() -> Path | None:
    """The folder of the JSON Schemas installed with ictarch (package data), or of a checkout's schemas/."""
    try:
        spec = importlib.util.find_spec("ictarch.json_schemas")
    except ModuleNotFoundError:
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    # an editable install maps no data package: the checkout's folder
    for folder in [*map(Path, locations), Path(__file__).resolve().parents[2] / "schemas"]:
        if (folder / "province-model" / "v1.json").is_file():
            return folder.resolve()
    return None


def schema_base(folder: Path) -> str:
    """Where the ``$schema`` lines of the YAML files written into ``folder`` point (without the file's name).

    A ``schemas/`` folder of ictarch's schemas in ``folder`` or above it (``ictarch schema -o schemas`` at the
    top of the repository) gives a relative path, which works in every clone; else the schemas installed
    with ictarch, by absolute path, which works on this machine; else the published URL.
    """
    from ictarch.schema import SCHEMA_BASE

    target = folder.resolve()
    for base in (target, *target.parents):
        candidate = base / "schemas" / "province-model" / "v1.json"
        if candidate.is_file() and _is_ours(candidate):
            return Path(os.path.relpath(base / "schemas", target)).as_posix()
    installed = installed_schemas()
    return installed.as_posix() if installed else SCHEMA_BASE


def _is_ours(schema_file: Path) -> bool:
    from ictarch.schema import SCHEMA_BASE

    try:
        return str(json.loads(schema_file.read_text(encoding="utf-8")).get("$id", "")).startswith(SCHEMA_BASE)
    except (OSError, ValueError):
        return False
