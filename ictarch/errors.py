"""The exceptions ictarch raises, and the diagnostics a failed load carries.

    IctarchError                      every error ictarch reports; the CLI prints it and exits 2
    ├── ModelLoadError                input files are unreadable or invalid; carries Diagnostics
    ├── ConfigError                   a configuration file or option is wrong
    ├── SelectorError                 a selection expression is wrong
    └── ExportError                   an exporter or renderer cannot produce its output

Data problems inside a valid model are findings, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a YAML file: 1-based line and column, and the path inside the document."""

    file: str
    line: int
    column: int
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One load error: what is wrong, where, what was expected and how to fix it."""

    code: str
    message: str
    location: Location | None = None
    expected: str | None = None
    hint: str | None = None
    related: Location | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message) if loc else ("", 0, 0, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "path": loc.path if loc else None,
            "expected": self.expected,
            "hint": self.hint,
            "related": str(self.related) if self.related else None,
        }

    def render(self) -> str:
        """One block of plain text: ``file:line:col: CODE message`` then expected, hint, related."""
        head = f"{self.location}: " if self.location else ""
        path = f" [{self.location.path}]" if self.location and self.location.path else ""
        lines = [f"{head}{self.code} {self.message}{path}"]
        if self.expected:
            lines.append(f"    expected: {self.expected}")
        if self.hint:
            lines.append(f"    hint: {self.hint}")
        if self.related:
            lines.append(f"    see also: {self.related}")
        return "\n".join(lines)


class IctarchError(Exception):
    """Base of every error ictarch reports to the user."""


class ModelLoadError(IctarchError):
    """The input could not be loaded; ``diagnostics`` lists every problem found in one pass."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        n = len(self.diagnostics)
        super().__init__(f"{n} error{'s' if n != 1 else ''} in the input")


class ConfigError(IctarchError):
    """A configuration file or option is invalid."""


class SelectorError(IctarchError):
    """A selection expression is invalid."""


class ExportError(IctarchError):
    """An exporter or renderer cannot produce its output."""


class OutputError(IctarchError):
    """An output cannot be written where the user named it (missing or read-only folder, wrong kind of
    path, a link, a full disk); nothing was written."""


# Load error codes (ICT0xx), kept apart from check findings.
YAML_SYNTAX = "ICT001"
DUPLICATE_KEY = "ICT002"
SCHEMA = "ICT003"
DUPLICATE_ID = "ICT004"
DANGLING_REFERENCE = "ICT005"
INCLUDE = "ICT006"
FILE = "ICT007"
