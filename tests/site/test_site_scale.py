"""The review site at national scale: lookups built once and equal to the scans they replace, the nearest
indirect relations, paged tables, the counted cross-province section, pages yielded one at a time and
written as they come (an interrupted run leaves what it wrote, tracked for ``--force``)."""

from __future__ import annotations

import json
import multiprocessing
import os
import posixpath
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import exporters.site as site_module
from exporters.dot import to_dot
from exporters.site import Site, SiteOptions, build_site, diagram_pages, workers
from exporters.site.context import SiteContext, components_path, findings_path
from exporters.site.index import nearest_reach
from exporters.site.markup import href
from exporters.site.nation import WholeNation
from exporters.view_model import layer_placement
from exporters.views import PROVINCE_RELATIONS, ViewOptions, build_view
from ictarch.analysis.summary import summarize
from ictarch.errors import ExportError, OutputError
from ictarch.findings import Report, Status
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind, province_node
from ictarch.i18n import msg
from ictarch.safe_write import MANIFEST, write_folder_stream
from tests.site.support import read, seed_model

ROW = re.compile(r"<tr data-severity=")


def _context(page_size: int = 500) -> SiteContext:
    graph, report = seed_model()
    return SiteContext(WholeNation(graph), report, None, SiteOptions(page_size=page_size))


def _whole(ctx: SiteContext) -> WholeNation:
    assert isinstance(ctx.nation, WholeNation)
    return ctx.nation


# --------------------------------------------------------------------------- the index


def test_the_index_gives_what_a_scan_of_the_report_and_the_graph_gives() -> None:
    ctx = _context()
    graph, report = _whole(ctx).graph, ctx.report
    assert report.findings, "the shipped models have findings to index"
    for code in [*ctx.codes, None]:
        assert ctx.findings(code) == [f for f in report.findings if f.province == code]
    for code in ctx.codes:
        comps = ctx.province(code).architecture.components
        assert ctx.index.components_by_province[code] == sorted(c.id for c in comps)
        for c in comps:
            scanned = [f for f in report.findings if f.province == code and (f.subject == c.id or c.id in f.related)]
            assert ctx.index.findings_about(code, c.id) == scanned
            node = province_node(code, c.id)
            for direction in ("out", "in"):
                expected = sorted(
                    {(o, r.value) for r in PROVINCE_RELATIONS for o in graph.neighbours(node, r, direction)}
                )
                assert ctx.relations(code, c.id, direction) == expected
    assert any(ctx.index.findings_about(c, i) for c in ctx.codes for i in ctx.index.components_by_province[c])


def test_a_province_slice_answers_what_the_national_graph_answers_about_the_province() -> None:
    ctx = _context()
    graph = _whole(ctx).graph
    for code in ctx.codes:
        local = ctx.local_graph(code)
        own = {n for n in graph.nx if graph.info(n).province == code}
        shared = {n for n in graph.nx if graph.info(n).province is None}
        assert set(local.nx) == own | shared
        expected = sorted((u, v, k) for u, v, k in graph.nx.edges(keys=True) if u in local.nx and v in local.nx)
        assert sorted(local.nx.edges(keys=True)) == expected
        assert any(graph.info(u).province == code for u, _v, _k in expected)
        for key in diagram_pages.INTROS:
            for lang in ("vi", "en"):
                options = ViewOptions(lang=lang)
                whole = build_view(key, graph, (f"province:{code}",), (), options)
                assert whole is not None
                sliced = build_view(key, local, (f"province:{code}",), (), options)
                assert sliced is not None
                assert to_dot(sliced).text == to_dot(whole).text, (code, key, lang)
        assert summarize(ctx.province(code), local) == summarize(ctx.province(code), graph)
        assert ctx.summaries[code] == summarize(ctx.province(code), graph)
        assert ctx.placement(code) == layer_placement(graph, code) == layer_placement(local, code)


def test_the_realizations_of_a_province_come_from_the_index_as_from_the_graph() -> None:
    ctx = _context()
    graph, indexed = _whole(ctx).graph, _whole(ctx).indexed
    asked = 0
    for node in graph.nx:
        info = graph.info(node)
        if info.kind not in (NodeKind.LAYER, NodeKind.REFERENCE_COMPONENT, NodeKind.FRAMEWORK):
            continue
        for code in [*ctx.codes, None]:
            expected = graph.realizations(info.entity_id, code)
            assert indexed.realizations(info.entity_id, code) == expected
            asked += bool(expected)
    assert asked > 10
    assert indexed.realizations("no-such-item", ctx.codes[0]) == []


