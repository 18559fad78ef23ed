"""Start-up: the command line imports a command's modules only when it runs (no timing here; see
benchmarks/bench_startup.py). ``ictarch --help`` imports no command module and none of the libraries the
commands use; ``validate`` imports the loader but not the graph, the checks, the findings or the exporters.
The list of commands and the message catalogue come from cheap sources that give what the full ones give."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ictarch.cli
from cli import main
from ictarch.cli.commands import COMMANDS
from ictarch.cli.options import CHECK_FORMATS, SEVERITIES
from ictarch.findings import Severity
from ictarch.formatters import OutputFormat
from ictarch.i18n import _catalogue_text, catalogue, read_flat_catalogue
from tests.conftest import ROOT

COMMAND_MODULES = tuple(sorted({entry.module for entry in COMMANDS.values()}))

LIBRARIES = ("networkx", "pydantic", "pydantic_core", "jsonschema", "graphviz", "rich", "yaml", "yaml_rs")

HELP_ABSENT = (
    *LIBRARIES,
    *COMMAND_MODULES,
    "exporters",
    "ictarch.loading",
    "ictarch.models",
    "ictarch.graph",
    "ictarch.checks",
    "ictarch.runner",
    "ictarch.findings",
    "ictarch.errors",
    "ictarch.formatters",
    "ictarch.analysis",
    "ictarch.cli.output",
    "ictarch.cli.options",
)
"""What ``ictarch --help`` must not import: the list of commands comes from :mod:`ictarch.cli.commands`."""

COMMAND_HELP_ABSENT = tuple(m for m in HELP_ABSENT if m not in ("ictarch.cli.options", "ictarch.errors"))
"""What ``ictarch COMMAND --help`` must not import besides the command's own module (and what it imports)."""

VALIDATE_ABSENT = (
    "networkx",
    "jsonschema",
    "graphviz",
    "rich.progress",
    "exporters",
    "ictarch.graph",
    "ictarch.checks",
    "ictarch.runner",
    "ictarch.findings",
    "ictarch.formatters",
    "ictarch.analysis",
    "ictarch.config",
    "concurrent.futures.process",  # one province loads in the process itself: no pool (concurrent.futures
    # itself may come with asyncio, which some pydantic-core versions import)
    "multiprocessing",
    "ictarch.models.field_docs",  # the texts of fields: only for a missing field's error
    "rich._emoji_codes",  # rich's table of :emoji: codes: nothing validate prints has one
    *(m for m in COMMAND_MODULES if m != "ictarch.cli.validate"),
)
"""What ``validate`` of one province must not import: it loads and validates, nothing more."""

VERSION_ABSENT = (
    "importlib.metadata",
    "pydantic",
    "ictarch.loading",
    "ictarch.models",
    "ictarch.errors",
    "ictarch.cli.options",
    "rich",
    *COMMAND_MODULES,
)
"""What ``ictarch --version`` must not import: it names the YAML parser from the parser's own modules."""

