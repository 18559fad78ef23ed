"""Provinces loaded in the load workers come back with their model unread when the command asks (``lazy``,
ShippedArchitecture): a national ``check`` reads none of them, and what it reads instead (the summary) is what
the model says."""

from __future__ import annotations

import datetime as dt
import pickle
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.formatters.json import coverage_text, json_findings_utf8, to_json, write_encoded_parts
from ictarch.loading import LoadedArchitecture, Workspace, load_workspace
from ictarch.loading.workspace import ShippedArchitecture, examples_root
from ictarch.report_blocks import Packed, Part, PartMaker, run_blocks
from ictarch.runner import Prepared, province_checks, run
from ictarch.testing import read_data, write_models
from tests.conftest import MINI_REFERENCE
from tests.test_runner import BASE, FRAGMENT

DAY = dt.date(2026, 1, 1)
NOON = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


def _shipped(
    folders: list[Path],
    reference: Path | None = None,
    cache: Path | None = None,
    parts: bool = False,
    parts_cache: Path | bool | None = True,
) -> Workspace:
    """Loaded by two load workers that run the province checks and, with ``parts``, render each province's part
    as `check --format json` has them do, leaving the findings in the worker (stored in ``parts_cache``: by
    default the cache loaded with)."""
    registry = default_registry()
    config = resolve_config(registry)
    maker = None
    if parts:
        render = partial(json_findings_utf8, lang="vi")
        store = cache if parts_cache is True else parts_cache if isinstance(parts_cache, Path) else None
        maker = PartMaker.of(registry, config, render, coverage_text, DAY, store)
    prepare = province_checks(registry, config, DAY, maker)
    return load_workspace(folders, reference, jobs=2, prepare=prepare, lazy=True, cache_dir=cache)


def _blocks_json(ws: Workspace, cache: Path | None) -> str | None:
    """The JSON report as `check --format json` writes it from parts (None: the run makes the whole report)."""
    registry = default_registry()
    blocked = run_blocks(
        ws,
        cache,
        config=resolve_config(registry),
        registry=registry,
        run_date=DAY,
        generated_at=NOON,
        baseline=None,
        lang="vi",
        render=lambda found: json_findings_utf8(found, "vi"),
        render_coverage=coverage_text,
    )
    if blocked is None:
        return None
    written: list[bytes] = []
    write_encoded_parts(blocked.head, written.append, "vi", blocked.items(), blocked.summary(), blocked.coverage)
    return b"".join(written).decode("utf-8")


def _json(ws: Workspace) -> str:
    registry = default_registry()
    return to_json(run(ws, config=resolve_config(registry), registry=registry, run_date=DAY, generated_at=NOON))


def test_a_national_check_reads_no_model_the_workers_loaded_and_reports_the_same() -> None:
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))
    ws = _shipped(folders)
    assert all(isinstance(p, ShippedArchitecture) for p in ws.provinces) and len(ws.provinces) >= 3
    assert not any(p.waived_checks() for p in ws.provinces), "the shipped models have no waiver"
    shipped = _json(ws)
    assert not any(p.validated for p in ws.provinces)  # type: ignore[attr-defined]
    in_process = load_workspace(folders, jobs=1)  # plain provinces, checked in this process
    assert not any(isinstance(p, ShippedArchitecture) for p in in_process.provinces)
    assert shipped == _json(in_process)


def test_a_first_check_with_the_cache_reads_no_model_the_workers_loaded_and_reports_the_same(tmp_path: Path) -> None:
    """With an empty cache a check is written from parts (ictarch.report_blocks): ICT204's groups of each province
    are those its load worker computed, so no model is read back here (each cost its decoding, and together
    they doubled the run's memory), and the report is the one of the run without the cache."""
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))
    ws = _shipped(folders, cache=tmp_path / "cache")
    text = _blocks_json(ws, tmp_path / "cache")
    assert not any(p.validated for p in ws.provinces)  # type: ignore[attr-defined]
    assert not _maps_read(ws), "ICT204's subjects were located in the workers"
    assert text is not None and '"code": "ICT204"' in text, "provinces share groups"
    assert text == _json(load_workspace(folders, jobs=1))
    again = _shipped(folders, cache=tmp_path / "cache", parts=True, parts_cache=None)  # read from the cache
    assert _blocks_json(again, tmp_path / "cache") == text


