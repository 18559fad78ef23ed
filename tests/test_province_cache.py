"""Editing one province reruns the province-scoped checks of that province alone, and changes nothing else.

The cache is filled by a run on every shipped province; then one province is edited (a component renamed so
that a cross-province duplicate disappears, a waiver added, a component added) and `ictarch check` with the
cache must print, byte for byte, what it prints with --no-cache: every format, both languages, from the
folder that filled the cache and from a copy of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch import report_cache, runner
from ictarch.checks import default_registry
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, check, spec_of
from ictarch.cli.options import CHECK_FORMATS
from ictarch.config import resolve_config
from ictarch.errors import Location
from ictarch.findings import FindingDraft, Severity
from ictarch.loading import examples_root, load_workspace
from ictarch.loading.workspace import LoadedArchitecture, Workspace

EPOCH = "1767225600"  # 2026-01-01: the same run date and report time for every run
EDITED = "quang-tri"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ICTARCH_CACHE_DIR", raising=False)
    shutil.copytree(examples_root(), tmp_path / "models", ignore=shutil.ignore_patterns("__*"))
    yield tmp_path


def _check(path: str, cache: Path | None, fmt: str, lang: str) -> tuple[int, str]:
    args = ["--no-color", "--lang", lang, *([] if cache else ["--no-cache"]), "check", "--format", fmt, path]
    env = {"SOURCE_DATE_EPOCH": EPOCH, "ICTARCH_CACHE_DIR": str(cache) if cache else None, "COLUMNS": "120"}
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout


def _edit(models: Path) -> None:
    """Rename a component and add a namesake of another: this province's findings and ICT204 groups change."""
    comps = models / EDITED / "components.yaml"
    text = comps.read_text(encoding="utf-8")
    assert '    name: {vi: "' in text
    text = text.replace('    name: {vi: "', '    name: {vi: "Hệ thống đổi tên ', 1)
    text += (
        "\n  - id: quang-tri.extra-copy\n"
        "    name: {vi: Hệ thống quản lý văn bản và điều hành}\n"
        "    kind: application\n"
        "    status: planned\n"
    )
    comps.write_text(text, encoding="utf-8")


def _assert_same(path: str, cache: Path) -> None:
    for lang in ("vi", "en"):
        for fmt in CHECK_FORMATS:
            expected = _check(path, None, fmt, lang)
            assert expected[0] in (0, 1) and expected[1], (fmt, lang)
            assert _check(path, cache, fmt, lang) == expected, f"{fmt} --lang {lang}: cached run differs"


def test_one_province_edited_gives_what_no_cache_gives(work: Path) -> None:
    cache = work / "cache"
    assert _check("models", cache, "json", "vi")[0] == 1  # fill the cache
    _edit(work / "models")
    assert _check("models", None, "json", "vi")[0] == 1, "the edit keeps the model loadable"
    _assert_same("models", cache)
    assert len(list(cache.glob("*.province.json"))) == len(list((work / "models").iterdir())) + 1


def test_a_copy_with_one_province_edited_reuses_the_original_entries(work: Path) -> None:
    cache = work / "cache"
    assert _check("models", cache, "sarif", "en")[0] == 1
    shutil.copytree(work / "models", work / "copy")
    _edit(work / "copy")
    _assert_same("copy", cache)


