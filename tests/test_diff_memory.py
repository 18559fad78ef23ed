"""``ictarch diff`` keeps less at once and says the same: each side's graph is freed before the other's is
built, and the ``model`` entry is dumped without the lists it leaves out (compared with dumping the whole
model and dropping them, on the shipped models and a national model of :mod:`benchmarks.national`)."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from benchmarks import national
from ictarch.analysis import diff
from ictarch.checks import spec as check_spec
from ictarch.loading import examples_root, load_workspace


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
