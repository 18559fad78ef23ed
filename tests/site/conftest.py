"""Fixtures of the review-report tests: the sites, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.support import seed_site, xss_site


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_site(tmp_path_factory)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return xss_site(tmp_path_factory)