def test_diagrams_started_ahead_in_threads_are_the_diagrams_drawn_in_turn() -> None:
    graph, report = seed_model()
    drawn: list[str] = []

    def renderer(dot_text: str) -> bytes:
        drawn.append(dot_text)
        if len(dot_text) % 3 == 0:  # some fail, whatever the order: their notice must stand at the same place
            raise ExportError(msg("export.no-renderer"))
        return b'<svg xmlns="http://www.w3.org/2000/svg"><g class="graph"><title>x</title></g></svg>'

    site = Site(graph, report, renderer)
    ahead = dict(site.texts(threads=2))  # drawings started a province ahead, in a thread pool
    in_turn = dict(site.texts())  # no pool: each diagram drawn when its page is made
    assert len(drawn) == 2 * 4 * 2 * len(site.ctx.codes)
    assert ahead == in_turn
    assert any('class="notice"' in text for text in ahead.values()), "some drawings failed"
    assert any("<svg" in text for text in ahead.values()), "some were drawn"
    assert not site.ctx.drawings, "every province's drawings are let go"


def test_the_nearest_indirect_relations_stop_at_the_limit_and_are_the_nearest() -> None:
    ctx = _context()
    graph = _whole(ctx).graph
    listed = {NodeKind.COMPONENT, NodeKind.REFERENCE_COMPONENT}
    checked = 0
    for code in ctx.codes:
        for comp in ctx.index.components_by_province[code]:
            node = province_node(code, comp)
            for reverse in (False, True):
                full = graph.dependents(node) if reverse else graph.dependencies(node)
                skip = {n for n, _r in ctx.relations(code, comp, "in" if reverse else "out")}
                expected = [n for n in full if n not in skip and graph.info(n).kind in listed]
                found, more = nearest_reach(graph, node, reverse=reverse, skip=skip)
                assert (found, more) == (expected, False), "under the limit: every indirect relation"
                if len(expected) < 3:
                    continue
                found, more = nearest_reach(graph, node, reverse=reverse, skip=skip, limit=2)
                assert more and len(found) == 2 and set(found) <= set(expected)
                view = graph.view(DEPENDENCY_RELATIONS)
                view = view.reverse(copy=False) if reverse else view
                depth = nx.single_source_shortest_path_length(view, node)
                assert max(depth[n] for n in found) <= min(depth[n] for n in expected if n not in found)
                checked += 1
    assert checked, "some component of the shipped models reaches three items or more"


# --------------------------------------------------------------------------- pages and paging


def test_the_plan_names_every_page_in_the_order_they_come() -> None:
    graph, report = seed_model()
    site = Site(graph, report, None)
    paths = site.paths()
    assert len(paths) == len(set(paths))
    produced = iter(site.pages())
    first_path, first_bytes = next(produced)
    assert first_path == paths[0] and isinstance(first_bytes, bytes)
    assert [first_path, *(p for p, _b in produced)] == paths
    assert list(build_site(graph, report, None)) == paths