def _maps_read(ws: Workspace) -> list[str]:
    """The provinces whose source map the command read (a shipped one is read when first used)."""
    return [p.code for p in ws.provinces if isinstance(p, ShippedArchitecture) and p._map is not None]


def test_the_load_workers_render_each_province_part_and_keep_its_findings(tmp_path: Path) -> None:
    """Without the cache the workers render each province's part of the JSON report and send no finding back:
    the report is the same; a command that then makes the whole report checks those provinces again."""
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))
    ws = _shipped(folders, parts=True)
    prepared = [p for p in ws.prepared.values() if isinstance(p, Prepared)]
    assert len(prepared) == len(folders)
    assert all(isinstance(p.made, Part) and not p.whole and not p.result.findings for p in prepared)
    texts = [t for p in prepared for _, _, run in p.made.runs for t in run]  # type: ignore[attr-defined]
    assert texts and all(type(t) is Packed for t in texts), "compressed until written"
    expected = _json(load_workspace(folders, jobs=1))
    assert _blocks_json(ws, None) == expected
    assert not any(p.validated for p in ws.provinces)  # type: ignore[attr-defined]
    assert not _maps_read(ws), "ICT204's subjects were located in the workers"
    names = [p.file_names() for p in ws.provinces]
    assert all(names) and not _maps_read(ws), "the files are known without the map"
    assert _json(ws) == expected  # the whole report: the findings left in the workers are found again
    assert sorted(_maps_read(ws)) == sorted(p.code for p in ws.provinces), "placed with the maps, read when asked"
    assert [p.source_map.file_names() for p in ws.provinces] == names


def test_parts_rendered_in_the_workers_apply_the_provinces_waivers(tmp_path: Path) -> None:
    """Waivers used, expired and unused (ICT902) are applied where the part is rendered: the same report."""
    other = {**FRAGMENT, "province": {"code": "other"}}
    folders = write_models(read_data(BASE), [FRAGMENT, other], tmp_path)
    ws = _shipped(folders, MINI_REFERENCE, parts=True)
    assert all(isinstance(p.made, Part) for p in ws.prepared.values())  # type: ignore[attr-defined]
    text = _blocks_json(ws, None)
    assert text is not None and '"code": "ICT902"' in text and '"status": "waived"' in text
    assert text == _json(load_workspace(folders, MINI_REFERENCE, jobs=1))


def test_with_the_cache_the_workers_store_each_province_results_as_the_command_would(tmp_path: Path) -> None:
    """A first check with the cache: the findings stay in the workers, which store them where the next run reads
    them, the same entries, byte for byte, as the command stores when they come back."""
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))
    expected = _json(load_workspace(folders, jobs=1))
    entries = {}
    for parts in (True, False):
        cache = tmp_path / f"cache-{parts}"
        ws = _shipped(folders, cache=cache, parts=parts)
        prepared = [p for p in ws.prepared.values() if isinstance(p, Prepared)]
        assert len(prepared) == len(folders) and all(p.whole is not parts for p in prepared)
        assert _blocks_json(ws, cache) == expected
        entries[parts] = {f.name: f.read_bytes() for f in cache.glob("*.province.json")}
    assert len(entries[True]) == len(folders) and entries[True] == entries[False]


