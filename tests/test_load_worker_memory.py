"""A load worker keeps nothing of the provinces it loaded: nothing of a province is frozen, the graph its checks
built is emptied once they are done (its networkx views are reference cycles), and what cycles are left are
collected before the next province. Without this a worker grew by every province it loaded (some 450 MiB at
34 x 2,000)."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Iterator

import pytest

from ictarch._memory import short_lived
from ictarch.checks import default_registry
from ictarch.checks.spec import CheckContext
from ictarch.config import resolve_config
from ictarch.graph import NodeKind, build_graph
from ictarch.loading import cache, examples_root, load_workspace
from ictarch.loading import workspace as loading_workspace
from ictarch.loading.files import reference_root
from ictarch.models.province import ProvinceArchitecture
from ictarch.runner import Prepared, province_checks


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This process set up as a load worker is (the collector paused, what it had frozen), for one test."""
    registry = default_registry()
    catalogue, fingerprint = cache.load_reference(reference_root(), None)
    prepare = province_checks(registry, resolve_config(registry), dt.date(2026, 1, 1))
    monkeypatch.setattr(loading_workspace, "_worker_catalogue", catalogue)
    monkeypatch.setattr(loading_workspace, "_worker_prepare", prepare)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield fingerprint
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        gc.collect()


def _models_alive() -> int:
    return sum(type(o) is ProvinceArchitecture for o in gc.get_objects())


def test_a_load_worker_keeps_nothing_of_the_provinces_it_loaded(worker: str) -> None:
    mains = sorted(examples_root().glob("*/province.yaml"))[:3]
    frozen = gc.get_freeze_count()
    before = _models_alive()
    for main in mains:
        (shipped, _diagnostics), _key, prepared = loading_workspace._load_in_worker(main, worker, None, None)
        assert shipped is not None and isinstance(prepared, Prepared)  # loaded, checked, its graph built
        del shipped, prepared
        assert gc.get_freeze_count() <= frozen  # nothing of it frozen, out of the collector's reach
    # the last province's cycles wait for the next one; those of every province before are gone
    assert _models_alive() - before <= 1
    loading_workspace._load_in_worker(mains[0], worker, None, None)
    assert _models_alive() - before <= 1


def test_a_provinces_work_leaves_nothing_for_the_collector(worker: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks' graph is emptied once they are done (ArchGraph.release): reference counting frees the province
    (the collection that follows finds little to look at); left as it was, the graph's networkx views keep it."""
    main = sorted(examples_root().glob("*/province.yaml"))[0]
    before = _models_alive()
    with short_lived():  # the work alone, unfrozen, without the collection
        loading_workspace._load_and_ship(main, worker, None, None)
    assert _models_alive() - before == 0
    monkeypatch.setattr(CheckContext, "release", lambda self: None)
    with short_lived():
        loading_workspace._load_and_ship(main, worker, None, None)
    assert _models_alive() - before == 1  # a reference cycle holds it
    gc.collect()
    assert _models_alive() - before == 0


def test_a_released_graph_is_freed_without_the_collector() -> None:
    ws = load_workspace([examples_root() / "kon-tum"])
    graph = build_graph(ws)
    node = next(n for n in graph.nx if graph.info(n).kind is NodeKind.COMPONENT)
    assert graph.dependencies(node) is not None and list(graph.cycles()) is not None
    assert graph.nx.in_edges(node) is not None and graph.nx.degree(node) >= 0  # views that refer back to the graph
    enabled = gc.isenabled()
    gc.disable()
    try:
        held = weakref.ref(graph.nx)
        kept = build_graph(ws)
        assert kept.nx.in_edges(node) is not None and kept.nx.degree(node) >= 0
        still = weakref.ref(kept.nx)
        graph.release()
        del graph, kept
        assert held() is None
        assert still() is not None  # not released: a cycle, left to the collector
    finally:
        if enabled:
            gc.enable()
        gc.collect()
