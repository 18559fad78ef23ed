"""Pure functions from a :class:`~ictarch.findings.Report` to text, one module per output format.

Every formatter takes the language of the prose (``vi`` by default); the same report in the same
language always gives byte-identical output: findings are sorted, and the only time in the
output is the report's ``generated_at``, an input of the run. Each format has a writer
(:data:`WRITERS`) that hands its text piece by piece to a ``write`` function as it is produced, so
that a national report never stands whole in memory; the ``to_*`` functions join the pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from ictarch.findings import Report
from ictarch.formatters.json import to_json, write_json, write_json_utf8
from ictarch.formatters.jsonstream import Write
from ictarch.formatters.junit import to_junit, write_junit
from ictarch.formatters.markdown import to_markdown, write_markdown
from ictarch.formatters.sarif import to_sarif, write_sarif
from ictarch.formatters.text import render_text, to_text, write_text
from ictarch.i18n import DEFAULT_LANG


class Formatter(Protocol):
    def __call__(self, report: Report, lang: str = ..., /) -> str: ...


def _text(report: Report, lang: str = DEFAULT_LANG, /) -> str:
    return to_text(report, lang=lang)


def _sarif(report: Report, lang: str = DEFAULT_LANG, /) -> str:
    return to_sarif(report, lang=lang)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"


FORMATTERS: Mapping[OutputFormat, Formatter] = MappingProxyType(
    {
        OutputFormat.TEXT: _text,
        OutputFormat.JSON: to_json,
        OutputFormat.SARIF: _sarif,
        OutputFormat.JUNIT: to_junit,
        OutputFormat.MARKDOWN: to_markdown,
    }
)


class ReportWriter(Protocol):
    def __call__(self, report: Report, write: Write, lang: str, /) -> None: ...


def _write_sarif(report: Report, write: Write, lang: str, /) -> None:
    write_sarif(report, write, lang=lang)


WRITERS: Mapping[OutputFormat, ReportWriter] = MappingProxyType(
    {
        OutputFormat.TEXT: write_text,
        OutputFormat.JSON: write_json,
        OutputFormat.SARIF: _write_sarif,
        OutputFormat.JUNIT: write_junit,
        OutputFormat.MARKDOWN: write_markdown,
    }
)


class EncodedWriter(Protocol):
    def __call__(self, report: Report, write: Callable[[bytes], object], lang: str, /) -> None: ...


ENCODED_WRITERS: Mapping[OutputFormat, EncodedWriter] = MappingProxyType({OutputFormat.JSON: write_json_utf8})
"""The formats whose writer hands on the text in UTF-8, as it is written: the command line uses these first (a
national JSON report is hundreds of megabytes, each piece encoded once)."""


def render(report: Report, fmt: OutputFormat | str, lang: str = DEFAULT_LANG) -> str:
    return FORMATTERS[OutputFormat(fmt)](report, lang)


__all__ = [
    "ENCODED_WRITERS",
    "FORMATTERS",
    "WRITERS",
    "EncodedWriter",
    "OutputFormat",
    "ReportWriter",
    "Write",
    "render",
    "render_text",
    "to_json",
    "to_junit",
    "to_markdown",
    "to_sarif",
    "to_text",
    "write_json",
    "write_junit",
    "write_markdown",
    "write_sarif",
    "write_text",
]
