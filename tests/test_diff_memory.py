"""``ictarch diff`` keeps less at once and says the same: each side's graph is freed before the other's is
built, the ``model`` entry is dumped without the lists it leaves out (compared with dumping the whole
model and dropping them, on the shipped models and a national model of :mod:`benchmarks.national`), and the
command packs the old side and frees its workspace before it loads the new one, with the report of comparing
the two workspaces held at once."""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import shutil
import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks import national
from cli import main
from ictarch.analysis import diff
from ictarch.analysis.diff_render import to_dict
from ictarch.checks import spec as check_spec
from ictarch.cli import diff as diff_cli
from ictarch.loading import Workspace, examples_root, load_workspace
from ictarch.loading import workspace as workspace_module
from ictarch.loading.workspace import ShippedArchitecture
from ictarch.report_blocks import FindingsByProvince
from ictarch.runner import run


@pytest.fixture(scope="module")
def national_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national") / "n"
    national.generate(out, 3, 60, 20260701)
    return out


def test_model_entry_is_the_dump_without_the_lists(national_model: Path) -> None:
    skip = {spec.name for spec in diff.COLLECTIONS} | diff.NOT_COMPARED
    for ws in (load_workspace([examples_root()]), load_workspace([national_model])):
        for p in ws.provinces:
            arch = p.architecture
            whole = arch.model_dump(mode="json", by_alias=True)
            rest = {k: v for k, v in whole.items() if k not in skip}
            assert arch.model_dump(mode="json", by_alias=True, exclude=diff._NOT_IN_MODEL_ENTRY) == rest
            assert list(rest) and "components" in whole and "components" not in rest