def test_long_tables_are_paged_with_every_row_once_and_links_between_pages() -> None:
    graph, report = seed_model()
    size = 4
    files = build_site(graph, report, None, SiteOptions(page_size=size))
    ctx = _context(size)
    paged = 0
    for code in ctx.codes:
        findings = ctx.findings(code)
        count = max(1, -(-len(findings) // size))
        rows = 0
        for n in range(1, count + 1):
            path = findings_path(code, n)
            html = files[path]
            on_page = len(ROW.findall(html))
            assert on_page == min(size, len(findings) - (n - 1) * size) or not findings
            rows += on_page
            page = read(html)
            assert not page.errors
            if count > 1:
                paged += 1
                for m in range(1, count + 1):
                    assert href(path, findings_path(code, m)) in page.links
                assert 'aria-current="page">' + str(n) + "</a>" in html
        assert rows == len(findings)
        assert findings_path(code, count + 1) not in files
        comps = ctx.index.components_by_province[code]
        listed = []
        for n in range(1, max(1, -(-len(comps) // size)) + 1):
            html = files[components_path(code, n)]
            listed += re.findall(r'<a href="components/([^"]+)\.html">', html)
        assert sorted(listed) == comps and len(listed) == len(set(listed))
    assert paged, "the shipped models' findings fill several pages of four"


def test_one_page_tables_have_no_pager() -> None:
    graph, report = seed_model()
    files = build_site(graph, report, None)
    assert not any('class="pager"' in html for html in files.values())
    assert not any(re.search(r"/(findings|components)-\d+\.html$", p) for p in files)


def test_many_cross_province_findings_are_counted_per_province(monkeypatch: pytest.MonkeyPatch) -> None:
    graph, report = seed_model()
    found = [f for f in report.findings if f.code == "ICT204" and f.province]
    assert len(found) > 1
    caption = "Provinces building applications with near-identical names"
    listed = build_site(graph, report, None)["national.html"]
    assert caption in listed and "ICT204 findings per province" not in listed
    monkeypatch.setattr(diagram_pages, "CROSS_PROVINCE_LIMIT", len(found) - 1)
    counted = build_site(graph, report, None)["national.html"]
    assert f"{len(found)} phát hiện ICT204" in counted and f"{len(found)} ICT204 findings" in counted
    assert caption not in counted
    by_province: dict[str, int] = {}
    for f in found:
        assert f.province is not None
        by_province[f.province] = by_province.get(f.province, 0) + 1
    for code, n in by_province.items():
        assert re.search(rf"<code>{re.escape(code)}</code></th><td class=\"num\">{n}</td>", counted), code
        assert f'href="{code}/findings.html#family=duplication"' in counted
    assert not read(counted).errors


def test_the_open_findings_column_counts_from_the_index() -> None:
    ctx = _context()
    files = build_site(_whole(ctx).graph, ctx.report, None)
    for code in ctx.codes:
        html = files[components_path(code)]
        for comp in ctx.index.components_by_province[code]:
            n = sum(1 for f in ctx.findings(code) if f.subject == comp and f.status is not Status.WAIVED)
            cell = re.search(rf'<code>{re.escape(comp)}</code></th>.*?<td class="num">(\d+)</td>', html)
            assert cell is not None and int(cell.group(1)) == n


@given(
    st.lists(st.sampled_from(["a", "b", "components", "x.html"]), min_size=1, max_size=4),
    st.lists(st.sampled_from(["a", "b", "components", "y.html"]), min_size=1, max_size=4),
)
def test_links_are_what_relpath_gives(source: list[str], target: list[str]) -> None:
    src, dst = "/".join(source), "/".join(target)
    assert href(src, dst + "#f") == posixpath.relpath(dst, posixpath.dirname(src) or ".") + "#f"


# --------------------------------------------------------------------------- writing as the pages come


def _files(n: int) -> dict[str, bytes]:
    return {f"p/components/c{i}.html": f"page {i}".encode() for i in range(n)} | {"index.html": b"home"}


def test_a_streamed_folder_is_written_page_by_page(tmp_path: Path) -> None:
    files = _files(5)
    site = tmp_path / "site"
    seen: list[tuple[int, int]] = []

    def produce() -> Iterator[tuple[str, bytes]]:
        for rel, data in files.items():
            if seen:  # the file before this one is on disk already
                assert (site / list(files)[seen[-1][0] - 1]).read_bytes() == files[list(files)[seen[-1][0] - 1]]
            yield rel, data

    removed = write_folder_stream(site, list(files), produce(), force=False, progress=lambda d, t: seen.append((d, t)))
    assert removed == [] and seen == [(i, 6) for i in range(1, 7)]
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == {*files, MANIFEST}
    assert json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"] == sorted(files)


def test_an_interrupted_run_leaves_its_pages_listed_for_force(tmp_path: Path) -> None:
    site = tmp_path / "site"
    files = _files(6)

    def cut_short() -> Iterator[tuple[str, bytes]]:
        for i, item in enumerate(files.items()):
            if i == 3:
                raise KeyboardInterrupt
            yield item

    with pytest.raises(KeyboardInterrupt):
        write_folder_stream(site, list(files), cut_short(), force=False)
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert written == sorted(list(files)[:3]), "the pages before the interruption are written"
    assert not list(site.rglob("*.tmp"))
    assert set(json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]) == set(files)
    with pytest.raises(OutputError, match="--force"):
        write_folder_stream(site, ["index.html"], iter([("index.html", b"x")]), force=False)
    (site / "mine.txt").write_text("the user's", encoding="utf-8")
    removed = write_folder_stream(site, ["index.html"], iter([("index.html", b"again")]), force=True)
    assert removed == sorted(list(files)[:3]), "--force removes what the interrupted run wrote"
    assert (site / "mine.txt").read_text(encoding="utf-8") == "the user's"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == sorted(
        ["index.html", "mine.txt", MANIFEST]
    )


def test_a_link_in_the_way_refuses_before_anything_is_written(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    site.mkdir()
    (site / "p").symlink_to(elsewhere, target_is_directory=True)
    produced: list[str] = []

    def produce() -> Iterator[tuple[str, bytes]]:
        for rel, data in _files(2).items():
            produced.append(rel)
            yield rel, data

    with pytest.raises(OutputError, match="symbolic link"):
        write_folder_stream(site, list(_files(2)), produce(), force=True)
    assert produced == [] and list(elsewhere.iterdir()) == [] and not (site / MANIFEST).exists()


def test_a_page_that_was_not_planned_is_a_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not planned"):
        write_folder_stream(tmp_path / "s", ["a.html"], iter([("b.html", b"")]), force=False)
    with pytest.raises(ValueError, match="were not produced"):
        write_folder_stream(tmp_path / "t", ["a.html", "b.html"], iter([("a.html", b"")]), force=False)


# --------------------------------------------------------------------------- a helper process


def _recording_component_page(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Component pages as before, each noting the process that built it (the helper is forked: it inherits this)."""
    real = site_module.component_page

    def component_page(ctx: SiteContext, code: str, comp: str) -> str:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return real(ctx, code, comp)

    monkeypatch.setattr(site_module, "component_page", component_page)


@dataclass
class _Recorded:
    """A small site built in one process, and a log of which process builds each component page from now on."""

    graph: ArchGraph
    report: Report
    alone: list[tuple[str, bytes]]
    components: int
    log: Path

    def shared(self) -> Iterator[tuple[str, bytes]]:
        return Site(self.graph, self.report, None).pages(threads=0, processes=2)

    def builders(self) -> Counter[str]:
        return Counter(self.log.read_text(encoding="utf-8").split()) if self.log.exists() else Counter()


def _recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> _Recorded:
    graph, report = seed_model()
    alone = list(Site(graph, report, None).pages(threads=0, processes=1))
    log = tmp_path / "builders.txt"
    _recording_component_page(monkeypatch, log)
    return _Recorded(graph, report, alone, sum(1 for path, _data in alone if "/components/" in path), log)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_component_pages_built_by_a_helper_process_are_the_pages_built_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _recorded(tmp_path, monkeypatch)
    assert list(site.shared()) == site.alone
    assert sum(site.builders().values()) == site.components, "each built once, by one process or the other"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_component_pages_the_helper_has_not_reached_are_built_here_without_waiting_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _recorded(tmp_path, monkeypatch)
    go = multiprocessing.get_context("fork").Event()
    real = workers._helper

    def late_helper(plan: Callable[[], Iterable[workers.Entry]], claims: workers.Claims, fd: int) -> None:
        go.wait(60)  # held back until this process has come to the site's last file
        real(plan, claims, fd)

    monkeypatch.setattr(workers, "_helper", late_helper)
    shared = []
    for path, data in site.shared():
        shared.append((path, data))
        if path == site.alone[-1][0]:
            go.set()
    assert shared == site.alone
    assert site.builders() == Counter({str(os.getpid()): site.components}), "all built here, none waited for"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_while_a_slower_helper_builds_a_page_this_process_builds_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _recorded(tmp_path, monkeypatch)
    here, recording = os.getpid(), site_module.component_page

    def slow_in_the_helper(ctx: SiteContext, code: str, comp: str) -> str:
        if os.getpid() != here:
            time.sleep(0.05)
        return recording(ctx, code, comp)

    monkeypatch.setattr(site_module, "component_page", slow_in_the_helper)
    assert list(site.shared()) == site.alone
    builders = site.builders()
    assert sum(builders.values()) == site.components and len(builders) == 2, builders
    assert builders[str(here)] >= site.components // 3, "this process did not wait for each of the helper's pages"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_the_helper_builds_ahead_while_this_process_is_busy_with_other_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _recorded(tmp_path, monkeypatch)
    here, real = os.getpid(), site_module.overview_page

    def busy_overview_page(ctx: SiteContext, code: str) -> str:
        deadline = time.monotonic() + 60
        while os.getpid() == here and sum(site.builders().values()) < site.components and time.monotonic() < deadline:
            time.sleep(0.01)  # the first province's overview takes until the helper has built every component page
        return real(ctx, code)

    monkeypatch.setattr(site_module, "overview_page", busy_overview_page)
    assert list(site.shared()) == site.alone
    builders = site.builders()
    assert str(here) not in builders and sum(builders.values()) == site.components, "all built ahead by the helper"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
@pytest.mark.parametrize("fault", ["dies", "out-of-step"])
def test_pages_a_failed_helper_did_not_send_are_built_here(monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    graph, report = seed_model()
    alone = list(Site(graph, report, None).pages(threads=0, processes=1))

    def helper(plan: Callable[[], Iterable[workers.Entry]], claims: workers.Claims, fd: int) -> None:
        for n in range(3):
            assert claims.take(n), "taken before this process could come to it"
        if fault == "out-of-step":
            outbox = workers._Outbox(fd, 0)
            outbox.put(b"p99/components/elsewhere.html\0<html></html>")
            outbox.close()
        os.close(fd)

    monkeypatch.setattr(workers, "_helper", helper)
    assert list(Site(graph, report, None).pages(threads=0, processes=2)) == alone


def test_the_helpers_outbox_holds_pages_beyond_the_pipe_up_to_its_limit_and_sends_them_in_order() -> None:
    receive, send = os.pipe()
    pages = [bytes([i]) * 100_000 for i in range(40)]  # 4 MB: more than a pipe holds
    outbox = workers._Outbox(send, limit=len(pages) * 100_000)

    def fill() -> None:
        for page in pages:
            outbox.put(page)

    filling = threading.Thread(target=fill, daemon=True)
    filling.start()
    filling.join(30)  # nobody reads yet: the pipe fills, the outbox holds the rest
    assert not filling.is_alive(), "the outbox waited for the reader below its limit"
    closing = threading.Thread(target=outbox.close, daemon=True)  # sends what is held as the pipe empties
    closing.start()
    assert [workers._receive(receive) for _ in pages] == pages
    closing.join(30)
    os.close(send)
    with pytest.raises(EOFError):
        workers._receive(receive)
    os.close(receive)
    receive, send = os.pipe()
    os.close(receive)
    with pytest.raises(BrokenPipeError):  # the reader has gone
        workers._Outbox(send, limit=0).put(b"x")
    os.close(send)


def test_the_pipe_to_the_helper_works_at_descriptors_numbered_1024_and_above() -> None:
    import fcntl
    import resource

    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < 1100:
        pytest.skip("this process may not open a descriptor numbered 1024 or above")
    low_receive, low_send = os.pipe()
    receive, send = (fcntl.fcntl(fd, fcntl.F_DUPFD, 1024) for fd in (low_receive, low_send))
    os.close(low_receive)
    os.close(low_send)
    assert min(receive, send) >= 1024
    try:
        assert not workers._wait(receive, workers.select.POLLIN, 0), "nothing sent yet"
        pages = [bytes([i]) * 100_000 for i in range(3)]  # more than the pipe holds: the outbox waits to write
        outbox = workers._Outbox(send, limit=0)
        sending = threading.Thread(target=lambda: [outbox.put(page) for page in pages], daemon=True)
        sending.start()
        assert workers._wait(receive, workers.select.POLLIN, 10_000)
        assert [workers._receive(receive) for _ in pages] == pages
        sending.join(30)
        assert not sending.is_alive()
    finally:
        os.close(receive)
        os.close(send)


def test_a_large_site_uses_a_helper_by_default_and_a_small_one_does_not() -> None:
    forks = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2
    assert workers.helper_wanted(workers.SHARED_PAGES, None) is forks
    assert not workers.helper_wanted(workers.SHARED_PAGES - 1, None)
    assert not workers.helper_wanted(10**6, 1), "one process when asked"
