"""The streamed reports are, byte for byte, the documents the earlier formatters built whole (a pydantic object
per finding, or the whole SARIF log as a dict, then ``json.dumps(indent=2)``; the JUnit tree indented at once; the
text as one rich group; the Markdown as one list of lines), kept here as the oracles; on every shipped model, the
fixture with every kind of finding, an empty report and a generated national model.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from ictarch.findings import Finding, LayerCoverage, Report, Severity, Status
from ictarch.formatters import junit, to_junit, to_markdown, to_text
from ictarch.formatters import sarif as sarif_format
from ictarch.formatters.json import (
    JsonCoverage,
    JsonFinding,
    JsonLocation,
    JsonMetadata,
    JsonReport,
    JsonSummary,
    to_json,
    write_json_utf8,
)
from ictarch.formatters.jsonstream import Exact, encode, encode_items, encode_items_utf8, members, write_array
from ictarch.formatters.markdown import _row
from ictarch.formatters.sarif import SourceRoot, to_sarif
from ictarch.formatters.text import render_text
from ictarch.i18n import LANGS, Msg, catalogue, lang_of, msg, positional, render_arg, t
from ictarch.loading import examples_root, load_workspace
from ictarch.runner import run
from tests.conftest import ROOT
from tests.test_formatters import _report

NOW = dt.datetime(2026, 1, 1, 8, 30, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- the earlier formatters (oracles)


def _old_finding(f: Finding, lang: str) -> JsonFinding:
    loc = f.location
    data = f.message.to_json() if isinstance(f.message, Msg) else None
    return JsonFinding(
        code=f.code,
        name=f.name,
        severity=f.severity,
        status=f.status,
        message=f.text(lang),
        message_id=data["id"] if data else None,
        arguments=data["args"] if data else {},
        province=f.province,
        subject=f.subject,
        related=list(f.related),
        location=JsonLocation(file=loc.file, line=loc.line, column=loc.column, path=loc.path) if loc else None,
        reference=f.reference,
        waiver_reason=f.waiver_reason,
        baselined=f.baselined,
        fingerprint=f.fingerprint,
    )


def _old_coverage(c: LayerCoverage) -> JsonCoverage:
    return JsonCoverage(
        province=c.province,
        framework=c.framework,
        layer=c.layer,
        name=c.name,
        kind=c.kind,
        coverage_required=c.coverage_required,
        components=list(c.components),
        realized=list(c.realized),
        expected=list(c.expected),
        percent=c.percent,
    )


def old_json(report: Report, lang: str) -> str:
    document = JsonReport(
        metadata=JsonMetadata(
            ictarch_version=report.ictarch_version,
            schema_version=1,
            generated_at=report.generated_at.isoformat(timespec="seconds"),
            run_date=report.run_date.isoformat(),
            lang="en" if lang == "en" else "vi",
            profile=report.profile,
            fail_on=report.fail_on,
            baseline=report.baseline,
            provinces=list(report.provinces),
            checks=[r.code for r in report.rules],
        ),
        findings=[_old_finding(f, lang) for f in report.findings],
        summary=JsonSummary.model_validate(report.summary()),
        coverage=[_old_coverage(c) for c in report.coverage],
    )
    return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def old_sarif(report: Report, root: SourceRoot | None, lang: str) -> str:
    s = sarif_format
    rules = sorted(report.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    message_ids: dict[str, set[str]] = {r.code: set() for r in rules}
    for f in report.findings:
        if isinstance(f.message, Msg) and f.code in message_ids and f.status is not Status.ERROR:
            message_ids[f.code].add(f.message.id)
    crashes = [f for f in report.findings if f.status is Status.ERROR]
    document = {
        "$schema": s.SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ictarch",
                        "version": report.ictarch_version,
                        "semanticVersion": report.ictarch_version,
                        "informationUri": s.INFORMATION_URI,
                        "rules": [s._rule(r, sorted(message_ids[r.code]), lang) for r in rules],
                    }
                },
                "language": s.LANGUAGE_TAGS[lang_of(lang)],
                "translations": [s._translation(rules, message_ids, o) for o in LANGS if o != lang_of(lang)],
                "invocations": [
                    {
                        "executionSuccessful": not crashes,
                        "endTimeUtc": s._utc(report.generated_at),
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": f.text(lang)}, "descriptor": {"id": f.code}}
                            for f in crashes
                        ],
                    }
                ],
                "automationDetails": {"id": s.automation_id(report)},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"%SRCROOT%": s._srcroot(root, lang)},
                "results": [
                    {**s._result(f, index[f.code], report.baseline, root, lang), "message": _old_message(f, lang)}
                    for f in report.findings
                    if f.status is not Status.ERROR and f.code in index
                ],
                "properties": {
                    "profile": report.profile,
                    "failOn": report.fail_on.value,
                    "runDate": report.run_date.isoformat(),
                },
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _old_message(f: Finding, lang: str) -> dict[str, Any]:
    """A result's message: the text rendered whole, each argument rendered alone."""
    out: dict[str, Any] = {"text": f.text(lang)}
    if isinstance(f.message, Msg):
        _text, names = positional(catalogue(lang)[f.message.id])
        out["id"] = f.message.id
        out["arguments"] = [render_arg(f.message, name, lang) for name in names]
    return out