def _run(ws: Workspace, cache: Path, run_date: dt.date = dt.date(2026, 1, 1)) -> report_cache.Report:
    registry = default_registry()
    return report_cache.run_cached(
        ws,
        cache,
        config=resolve_config(registry),
        registry=registry,
        run_date=run_date,
        generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def test_only_the_edited_province_is_checked_again(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The province-scoped checks run on a workspace of the edited province alone; national ones on all."""
    cache = work / "cache"
    _run(load_workspace([work / "models"], cache_dir=cache), cache)
    _edit(work / "models")
    ws = load_workspace([work / "models"], cache_dir=cache)
    seen: list[tuple[str, tuple[str, ...]]] = []
    real = runner.run_check

    def spy(spec: runner.CheckSpec, ctx: runner.CheckContext, memo: runner.Locations | None = None):  # type: ignore[no-untyped-def]
        seen.append((spec.code, tuple(p.code for p in ctx.workspace.provinces)))
        return real(spec, ctx, memo)

    monkeypatch.setattr(runner, "run_check", spy)
    report = _run(ws, cache)
    edited = next(p.code for p in ws.provinces if p.root.name == EDITED)
    everyone = tuple(p.code for p in ws.provinces)
    scopes = {s.code: s.scope for s in default_registry()}
    assert seen and all(
        provinces == ((edited,) if scopes[code] == "province" else everyone) for code, provinces in seen
    ), seen
    assert {code for code, _ in seen if scopes[code] == "national"} == {"ICT204"}
    assert list(cache.glob("*.locations.json")), "where ICT204's findings stand is remembered"
    plain = runner.run(ws, run_date=dt.date(2026, 1, 1), generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert report == plain
    # another run date is another key (waivers expire): nothing is reused
    seen.clear()
    _run(ws, cache, dt.date(2031, 1, 1))
    assert {provinces for code, provinces in seen if scopes[code] == "province"} == {everyone}


def test_every_province_stored_or_damaged_entries_give_the_same_report(work: Path) -> None:
    cache = work / "cache"
    ws = load_workspace([work / "models"], cache_dir=cache)
    first = _run(ws, cache)
    for entry in cache.glob("*.report.json"):
        entry.unlink()
    assert _run(ws, cache) == first  # every province's results read back, only the national checks run
    for entry in cache.glob("*.province.json"):
        entry.write_text(entry.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    for entry in cache.glob("*.report.json"):
        entry.unlink()
    assert _run(ws, cache) == first


class _Memory:
    """A store in memory: what a run saved, read back by the next."""

    def __init__(self) -> None:
        self.results: dict[str, runner.ProvinceResult] = {}
        self.places: dict[str, dict[runner.LocationKey, Location | None]] = {}
        self.saved = 0

    def load(self, loaded: LoadedArchitecture) -> runner.ProvinceResult | None:
        return self.results.get(loaded.code)

    def save(self, loaded: LoadedArchitecture, result: runner.ProvinceResult) -> None:
        self.results[loaded.code] = result
        self.saved += 1

    def locations(self, loaded: LoadedArchitecture) -> dict[runner.LocationKey, Location | None]:
        return dict(self.places.get(loaded.code, {}))

    def save_locations(self, loaded: LoadedArchitecture, known: dict[runner.LocationKey, Location | None]) -> None:
        self.places[loaded.code] = dict(known)


def _options(*extra: Callable[..., Iterator[FindingDraft]]) -> dict[str, Any]:
    registry = Registry([*default_registry(), *(spec_of(fn) for fn in extra)])
    return {
        "config": resolve_config(registry),
        "registry": registry,
        "run_date": dt.date(2026, 1, 1),
        "generated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }


@check(code="ICT777", name="test.crash", severity=Severity.LOW, groups=("test",), reference=("d", "§1"))
def _crash_alone(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Crashes when given one province (a bug a plain run never meets)."""
    if len(ctx.workspace.provinces) == 1:
        raise KeyError("budget")
    yield from ()


FIXED = "ba-ria-vung-tau"  # the first shipped province


@check(code="ICT778", name="test.wrong", severity=Severity.LOW, groups=("test",), reference=("d", "§1"))
def _wrong_scope(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Reports about one province, whichever provinces it is given."""
    yield FindingDraft(subject=FIXED, province=FIXED, message=f"{len(ctx.workspace.provinces)} provinces")


@pytest.mark.parametrize("fn", [_crash_alone, _wrong_scope])
def test_a_province_check_that_crashes_or_names_another_province_runs_on_the_whole_workspace(
    fn: Callable[..., Iterator[FindingDraft]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Declared province-scoped by mistake: the run notices and gives what a plain run gives, storing nothing."""
    monkeypatch.setattr(fn, "spec", dataclasses.replace(spec_of(fn), scope="province"))
    ws = load_workspace([examples_root()])
    assert ws.provinces[0].code == FIXED and ws.provinces[-1].code != FIXED
    options = _options(fn)
    plain = runner.run(ws, **options)
    store = _Memory()
    assert runner.run(ws, store=store, **options) == plain  # nothing stored: one run on the whole workspace
    assert len(store.results) == len(ws.provinces)
    del store.results[ws.provinces[-1].code]  # the last province edited
    store.saved = 0
    assert runner.run(ws, store=store, **options) == plain
    assert store.saved == 0
