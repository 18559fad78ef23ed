"""The runner and its policy: crashing checks, waivers, configuration and profiles, baselines, locations,
and the `ictarch check` family of commands."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.checks import ALL_CHECKS, default_registry
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, check, spec_of
from ictarch.config import ConfigFile, find_config, load_config, resolve_config
from ictarch.errors import ConfigError, SelectorError
from ictarch.findings import FindingDraft, Report, Severity, Status, parse_baseline, render_baseline
from ictarch.i18n import Msg
from ictarch.loading import Workspace, load_workspace
from ictarch.runner import run
from ictarch.testing import read_data, write_models
from tests.conftest import MINI_REFERENCE, ROOT

BASE = ROOT / "tests" / "checks" / "base.yaml"
DAY = dt.date(2026, 1, 1)
NOON = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
REF = ["--reference", str(MINI_REFERENCE), "--no-color", "--no-cache"]

# A province with one finding of several checks: a shared platform without security level (ICT501,
# waived), one without owner (ICT503, waived by an expired waiver), a planned component no project
# delivers (ICT404), and a waiver that matches nothing (ICT902).
FRAGMENT: dict[str, Any] = {
    "components": [
        {
            "id": "base.gis",
            "name": {"vi": "Nền tảng GIS"},
            "kind": "platform",
            "status": "existing",
            "owner": {"vi": "Sở NN&MT"},
            "operator": {"vi": "Sở NN&MT"},
        },
        {"id": "base.cameras", "name": {"vi": "Camera"}, "kind": "sensor-network", "status": "existing"},
        {"id": "base.app", "name": {"vi": "Ứng dụng tra cứu"}, "kind": "application", "status": "planned"},
    ],
    "waivers": [
        {
            "check": "ICT501",
            "subject": "base.gis",
            "reason": "Đang phân loại",
            "approver": "Sở KH&CN",
            "expires": "2026-06-30",
        },
        {
            "check": "ICT503",
            "subject": "base.cameras",
            "reason": "Đang bàn giao",
            "approver": "Sở KH&CN",
            "expires": "2025-12-31",
        },
        {"check": "ICT504", "subject": "base.iot", "reason": "Chưa mở dữ liệu", "approver": "Sở KH&CN"},
    ],
}


@pytest.fixture
def model(tmp_path: Path) -> Path:
    (folder,) = write_models(read_data(BASE), [FRAGMENT], tmp_path)
    return folder


@pytest.fixture
def workspace(model: Path) -> Workspace:
    return load_workspace([model], MINI_REFERENCE)


def _run(ws: Workspace, **kwargs: Any) -> Report:
    return run(ws, run_date=DAY, generated_at=NOON, **kwargs)


def _codes(report: Report, status: Status = Status.FAILED) -> list[tuple[str, str]]:
    return [(f.code, f.subject) for f in report.findings if f.status is status]


# --------------------------------------------------------------------------- runner


def test_findings_waivers_and_their_reports(workspace: Workspace) -> None:
    report = _run(workspace)
    assert _codes(report) == [  # by severity, then code
        ("ICT404", "base.app"),
        ("ICT503", "base.cameras"),  # the waiver expired: reported again
        ("ICT901", "base.cameras"),  # ... and the expired waiver itself
        ("ICT902", "base.iot"),  # the ICT504 waiver waives nothing
    ]
    (waived,) = [f for f in report.findings if f.status is Status.WAIVED]
    assert (waived.code, waived.subject) == ("ICT501", "base.gis")
    assert waived.waiver_reason == "Đang phân loại (approved by Sở KH&CN; until 2026-06-30)"
    assert report.exit_code() == 0  # nothing at or above high once ICT501 is waived
    assert report.summary()["by_status"] == {"failed": 4, "waived": 1, "error": 0}


def test_findings_are_sorted_and_runs_are_identical(workspace: Workspace) -> None:
    first, second = _run(workspace), _run(workspace)
    assert first == second
    assert list(first.findings) == sorted(first.findings, key=lambda f: f.sort_key())
    severities = [f.severity.rank for f in first.findings if f.province == "base"]
    assert severities == sorted(severities, reverse=True)


def test_a_crashing_check_becomes_an_error_finding_and_the_run_continues(workspace: Workspace) -> None:
    @check(code="ICT777", name="test.crash", severity=Severity.LOW, groups=("test",), reference=("doc.ref", "§1"))
    def crash(ctx: CheckContext) -> Iterator[FindingDraft]:
        """Crashes after one finding."""
        yield FindingDraft(subject="base.app", province="base", message="before the crash")
        raise KeyError("budget")

    registry = Registry([*(spec_of(fn) for fn in ALL_CHECKS), spec_of(crash)])
    report = _run(workspace, registry=registry, config=resolve_config(registry))
    mine = [f for f in report.findings if f.code == "ICT777"]
    assert [(f.status, f.text("en")) for f in mine] == [
        (Status.ERROR, "ICT777 crashed: KeyError 'budget' (a bug in the check: please report it)"),
        (Status.FAILED, "before the crash"),
    ]
    assert ("ICT404", "base.app") in _codes(report)  # the other checks ran
    assert report.exit_code() == 1  # a crash always fails the run


def test_locations_point_at_the_subject_or_its_field(model: Path, workspace: Workspace) -> None:
    lines = (model / "province.yaml").read_text(encoding="utf-8").splitlines()
    report = _run(workspace)
    unfunded = next(f for f in report.findings if f.code == "ICT404")
    assert unfunded.location is not None
    assert lines[unfunded.location.line - 1].strip() == "status: planned"  # at=("status",)
    assert unfunded.location.path.endswith(".status")
    owner = next(f for f in report.findings if f.code == "ICT503")
    assert owner.location is not None and "base.cameras" in lines[owner.location.line - 1]


def test_location_of_a_province_finding_is_its_code(tmp_path: Path) -> None:
    fragment = {"conforms_to": [{"framework": "t.egov.2", "_remove": True}]}
    (folder,) = write_models(read_data(BASE), [fragment], tmp_path)
    report = _run(load_workspace([folder], MINI_REFERENCE))
    (f,) = [f for f in report.findings if f.code == "ICT301"]
    assert f.location is not None
    line = (folder / "province.yaml").read_text(encoding="utf-8").splitlines()[f.location.line - 1]
    assert line.strip() == "code: base"


# --------------------------------------------------------------------------- configuration


def _config(text: str, tmp_path: Path, **kwargs: Any) -> Any:
    path = tmp_path / "ictarch.yaml"
    path.write_text(text, encoding="utf-8")
    file, locate = load_config(path)
    return resolve_config(default_registry(), file, locate=locate, **kwargs)


def test_most_specific_rule_wins(tmp_path: Path) -> None:
    config = _config(
        "rules:\n  duplication: low\n  duplication.name.similar: critical\n  ICT205: medium\n  ICT204: off\n",
        tmp_path,
    )
    assert config.severity("ICT201") is Severity.LOW  # group
    assert config.severity("ICT205") is Severity.MEDIUM  # code beats name beats group
    assert "ICT204" not in config.enabled and "ICT201" in config.enabled
    assert config.fail_on is Severity.HIGH
    fields = _config("rules:\n  gap: low\n  ICT101: on\n  ICT102: off\n", tmp_path)
    assert fields.severity("ICT101") is Severity.LOW and "ICT101" in fields.enabled  # field by field
    assert "ICT102" not in fields.enabled and fields.severity("ICT102") is Severity.LOW


def test_builtin_profiles_set_gap_severities_and_thresholds() -> None:
    registry = default_registry()
    draft = resolve_config(registry, profile="draft")
    approval = resolve_config(registry, profile="approval")
    assert (draft.severity("ICT101"), draft.severity("ICT105"), draft.fail_on) == (
        Severity.MEDIUM,
        Severity.LOW,
        Severity.HIGH,
    )
    assert (approval.severity("ICT101"), approval.severity("ICT105"), approval.fail_on) == (
        Severity.HIGH,
        Severity.HIGH,
        Severity.MEDIUM,
    )
    assert draft.severity("ICT106") is approval.severity("ICT106") is Severity.INFO
    assert draft.severity("ICT201") is Severity.HIGH  # outside the profile: the check's default


def test_file_settings_win_over_the_profile_and_the_command_line_over_both(tmp_path: Path) -> None:
    text = "profile: approval\nfail_on: low\nrules:\n  ICT101: low\n  ICT106: off\n"
    config = _config(text, tmp_path)
    assert config.profile == "approval" and config.fail_on is Severity.LOW
    assert config.severity("ICT101") is Severity.LOW and config.severity("ICT102") is Severity.HIGH
    assert "ICT106" not in config.enabled  # the profile's severity does not turn it back on
    assert _config(text, tmp_path, fail_on=Severity.CRITICAL).fail_on is Severity.CRITICAL


def test_user_profiles_extend_and_are_chosen_by_name(tmp_path: Path) -> None:
    text = (
        "profiles:\n  review:\n    extends: draft\n    fail_on: medium\n    rules: {linkage: critical}\n"
        "  loop:\n    extends: loop\n"
    )
    config = _config(text, tmp_path, profile="review")
    assert config.severity("ICT301") is Severity.CRITICAL and config.severity("ICT101") is Severity.MEDIUM
    assert config.fail_on is Severity.MEDIUM
    with pytest.raises(ConfigError, match="extends itself"):
        _config(text, tmp_path, profile="loop")
    with pytest.raises(ConfigError, match=r"unknown profile 'reveiw'.*did you mean 'review'"):
        _config(text, tmp_path, profile="reveiw")


def test_select_and_skip_narrow_the_enabled_checks(tmp_path: Path) -> None:
    config = _config("rules: {ICT202: off}\n", tmp_path, select=["duplication"], skip=["ICT205"])
    assert sorted(config.enabled) == ["ICT201", "ICT203", "ICT204", "ICT206", "ICT207"]
    with pytest.raises(SelectorError):
        resolve_config(default_registry(), select=["nope"])


def test_config_errors_name_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ictarch.yaml"
    path.write_text("ictarch: 1\nprofle: draft\nrules:\n  ICT106: offf\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert "ictarch.yaml:2:1: ICT003 unknown field 'profle'" in text and "did you mean 'profile'?" in text
    assert "ictarch.yaml:4:3: ICT003 invalid value 'offf' for 'severity'" in text
    with pytest.raises(ConfigError, match=r"ictarch.yaml:2:3: 'duplicaton' is not a check code.*'duplication'"):
        _config("rules:\n  duplicaton: low\n", tmp_path)
    path.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ICT001 YAML syntax error"):
        load_config(path)


def test_config_file_is_found_beside_the_models(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    assert find_config([tmp_path / "p"]) is None
    (tmp_path / "ictarch.yaml").write_text("{}\n", encoding="utf-8")
    assert find_config([tmp_path / "p"]) == tmp_path / "ictarch.yaml"
    (tmp_path / "p" / "ictarch.yaml").write_text("{}\n", encoding="utf-8")
    assert find_config([tmp_path / "p"]) == tmp_path / "p" / "ictarch.yaml"


# --------------------------------------------------------------------------- baseline


def test_baseline_round_trip_and_only_new_findings_count(workspace: Workspace) -> None:
    strict = resolve_config(default_registry(), fail_on=Severity.LOW)
    report = _run(workspace, config=strict)
    assert report.exit_code() == 1
    prints = parse_baseline(render_baseline(report))
    assert prints == {f.fingerprint for f in report.findings if f.status is not Status.WAIVED}
    accepted = _run(workspace, config=strict, baseline=prints)
    assert accepted.exit_code() == 0 and accepted.baseline
    assert all(f.baselined for f in accepted.findings if f.status is Status.FAILED)
    partial = _run(workspace, config=strict, baseline=frozenset(sorted(prints)[1:]))
    assert partial.exit_code() == 1 and sum(1 for f in partial.findings if f.counts) == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("not json", "not a JSON baseline"),
        ('{"fingerprints": []}', "not an ictarch baseline"),
        ('{"ictarch_baseline": 1, "fingerprints": [1]}', "list of strings"),
    ],
)
def test_malformed_baselines_are_config_errors(text: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        parse_baseline(text, "b.json")


def test_fingerprint_ignores_the_line_but_not_the_message(workspace: Workspace) -> None:
    f = next(f for f in _run(workspace).findings if f.code == "ICT404")
    moved = dataclasses.replace(f, location=None)
    assert isinstance(f.message, Msg)
    reworded = dataclasses.replace(f, message=Msg(f.message.id, {**f.message.args, "component": "other"}))
    assert moved.fingerprint == f.fingerprint != reworded.fingerprint
    english = dataclasses.replace(f, message=f.text("en"))
    assert english.fingerprint != f.fingerprint, "the id and arguments count, not a language's text"


# --------------------------------------------------------------------------- command line


EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z: the run date of the waivers above


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*REF, *args], env={**EPOCH, **(env or {})}, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_exit_codes_follow_the_threshold(model: Path) -> None:
    code, out, err = _cli("check", str(model))
    assert code == 0, err
    assert "ĐÃ MIỄN TRỪ (1)" in out and "Độ bao phủ theo lớp: base" in out, "Vietnamese by default"
    en = _cli("--lang", "en", "check", str(model))[1]
    assert "WAIVED (1)" in en and "Coverage per layer: base" in en
    assert _cli("check", str(model), "--fail-on", "medium")[0] == 1
    assert _cli("check", str(model), "--fail-on", "medium", "--skip", "ICT503,ICT901,roadmap")[0] == 0


def test_check_json_is_the_versioned_report(model: Path) -> None:
    code, out, _ = _cli("check", str(model), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["metadata"]["schema_version"] == 1 and data["metadata"]["generated_at"] == "2026-01-01T00:00:00+00:00"
    assert data["summary"]["by_status"] == {"failed": 4, "waived": 1, "error": 0}
    assert _cli("--format", "json", "check", str(model))[1].startswith('{\n  "metadata"')  # the group option


def test_focused_commands_run_one_family(model: Path) -> None:
    for command, prefix in (("gaps", "ICT1"), ("duplicates", "ICT2"), ("linkage", "ICT3")):
        _, out, _ = _cli(command, str(model), "--format", "json")
        assert all(c.startswith(prefix) for c in json.loads(out)["metadata"]["checks"]), command


def test_profile_config_and_output_file(model: Path, tmp_path: Path) -> None:
    (model.parent / "ictarch.yaml").write_text("rules:\n  ICT404: critical\n", encoding="utf-8")
    target = tmp_path / "report.sarif"
    code, out, err = _cli("check", str(model), "--format", "sarif", "-o", str(target))
    assert code == 1 and out == "" and f"đã ghi {target}" in err
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  ICT404: severe\n", encoding="utf-8")
    code, _, err = _cli("check", str(model), "--config", str(bad))
    assert code == 2 and "bad.yaml:2:3" in err
    assert _cli("check", str(model), "--profile", "nope")[0] == 2
    assert _cli("check", str(model), "--select", "ICT9999")[0] == 2


def test_write_baseline_then_only_new_findings_fail(model: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, err = _cli("check", str(model), "--fail-on", "low", "--write-baseline", str(baseline))
    assert code == 0 and "đã ghi" in err
    assert _cli("check", str(model), "--fail-on", "low", "--baseline", str(baseline))[0] == 0
    text = (model / "province.yaml").read_text(encoding="utf-8")
    (model / "province.yaml").write_text(text.replace("status: planned", "status: in-progress"), encoding="utf-8")
    code, out, _ = _cli("check", str(model), "--fail-on", "low", "--baseline", str(baseline), "--format", "json")
    assert code == 1
    counted = [f["code"] for f in json.loads(out)["findings"] if not f["baselined"] and f["status"] == "failed"]
    assert counted == ["ICT404", "ICT503"]  # in progress now: a new message, and it needs an owner
    assert _cli("check", str(model), "--baseline", str(tmp_path / "none.json"))[0] == 2


def test_checks_catalogue_and_explain() -> None:
    code, out, _ = _cli("checks")
    assert code == 0 and "ICT201" in out and "duplication.capability.same_province" in out
    rows = json.loads(_cli("--format", "json", "checks")[1])
    assert [r["code"] for r in rows] == list(default_registry().codes)
    assert _cli("checks", "--markdown")[1].startswith("# Các quy tắc kiểm tra sự phù hợp")
    assert _cli("--lang", "en", "checks", "--markdown")[1].startswith("# Conformance checks")
    code, out, _ = _cli("--lang", "en", "explain", "ict201")
    assert code == 0 and out.startswith("## ICT201 duplication.capability.same_province")
    assert "### Rationale" in out and "```yaml" in out and "hạn chế trùng lắp" in out
    code, out, _ = _cli("explain", "ict201")
    assert code == 0 and "### Lý do" in out and "- Mức độ: cao" in out and "đầu tư trùng lặp" in out
    code, _, err = _cli("explain", "ICT299")
    assert code == 2 and "không phải mã, tên hay nhóm quy tắc kiểm tra" in err


def test_unknown_source_date_epoch_is_a_usage_error(model: Path) -> None:
    code, _, err = _cli("check", str(model), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert code == 2 and "SOURCE_DATE_EPOCH" in err


def test_config_file_may_be_empty() -> None:
    assert ConfigFile() == ConfigFile.model_validate({})


def test_checks_in_forked_processes_give_the_same_report() -> None:
    import datetime as _dt

    from ictarch.loading import examples_root as _examples
    from ictarch.loading import load_workspace as _load
    from ictarch.runner import run as _run

    when = _dt.datetime(2026, 11, 21, tzinfo=_dt.UTC)
    ws = _load([_examples()])
    serial = _run(ws, run_date=when.date(), generated_at=when, jobs=1)
    parallel = _run(ws, run_date=when.date(), generated_at=when, jobs=2)
    assert serial.findings and serial == parallel


def test_only_the_checks_that_say_so_read_the_graph_so_a_parallel_run_builds_it_in_one_process() -> None:
    ws = load_workspace([ROOT / "province_models", ROOT / "examples" / "merged"])
    registry = default_registry()
    config = resolve_config(registry)
    readers = set()
    for spec in registry:
        if spec.engine:
            continue
        ctx = CheckContext(ws, None, config, dt.date(2026, 12, 3))
        list(spec.fn(ctx))
        if "graph" in ctx.__dict__:  # the graph was built: the check read it
            readers.add(spec.code)
    declared = {s.code for s in registry if s.graph}
    assert readers <= declared
    assert {"ICT303", "ICT401"} <= readers  # reachability of the portal, dependency cycles


def test_a_parallel_run_gives_the_findings_of_a_run_in_one_process() -> None:
    ws = load_workspace([ROOT / "province_models", ROOT / "examples" / "merged"])
    day = dt.date(2026, 12, 3)
    when = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    alone = run(ws, run_date=day, generated_at=when, jobs=1)
    shared = run(ws, run_date=day, generated_at=when, jobs=3)
    assert len(alone.findings) > 100
    assert shared.findings == alone.findings and shared.coverage == alone.coverage
