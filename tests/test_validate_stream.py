"""``ictarch validate`` loads one province at a time and prints what it printed with the whole workspace loaded.

The command loads and validates each province in turn (:class:`ictarch.loading.stream.ProvinceStream`, in worker
processes for a large model) and keeps only what it shows (code, counts, files), so memory holds one province.
Its output is compared with the output built from :func:`load_workspace`, on the shipped models and on a small
national model of :mod:`benchmarks.national`; errors are those any loading command reports, in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.cli import validate as validate_module
from ictarch.loading import Workspace, examples_root, load_workspace
from ictarch.loading import stream as stream_module
from tests.conftest import broken_national_copy


def _cli(*args: str, cache: bool = False) -> Any:
    return CliRunner(env={"COLUMNS": "120"}).invoke(
        main, [*([] if cache else ["--no-cache"]), "--no-color", *args], catch_exceptions=False
    )


def _expected_json(ws: Workspace) -> dict[str, Any]:
    """What the command printed when it loaded the whole workspace first."""
    return {
        "valid": True,
        "provinces": [
            {
                "code": p.code,
                "files": p.source_map.file_names(),
                "components": len(p.architecture.components),
                "projects": len(p.architecture.projects),
            }
            for p in ws.provinces
        ],
        "errors": [],
    }


def test_shipped_and_national_output_is_unchanged(national_model: Path) -> None:
    for path in (examples_root(), national_model):
        result = _cli("--format", "json", "validate", str(path))
        assert result.exit_code == 0, result.stderr
        expected = _expected_json(load_workspace([path]))
        assert json.loads(result.stdout) == expected
        assert len(expected["provinces"]) >= 3 and all(p["components"] > 0 for p in expected["provinces"])
        text = _cli("validate", str(path)).stdout
        for p in expected["provinces"]:
            assert f"{p['code']}: {p['components']} thành phần, {p['projects']} dự án" in text


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_worker_processes_print_the_same(national_model: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sequential = _cli("--format", fmt, "validate", str(national_model))
    monkeypatch.setattr(stream_module, "parallel_workers", lambda mains: 2)
    parallel = _cli("--format", fmt, "validate", str(national_model))
    assert parallel.exit_code == sequential.exit_code == 0
    assert parallel.stdout == sequential.stdout


def test_errors_are_those_of_any_loading_command_in_workers_too(
    national_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = broken_national_copy(national_model, tmp_path, "projects.yaml", "projects: {\n")
    whole = _cli("show", str(broken))  # loads the whole workspace first
    sequential = _cli("validate", str(broken))
    monkeypatch.setattr(stream_module, "parallel_workers", lambda mains: 2)
    parallel = _cli("validate", str(broken))
    assert whole.exit_code == sequential.exit_code == parallel.exit_code == 2
    assert sequential.stdout == parallel.stdout == ""
    assert parallel.stderr == sequential.stderr == whole.stderr
    assert "projects.yaml" in parallel.stderr and "zz-copy" in parallel.stderr


def test_a_province_is_freed_before_the_next_is_loaded(
    national_model: Path, models_held: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for cache in (False, True):  # without the cache, and filling it
        models_held.clear()
        result = _cli("validate", str(national_model), cache=cache)
        assert result.exit_code == 0, result.stderr
        assert len(models_held) == 3
    models_held.clear()
    assert _cli("validate", str(national_model), cache=True).stdout == result.stdout
    assert models_held == [], "unchanged models are shown from their entries (tests/test_validate_stored.py)"
    monkeypatch.setattr(validate_module, "_unchanged", lambda settings, paths: None)
    assert _cli("validate", str(national_model), cache=True).stdout == result.stdout  # read back from the cache
    assert len(models_held) == 3
