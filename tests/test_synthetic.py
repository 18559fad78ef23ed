"""The seeded synthetic national model: every planted problem is found, its clean control has none."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest

from ictarch.errors import ModelLoadError
from ictarch.graph import DEPENDENCY_RELATIONS, build_graph
from ictarch.loading import load_workspace
from ictarch.runner import run_checks
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate

PROBLEM_CODES = {"ICT201", "ICT202", "ICT203", "ICT204", "ICT205", "ICT207", "ICT401"}


def _planted(tmp_path: Path, clean: bool, dangling: bool) -> tuple[Path, dict[str, dict[str, list[object]]]]:
    out = tmp_path / ("clean" if clean else "planted")
    generate(out, provinces=3, components=150, seed=7, clean=clean, dangling=dangling)
    return out, json.loads((out / "planted.json").read_text(encoding="utf-8"))


def test_planted_duplicates_and_cycles_are_all_found(tmp_path: Path) -> None:
    model, planted = _planted(tmp_path, clean=False, dangling=False)
    ws = load_workspace([model])
    report = run_checks(ws, build_graph(ws))
    # ICT207 is ICT201 for capabilities whose single-instance basis is unverified (the planted IoT/GIS platforms)
    duplicated = {m for f in report.findings if f.code in ("ICT201", "ICT207") for m in (f.subject, *f.related)}
    reported = [set(f.related) | {f.subject} for f in report.findings if f.code == "ICT401"]
    # a planted cycle may join other dependency paths into one strongly connected component,
    # which is reported once: each planted cycle must lie in the component of a reported cycle
    view = nx.DiGraph(build_graph(ws).view(DEPENDENCY_RELATIONS))
    sccs = [{n.split(":", 1)[1] for n in scc} for scc in nx.strongly_connected_components(view) if len(scc) > 1]
    for code, marks in planted.items():
        assert marks["duplicates"], code
        for dup in marks["duplicates"]:
            assert dup in duplicated, f"planted duplicate {dup} not found"
        for cycle in marks["cycles"]:
            scc = next(s for s in sccs if set(cycle) <= s)
            assert any(found <= scc for found in reported), f"planted cycle {cycle} not reported"
    assert len(reported) == len(sccs)


def test_planted_dangling_links_are_all_reported(tmp_path: Path) -> None:
    model, planted = _planted(tmp_path, clean=False, dangling=True)
    with pytest.raises(ModelLoadError) as info:
        load_workspace([model])
    reported = {d.text("en").split("'")[1] for d in info.value.diagnostics if d.code == "ICT005"}
    expected = {g for marks in planted.values() for g in marks["dangling"]}
    assert reported == expected
    assert all(
        d.location is not None and d.location.file.endswith("relationships.yaml") for d in info.value.diagnostics
    )


def test_clean_control_has_no_such_finding(tmp_path: Path) -> None:
    model, planted = _planted(tmp_path, clean=True, dangling=True)
    assert all(not any(m.values()) for m in planted.values())
    ws = load_workspace([model])
    report = run_checks(ws, build_graph(ws))
    assert not [f for f in report.findings if f.code in PROBLEM_CODES | {"ICT402"}]
