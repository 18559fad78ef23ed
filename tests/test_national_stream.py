"""``ictarch diagram national`` reads one province at a time and draws what the national graph drew.

Without ``--select``/``--exclude``, each province's share of the national view (its coverage of the reference
items, the duplicate investments found in it) is computed from a graph of that province alone
(:func:`exporters.view_coverage.national_part`), in worker processes for a large model, and the view is put
together from the shares. The output is compared with :func:`exporters.views.build_view` on the graph of the
whole workspace, on the shipped models and on a small national model of :mod:`benchmarks.national`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from exporters.dot import to_dot
from exporters.mermaid import to_mermaid
from exporters.views import ViewOptions, build_view
from ictarch.graph import build_graph
from ictarch.loading import examples_root, load_workspace
from ictarch.loading import stream as stream_module
from tests.conftest import broken_national_copy


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, ["--no-cache", *args], catch_exceptions=False)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_view_is_the_one_drawn_from_the_national_graph(national_model: Path, lang: str) -> None:
    for path in (examples_root(), national_model):
        built = build_view("national", build_graph(load_workspace([path])), opts=ViewOptions(lang=lang))
        dot = _cli("--lang", lang, "diagram", "national", str(path), "--format", "dot")
        mermaid = _cli("--lang", lang, "diagram", "national", str(path), "--format", "mermaid")
        assert dot.exit_code == mermaid.exit_code == 0, dot.output
        assert dot.stdout == to_dot(built).text and mermaid.stdout == to_mermaid(built).text
    duplicates = built.tables[1]  # the national model has duplicate investments: the table is not empty
    assert len(duplicates.rows) > 2 and len(built.tables[0].rows[0]) == 4  # the header and three provinces


def test_worker_processes_draw_the_same(national_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sequential = _cli("diagram", "national", str(national_model))
    monkeypatch.setattr(stream_module, "parallel_workers", lambda mains: 2)
    parallel = _cli("diagram", "national", str(national_model))
    assert parallel.exit_code == sequential.exit_code == 0
    assert parallel.stdout == sequential.stdout and "digraph" in parallel.stdout


def test_a_selection_is_drawn_from_the_national_graph(national_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load_workspace([national_model])
    first = ws.provinces[0].code
    built = build_view("national", build_graph(ws), (f"province:{first}",), opts=ViewOptions())
    monkeypatch.setattr(stream_module, "map_provinces", None)  # a selection never streams
    result = _cli("diagram", "national", str(national_model), "--select", f"province:{first}")
    assert result.exit_code == 0 and result.stdout == to_dot(built).text


def test_errors_are_those_of_any_loading_command(
    national_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = broken_national_copy(national_model, tmp_path, "components.yaml", "components: [\n")
    whole = _cli("show", str(broken))
    streamed = _cli("diagram", "national", str(broken))
    monkeypatch.setattr(stream_module, "parallel_workers", lambda mains: 2)
    parallel = _cli("diagram", "national", str(broken))
    assert whole.exit_code == streamed.exit_code == parallel.exit_code == 2
    assert streamed.stdout == parallel.stdout == ""
    assert streamed.stderr == parallel.stderr == whole.stderr and "components.yaml" in streamed.stderr


def test_a_province_is_freed_before_the_next_is_loaded(national_model: Path, models_held: list[Any]) -> None:
    result = _cli("diagram", "national", str(national_model))
    assert result.exit_code == 0 and len(models_held) == 3
