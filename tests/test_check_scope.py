"""Province-scoped checks really are: their findings on a workspace are those on each province alone.

A check declared ``scope="province"`` promises that its findings about a province depend only on that
province's model (with the reference catalogue, the configuration and the run date). The runner relies on
it to reuse an unchanged province's findings, so the claim is tested here, check by check, on every shipped
model and on generated national models whose provinces share national items and near-identical systems:
the findings of the whole workspace about province P, in the order the check gives them, equal the
findings of the workspace made of P alone; and every finding names a province of the workspace.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from ictarch.checks import default_registry
from ictarch.checks.gaps import layer_coverage
from ictarch.checks.index import ModelIndex
from ictarch.checks.spec import CheckContext, CheckSpec
from ictarch.config import resolve_config
from ictarch.findings import Finding, LayerCoverage
from ictarch.loading import LoadedArchitecture, Workspace, load_workspace
from ictarch.loading.workspace import examples_root
from ictarch.runner import run_check
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate
from national import generate as generate_national

RUN_DATES = (dt.date(2026, 12, 3), dt.date(2031, 1, 1))  # the second one after most waivers' expiry


def _local_specs() -> list[CheckSpec]:
    return [s for s in default_registry() if s.scope == "province" and not s.engine]


def _findings(ws: Workspace, spec: CheckSpec, run_date: dt.date) -> list[Finding]:
    registry = default_registry()
    ctx = CheckContext(ws, None, resolve_config(registry), run_date)
    return list(run_check(spec, ctx))


def _coverage(ws: Workspace, loaded: LoadedArchitecture) -> list[LayerCoverage]:
    return layer_coverage(ws, ModelIndex(ws), loaded)


def _assert_province_scoped(ws: Workspace) -> None:
    assert len(ws.provinces) >= 2, "a workspace of one province proves nothing"
    for loaded in ws.provinces:  # the coverage table's rows, kept with a province's findings
        assert _coverage(ws, loaded) == _coverage(Workspace(ws.catalogue, [loaded]), loaded)
    for run_date in RUN_DATES:
        for spec in _local_specs():
            whole = _findings(ws, spec, run_date)
            codes = {p.code for p in ws.provinces}
            assert all(f.province in codes for f in whole), f"{spec.code}: a finding names no province"
            for loaded in ws.provinces:
                alone = _findings(Workspace(ws.catalogue, [loaded]), spec, run_date)
                assert [f for f in whole if f.province == loaded.code] == alone, (spec.code, loaded.code, run_date)


def test_some_checks_are_province_scoped_and_the_national_ones_are_not() -> None:
    scoped = {s.code for s in _local_specs()}
    assert "ICT201" in scoped and "ICT401" in scoped
    assert "ICT204" not in scoped  # duplicates across provinces: reads them all
    assert all(s.scope in ("province", "national") for s in default_registry())


def test_shipped_province_models() -> None:
    _assert_province_scoped(load_workspace([examples_root()]))


def test_shipped_examples() -> None:
    _assert_province_scoped(load_workspace([ROOT / "examples" / "merged", ROOT / "examples" / "review"]))


def test_generated_national_model(tmp_path: Path) -> None:
    """Near-identical systems in every province, shared national platforms, overlapping projects, cycles."""
    generate_national(tmp_path / "national", provinces=4, components=90, seed=5)
    ws = load_workspace([tmp_path / "national"])
    assert sum(len(_findings(ws, s, RUN_DATES[0])) for s in _local_specs()) > 100  # a model that finds things
    _assert_province_scoped(ws)


def test_generated_model_with_planted_problems(tmp_path: Path) -> None:
    generate(tmp_path / "planted", provinces=3, components=80, seed=3, clean=False, dangling=False)
    _assert_province_scoped(load_workspace([tmp_path / "planted"]))


@pytest.mark.parametrize("code", ["ICT204"])
def test_a_national_check_fails_the_same_comparison(tmp_path: Path, code: str) -> None:
    """The comparison can fail: a check that reads other provinces does not give the same findings alone."""
    generate_national(tmp_path / "national", provinces=3, components=60, seed=5)
    ws = load_workspace([tmp_path / "national"])
    spec = default_registry().get(code)
    whole = _findings(ws, spec, RUN_DATES[0])
    alone = [f for p in ws.provinces for f in _findings(Workspace(ws.catalogue, [p]), spec, RUN_DATES[0])]
    assert sorted(map(repr, whole)) != sorted(map(repr, alone))