def test_parts_packed_for_a_run_without_the_cache_are_not_stored(tmp_path: Path) -> None:
    """A cache keeps a part's texts as they are written: a packed part is made again, from the checks."""
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))
    ws = _shipped(folders, parts=True, cache=tmp_path / "cache", parts_cache=None)  # packed, as without a cache
    assert _blocks_json(ws, tmp_path / "cache") == _json(load_workspace(folders, jobs=1))
    stored = list((tmp_path / "cache").glob("*.part.json"))
    assert len(stored) == len(folders) and all(b"finding." in entry.read_bytes() for entry in stored)


def test_a_province_that_waives_a_national_check_gets_no_part_from_its_worker(tmp_path: Path) -> None:
    """Its part would depend on the national check: the run makes the whole report, from its findings."""
    waiving = {
        **FRAGMENT,
        "waivers": [{"check": "ICT204", "subject": "base.app", "reason": "Dùng chung", "approver": "Sở KH&CN"}],
    }
    other = {**FRAGMENT, "province": {"code": "other"}}
    folders = write_models(read_data(BASE), [waiving, other], tmp_path)
    ws = _shipped(folders, MINI_REFERENCE, parts=True)
    prepared = {code: p for code, p in ws.prepared.items() if isinstance(p, Prepared)}
    assert len(prepared) == 2
    waived = [p for p in prepared.values() if p.made is None]
    assert len(waived) == 1 and waived[0].whole and waived[0].result.findings
    assert _blocks_json(ws, None) is None
    assert _json(ws) == _json(load_workspace(folders, MINI_REFERENCE, jobs=1))


def test_the_summary_is_what_the_model_says_and_waivers_are_read(tmp_path: Path) -> None:
    other = {**FRAGMENT, "province": {"code": "other"}}
    folders = write_models(read_data(BASE), [FRAGMENT, other], tmp_path)
    ws = _shipped(folders, MINI_REFERENCE)
    summaries = [(p.code, p.waived_checks(), p.includes(), p.component_count()) for p in ws.provinces]
    assert all(s[1] for s in summaries), "both provinces have waivers"
    assert not any(p.validated for p in ws.provinces)  # type: ignore[attr-defined]
    read = [
        (p.architecture.province.code, frozenset(w.check for w in p.architecture.waivers), p.architecture.include,
         len(p.architecture.components))
        for p in ws.provinces
    ]  # fmt: skip
    assert summaries == read and all(p.validated for p in ws.provinces)  # type: ignore[attr-defined]
    plain = load_workspace(folders, MINI_REFERENCE, jobs=1)
    assert _json(_shipped(folders, MINI_REFERENCE)) == _json(plain)  # waivers (used, expired, unused) alike


def test_a_shipped_province_travels_as_a_plain_one() -> None:
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))[:2]
    ws = load_workspace(folders, jobs=2, lazy=True)
    p = ws.provinces[0]
    assert isinstance(p, ShippedArchitecture)
    copy = pickle.loads(pickle.dumps(p))
    assert type(copy) is LoadedArchitecture
    assert copy.architecture == p.architecture and copy.root == p.root and copy.code == p.code


def test_without_lazy_every_model_is_read_as_it_arrives() -> None:
    folders = sorted(p.parent for p in examples_root().glob("*/province.yaml"))[:2]
    ws = load_workspace(folders, jobs=2)
    assert all(p.validated for p in ws.provinces)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("args", "lazy"), [(["check", "--format", "json"], True), (["show"], False)])
def test_check_loads_lazily_and_a_command_that_reads_every_model_does_not(
    args: list[str], lazy: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ictarch.loading

    asked: list[bool] = []
    real = ictarch.loading.load_workspace

    def spy(*a: Any, **k: Any) -> Workspace:
        asked.append(k.get("lazy", False))
        return real(*a, **k)

    monkeypatch.setattr(ictarch.loading, "load_workspace", spy)
    model = str(examples_root() / "quang-tri")
    result = CliRunner().invoke(main, ["--no-cache", *args, model])
    assert result.exit_code in (0, 1), result.output
    assert asked == [lazy]
