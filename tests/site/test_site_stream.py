"""The review site read one province at a time (exporters.site.nation.StreamedNation) is the site of the whole
national graph, byte for byte, and ``ictarch report`` holds at most two provinces' models while it builds it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import exporters.site as site_module
from cli import main
from exporters.site import Site, SiteOptions, StreamedNation, WholeNation
from ictarch.errors import ExportError
from ictarch.graph import build_graph
from ictarch.i18n import msg
from ictarch.loading import Workspace, load_workspace
from ictarch.loading import workspace as workspace_module
from ictarch.loading.workspace import ShippedArchitecture, ship_model
from ictarch.runner import run_checks
from tests.site.support import SEEDS

OPTIONS = (SiteOptions(), SiteOptions(lang="en", max_nodes=5, page_size=7))


def _renderer(dot_text: str) -> bytes:
    if len(dot_text) % 3 == 0:  # some drawings fail: their notice must stand where the whole graph's stands
        raise ExportError(msg("export.no-renderer"))
    return b'<svg xmlns="http://www.w3.org/2000/svg"><g class="graph"><title>x</title></g></svg>'


def _shipped(ws: Workspace) -> Workspace:
    """The workspace as the load workers of a large model give it: each model kept as JSON, read when asked."""
    provinces = [
        ShippedArchitecture(
            ship_model(p.architecture),
            (p.code, p.waived_checks(), p.includes(), len(p.architecture.components)),
            p.root,
            p.source_map,
            p.normalized,
        )
        for p in ws.provinces
    ]
    return Workspace(ws.catalogue, list(provinces), ws.fingerprint)


@pytest.mark.parametrize("options", OPTIONS, ids=["vi", "en-small-pages"])
@pytest.mark.parametrize("model", ["shipped", "national"])
def test_a_streamed_site_is_the_site_of_the_whole_graph(model: str, options: SiteOptions, request: Any) -> None:
    path = SEEDS if model == "shipped" else request.getfixturevalue("national_model")
    ws = load_workspace([path])
    graph = build_graph(ws)
    report = run_checks(ws, graph)
    assert report.findings
    whole = dict(Site(graph, report, _renderer, options).texts(threads=2))
    streamed = Site(StreamedNation(_shipped(ws)), report, _renderer, options)
    assert dict(streamed.texts(threads=2)) == whole
    assert any("components/" in p for p in whole) and ("national.html" in whole) == (len(ws.provinces) > 1)


def test_a_streamed_site_built_with_a_helper_process_is_the_same(national_model: Path) -> None:
    ws = load_workspace([national_model])
    report = run_checks(ws, build_graph(ws))
    alone = list(Site(StreamedNation(_shipped(ws)), report, None).pages(threads=0, processes=1))
    shared = list(Site(StreamedNation(_shipped(ws)), report, None).pages(threads=0, processes=2))
    assert shared == alone


def test_report_reads_the_provinces_one_at_a_time(
    national_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded by workers, each model is read once for the summaries and once for its pages, and never more than
    two are held (the province whose pages are built and the next, whose drawings start ahead); the site is
    the one built from the national graph held whole."""
    monkeypatch.setattr(workspace_module, "PARALLEL_THRESHOLD_BYTES", 0)
    monkeypatch.setattr(workspace_module.os, "cpu_count", lambda: 2)
    read: list[tuple[str, weakref.ref[Any]]] = []
    most = 0
    real = ShippedArchitecture._read

    def reading(self: ShippedArchitecture) -> Any:
        nonlocal most
        gc.collect()
        most = max(most, sum(ref() is not None for _code, ref in read))
        arch = real(self)
        read.append((self.code, weakref.ref(arch)))
        return arch

    monkeypatch.setattr(ShippedArchitecture, "_read", reading)
    args = ["--no-cache", "report", str(national_model), "-o"]
    result = CliRunner().invoke(main, [*args, str(tmp_path / "streamed")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    codes = sorted(p.name for p in national_model.iterdir() if (p / "province.yaml").is_file())
    assert len(codes) == 3
    assert [code for code, _ in read] == codes * 2, "once for the summaries, once for the pages"
    assert most <= StreamedNation.KEPT

    def whole(ws: Workspace) -> WholeNation:
        return WholeNation(build_graph(Workspace(ws.catalogue, [*ws.provinces])))

    monkeypatch.setattr(site_module, "StreamedNation", whole)
    result = CliRunner().invoke(main, [*args, str(tmp_path / "whole")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    streamed, held = _files(tmp_path / "streamed"), _files(tmp_path / "whole")
    assert len(streamed) > 100 and streamed == held


def _files(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_province_outside_the_site_has_no_component_or_project() -> None:
    """A finding may name a province the site does not hold: its lookups answer None, as on the whole graph."""
    from exporters.site.context import SiteContext

    ws = load_workspace([SEEDS])
    graph = build_graph(ws)
    report = run_checks(ws, graph)
    for nation in (WholeNation(graph), StreamedNation(_shipped(ws))):
        ctx = SiteContext(nation, report, None, SiteOptions())
        code = ctx.codes[0]
        some = ctx.index.components_by_province[code][0]
        assert ctx.component(code, some) is not None
        assert ctx.component("zz", some) is None and ctx.project("zz", some) is None


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
def test_report_keeps_the_findings_compact_and_writes_the_site_of_the_whole_report(
    national_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    """The load workers keep each province's findings as lines of JSON (report_blocks.FindingsByProvince): the
    command reads a province's findings when its pages are built, at most two at a time and each at most twice
    (for the national page's listing, for its own pages), and writes the site the whole report gives."""
    from ictarch import report_blocks

    monkeypatch.setattr(workspace_module, "PARALLEL_THRESHOLD_BYTES", 0)
    monkeypatch.setattr(workspace_module.os, "cpu_count", lambda: 2)
    monkeypatch.setenv("ICTARCH_CACHE_DIR", str(tmp_path / "cache"))
    cache = [] if cached else ["--no-cache"]
    read: list[str | None] = []
    held = 0
    real = report_blocks.FindingsByProvince.__getitem__

    def reading(self: report_blocks.FindingsByProvince, code: str | None) -> Any:
        nonlocal held
        if code not in self._read and code in self._runs:
            read.append(code)
        found = real(self, code)
        held = max(held, len(self._read))
        return found

    monkeypatch.setattr(report_blocks.FindingsByProvince, "__getitem__", reading)
    for run in range(2 if cached else 1):  # with the cache: a cold run, then a warm one
        out = tmp_path / f"compact-{run}"
        result = CliRunner().invoke(
            main, [*cache, "report", str(national_model), "-o", str(out)], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        codes = {p.name for p in national_model.iterdir() if (p / "province.yaml").is_file()}
        assert set(read) == codes and all(read.count(c) <= 2 for c in codes) and held <= 2
        read.clear()
    monkeypatch.setattr(report_blocks, "run_blocks", lambda *args, **kwargs: None)  # the whole report, as before
    result = CliRunner().invoke(main, ["--no-cache", "report", str(national_model), "-o", str(tmp_path / "whole")])
    assert result.exit_code == 0, result.output
    assert not read, "the whole report's findings are not kept by province"
    whole = _files(tmp_path / "whole")
    assert len(whole) > 100
    for run in range(2 if cached else 1):
        assert _files(tmp_path / f"compact-{run}") == whole
