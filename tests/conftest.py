"""Shared fixtures: the small reference catalogue, the mini province, and the path to ../shared."""

from __future__ import annotations

from pathlib import Path

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
