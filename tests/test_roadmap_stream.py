"""``ictarch roadmap`` one province at a time prints what it printed with the whole workspace loaded first.

The command loads, replays and writes each province in turn (:class:`ictarch.loading.stream.ProvinceStream`)
instead of loading every province before the first replay. Its output is compared, byte for byte and in
every format, with the output built the old way from :func:`load_workspace`, on the shipped models and on a
small national model of :mod:`benchmarks.national`; a model with an error prints the same errors and nothing
on stdout; each year's graph is freed with its year.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from cli import main
from ictarch.analysis.roadmap import roadmap
from ictarch.analysis.roadmap_render import iter_json, to_dict, to_markdown
from ictarch.checks import spec as check_spec
from ictarch.cli import roadmap as roadmap_cli
from ictarch.cli.roadmap import _print_text
from ictarch.loading import Workspace, examples_root, load_workspace
from ictarch.loading.stream import ProvinceStream
from tests.conftest import broken_national_copy

EPOCH = "1788220800"
RUN_DATE = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.UTC).date()


def _cli(*args: str) -> Any:
    return CliRunner(env={"SOURCE_DATE_EPOCH": EPOCH, "COLUMNS": "120"}).invoke(
        main, ["--no-cache", "--no-color", "roadmap", *args], catch_exceptions=False
    )


def _expected(ws: Workspace, fmt: str, lang: str = "vi") -> str:
    """The output as the command built it from the whole workspace, before it streamed provinces."""
    timelines = [roadmap(p, ws.catalogue, run_date=RUN_DATE) for p in ws.provinces]
    if fmt == "json":
        return json.dumps([to_dict(t, lang) for t in timelines], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return "\n".join(to_markdown(t, lang) for t in timelines)
    buffer = io.StringIO()
    out = Console(file=buffer, no_color=True, highlight=False, soft_wrap=False, width=120)
    for t in timelines:
        _print_text(out, t, lang)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shipped() -> Workspace:
    return load_workspace([examples_root()])


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_shipped_output_is_unchanged(shipped: Workspace, fmt: str) -> None:
    result = _cli(str(examples_root()), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _expected(shipped, fmt)


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_national_output_is_unchanged(national_model: Path, fmt: str) -> None:
    ws = load_workspace([national_model])
    assert len(ws.provinces) == 3
    result = _cli(str(national_model), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    expected = _expected(ws, fmt)
    assert len(expected) > 10_000
    assert result.stdout == expected


def test_streamed_json_is_json_dumps(shipped: Workspace, national_model: Path) -> None:
    ws = load_workspace([national_model])
    for w in (shipped, ws):
        for p in w.provinces:
            t = roadmap(p, w.catalogue, run_date=RUN_DATE)
            for lang in ("vi", "en"):
                text = json.dumps(to_dict(t, lang), indent=2, ensure_ascii=False)
                assert "".join(iter_json(t, lang)) == text
                assert "".join(iter_json(t, lang, level=2)) == text.replace("\n", "\n    ")


def test_an_error_in_a_later_province_prints_the_errors_only(national_model: Path, tmp_path: Path) -> None:
    broken = tmp_path / "n"
    shutil.copytree(national_model, broken)
    last = sorted(broken.iterdir())[-1]
    (last / "components.yaml").write_text("components: [\n", encoding="utf-8")  # a syntax error
    first = sorted(broken.iterdir())[0]
    shutil.copytree(first, broken / "zz-copy")  # and a province code given twice
    result = _cli(str(broken), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    loaded = CliRunner().invoke(main, ["--no-cache", "--no-color", "validate", str(broken)], catch_exceptions=False)
    assert loaded.exit_code == 2
    assert result.stderr == loaded.stderr, "the same problems, in the same order, as a whole-workspace load"
    assert "components.yaml" in result.stderr and first.name in result.stderr


def test_the_stream_reads_each_province_in_order(national_model: Path) -> None:
    stream = ProvinceStream.open([national_model])
    codes = [p.code if p is not None else None for p in stream]
    assert codes == [p.code for p in load_workspace([national_model]).provinces]
    stream.check()  # no problem: does not raise


def test_each_years_graph_is_freed_with_its_year(national_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graphs: list[weakref.ref[Any]] = []
    build = check_spec.build_graph  # a run builds its graph on first use, in the check context

    def recording(*args: Any, **kwargs: Any) -> Any:
        graph = build(*args, **kwargs)
        graphs.append(weakref.ref(graph.nx))  # the networkx graph: its cached views refer back to it
        return graph

    monkeypatch.setattr(check_spec, "build_graph", recording)
    ws = load_workspace([national_model])
    timeline = roadmap(ws.provinces[0], ws.catalogue, run_date=RUN_DATE)
    gc.collect()
    assert len(graphs) >= 3 and len(timeline.points) >= 3
    assert [g() for g in graphs] == [None] * len(graphs), "a year's graph outlives its year"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_worker_processes_print_the_same(national_model: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sequential = _cli(str(national_model), "--format", fmt)
    monkeypatch.setattr(roadmap_cli, "_workers", lambda mains: 2)
    parallel = _cli(str(national_model), "--format", fmt)
    assert parallel.exit_code == sequential.exit_code == 0
    assert parallel.stdout == sequential.stdout


def test_worker_processes_report_the_same_errors(
    national_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = broken_national_copy(national_model, tmp_path, "projects.yaml", "projects: {\n")
    sequential = _cli(str(broken), "--chart", str(tmp_path / "a.svg"))
    monkeypatch.setattr(roadmap_cli, "_workers", lambda mains: 2)
    parallel = _cli(str(broken), "--chart", str(tmp_path / "a.svg"))
    assert parallel.exit_code == sequential.exit_code == 2
    assert parallel.stdout == sequential.stdout == ""
    assert parallel.stderr == sequential.stderr and "projects.yaml" in parallel.stderr
    assert not list(tmp_path.glob("*.svg")), "nothing is written for a model with errors"
