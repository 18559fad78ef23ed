"""A long-lived server must not keep each rebuild's objects frozen out of the collector."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from ictarch.checks import ALL_CHECKS
from ictarch.checks.registry import Registry
from ictarch.config import resolve_config
from ictarch.editor.session import ModelSession
from ictarch.loading import load_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_a_session_check_leaves_nothing_frozen(tmp_path: Path) -> None:
    folder = tmp_path / "quang-tri"
    shutil.copytree(ROOT / "province_models" / "quang-tri", folder)
    registry = Registry.from_checks(ALL_CHECKS)
    session = ModelSession(folder, load_catalogue()[0], registry, resolve_config(registry))
    for _ in range(2):
        outcome = session.check()
        assert outcome.loaded is not None  # the model loaded, so the graph was built (and frozen) inside
        assert gc.get_freeze_count() == 0