PROBE = """
import json, sys
sys.argv = ["ictarch", *json.loads(sys.argv[1])]
import cli
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _run_probe(*args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """``ictarch ARGS`` in a fresh interpreter: its stdout and every module it imported. Help is 80 columns wide,
    as in click's CliRunner (click leaves two columns of the terminal's)."""
    env = {**os.environ, "COLUMNS": "82", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def _imported(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("args", [("--help",), ("--lang", "en", "--help")])
def test_help_imports_no_command_module_and_no_heavy_library(args: tuple[str, ...]) -> None:
    stdout, loaded = _run_probe(*args)
    assert "ictarch.cli.base" in loaded and "validate" in stdout, "the probe ran the command line"
    assert _imported(loaded, HELP_ABSENT) == [], f"'ictarch {' '.join(args)}' imported them"


@pytest.mark.parametrize("command", ["check", "report", "roadmap", "validate", "lsp"])
def test_a_command_help_imports_its_own_module_only(command: str) -> None:
    stdout, loaded = _run_probe(command, "--help")
    module = COMMANDS[command].module
    assert module in loaded and command in stdout
    others = tuple(m for m in COMMAND_HELP_ABSENT if m not in (module, "ictarch.findings"))
    assert _imported(loaded, others) == [], f"'ictarch {command} --help' imported them"


def test_validate_imports_the_loader_but_not_graph_checks_findings_or_exporters() -> None:
    stdout, loaded = _run_probe("-q", "--no-cache", "validate", str(ROOT / "province_models" / "kon-tum"))
    assert "ictarch.loading" in loaded and "ictarch.cli.validate" in loaded and "kon-tum" in stdout, "validate ran"
    assert _imported(loaded, VALIDATE_ABSENT) == []


def test_validate_without_the_fast_parser_imports_none_of_its_modules() -> None:
    """Without yaml-rs (or with it turned off) the fast path's modules, which compile their regular expressions
    on import, are not imported: a default installation does not pay for them."""
    args = ("-q", "--no-cache", "validate", str(ROOT / "province_models" / "kon-tum"))
    stdout, loaded = _run_probe(*args, env={"ICTARCH_YAML_PARSER": "pyyaml"})
    assert "kon-tum" in stdout and "yaml" in loaded, "validate ran"
    assert _imported(loaded, ("ictarch.loading.fast_yaml", "ictarch.loading.line_index", "yaml_rs")) == []


def test_the_loading_package_names_each_of_its_names_where_it_is_defined() -> None:
    """``ictarch.loading`` imports its names when first used (PEP 562): each public name is one, and is the
    object its module defines."""
    import ictarch.loading as loading

    assert sorted(loading._HOME) == sorted(loading.__all__)
    for name in loading.__all__:
        module = importlib.import_module(f"ictarch.loading.{loading._HOME[name]}")
        assert getattr(loading, name) is getattr(module, name), name
    with pytest.raises(AttributeError):
        loading.no_such_name  # noqa: B018


UNCHANGED_ABSENT = (*VALIDATE_ABSENT, "pydantic", "pydantic_core", "ictarch.models", "importlib.metadata")
"""What ``validate`` of a model unchanged since it was validated must not import besides
(:mod:`ictarch.loading.stored`): no model is built."""


def test_validate_of_an_unchanged_model_imports_no_model_class(tmp_path: Path) -> None:
    args, env = ("-q", "validate", str(ROOT / "province_models" / "kon-tum")), {"ICTARCH_CACHE_DIR": str(tmp_path)}
    first, loaded = _run_probe(*args, env=env)
    assert "kon-tum" in first and "pydantic" in loaded and "ictarch.models" in loaded, "the first run validated it"
    again, loaded = _run_probe(*args, env=env)
    assert again == first and "ictarch.loading.stored" in loaded
    assert _imported(loaded, UNCHANGED_ABSENT) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_validate_total_line_prints_the_same_without_emoji_codes(lang: str) -> None:
    """validate prints its last line with emoji=False (not loading rich's table of :codes:): the same text."""
    from io import StringIO

    from rich.console import Console

    from ictarch.i18n import t

    for n in (0, 1, 2, 34):
        printed = []
        for emoji in (True, False):
            out = StringIO()
            Console(file=out, width=80, color_system="truecolor", force_terminal=True).print(
                t("validate.total", lang, n=n), emoji=emoji
            )
            printed.append(out.getvalue())
        assert printed[0] == printed[1]


def test_version_names_the_parser_without_the_loader_or_package_metadata() -> None:
    stdout, loaded = _run_probe("--version")
    assert stdout.startswith("ictarch, version ") and "PyYAML" in stdout, "the probe ran --version"
    assert _imported(loaded, VERSION_ABSENT) == []


@pytest.mark.parametrize("setting", ["auto", "base", "pyyaml"])
def test_the_parser_versions_are_the_installed_distributions(setting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """--version reads the versions from the modules: they are what the package metadata says."""
    from importlib import metadata

    from ictarch.yaml_parser import ENV, LINE_READER, fast_loader, parser_name

    monkeypatch.setenv(ENV, setting)
    named = parser_name()
    assert named.endswith(f"PyYAML {metadata.version('PyYAML')} (libyaml)")
    assert named.startswith(LINE_READER) == (setting != "pyyaml")
    if fast_loader() is not None:
        assert setting == "auto" and f", yaml-rs {metadata.version('yaml-rs')}, PyYAML " in named
    else:
        assert "yaml-rs" not in named


def _all_command_modules() -> None:
    """Import every module of ictarch.cli: each registers the commands it defines."""
    for module in pkgutil.iter_modules(ictarch.cli.__path__):
        importlib.import_module(f"ictarch.cli.{module.name}")


REGISTERS = """
import importlib, sys
from cli import main
importlib.import_module(sys.argv[1])
print(" ".join(main.commands.imported()))
"""


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_importing_a_module_of_the_table_registers_its_commands(module: str) -> None:
    """What ``ictarch COMMAND`` relies on: the module the table names defines the command."""
    done = subprocess.run(
        [sys.executable, "-c", REGISTERS, module], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    assert {name for name, entry in COMMANDS.items() if entry.module == module} <= set(done.stdout.split())


def test_the_table_of_commands_names_every_command_and_its_summary() -> None:
    _all_command_modules()
    assert set(main.commands.imported()) == set(COMMANDS), (  # type: ignore[attr-defined]
        "ictarch/cli/commands.py lists exactly the commands the modules define"
    )
    for name in COMMANDS:
        command = main.commands[name]
        assert command.help is not None and command.help.split("\n\n")[0] == COMMANDS[name].summary, (
            f"{name}: the summary in ictarch/cli/commands.py is not the first paragraph of its help"
        )
        assert not (command.hidden or command.short_help or command.deprecated), (
            f"{name}: a hidden, deprecated or short-help command needs that in ictarch/cli/commands.py too"
        )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_list_of_commands_is_the_same_before_and_after_their_modules_are_imported(lang: str) -> None:
    fresh, loaded = _run_probe("--lang", lang, "--help")
    assert not _imported(loaded, COMMAND_MODULES), "the fresh run listed the commands without importing them"
    _all_command_modules()
    result = CliRunner().invoke(main, ["--lang", lang, "--help"], prog_name="ictarch")
    assert result.exit_code == 0
    assert result.stdout == fresh
    for name in COMMANDS:
        assert f"  {name} " in fresh


def test_an_unknown_command_is_refused_without_importing_any() -> None:
    stdout, loaded = _run_probe("chekc")
    assert stdout == "" and not _imported(loaded, COMMAND_MODULES)
    result = CliRunner().invoke(main, ["--lang", "en", "chekc"])
    assert result.exit_code == 2 and "No such command 'chekc'" in result.stderr and "check" in result.stderr


def test_named_choices_are_the_enumerations_values() -> None:
    assert tuple(f.value for f in OutputFormat) == CHECK_FORMATS
    assert tuple(s.value for s in Severity) == SEVERITIES


def test_the_diagram_views_are_still_importable_from_the_entry_point() -> None:
    import cli
    from ictarch.cli.diagram import VIEWS

    assert cli.VIEWS == VIEWS
    with pytest.raises(AttributeError):
        cli.NOT_A_NAME  # noqa: B018


# --------------------------------------------------------------------------- the catalogue without PyYAML


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_shipped_catalogues_are_read_without_pyyaml_to_what_pyyaml_reads(lang: str) -> None:
    text = _catalogue_text(lang)  # type: ignore[arg-type]
    flat = read_flat_catalogue(text)
    assert flat is not None, (
        f'ictarch/locale/{lang}.yaml: keep one \'id: "text"\' entry per line (escapes \\n \\" \\\\ \\b only), '
        "or every run reads it with PyYAML, slowly"
    )
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert flat == expected and list(flat) == list(expected)
    assert catalogue(lang) == expected


@pytest.mark.parametrize(
    "text",
    [
        'a.b: "x"\n',
        'a.b: "x"\na.b: "y"\n',  # the last wins, as with PyYAML
        '# comment\n\na.b: ""\nc.d-e_f.g@h: "tab\there, quotes \\"q\\", slash \\\\ and \\n"\n',
        'a.b: "Tiếng Việt: {n:num} — ok"\n',
    ],
)
def test_flat_entries_read_as_pyyaml_reads_them(text: str) -> None:
    assert read_flat_catalogue(text) == yaml.load(text, Loader=yaml.SafeLoader)


@pytest.mark.parametrize(
    "text",
    [
        'yes: "x"\n',  # a key YAML reads as a boolean
        '1.5: "x"\n',  # ... as a number
        'a.b: "x" # note\n',
        "a.b: 'x'\n",
        "a.b: x\n",
        'a.b: "\\x41 \\u00e9 \\N \\_ \\e"\n',  # escapes JSON does not share
        'a.b: "one\n  two"\n',  # a text over two lines
        '\ufeffa.b: "x"\n',
        'a.b: "x"\r\nc.d: "y"\r\n',
        'a.b: "x\u2028y"\n',
        'a.b: "x\x85y"\n',
        'a.b: "\x07"\n',
        '  a.b: "x"\n',
        'a.b: "x\\"\n',
        'a.b: "x"y"\n',
        '---\na.b: "x"\n',
    ],
)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert read_flat_catalogue(text) is None


PIECES = ("a.b", "on", "yes.no", "x", ": ", ":", '"', "'", "\\", "\\n", "\\x41", "\\b", '\\"', "#", " ", "-")
CHARACTERS = ("\t", "\n", "\r", "é", "\u2028", "\x85", "\ufeff", "\x00", "{n}", "1.5", "~", "null", "\\u00e9")
LINE_PIECES = st.sampled_from(PIECES + CHARACTERS)


@settings(max_examples=400, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE_PIECES, max_size=14).map("".join))
def test_the_flat_reader_never_disagrees_with_pyyaml(text: str) -> None:
    flat = read_flat_catalogue(text)
    if flat is None:
        return
    assert flat == (yaml.load(text, Loader=yaml.SafeLoader) or {})
