"""A load worker keeps nothing of the provinces it loaded: each province's reference cycles (its graph's
networkx views) are neither frozen nor left to a collector that the worker keeps paused; the next province
collects them. Without this a worker grew by every province it loaded (some 450 MiB at 34 x 2,000)."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator

import pytest

from ictarch._memory import short_lived
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.loading import cache, examples_root
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


def test_without_collecting_a_province_would_stay(worker: str) -> None:
    """The test above can fail: the province's work does leave cycles, which only a collection frees."""
    main = sorted(examples_root().glob("*/province.yaml"))[0]
    before = _models_alive()
    with short_lived():  # the work alone, unfrozen, without the collection
        loading_workspace._load_and_ship(main, worker, None, None)
    assert _models_alive() - before == 1
    gc.collect()
    assert _models_alive() - before == 0
