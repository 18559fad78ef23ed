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

from ictarch.i18n import DEFAULT_LANG, Msg, Text, msg, render


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a YAML file: 1-based line and column, and the path inside the document."""

    file: str
    line: int
    column: int
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def __reduce__(self) -> tuple[object, ...]:
        return Location, (self.file, self.line, self.column, self.path)


@dataclass(frozen=True)
class Diagnostic:
    """One load error: what is wrong, where, what was expected and how to fix it.

    ``message``, ``expected`` and ``hint`` are catalogue messages, rendered in the reader's language
    by :meth:`render` and :meth:`to_dict`.
    """

    code: str
    message: Text
    location: Location | None = None
    expected: Text | None = None
    hint: Text | None = None
    related: Location | None = None

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang``."""
        return render(self.message, lang)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        key = render(self.message, "en")
        return (loc.file, loc.line, loc.column, self.code, key) if loc else ("", 0, 0, self.code, key)

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "message": render(self.message, lang),
            "message_id": self.message.id if isinstance(self.message, Msg) else None,
            "arguments": self.message.to_json()["args"] if isinstance(self.message, Msg) else {},
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "path": loc.path if loc else None,
            "expected": render(self.expected, lang) if self.expected else None,
            "hint": render(self.hint, lang) if self.hint else None,
            "related": str(self.related) if self.related else None,
        }

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """One block of plain text: ``file:line:col: CODE message`` then expected, hint, related."""
        head = f"{self.location}: " if self.location else ""
        path = f" [{self.location.path}]" if self.location and self.location.path else ""
        lines = [f"{head}{self.code} {render(self.message, lang)}{path}"]
        if self.expected:
            lines.append("    " + render(msg("load.expected", what=self.expected), lang))
        if self.hint:
            lines.append("    " + render(msg("load.hint", hint=self.hint), lang))
        if self.related:
            lines.append("    " + render(msg("load.see-also", where=str(self.related)), lang))
        return "\n".join(lines)


class IctarchError(Exception):
    """Base of every error ictarch reports to the user; its message is a catalogue message (or text)."""

    def __init__(self, message: Text = "", *args: object) -> None:
        self.message: Text = message
        super().__init__(render(message, "en"), *args)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang``."""
        return render(self.message, lang)


class ModelLoadError(IctarchError):
    """The input could not be loaded; ``diagnostics`` lists every problem found in one pass."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__(msg("load.errors-count", n=len(self.diagnostics)))


class ConfigError(IctarchError):
    """A configuration file or option is invalid; ``diagnostics`` say where, when a file is at fault."""

    def __init__(self, message: Text = "", diagnostics: list[Diagnostic] | tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = tuple(diagnostics)

    def __str__(self) -> str:
        return "\n".join([render(self.message, "en"), *(d.render("en") for d in self.diagnostics)])


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
