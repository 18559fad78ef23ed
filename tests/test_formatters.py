"""The report formats: versioned JSON (schema-valid), SARIF 2.1.0 (schema-valid), JUnit, Markdown and text;
the same report always renders to the same bytes."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest

from ictarch.checks import ALL_CHECKS
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, check, spec_of
from ictarch.config import resolve_config
from ictarch.findings import FindingDraft, Report, Severity, Status
from ictarch.formatters import FORMATTERS, OutputFormat, render, to_text
from ictarch.formatters.sarif import LEVELS, SourceRoot, to_sarif
from ictarch.loading import load_workspace
from ictarch.runner import run
from ictarch.schema import render as render_schema
from ictarch.testing import read_data, write_models
from tests.conftest import MINI_REFERENCE, ROOT
from tests.lsp import sarif_multitool

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
        {
            "id": "base.iot2",
            "name": {"vi": "Nền tảng thiết bị | giao thông"},
            "kind": "platform",
            "realizes": ["t.sc.L3.iot"],
            "status": "planned",
            "security_level": 3,
        },
        {"id": "base.warehouse", "realizes": []},
    ],
    "waivers": [{"check": "ICT501", "subject": "base.gis", "reason": "Đang phân loại", "approver": "Sở KH&CN"}],
}


@check(code="ICT777", name="test.crash", severity=Severity.LOW, groups=("test",), reference=("doc.ref", "§1"))
def _crash(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Always crashes."""
    raise RuntimeError("boom")
    yield  # pragma: no cover


def _report(tmp_path: Path, baseline: bool = False) -> Report:
    (folder,) = write_models(read_data(ROOT / "tests" / "checks" / "base.yaml"), [FRAGMENT], tmp_path)
    registry = Registry([*(spec_of(fn) for fn in ALL_CHECKS), spec_of(_crash)])
    report = run(
        load_workspace([folder], MINI_REFERENCE),
        registry=registry,
        config=resolve_config(registry, fail_on=Severity.MEDIUM),
        run_date=dt.date(2026, 1, 1),
        generated_at=dt.datetime(2026, 1, 1, 8, 30, tzinfo=dt.UTC),
    )
    if baseline:
        first = next(f for f in report.findings if f.code == "ICT404")
        report = report.with_baseline(frozenset({first.fingerprint}))
    return report


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return _report(tmp_path, baseline=True)


def test_the_fixture_has_every_kind_of_finding(report: Report) -> None:
    statuses = {f.status for f in report.findings}
    assert statuses == {Status.FAILED, Status.WAIVED, Status.ERROR}
    assert any(f.baselined for f in report.findings)
    assert {f.severity for f in report.findings} >= {Severity.HIGH, Severity.MEDIUM, Severity.INFO}


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_output_is_deterministic(fmt: OutputFormat, tmp_path: Path) -> None:
    first = render(_report(tmp_path / "a", baseline=True), fmt)
    second = render(_report(tmp_path / "b", baseline=True), fmt)
    assert first.replace(str(tmp_path / "a"), "X").replace("/a/", "/X/") == second.replace(
        str(tmp_path / "b"), "X"
    ).replace("/b/", "/X/")
    assert first.endswith("\n")


