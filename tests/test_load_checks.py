"""Province-scoped checks run in the load workers, on each province as it is loaded
(:class:`ictarch.runner.ProvinceChecks`): the report is byte for byte the one of a run that checks after
loading, with waivers, unused waivers (ICT902), a baseline, a crashing check and a check that names another
province; and the run really uses what the workers computed, only when computed for the same run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.checks import ALL_CHECKS, default_registry
from ictarch.checks.duplication_national import province_groups
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, check, spec_of
from ictarch.config import resolve_config
from ictarch.findings import FindingDraft, Report, Severity
from ictarch.formatters.json import to_json
from ictarch.loading import Workspace, load_workspace
from ictarch.loading import workspace as loading_workspace
from ictarch.loading.workspace import examples_root
from ictarch.report_cache import ProvinceCache, run_cached
from ictarch.runner import Prepared, province_checks, run
from ictarch.testing import read_data, write_models
from tests.conftest import MINI_REFERENCE
from tests.test_runner import BASE, FRAGMENT

DAY = dt.date(2026, 1, 1)
NOON = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def folders(tmp_path: Path) -> list[Path]:
    """Two provinces with waivers used, expired and unused (ICT501, ICT503, ICT902) and findings of several checks."""
    other = {**FRAGMENT, "province": {"code": "other"}}
    return write_models(read_data(BASE), [FRAGMENT, other], tmp_path)


SENT = {"models": (True, True), "maps and what was read": (False, True), "what was read": (False, False)}
"""What the load workers send of a province they prepared, for a command that reads: (its models, its maps)."""


def _load(
    folders: list[Path], registry: Registry, run_date: dt.date = DAY, reads: tuple[bool, bool] = (True, True)
) -> Workspace:
    prepare = province_checks(registry, resolve_config(registry), run_date)
    models, maps = reads
    return load_workspace(
        folders, MINI_REFERENCE, jobs=2, prepare=prepare, lazy=not models, reads_models=models, reads_maps=maps
    )


def _report(ws: Workspace, registry: Registry, run_date: dt.date = DAY, **kwargs: Any) -> Report:
    kwargs.setdefault("config", resolve_config(registry))
    return run(ws, registry=registry, run_date=run_date, generated_at=NOON, **kwargs)


@pytest.mark.parametrize("sent", SENT)
def test_workers_check_each_province_and_the_report_is_the_same(folders: list[Path], sent: str) -> None:
    registry = default_registry()
    plain = load_workspace(folders, MINI_REFERENCE, jobs=2)
    ws = _load(folders, registry, reads=SENT[sent])
    assert plain.prepared == {}
    assert set(ws.prepared) == {"base", "other"}
    expected = _report(plain, registry)
    assert {"ICT501", "ICT902"} <= {f.code for f in expected.findings}  # waived and unused waivers are in it
    assert to_json(_report(ws, registry)) == to_json(expected)
    baseline = frozenset(f.fingerprint for f in expected.findings[::2])
    assert to_json(_report(ws, registry, baseline=baseline)) == to_json(_report(plain, registry, baseline=baseline))


def test_the_run_takes_the_workers_results_only_when_made_for_it(folders: list[Path]) -> None:
    registry = default_registry()
    ws = _load(folders, registry)
    prepared = ws.prepared["other"]
    assert isinstance(prepared, Prepared)
    code = next(c for c, found in prepared.result.findings.items() if found)
    emptied = {**prepared.result.findings, code: []}
    ws.prepared["other"] = dataclasses.replace(prepared, result=dataclasses.replace(prepared.result, findings=emptied))
    used = _report(ws, registry)
    assert (code, "other") not in {(f.code, f.province) for f in used.findings}  # what the worker gave, used
    assert (code, "base") in {(f.code, f.province) for f in used.findings}
    plain = load_workspace(folders, MINI_REFERENCE, jobs=2)
    later = DAY + dt.timedelta(days=1)  # made for another day, or another configuration: checked again
    assert to_json(_report(ws, registry, later)) == to_json(_report(plain, registry, later))
    narrower = resolve_config(registry, select=["ICT5*"])
    assert to_json(_report(ws, registry, config=narrower)) == to_json(_report(plain, registry, config=narrower))


@check(
    code="ICT778",
    name="test.crash_base",
    severity=Severity.LOW,
    groups=("test",),
    reference=("doc.ref", "§1"),
    scope="province",
)
def crash_on_base(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Crashes on the province ``base`` (the first) after one finding about it: no province after it is checked."""
    for p in ctx.workspace.provinces:
        yield FindingDraft(subject="base.app", province=p.code, message="before the crash")
        if p.code == "base":
            raise KeyError("budget")


