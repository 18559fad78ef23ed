"""Shared fixtures: the small reference catalogue, the mini province, and the path to ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI_REFERENCE = FIXTURES / "reference"
MINI_PROVINCE = FIXTURES / "provinces" / "mini"
SAMPLES = ROOT / "tests" / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The team's shared folder (schemas, samples); a user's clone does not have it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a user's clone); this test runs in CI where ../shared exists")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs in tests never touch the user's cache folder."""
    monkeypatch.setenv("ICTARCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def national_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small national model of benchmarks/national.py: three provinces of 120 components (read-only)."""
    from benchmarks import national

    out = tmp_path_factory.mktemp("national") / "n"
    national.generate(out, 3, 120, 20260701)
    return out


def broken_national_copy(national_model: Path, folder: Path, file: str, text: str) -> Path:
    """A copy of the national model under ``folder`` with ``text`` (a syntax error) as the second province's
    ``file`` and the first province copied again (a province code given twice): the errors a streaming command
    must report as any loading command does."""
    import shutil

    broken = folder / "n"
    shutil.copytree(national_model, broken)
    (sorted(broken.iterdir())[1] / file).write_text(text, encoding="utf-8")
    shutil.copytree(sorted(broken.iterdir())[0], broken / "zz-copy")
    return broken


@pytest.fixture
def models_held(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Weak references to the models a streaming command loads (ictarch.loading.stream.load_one); each load first
    asserts that every model loaded before it has been freed: memory holds one province at a time."""
    import gc
    import weakref

    from ictarch.loading import stream

    alive: list[weakref.ref[Any]] = []
    real = stream.load_one

    def load_one(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        assert [r() for r in alive] == [None] * len(alive), "an earlier province's model is still held"
        loaded, diagnostics = real(*args, **kwargs)
        alive.append(weakref.ref(loaded.architecture))
        return loaded, diagnostics

    monkeypatch.setattr(stream, "load_one", load_one)
    return alive
