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


def test_a_province_dropped_while_the_collector_waits_is_freed_at_once(national_model: Path) -> None:
    """``report`` builds its pages with the collector paused (ictarch._memory.collected_by_hand): a province the
    site drops must still be freed then, not kept until the end, or memory would follow the nation."""
    import gc
    import weakref

    from ictarch._memory import collected_by_hand
    from ictarch.loading import load_workspace

    nation = exporters.site.StreamedNation(load_workspace([national_model]))
    assert gc.isenabled()
    with collected_by_hand():
        assert not gc.isenabled()
        nation.gather()
        graph = nation.graph_of(nation.codes[0]).nx
        assert graph.degree is graph.degree  # a view the graph keeps, which refers back to it, as pages ask for
        first = weakref.ref(graph)
        del graph
        nation.graph_of(nation.codes[1])
        assert first() is not None, "two provinces are kept"
        nation.graph_of(nation.codes[2])  # the first is dropped
        assert first() is None, "the dropped province's graph is still held"
    assert gc.isenabled(), "the collector runs again after the pages"
