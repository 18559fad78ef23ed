"""The incremental roadmap equals the full recomputation, year by year, and stores each finding once.

``roadmap(..., incremental=False)`` runs every check on every distinct year's model (what the roadmap
did before it was incremental); the default runs the component- and province-scoped checks once and
reruns the others. Compared point by point on every shipped province and on generated models.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from cli import main
from ictarch.analysis.roadmap import RoadmapPoint, RoadmapTimeline, roadmap
from ictarch.analysis.roadmap_checks import COMPONENT_SCOPED, PROVINCE_SCOPED
from ictarch.analysis.roadmap_render import to_dict
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.loading import LoadedArchitecture, Workspace, examples_root, load_workspace

RUN_DATE = dt.date(2026, 9, 1)


def _state(p: RoadmapPoint) -> tuple[object, ...]:
    return (
        p.year,
        p.available,
        p.delivered,
        p.completed,
        p.layers,
        p.findings,
        p.layers_closed,
        p.references_closed,
        p.resolved,
        p.introduced,
        p.waiting,
    )


def _assert_same(incremental: RoadmapTimeline, full: RoadmapTimeline) -> None:
    assert [p.label for p in incremental.points] == [p.label for p in full.points]
    for inc, ref in zip(incremental.points, full.points, strict=True):
        assert _state(inc) == _state(ref), f"{incremental.province} {inc.label}"
    assert incremental.never_available == full.never_available
    assert incremental.undated_projects == full.undated_projects


def _compare(ws: Workspace, loaded: LoadedArchitecture) -> RoadmapTimeline:
    inc = roadmap(loaded, ws.catalogue, run_date=RUN_DATE)
    _assert_same(inc, roadmap(loaded, ws.catalogue, run_date=RUN_DATE, incremental=False))
    return inc


@pytest.fixture(scope="module")
def shipped() -> Workspace:
    return load_workspace([examples_root()])


def test_shipped_provinces_incremental_equals_full(shipped: Workspace) -> None:
    scoped = set()
    for loaded in shipped.provinces:
        timeline = _compare(shipped, loaded)
        scoped |= {f.code for p in timeline.points for f in p.findings} & (COMPONENT_SCOPED | PROVINCE_SCOPED)
    assert {"ICT302", "ICT501", "ICT505"} <= scoped, "the comparison exercises the checks computed once"


@pytest.mark.parametrize("seed", [20250701, 7])
def test_generated_models_incremental_equals_full(tmp_path: Path, seed: int) -> None:
    generate(tmp_path / "gen", 4, 60, seed, clean=False, dangling=False)
    ws = load_workspace([tmp_path / "gen"])
    for loaded in ws.provinces:
        timeline = _compare(ws, loaded)
        assert sum(1 for p in timeline.points if p.introduced or p.resolved), "findings change over the years"


def test_component_findings_open_when_the_component_becomes_available(shipped: Workspace) -> None:
    for loaded in shipped.provinces:
        timeline = roadmap(loaded, shipped.catalogue, run_date=RUN_DATE)
        for p in timeline.points:
            for f in p.findings:
                if f.code in COMPONENT_SCOPED:
                    assert f.subject in p.available, (p.label, f.code, f.subject)


def test_each_distinct_finding_is_stored_once(shipped: Workspace) -> None:
    loaded = shipped.province("quang-tri")
    timeline = roadmap(loaded, shipped.catalogue, run_date=RUN_DATE)
    pool = timeline.points[0].pool
    assert all(p.pool is pool for p in timeline.points), "the points share one pool"
    distinct = {(f.code, f.subject, f.related, f.message_key) for p in timeline.points for f in p.findings}
    assert len(pool.findings) == len(distinct)
    assert sum(len(p.findings) for p in timeline.points) > len(pool.findings), "years share findings"


def test_unused_waiver_check_enabled_falls_back_to_rerunning_everything(shipped: Workspace) -> None:
    registry = default_registry()
    config = resolve_config(registry)  # ICT902 on: its findings depend on every other check
    loaded = shipped.province("quang-tri")
    inc = roadmap(loaded, shipped.catalogue, run_date=RUN_DATE, config=config, registry=registry)
    full = roadmap(loaded, shipped.catalogue, run_date=RUN_DATE, config=config, registry=registry, incremental=False)
    _assert_same(inc, full)


def test_progress_is_reported_per_point(shipped: Workspace) -> None:
    calls: list[tuple[int, int]] = []
    loaded = shipped.province("quang-tri")
    timeline = roadmap(loaded, shipped.catalogue, run_date=RUN_DATE, progress=lambda d, t: calls.append((d, t)))
    n = len(timeline.points)
    assert calls == [(i, n) for i in range(1, n + 1)]


def test_cli_json_streamed_per_province_is_the_list_of_timelines(shipped: Workspace) -> None:
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1788220800"}).invoke(
        main, ["roadmap", str(examples_root()), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    run_date = dt.datetime.fromtimestamp(1788220800, tz=dt.UTC).date()
    timelines = [roadmap(p, shipped.catalogue, run_date=run_date) for p in shipped.provinces]
    expected = json.dumps([to_dict(t) for t in timelines], indent=2, ensure_ascii=False) + "\n"
    assert result.stdout == expected
