"""Which module defines each command, so that a run imports only the module of the command it runs.

``ictarch --help`` lists every command with its summary without importing any of them: the summary is
the first paragraph of the command's help (its docstring), kept here; its Vietnamese text is the
command's ``help.<command>`` entry of the catalogue, as for the command itself. tests/test_startup.py
holds this table to the commands the modules define.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import NamedTuple

import click


class Entry(NamedTuple):
    module: str
    summary: str
    """The first paragraph of the command's help, in English (what ``--help`` shortens into its list)."""


COMMANDS: dict[str, Entry] = {
    "check": Entry(
        "ictarch.cli.check", "Run the conformance checks on province models; exit 1 on findings at or above --fail-on."
    ),
    "checks": Entry(
        "ictarch.cli.catalogue", "List the conformance checks: code, name, default severity, groups, summary."
    ),
    "diagram": Entry(
        "ictarch.cli.diagram",
        "Draw a view of province models: VIEW is layered, gap-map, impact, roadmap, egov or national.",
    ),
    "diff": Entry(
        "ictarch.cli.diff", "What changed from OLD to NEW: entries added, removed and changed, budgets, findings."
    ),
    "duplicates": Entry("ictarch.cli.check", "Duplicate investment (the 'duplication' checks, ICT2xx)."),
    "explain": Entry(
        "ictarch.cli.catalogue", "Print a check's documentation: rationale, anti-pattern, best practice, reference."
    ),
    "export": Entry(
        "ictarch.cli.export",
        "Export province models for ArchiMate tools (Archi), graph tools (Gephi, yEd) or other programs.",
    ),
    "frameworks": Entry(
        "ictarch.cli.frameworks", "List the national frameworks, their versions, status and what supersedes them."
    ),
    "gaps": Entry("ictarch.cli.check", "Gaps against the reference framework (the 'gap' checks, ICT1xx)."),
    "impact": Entry(
        "ictarch.cli.impact",
        "What depends on COMPONENT, transitively: the projects and budgets affected, the services citizens lose.",
    ),
    "import": Entry(
        "ictarch.cli.exchange",
        "Import an ArchiMate Open Exchange Format file as a province model (DIR/province.yaml).",
    ),
    "init": Entry(
        "ictarch.cli.scaffold",
        "Scaffold a new province model; every requirement of the framework appears as a TODO entry.",
    ),
    "linkage": Entry(
        "ictarch.cli.check",
        "Linkage to the e-government architecture and shared platforms (the 'linkage' checks, ICT3xx).",
    ),
    "lsp": Entry(
        "ictarch.cli.lsp",
        "Language server (LSP over stdio): diagnostics, completion, hover, definition, references, rename.",
    ),
    "merge": Entry(
        "ictarch.cli.merge",
        "Merge the models of former provinces into the new province's model (the 1 July 2025 mergers).",
    ),
    "report": Entry(
        "ictarch.cli.report",
        "Write the review report: a static, bilingual HTML site that opens from the file system.",
    ),
    "roadmap": Entry(
        "ictarch.cli.roadmap",
        "Conformance over time: per year, the gaps that close and the findings that remain as projects complete.",
    ),
    "schema": Entry(
        "ictarch.cli.schema", "Write the JSON Schemas of the province model and the reference framework files."
    ),
    "serve": Entry(
        "ictarch.cli.serve",
        "Live preview: serve the review site of the models and refresh open pages when a model file is saved.",
    ),
    "show": Entry(
        "ictarch.cli.show",
        "Summarize province models: programme, frameworks, components per layer, projects and budgets.",
    ),
    "validate": Entry(
        "ictarch.cli.validate", "Validate province models (files or folders; default: the shipped examples)."
    ),
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name: every name of :data:`COMMANDS` is listed, and a command's module is
    imported (which registers it on the group) the first time the command itself is looked up."""

    def __init__(self, table: dict[str, Entry]) -> None:
        self._table = table
        self._loaded: dict[str, click.Command] = {}
        self._summaries: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded and name in self._table:
            importlib.import_module(self._table[name].module)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._loaded or name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._loaded.keys() | self._table.keys()))

    def __len__(self) -> int:
        return len(self._loaded.keys() | self._table.keys())

    def imported(self) -> list[str]:
        """The commands registered so far: those whose module is imported."""
        return sorted(self._loaded)

    def summary(self, name: str) -> click.Command:
        """The command if its module is imported, else a stand-in with its name and summary: what the
        group's list of commands shows, the same either way."""
        if name in self._loaded:
            return self._loaded[name]
        if name not in self._summaries:
            self._summaries[name] = click.Command(name, help=self._table[name].summary)
        return self._summaries[name]


def listed(group: click.Group, ctx: click.Context) -> list[tuple[str, click.Command]]:
    """The commands ``--help`` lists, by name, without importing them (stand-ins for those not imported)."""
    commands = group.commands
    out = []
    for name in group.list_commands(ctx):
        command = commands.summary(name) if isinstance(commands, LazyCommands) else group.get_command(ctx, name)
        if command is not None and not command.hidden:
            out.append((name, command))
    return out