def test_json_report_matches_the_committed_schema(report: Report) -> None:
    schema = json.loads((ROOT / "schemas" / "report" / "v1.json").read_text(encoding="utf-8"))
    assert schema == json.loads(render_schema("report/v1.json"))
    data = json.loads(render(report, "json"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["metadata"] == {
        "ictarch_version": report.ictarch_version,
        "schema_version": 1,
        "generated_at": "2026-01-01T08:30:00+00:00",
        "run_date": "2026-01-01",
        "lang": "vi",
        "profile": None,
        "fail_on": "medium",
        "baseline": True,
        "provinces": ["base"],
        "checks": [r.code for r in report.rules],
    }
    assert data["summary"]["exit_code"] == report.exit_code() == 1
    crash = next(f for f in data["findings"] if f["status"] == "error")
    assert crash["message_id"] == "report.check-crashed" and crash["arguments"]["code"] == "ICT777"
    assert crash["message"].startswith("ICT777 gặp lỗi khi chạy"), "the text in the report's language"
    english = json.loads(render(report, "json", "en"))
    assert next(f for f in english["findings"] if f["status"] == "error")["message"].startswith("ICT777 crashed")
    waived = next(f for f in data["findings"] if f["status"] == "waived")
    assert waived["waiver_reason"] == "Đang phân loại (approved by Sở KH&CN)"
    assert {c["layer"] for c in data["coverage"]} >= {"t.L1", "t.sc.L3"}


def test_sarif_is_valid_and_maps_severity_to_level(report: Report, shared: Path) -> None:
    schema = json.loads((shared / "schemas" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    data = json.loads(render(report, "sarif", "en"))
    jsonschema.Draft4Validator(schema).validate(data)
    (run_,) = data["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.code for r in report.rules)
    ict201 = next(r for r in rules if r["id"] == "ICT201")
    assert ict201["name"] == "DuplicationCapabilitySameProvince"
    assert "hạn chế trùng lắp" in ict201["fullDescription"]["text"] and "```yaml" in ict201["help"]["markdown"]
    for result in run_["results"]:
        finding = next(
            f for f in report.findings if f.fingerprint == result["partialFingerprints"]["ictarchFingerprint/v1"]
        )
        assert result["level"] == LEVELS[finding.severity]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert ("suppressions" in result) == (finding.status is Status.WAIVED)
        assert result["baselineState"] == ("unchanged" if finding.baselined else "new")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert finding.location is not None and region["startLine"] == finding.location.line
        assert not result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("ICT777 crashed: RuntimeError")


@pytest.mark.parametrize(("lang", "other"), [("vi", "en"), ("en", "vi")])
def test_sarif_carries_one_language_and_the_other_as_a_translation(
    report: Report, shared: Path, lang: str, other: str
) -> None:
    """SARIF 2.1.0 §3.11.7: a result names its message string and arguments, and its text is in the log's
    language; the other language is a translation of the tool (run.translations), not a property bag."""
    schema = json.loads((shared / "schemas" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    data = json.loads(render(report, "sarif", lang))
    jsonschema.Draft4Validator(schema).validate(data)
    (run_,) = data["runs"]
    tags = {"vi": "vi-VN", "en": "en-US"}
    assert run_["language"] == tags[lang]
    (translation,) = run_["translations"]
    assert translation["language"] == tags[other] and translation["associatedComponent"] == {"name": "ictarch"}
    assert translation["translationMetadata"]["name"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    translated = {r["id"]: r for r in translation["rules"]}
    assert set(translated) == set(rules)
    checked = 0
    for result in run_["results"]:
        finding = next(
            f for f in report.findings if f.fingerprint == result["partialFingerprints"]["ictarchFingerprint/v1"]
        )
        message = result["message"]
        if "id" not in message:
            continue
        assert message["text"] == finding.text(lang)
        own = rules[result["ruleId"]]["messageStrings"][message["id"]]["text"]
        theirs = translated[result["ruleId"]]["messageStrings"][message["id"]]["text"]
        args = message.get("arguments", [])
        assert own.format(*args).rstrip(".") == finding.text(lang).rstrip("."), "the message string renders the text"
        assert theirs != own and theirs.count("{") == own.count("{")
        assert "properties" not in rules[result["ruleId"]]["messageStrings"][message["id"]]
        checked += 1
    assert checked


def test_sarif_rules_agree_with_code_scanning(report: Report) -> None:
    """Security tag and score go together; every rule links to a stable anchor of docs/checks.md."""
    (run_,) = json.loads(render(report, "sarif"))["runs"]
    rules = run_["tool"]["driver"]["rules"]
    anchors = set(re.findall(r'<a id="([a-z0-9]+)"></a>', (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")))
    for rule in rules:
        props = rule["properties"]
        assert ("security" in props["tags"]) == ("security-severity" in props), rule["id"]
        assert props["precision"] in ("very-high", "high", "medium", "low")
        uri = rule["helpUri"]
        assert uri.startswith("https://") and uri.split("#")[1] == rule["id"].lower()
        assert rule["id"] == "ICT777" or rule["id"].lower() in anchors, "a test-only check has no documentation"
    by_id = {r["id"]: r for r in rules}
    assert by_id["ICT501"]["properties"]["security-severity"] == "8.0"
    assert "security-severity" not in by_id["ICT201"]["properties"]
    assert by_id["ICT205"]["properties"]["precision"] == "medium"
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["automationDetails"]["id"] == "ictarch/check/base/"


def test_sarif_paths_resolve_from_a_subfolder(report: Report, tmp_path: Path) -> None:
    """Run from a subfolder of the repository, the URIs are still relative to the repository's top."""
    finding = next(f for f in report.findings if f.location)
    full = Path(finding.location.file).resolve()  # type: ignore[union-attr]
    repo = full.parents[2]
    sub = full.parent
    moved = Report(
        **{**vars(report), "findings": tuple(
            replace(f, location=replace(f.location, file=os.path.relpath(Path(f.location.file).resolve(), sub)))
            if f.location else f
            for f in report.findings
        )}
    )
    (run_,) = json.loads(to_sarif(moved, SourceRoot(root=repo, cwd=sub)))["runs"]
    base = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.as_uri() + "/"
    for result in run_["results"]:
        art = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%" and not art["uri"].startswith(("/", ".."))
        assert (repo / art["uri"]).is_file()
    assert SourceRoot(root=repo, cwd=repo).uri("Quảng Trị/a.yaml") == ("Quảng Trị/a.yaml", True)
    named = json.loads(to_sarif(moved, SourceRoot(root=sub.parent, cwd=sub.parent / "Quảng Trị")))["runs"][0]
    uri = named["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and uri.isascii(), "a relative URI is percent-encoded"
    outside = SourceRoot(root=sub, cwd=sub).uri("../elsewhere.yaml")
    assert outside == ((sub.parent / "elsewhere.yaml").as_uri(), False)


def test_sarif_passes_the_multitool_github_rules(report: Report, tmp_path: Path) -> None:
    """Microsoft's SARIF multitool with GitHub Advanced Security's rules and the SARIF best-practice rules:
    nothing above a note (the notes ask for what ictarch has not: code snippets, message arguments)."""
    tool = sarif_multitool()
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("the SARIF multitool is missing: .ci/run installs it with npm")
        pytest.skip("the SARIF multitool is not installed (npm @microsoft/sarif-multitool-linux)")
    finding = next(f for f in report.findings if f.location)
    full = Path(finding.location.file).resolve()  # type: ignore[union-attr]
    sarif = tmp_path / "ictarch.sarif"
    sarif.write_text(to_sarif(report, SourceRoot(root=full.parents[1], cwd=Path.cwd())), encoding="utf-8")
    out = tmp_path / "validation.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    rules = ["--rule-kind", "Ghas;Sarif", "--level", "Error;Warning;Note"]
    command = [tool, "validate", *rules, "-o", str(out), str(sarif)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    serious = [(r["ruleId"], r["message"].get("arguments")) for r in results if r.get("level", "warning") != "note"]
    assert not serious and not [r for r in results if r["ruleId"].startswith("GH")]
    assert not [r for r in results if r["ruleId"] == "SARIF2012"], "every rule has a helpUri"


def test_junit_shows_every_finding_with_file_and_line(report: Report, tmp_path: Path) -> None:
    """Read by junitparser as CI dashboards read it: no case with an open finding passes."""
    path = tmp_path / "junit.xml"
    path.write_text(render(report, "junit", "en"), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    cases = [case for suite in xml for case in suite]
    with_findings = {(f.code, f.subject) for f in report.findings}
    checked = 0
    for case in cases:
        key = (case.classname.rsplit(".", 1)[-1], case.name.rsplit(" ", 1)[-1])
        if key not in with_findings:
            continue
        checked += 1
        assert case.result, f"{case.name} has findings but passes"
        assert case._elem.get("file") and int(case._elem.get("line")) >= 1
    assert checked == len({(f.code, f.province, f.subject) for f in report.findings if f.code != "ICT777"})
    skipped = [r for case in cases for r in case.result if isinstance(r, junitparser.Skipped)]
    assert any((r.message or "").startswith("below the failure threshold (info)") for r in skipped)
    assert any((r.message or "").startswith("waived: Đang phân loại") for r in skipped)
    failures = [r for case in cases for r in case.result if isinstance(r, junitparser.Failure)]
    assert {r.type for r in failures} <= {"critical", "high", "medium"} and failures


def test_junit_has_a_suite_per_family_and_a_case_per_check_and_subject(report: Report) -> None:
    root = ET.fromstring(render(report, "junit", "en"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["gap", "duplication", "linkage", "integrity", "security", "currency", "other", "waiver"]
    cases = list(root.iter("testcase"))
    assert root.get("tests") == str(len(cases))
    failures = [c for c in cases if c.find("failure") is not None]
    assert root.get("failures") == str(len(failures)) and failures
    failing = {(f.code, f.subject) for f in report.findings if report.is_failing(f) and f.status is Status.FAILED}
    assert {
        (c.get("classname", "").rsplit(".", 1)[-1], c.get("name", "").rsplit(" ", 1)[-1]) for c in failures
    } == failing
    assert any(c.find("skipped") is not None and "waived" in (c.find("skipped").get("message") or "") for c in cases)  # type: ignore[union-attr]
    assert [c.find("error").get("message") for c in cases if c.find("error") is not None] == [  # type: ignore[union-attr]
        "ICT777 crashed: RuntimeError boom (a bug in the check: please report it)"
    ]
    info = next(c for c in cases if "ICT106" in (c.get("classname") or ""))
    assert info.find("failure") is None and "below the failure threshold (info)" in (info.findtext("system-out") or "")
    assert info.find("skipped") is not None
    passed = next(c for c in cases if c.get("classname") == "ictarch.linkage.ICT301")
    assert list(passed) == []


def test_markdown_table_for_pull_requests(report: Report) -> None:
    text = render(report, "markdown", "en")
    lines = text.splitlines()
    failing = sum(1 for f in report.findings if report.is_failing(f))
    assert failing >= 2, "the fixture has several failing findings"
    assert lines[0] == f"### ictarch check: **✗ {failing} findings at or above `medium`**"
    table = [ln for ln in lines if ln.startswith("| ")]
    assert table[0] == "| Severity | Check | Subject | Message | Location |"
    open_ = [f for f in report.findings if f.counts]
    assert len(table) == 1 + len(open_)
    assert all(ln.count(" | ") == 4 for ln in table[1:]), "pipes inside cells must be escaped"
    assert "Not counted: 1 waived, 1 in the baseline." in text


def test_text_groups_by_severity_with_coverage_and_summary(report: Report) -> None:
    text = to_text(report, width=100, lang="en")
    order = [
        text.index(h) for h in ("ERRORS (1)", "HIGH (", "MEDIUM (", "INFO (", "WAIVED (1)", "Coverage per layer: base")
    ]
    assert order == sorted(order)
    assert "(in baseline)" in text
    last = text.rstrip().splitlines()[-1]
    failing = sum(1 for f in report.findings if report.is_failing(f))
    high = sum(1 for f in report.findings if f.counts and f.status is Status.FAILED and f.severity is Severity.HIGH)
    assert last.startswith(f"{high} high") and last.endswith(f"{failing} at or above medium: exit 1")
    assert all(len(line) <= 100 and line == line.rstrip() for line in text.splitlines())


def test_every_format_is_registered() -> None:
    assert set(FORMATTERS) == set(OutputFormat)


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "text"])
def test_cli_output_is_identical_under_two_hash_seeds(fmt: str) -> None:
    def once(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767225600", "NO_COLOR": "1"}
        args = [
            "--reference",
            str(MINI_REFERENCE),
            "--no-cache",
            "check",
            str(ROOT / "tests" / "fixtures" / "provinces" / "mini"),
            "--format",
            fmt,
        ]
        proc = subprocess.run(
            [sys.executable, "-c", "from cli import main; main()", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=False,
        )
        assert proc.returncode in (0, 1), proc.stderr
        return proc.stdout

    assert once("1") == once("2")