@check(
    code="ICT779",
    name="test.about_all",
    severity=Severity.LOW,
    groups=("test",),
    reference=("doc.ref", "§1"),
    scope="province",
)
def about_all(ctx: CheckContext) -> Iterator[FindingDraft]:
    """One finding about no province, counting the provinces (declared province-scoped, wrongly)."""
    yield FindingDraft(subject="base.app", province=None, message=f"{len(ctx.workspace.provinces)} provinces")


@pytest.mark.parametrize("sent", SENT)
@pytest.mark.parametrize("odd", [crash_on_base, about_all])
def test_a_check_that_crashes_or_names_another_province_runs_as_without_workers(
    folders: list[Path], odd: Any, sent: str
) -> None:
    registry = Registry([*(spec_of(fn) for fn in ALL_CHECKS), spec_of(odd)])
    ws = _load(folders, registry, reads=SENT[sent])
    plain = load_workspace(folders, MINI_REFERENCE, jobs=2)
    expected = _report(plain, registry)
    assert spec_of(odd).code in {f.code for f in expected.findings}
    assert to_json(_report(ws, registry)) == to_json(expected)


@pytest.mark.parametrize("sent", ["maps and what was read", "what was read"])
def test_a_province_sent_as_what_its_worker_read_loads_as_it_loaded_there(folders: list[Path], sent: str) -> None:
    """A command that reads no model gets, for each province its workers prepared, the files the worker read (and
    the source map, if it reads those); a model or map asked for all the same is loaded from those files, never
    from the disk again."""
    registry = default_registry()
    ws = _load(folders, registry, reads=SENT[sent])
    direct = {p.code: p for p in load_workspace(folders, MINI_REFERENCE).provinces}
    assert set(ws.prepared) == set(direct)
    for path in [f for folder in folders for f in folder.glob("*.yaml")]:
        path.write_text("province: [changed after the run read it\n", encoding="utf-8")
    first, second = ws.provinces
    assert all(isinstance(p, loading_workspace.ShippedArchitecture) and not p.validated for p in ws.provinces)
    assert first.architecture == direct[first.code].architecture  # the model first, then its map
    assert first.source_map == direct[first.code].source_map
    assert second.source_map == direct[second.code].source_map  # the map first, then the model
    assert second.architecture == direct[second.code].architecture
    assert second.file_names() == direct[second.code].file_names()


