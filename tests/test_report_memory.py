"""``ictarch report`` frees what only the checks read (the load workers' province results, the source maps)
before it builds the site, and the site is byte for byte the one built without freeing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import exporters.site
from cli import main
from ictarch.cli import report as report_cli
from ictarch.loading import examples_root


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_built_without_what_only_the_checks_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = [str(examples_root() / "quang-tri"), str(examples_root() / "ha-tinh")]
    seen: list[tuple[int, int, int]] = []
    nation_class = exporters.site.StreamedNation

    class Recording(nation_class):  # type: ignore[misc, valid-type]
        def __init__(self, ws: Any) -> None:
            maps = sum(len(p.source_map.positions) + len(p.source_map.packed) for p in ws.provinces)
            seen.append((len(ws.provinces), len(ws.prepared), maps))
            super().__init__(ws)

    monkeypatch.setattr(exporters.site, "StreamedNation", Recording)
    freed = CliRunner().invoke(main, ["-q", "--no-cache", "report", *models, "-o", str(tmp_path / "freed")])
    assert freed.exit_code == 0, freed.output
    assert seen == [(2, 0, 0)]

    monkeypatch.setattr(report_cli, "_release_checks_inputs", lambda ws: None)
    kept = CliRunner().invoke(main, ["-q", "--no-cache", "report", *models, "-o", str(tmp_path / "kept")])
    assert kept.exit_code == 0, kept.output
    assert seen[1][0] == 2 and seen[1][2] > 0  # without freeing, the source maps are still there
    assert _files(tmp_path / "freed") == _files(tmp_path / "kept")
    assert len(_files(tmp_path / "freed")) > 20