def old_junit(report: Report, lang: str) -> str:
    """The whole tree, indented at once; a case's counts read from what it holds."""
    root = ET.Element("testsuites", {"name": "ictarch"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    stamp = report.generated_at.isoformat(timespec="seconds")
    for family, cases in junit._suites(report):
        suite = ET.SubElement(root, "testsuite", {"name": family, "timestamp": stamp})
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for classname, name, findings in cases:
            case = junit._case(classname, name, findings, report, lang)
            suite.append(case)
            counts["tests"] += 1
            for tag, key in (("error", "errors"), ("failure", "failures"), ("skipped", "skipped")):
                counts[key] += case.find(tag) is not None
        for key, n in counts.items():
            suite.set(key, str(n))
            totals[key] += n
        suite.set("time", "0")
    for key, n in totals.items():
        root.set(key, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def old_text(report: Report, lang: str) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False, highlight=False)
    console.print(render_text(report, lang))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def old_markdown(report: Report, lang: str) -> str:
    summary = report.summary()
    fail_on = msg(f"severity.{report.fail_on.value}")
    verdict = (
        t("report.md-verdict-fail", lang, n=summary["failing"], severity=fail_on)
        if summary["failing"]
        else t("report.md-verdict-pass", lang, severity=fail_on)
    )
    counts = ", ".join(
        t("report.count-severity", lang, n=n, severity=msg(f"severity.{sev.value}"))
        for sev in reversed(Severity)
        if (n := sum(1 for f in report.findings if f.counts and f.status is Status.FAILED and f.severity is sev))
    )
    scope = t(
        "report.md-scope",
        lang,
        provinces=", ".join(report.provinces) or t("report.no-province", lang),
        checks=len(report.rules),
        profile=report.profile or t("report.md-default-profile", lang),
        date=report.run_date.isoformat(),
    )
    lines = [t("report.md-title", lang, verdict=verdict), "", scope, ""]
    lines.append(t("report.md-open", lang, counts=counts or t("value.none", lang)))
    waived = sum(1 for f in report.findings if f.status is Status.WAIVED)
    baselined = sum(1 for f in report.findings if f.baselined)
    if waived or baselined:
        lines.append(t("report.md-not-counted", lang, waived=waived, baselined=baselined))
    rows = [f for f in report.findings if f.counts]
    if rows:
        lines += ["", t("report.md-columns", lang), "|---|---|---|---|---|"]
        lines += [_row(f, lang) for f in rows]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the reports compared


def _check(folders: list[Path]) -> Report:
    return run(load_workspace(folders), run_date=NOW.date(), generated_at=NOW)


SHIPPED = sorted(p.parent.name for p in examples_root().glob("*/province.yaml"))


def _schemas() -> tuple[jsonschema.Validator, jsonschema.Validator | None]:
    report_schema = json.loads((ROOT / "schemas" / "report" / "v1.json").read_text(encoding="utf-8"))
    sarif_file = ROOT.parent / "shared" / "schemas" / "sarif" / "sarif-schema-2.1.0.json"
    sarif_schema = json.loads(sarif_file.read_text(encoding="utf-8")) if sarif_file.is_file() else None
    return (
        jsonschema.Draft202012Validator(report_schema),
        jsonschema.Draft4Validator(sarif_schema) if sarif_schema else None,
    )


def assert_streams_equal_oracles(report: Report) -> None:
    report_validator, sarif_validator = _schemas()
    root = SourceRoot(root=Path.cwd().parent, cwd=Path.cwd())
    for lang in ("vi", "en"):
        assert to_junit(report, lang) == old_junit(report, lang), f"JUnit in {lang} differs"
        assert to_text(report, lang=lang) == old_text(report, lang), f"text in {lang} differs"
        assert to_markdown(report, lang) == old_markdown(report, lang), f"Markdown in {lang} differs"
        streamed = to_json(report, lang)
        assert streamed == old_json(report, lang), f"JSON in {lang} differs from the earlier formatter"
        encoded: list[bytes] = []
        write_json_utf8(report, encoded.append, lang)  # what the command line writes
        assert b"".join(encoded) == streamed.encode("utf-8"), f"JSON in UTF-8 in {lang} differs from the text"
        report_validator.validate(json.loads(streamed))
        for where in (None, root):
            streamed = to_sarif(report, where, lang)
            assert streamed == old_sarif(report, where, lang), f"SARIF in {lang} differs from the earlier formatter"
            if sarif_validator is not None:
                sarif_validator.validate(json.loads(streamed))


@pytest.mark.parametrize("model", SHIPPED)
def test_every_shipped_model_streams_the_earlier_bytes(model: str) -> None:
    report = _check([examples_root() / model])
    assert report.findings, "a shipped model with findings compares something"
    assert_streams_equal_oracles(report)


def test_all_shipped_models_together_stream_the_earlier_bytes() -> None:
    assert_streams_equal_oracles(_check([examples_root()]))


def test_every_kind_of_finding_streams_the_earlier_bytes(tmp_path: Path) -> None:
    """Waived, baselined and crashed findings, a finding without a location, nested message arguments."""
    report = _report(tmp_path, baseline=True)
    assert {f.status for f in report.findings} == set(Status)
    assert_streams_equal_oracles(report)


def test_an_empty_report_streams_the_earlier_bytes() -> None:
    report = Report(findings=(), rules=(), provinces=(), coverage=(), generated_at=NOW, run_date=NOW.date())
    assert_streams_equal_oracles(report)


def test_a_generated_national_model_streams_the_earlier_bytes(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    generate(tmp_path, provinces=4, components=80, seed=7, clean=False, dangling=False)
    report = _check([tmp_path])
    assert len(report.provinces) == 4 and len(report.findings) > 20
    assert_streams_equal_oracles(report)


def test_a_national_model_of_the_scale_generator_streams_the_earlier_bytes(tmp_path: Path) -> None:
    """benchmarks/national.py: groups of near-identical applications across provinces, many findings per kind."""
    from benchmarks.national import generate

    generate(tmp_path, provinces=3, components=60, seed=11)
    report = _check([tmp_path])
    assert len(report.provinces) == 3 and len({f.code for f in report.findings}) > 8
    assert_streams_equal_oracles(report)


@pytest.fixture
def without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard library's algorithm alone, as where orjson is not installed."""
    from ictarch.formatters import jsonstream

    monkeypatch.setattr(jsonstream, "_fast", None)


def test_without_orjson_every_kind_of_finding_streams_the_earlier_bytes(tmp_path: Path, without_orjson: None) -> None:
    report = _report(tmp_path, baseline=True)
    assert_streams_equal_oracles(report)


def test_without_orjson_a_shipped_model_streams_the_earlier_bytes(without_orjson: None) -> None:
    assert_streams_equal_oracles(_check([examples_root() / "quang-tri"]))


def _odd_findings() -> Report:
    """Arguments orjson writes otherwise than the standard library (floats, NaN) or not at all (an int beyond
    64 bits, keys that are not strings), and findings of no province and of two provinces."""
    def finding(province: str | None, subject: str, **args: Any) -> Finding:
        return Finding("ICT999", "odd", Severity.LOW, Status.FAILED, Msg("@bilingual", {"vi": "v", "en": "e", **args}),
                       province, subject)  # fmt: skip

    findings = (
        finding(None, "n", share=1e-05, nan=math.nan, inf=-math.inf),
        finding("a", "x", big=2**70, nested=(Msg("value.none", {}), 2.5e-7)),
        finding("a", "y", keys={1: "one", 2.5: "two and a half"}),
        finding("b", "z", ratio=0.1, tiny=(1.5e-300, "s")),
        finding("b", "w", plain=("s", 1, True, None), more=Msg("value.none", {})),
    )
    return Report(findings=findings, rules=(), provinces=("a", "b"), coverage=(), generated_at=NOW, run_date=NOW.date())


@pytest.mark.parametrize("fast", [True, False])
def test_odd_arguments_are_written_as_the_standard_library_writes_them(
    fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictarch.formatters import jsonstream

    if not fast:
        monkeypatch.setattr(jsonstream, "_fast", None)
    report = _odd_findings()
    for lang in LANGS:
        streamed = to_json(report, lang)
        assert streamed == old_json(report, lang)
        assert '"share": 1e-05' in streamed and '"nan": null' in streamed and str(2**70) in streamed


def test_a_province_block_is_a_pure_function_of_its_findings(tmp_path: Path) -> None:
    """What another run may keep of one province: the same findings give the same block, and a report written
    from kept blocks is the report."""
    from benchmarks.national import generate
    from ictarch.findings import by_province

    generate(tmp_path, provinces=3, components=40, seed=5)
    report = _check([tmp_path])
    groups = list(by_province(report.findings))
    assert [p for p, _ in groups] == sorted(report.provinces) and sum(len(g) for _, g in groups) == len(
        report.findings
    )
    for lang in LANGS:
        _written_from_kept_blocks(report, groups, lang)


def _written_from_kept_blocks(report: Report, groups: list[tuple[str, Any]], lang: str) -> None:
    from ictarch.formatters.json import json_findings, write_json
    from ictarch.formatters.sarif import result_context, sarif_results, write_sarif

    kept = {p: json_findings(g, lang) for p, g in groups}
    assert kept == {p: json_findings(list(g), lang) for p, g in groups}, "the same findings, the same text"
    calls: list[str] = []

    def from_kept(province: str, findings: Any) -> str:
        calls.append(province)
        return kept[province]

    out: list[str] = []
    write_json(report, out.append, lang, from_kept)
    assert "".join(out) == to_json(report, lang) and calls == [p for p, _ in groups]
    context = result_context(report)
    results = {p: sarif_results(g, lang, context) for p, g in groups}
    out = []
    write_sarif(report, out.append, None, lang, lambda province, _findings: results[province])
    assert "".join(out) == to_sarif(report, None, lang)
    changed = {**kept, groups[0][0]: json_findings(groups[0][1][1:], lang)}
    out = []
    write_json(report, out.append, lang, lambda province, _f: changed[province])
    assert len(json.loads("".join(out))["findings"]) == len(report.findings) - 1


# --------------------------------------------------------------------------- the encoder alone

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.integers(min_value=0, max_value=4))
def test_the_encoder_writes_what_json_dumps_writes(value: Any, level: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert encode(value, level) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON_VALUES, max_size=4), st.integers(min_value=0, max_value=4), st.booleans())
def test_items_are_written_as_json_dumps_writes_them(items: list[Any], level: int, fast: bool) -> None:
    """Floats and NaN go through :class:`Exact` (as the contract of ``encode_items`` asks); with and without orjson."""
    from ictarch.formatters import jsonstream

    wrapped = [Exact(item, 0) if "float" in repr(type(item)) or _has_float(item) else item for item in items]
    saved = jsonstream._fast
    try:
        if not fast:
            jsonstream._fast = None  # type: ignore[assignment]
        text = encode_items(wrapped, level)
        assert encode_items_utf8(wrapped, level) == text.encode("utf-8")
    finally:
        jsonstream._fast = saved
    expected = json.dumps(items, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert ("[\n" + "  " * (level + 1) + text + "\n" + "  " * level + "]" if items else "[]") == expected


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    return False


def test_nonfinite_numbers_are_null_as_in_pydantic_json_mode() -> None:
    value = {"a": [math.inf, -math.inf, math.nan, 1.5]}
    assert json.loads(encode(value, null_nonfinite=True)) == {"a": [None, None, None, 1.5]}
    assert encode(value) == json.dumps(value, indent=2)


def test_pieces_join_into_one_document() -> None:
    out: list[str] = []
    out.append(members({"a": 1}, 0) + ',\n  "items": ')
    write_array(out.append, iter(range(3)), 1, lambda i: encode({"i": i}, 2))
    out.append(',\n  "none": ')
    write_array(out.append, iter(()), 1, str)
    out.append("\n}")
    expected = {"a": 1, "items": [{"i": 0}, {"i": 1}, {"i": 2}], "none": []}
    assert "".join(out) == json.dumps(expected, indent=2)
    with pytest.raises(ValueError):
        members({}, 0)
    with pytest.raises(TypeError):
        encode({"a": object()})


# --------------------------------------------------------------------------- the command line's streams


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_a_report_that_fails_half_way_leaves_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """JSON is written as UTF-8 bytes (ENCODED_WRITERS), Markdown as text: either way a bug half-way leaves the
    earlier file as it was."""
    from click.testing import CliRunner

    from cli import main
    from ictarch import formatters
    from ictarch.formatters import ENCODED_WRITERS, WRITERS, OutputFormat

    target = tmp_path / "report.out"
    target.write_text("the earlier report", encoding="utf-8")
    pieces: list[Any] = []

    def half_way(report: Report, write: Any, lang: str, /) -> None:
        def counting(piece: Any) -> None:
            pieces.append(piece)
            write(piece)
            if len(pieces) == 3:
                raise RuntimeError("a bug half-way")

        writers: Any = ENCODED_WRITERS if fmt == "json" else WRITERS
        writers[OutputFormat(fmt)](report, counting, lang)

    registry = "ENCODED_WRITERS" if fmt == "json" else "WRITERS"
    monkeypatch.setattr(formatters, registry, {**getattr(formatters, registry), OutputFormat(fmt): half_way})
    model = str(examples_root() / "quang-tri")
    result = CliRunner().invoke(main, ["--no-cache", "check", "--format", fmt, "-o", str(target), model])
    assert result.exit_code == 3 and len(pieces) == 3
    assert isinstance(pieces[0], bytes if fmt == "json" else str)
    assert target.read_text(encoding="utf-8") == "the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"], "no temporary file left"
    monkeypatch.undo()
    result = CliRunner().invoke(main, ["--no-cache", "check", "--format", fmt, "-o", str(target), model])
    written = target.read_text(encoding="utf-8")
    assert result.exit_code == 1 and "quang-tri" in written and written != "the earlier report"


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """`ictarch check --format json | head`: the report stops where the reader stopped; the exit code stays."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "cli", "--no-cache", "check", "--format", "json", str(examples_root())]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10) == b'{\n  "metad'
        proc.stdout.close()
        error = proc.stderr.read().decode()
        assert proc.wait(timeout=300) == 1, error
    assert "Traceback" not in error and "lỗi nội bộ" not in error.lower(), error


def test_json_to_a_stdout_that_is_not_utf8_is_written_in_utf8() -> None:
    """JSON is UTF-8 (RFC 8259): the report goes to stdout as UTF-8 bytes whatever the console's encoding."""
    import os
    import subprocess
    import sys

    model = str(examples_root() / "kon-tum")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    command = [sys.executable, "-m", "cli", "--no-cache", "check", "--format", "json", model]
    done = subprocess.run(command, capture_output=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    report = json.loads(done.stdout.decode("utf-8"))
    assert report["findings"] and any(not f["message"].isascii() for f in report["findings"])