def _load_in_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Load in workers, as a national model; the list receives, per load, how many provinces were checked there."""
    seen: list[int] = []
    prepare = loading_workspace.load_workspace

    def spy(*a: Any, **kw: Any) -> Workspace:
        ws = prepare(*a, **kw)
        seen.append(len(ws.prepared))
        return ws

    monkeypatch.setattr(loading_workspace, "PARALLEL_THRESHOLD_BYTES", 0)
    monkeypatch.setattr("ictarch.loading.load_workspace", spy)
    return seen


def test_check_command_output_is_the_same_when_workers_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    args = ["--no-cache", "-q", "check", "--format", "json", str(examples_root())]
    serial = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "serial.json")])
    seen = _load_in_workers(monkeypatch)
    parallel = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "parallel.json")])
    assert (serial.exit_code, parallel.exit_code) == (1, 1)
    assert seen == [len(list(examples_root().glob("*/province.yaml")))]  # every province checked where loaded
    assert (tmp_path / "parallel.json").read_bytes() == (tmp_path / "serial.json").read_bytes()


@pytest.mark.parametrize(
    "options", [["--format", "json"], ["--format", "text"], ["--format", "sarif"], ["--write-baseline"]]
)
def test_a_national_check_loads_no_province_again(
    options: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers send what they read instead of each model (and, for a JSON report, of each source map); the
    command reads none of those, so nothing is loaded twice, and its report is that of a run without workers."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")

    def args(run: str) -> list[str]:
        written = [*options, str(tmp_path / f"{run}.baseline")] if options == ["--write-baseline"] else options
        return [
            "--no-cache",
            "-q",
            "check",
            "--format",
            "json",
            *written,
            "-o",
            str(tmp_path / run),
            str(examples_root()),
        ]

    serial = CliRunner().invoke(main, args("serial"))
    reloaded: list[str] = []
    reload = loading_workspace.ShippedArchitecture._reload

    def spy(self: loading_workspace.ShippedArchitecture) -> Any:
        reloaded.append(self.code)
        return reload(self)

    seen = _load_in_workers(monkeypatch)
    monkeypatch.setattr(loading_workspace.ShippedArchitecture, "_reload", spy)
    parallel = CliRunner().invoke(main, args("parallel"))
    assert serial.exit_code == parallel.exit_code == (0 if options == ["--write-baseline"] else 1)
    assert seen == [len(list(examples_root().glob("*/province.yaml")))] and reloaded == []
    assert (tmp_path / "parallel").read_bytes() == (tmp_path / "serial").read_bytes()
    if options == ["--write-baseline"]:
        assert (tmp_path / "parallel.baseline").read_bytes() == (tmp_path / "serial.baseline").read_bytes()


def test_a_cached_run_stores_the_workers_results_for_the_next_run(folders: list[Path], tmp_path: Path) -> None:
    registry = default_registry()
    config = resolve_config(registry)
    cache_dir = tmp_path / "cache"
    ws = load_workspace(
        folders, MINI_REFERENCE, jobs=2, cache_dir=cache_dir, prepare=province_checks(registry, config, DAY)
    )
    assert set(ws.prepared) == {"base", "other"}
    first = run_cached(ws, cache_dir, config=config, registry=registry, run_date=DAY, generated_at=NOON)
    assert len(list(cache_dir.glob("*.province.json"))) == 2  # what the next run, one province edited, reads
    again = load_workspace(folders, MINI_REFERENCE, jobs=2, cache_dir=cache_dir)
    store = ProvinceCache.for_run(cache_dir, again, config, registry, DAY)
    second = run(again, config=config, registry=registry, run_date=DAY, generated_at=NOON, store=store)
    assert (store.hits, store.misses) == (2, 0)
    assert to_json(second) == to_json(first) == to_json(_report(load_workspace(folders, MINI_REFERENCE), registry))


def test_report_site_is_the_same_when_workers_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review site takes the load workers' province results too, so it holds no second copy of the
    nation for the province checks; its pages are byte for byte those of a run that checks in place."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    args = ["--no-cache", "-q", "report", str(examples_root())]
    serial = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "serial")])
    seen = _load_in_workers(monkeypatch)
    parallel = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "parallel")])
    assert (serial.exit_code, parallel.exit_code) == (0, 0), parallel.output
    assert seen == [len(list(examples_root().glob("*/province.yaml")))]
    pages = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*") if p.is_file())
    assert pages and pages == sorted(
        p.relative_to(tmp_path / "parallel") for p in (tmp_path / "parallel").rglob("*") if p.is_file()
    )
    for page in pages:
        assert (tmp_path / "parallel" / page).read_bytes() == (tmp_path / "serial" / page).read_bytes(), page


def test_report_with_a_bad_configuration_still_fails_after_loading(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("profiles: [\n", encoding="utf-8")
    done = CliRunner().invoke(
        main, ["--no-cache", "-q", "report", str(examples_root()), "-o", str(tmp_path / "site"), "--config", str(bad)]
    )
    assert done.exit_code == 2, done.output
    assert "bad.yaml" in done.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("command", ["check", "report"])
def test_errors_in_the_models_come_before_an_error_in_the_configuration(tmp_path: Path, command: str) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "province.yaml").write_text("province: [\n", encoding="utf-8")
    output = ["-o", str(tmp_path / "site")] if command == "report" else []
    for folder, error in ((broken, "province.yaml:2:1: ICT001"), (examples_root(), "'nope'")):
        args = ["--no-cache", "-q", command, str(folder), "--profile", "nope", *output]
        done = CliRunner().invoke(main, args, catch_exceptions=False)
        assert done.exit_code == 2, done.output
        assert error in done.output
        assert ("'nope'" in done.output) is (folder != broken)
    assert not (tmp_path / "site").exists()


def test_json_report_from_parts_takes_the_workers_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check --format json` with a cache writes from each province's part; on a cold cache the parts are made
    from the load workers' results, and no province check runs again in the command's process."""
    import ictarch.report_blocks as report_blocks

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    args = ["-q", "check", "--format", "json", str(examples_root())]
    plain = CliRunner().invoke(main, ["--no-cache", *args, "-o", str(tmp_path / "plain.json")])
    seen = _load_in_workers(monkeypatch)
    rerun: list[str] = []
    each = report_blocks._run_each

    def spy(specs: Any, *a: Any, **kw: Any) -> Any:
        rerun.extend(s.code for s in specs if s.scope == "province")
        return each(specs, *a, **kw)

    monkeypatch.setattr(report_blocks, "_run_each", spy)
    monkeypatch.setenv("ICTARCH_CACHE_DIR", str(tmp_path / "cache"))
    parts = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "parts.json")])
    assert (plain.exit_code, parts.exit_code) == (1, 1), parts.output
    assert seen == [len(list(examples_root().glob("*/province.yaml")))]
    assert rerun == []
    assert (tmp_path / "parts.json").read_bytes() == (tmp_path / "plain.json").read_bytes()


