"""Start-up: the command line imports a command's modules only when it runs (no timing here; see
benchmarks/bench_startup.py). ``ictarch --help`` must not import the models, the graph, the checks or the
exporters."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ictarch.cli.options import CHECK_FORMATS
from ictarch.formatters import OutputFormat
from tests.conftest import ROOT

HEAVY = ("networkx", "pydantic", "jsonschema", "exporters", "rich.progress", "rich.console", "ictarch.loading",
         "ictarch.models", "ictarch.graph", "ictarch.checks", "ictarch.formatters", "ictarch.analysis")  # fmt: skip

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


def _modules_after(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("check", "--help"), ("report", "--help")])
def test_help_imports_no_heavy_module(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    assert "ictarch.cli.base" in loaded, "the probe ran the command line"
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"'ictarch {' '.join(args)}' imported {heavy}"


def test_validate_imports_loading_but_not_graph_checks_or_exporters() -> None:
    loaded = _modules_after("-q", "--no-cache", "validate", str(ROOT / "province_models" / "kon-tum"))
    assert "ictarch.loading" in loaded, "validate ran"
    for absent in ("networkx", "exporters", "ictarch.graph", "ictarch.checks", "ictarch.formatters", "jsonschema"):
        assert not any(m == absent or m.startswith(absent + ".") for m in loaded), absent


def test_check_formats_named_in_the_options_are_the_formatters() -> None:
    assert tuple(f.value for f in OutputFormat) == CHECK_FORMATS