def test_each_sides_graph_is_freed(national_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graphs: list[weakref.ref[Any]] = []
    build = check_spec.build_graph  # a run builds its graph on first use, in the check context

    def recording(*args: Any, **kwargs: Any) -> Any:
        graph = build(*args, **kwargs)
        if graphs:
            gc.collect()
            assert graphs[0]() is None, "the old side's graph is alive while the new side's is built"
        graphs.append(weakref.ref(graph.nx))  # the networkx graph: its cached views refer back to it
        return graph

    monkeypatch.setattr(check_spec, "build_graph", recording)
    old, new = load_workspace([national_model]), load_workspace([national_model])
    report = diff.diff_workspaces(old, new, old_label="a", new_label="b", run_date=dt.date(2026, 9, 1))
    assert len(graphs) == 2 and report.empty
    assert all(p.findings is not None and p.findings.unchanged for p in report.provinces)


def _edited_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped models and a copy with real changes: an owner removed (a finding introduced), a budget and a
    name changed, a province removed."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(examples_root(), old, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    shutil.copytree(old, new)
    components = new / "quang-tri" / "components.yaml"
    text = components.read_text(encoding="utf-8")
    owner = re.search(r"\n    owner: [^\n]*", text)
    assert owner is not None
    text = text.replace(owner.group(0), "", 1).replace('    name: {vi: "', '    name: {vi: "Sửa đổi ', 1)
    components.write_text(text, encoding="utf-8")
    projects = new / "quang-tri" / "projects.yaml"
    budget = re.search(r"budget_vnd: [\d_]+", projects.read_text(encoding="utf-8"))
    assert budget is not None
    projects.write_text(projects.read_text(encoding="utf-8").replace(budget.group(0), "budget_vnd: 123000000000", 1))
    shutil.rmtree(new / "kon-tum")
    return old, new


def _held_at_once(old: Workspace, new: Workspace, run_date: dt.date) -> diff.DiffReport:
    """The comparison as it was made with both sides' workspaces and findings alive at once."""
    at = dt.datetime.combine(run_date, dt.time(), tzinfo=dt.UTC)
    before = diff._by_province(run(old, run_date=run_date, generated_at=at).findings)
    after = diff._by_province(run(new, run_date=run_date, generated_at=at).findings)
    olds = {p.code: p.architecture for p in old.provinces}
    news = {p.code: p.architecture for p in new.provinces}
    pairs = sorted(olds.keys() & news.keys())
    provinces = tuple(
        replace(
            diff.diff_architectures(olds[c], news[c]),
            findings=diff.compare_findings(before.get(c, ()), after.get(c, ())),
        )
        for c in pairs
    )
    return diff.DiffReport(
        "a",
        "b",
        provinces,
        tuple(sorted(news.keys() - olds.keys())),
        tuple(sorted(olds.keys() - news.keys())),
        True,
        run_date,
    )


def test_packed_sides_give_what_both_sides_held_at_once_gave(tmp_path: Path) -> None:
    old_path, new_path = _edited_copy(tmp_path)
    run_date = dt.date(2026, 9, 1)
    expected = _held_at_once(load_workspace([old_path]), load_workspace([new_path]), run_date)
    packed = diff.pack_side(load_workspace([old_path]), run_date=run_date)
    got = diff.diff_packed(packed, load_workspace([new_path]), old_label="a", new_label="b", run_date=run_date)
    assert got == expected
    quang_tri = next(p for p in got.provinces if p.code == "quang-tri")
    assert quang_tri.findings is not None and quang_tri.findings.introduced and quang_tri.budgets
    assert got.removed_provinces == ("kon-tum",)
    assert all(p.findings is not None and p.findings.unchanged for p in got.provinces)


def test_the_command_frees_the_old_side_before_loading_the_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_path, new_path = _edited_copy(tmp_path)
    loaded: list[weakref.ref[Any]] = []
    side = diff_cli._side

    def recording(*args: Any, **kwargs: Any) -> Workspace:
        if loaded:
            gc.collect()
            assert loaded[0]() is None, "the old side's models are alive while the new side loads"
        workspace = side(*args, **kwargs)
        loaded.append(weakref.ref(workspace.provinces[0].architecture))
        return workspace

    monkeypatch.setattr(diff_cli, "_side", recording)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1788220800")  # 2026-09-01
    args = ["--no-cache", "diff", "--format", "json", str(old_path), str(new_path)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0 and len(loaded) == 2
    expected = _held_at_once(load_workspace([old_path]), load_workspace([new_path]), dt.date(2026, 9, 1))
    expected = replace(expected, old_label=str(old_path), new_label=str(new_path))
    assert json.loads(result.output) == to_dict(expected)


def test_errors_in_the_models_come_before_an_error_in_the_run_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    args = ["--lang", "en", "--no-cache", "diff", str(examples_root() / "quang-tri"), str(tmp_path / "missing")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "ICT007" in result.output and "SOURCE_DATE_EPOCH" not in result.output
    args[-1] = str(examples_root() / "quang-tri")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output


def test_a_side_loaded_by_workers_is_read_one_model_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The load workers run the checks; the command reads each model when it packs it (old side) or compares its
    pair (new side), and drops it: memory holds one model of a side, not all of them."""
    old_path, new_path = _edited_copy(tmp_path)
    monkeypatch.setattr(workspace_module, "PARALLEL_THRESHOLD_BYTES", 0)
    monkeypatch.setattr(workspace_module.os, "cpu_count", lambda: 2)
    read: list[tuple[str, weakref.ref[Any]]] = []
    real = ShippedArchitecture._read

    def reading(self: ShippedArchitecture) -> Any:
        gc.collect()
        held = [code for code, ref in read if ref() is not None]
        assert held == [], f"models read earlier are still held: {held}"
        arch = real(self)
        read.append((self.code, weakref.ref(arch)))
        return arch

    monkeypatch.setattr(ShippedArchitecture, "_read", reading)
    decoded: list[tuple[int, str | None]] = []
    held = 0
    decode = FindingsByProvince.__getitem__

    def decoding(self: FindingsByProvince, code: str | None) -> Any:
        nonlocal held
        if code not in self._read and code in self._runs:
            decoded.append((id(self), code))
        found = decode(self, code)
        held = max(held, len(self._read))
        return found

    monkeypatch.setattr(FindingsByProvince, "__getitem__", decoding)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1788220800")  # 2026-09-01
    args = ["--no-cache", "diff", "--format", "json", str(old_path), str(new_path)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(set(decoded)) == len(decoded) and held <= FindingsByProvince.KEPT, "a province's findings read once"
    assert len({side for side, _ in decoded}) == 2, "each side's findings kept by province, compact"
    old_codes = sorted(p.name for p in old_path.iterdir() if (p / "province.yaml").is_file())
    new_codes = sorted(p.name for p in new_path.iterdir() if (p / "province.yaml").is_file())
    assert sorted(code for code, _ in read) == sorted([*old_codes, *(c for c in new_codes if c in old_codes)])
    monkeypatch.setattr(ShippedArchitecture, "_read", real)  # the expected report holds both sides at once
    expected = _held_at_once(load_workspace([old_path]), load_workspace([new_path]), dt.date(2026, 9, 1))
    expected = replace(expected, old_label=str(old_path), new_label=str(new_path))
    assert json.loads(result.output) == to_dict(expected)