def test_the_workers_compute_each_province_part_of_ict204_and_the_run_joins_them(folders: list[Path]) -> None:
    registry = default_registry()
    ws = _load(folders, registry)
    plain = load_workspace(folders, MINI_REFERENCE, jobs=2)
    expected = _report(plain, registry)
    assert any(f.code == "ICT204" for f in expected.findings)
    prepared = ws.prepared["other"]
    assert isinstance(prepared, Prepared)
    alone = CheckContext(Workspace(plain.catalogue, [plain.province("other")]), None, resolve_config(registry), DAY)
    assert prepared.parts["ICT204"] == province_groups(alone) != {}
    assert to_json(_report(ws, registry)) == to_json(expected)
    ws.prepared["other"] = dataclasses.replace(prepared, parts={"ICT204": {}})  # "other" in no group: none found
    assert not any(f.code == "ICT204" for f in _report(ws, registry).findings)
    ws.prepared["other"] = dataclasses.replace(prepared, parts={})  # one province without its part: from the models
    assert to_json(_report(ws, registry)) == to_json(expected)


def test_ict204_findings_stand_on_the_subjects_its_parts_name() -> None:
    """The load workers locate what CheckSpec.subjects names of each province's part, so that the command places
    ICT204's findings without the source maps: every finding stands on one of them, in its own province."""
    from ictarch.checks.duplication_national import cross_province, group_subjects
    from ictarch.runner import place

    ws = load_workspace([examples_root()])
    registry = default_registry()
    spec = spec_of(cross_province)
    assert spec.subjects is group_subjects
    config = resolve_config(registry)
    named = {
        p.code: set(group_subjects(province_groups(CheckContext(Workspace(ws.catalogue, [p]), None, config, DAY))))
        for p in ws.provinces
    }
    drafts = list(cross_province(CheckContext(ws, None, config, DAY)))
    assert drafts and all((d.subject, d.at) in named[d.province or ""] for d in drafts)
    assert len(set().union(*named.values())) > len(drafts), "every group's first member, in two provinces or not"
    found = [f for f in _report(ws, registry).findings if f.code == "ICT204"]
    assert [f.location for f in found] == [place(ws.province(f.province or ""), (f.subject, ())) for f in found]
