"""Findings kept as lines of JSON (ictarch.finding_lines) read back equal, and a report's findings kept that way
by province (report_blocks.FindingsByProvince) are the report's, counted without being read."""

from __future__ import annotations

import datetime as dt
import math
import random
import shutil
import struct
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ictarch import finding_lines, report_blocks, report_national
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.errors import Location
from ictarch.finding_lines import coverage_line, read_coverage, read_lines, render_lines, split_lines
from ictarch.findings import Finding, FindingCounts, Report, Severity, Status
from ictarch.i18n import Msg, msg
from ictarch.loading import Workspace, load_workspace
from ictarch.loading.workspace import examples_root
from ictarch.runner import run

RUN_DATE = dt.date(2026, 1, 1)


@pytest.fixture
def models(tmp_path: Path) -> Iterator[Path]:
    """The shipped provinces, one of them waiving one of its own findings (a waived finding is kept too)."""
    shutil.copytree(examples_root(), tmp_path / "models", ignore=shutil.ignore_patterns("__*"))
    found = run(load_workspace([tmp_path / "models"]), run_date=RUN_DATE).findings
    waived = next(f for f in found if f.province == "quang-tri" and f.code != "ICT204")
    province = tmp_path / "models" / "quang-tri" / "province.yaml"
    waiver = f"{{check: {waived.code}, subject: {waived.subject}, reason: Đã chấp thuận, approver: Sở KHCN}}"
    province.write_text(province.read_text(encoding="utf-8") + f"waivers:\n  - {waiver}\n", encoding="utf-8")
    yield tmp_path / "models"


def _report(ws: Workspace) -> Report:
    registry = default_registry()
    return run(ws, config=resolve_config(registry), registry=registry, run_date=RUN_DATE)


def test_every_finding_reads_back_equal(models: Path) -> None:
    findings = list(_report(load_workspace([models])).findings)
    assert any(f.status is Status.WAIVED for f in findings) and any(f.related for f in findings)
    odd = Finding(
        "ICT999",
        "odd.one",
        Severity.INFO,
        Status.ERROR,
        msg("x", n=2**70, share=0.1, text='a "quoted"\nline', nested=(msg("y", k=-(2**64)), None, True)),
        None,
        "",
        location=None,
    )
    plain = replace(odd, message="text as written\n", location=Location("f.yaml", 3, 4, "a[0]"))
    for f in (odd, plain):
        assert read_lines(render_lines([f])) == [f]
    back = read_lines(render_lines([*findings, odd, plain]))
    assert back == [*findings, odd, plain]
    assert type(back[-2].message.args["n"]) is int, "an integer beyond 64 bits stays one"  # type: ignore[union-attr]
    edges = [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 0.1, 1e300, -2.5e-308, 1 / 3, 123456789.0]
    for value in edges:  # at orjson's limits and beyond, and floats: read back as they were
        found = replace(odd, message=msg("x", v=value, nested=(msg("y", v=value),)))
        (read,) = read_lines(render_lines([found]))
        assert read == found and type(read.message.args["v"]) is type(value)  # type: ignore[union-attr]
    draw = random.Random(20261205)
    doubles = [struct.unpack("<d", draw.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(2000)]
    finite = [d for d in doubles if math.isfinite(d)]
    many = [replace(odd, message=msg("x", v=d)) for d in finite]
    assert read_lines(render_lines(many)) == many, "every double read back bit for bit"
    assert [f.fingerprint for f in back[: len(findings)]] == [f.fingerprint for f in findings]
    assert all(
        f.message._key == Msg(f.message.id, f.message.args).key()  # read with the key it was written with
        for f in back
        if isinstance(f.message, Msg)
    )
    assert read_lines(b"") == []


def test_the_lines_of_findings_rendered_together_are_each_ones(models: Path) -> None:
    findings = list(_report(load_workspace([models])).findings)
    text = render_lines(findings)
    assert split_lines(text, len(findings)) == [render_lines([f]) for f in findings]
    assert split_lines(text, len(findings) + 1) is None and split_lines(text[:-1], len(findings)) is None
    each = report_national.render_each(findings, render_lines, split_lines)
    assert each == [render_lines([f]) for f in findings]


def test_a_coverage_row_reads_back_equal() -> None:
    report = _report(load_workspace([examples_root()]))
    assert report.coverage and [read_coverage(coverage_line(c)) for c in report.coverage] == list(report.coverage)


def _by_province(ws: Workspace, cache: Path | None) -> tuple[report_blocks.Blocked, report_blocks.FindingsByProvince]:
    registry = default_registry()
    blocked = report_blocks.run_lines(
        ws,
        cache,
        config=resolve_config(registry),
        registry=registry,
        run_date=RUN_DATE,
        generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert blocked is not None
    return blocked, blocked.by_province()


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
def test_a_report_kept_by_province_is_the_report(models: Path, tmp_path: Path, cached: bool) -> None:
    """Its findings by province in the report's order, its counts those of the findings, its coverage and summary
    the report's; counting reads no finding, and at most two provinces are held read."""
    cache = tmp_path / "cache" if cached else None
    report = _report(load_workspace([models]))
    for _ in range(2 if cached else 1):  # with a cache: filled, then read
        blocked, found = _by_province(load_workspace([models], cache_dir=cache), cache)
        assert blocked.summary() == report.summary() and blocked.exit_code() == report.exit_code()
        assert [read_coverage(c) for c in blocked.coverage] == list(report.coverage)
        expected: dict[str | None, list[Finding]] = {}
        for f in report.findings:
            expected.setdefault(f.province, []).append(f)
        assert {code: counts for code, counts in found.counts.items() if counts.total} == {
            code: FindingCounts.of(fs) for code, fs in expected.items()
        }
        assert found._read == {}, "counted without reading"
        assert sum(c.accepted[s] for c in found.counts.values() for s in Severity) == 1
        for code in found:
            assert found[code] == expected.get(code, [])
            assert len(found._read) <= found.KEPT


def test_the_text_of_a_status_is_found_nowhere_else() -> None:
    """A run's waived findings are counted by the text of their status: a message that quotes it is not."""
    quoting = Finding("ICT101", "a.b", Severity.LOW, Status.FAILED, msg("x", text='"status": "waived"'), "p", "s")
    waived = replace(quoting, status=Status.WAIVED, waiver_reason="ok")
    found = report_blocks.FindingsByProvince({"p": [(-Severity.LOW.rank, "ICT101", [render_lines([quoting, waived])])]})
    assert found.counts["p"] == FindingCounts.of([quoting, waived])
    assert found.counts["p"].accepted[Severity.LOW] == 1 and found["p"] == [quoting, waived]
    assert tuple(Finding.__dataclass_fields__) == finding_lines.FINDING_FIELDS


def test_findings_already_read_are_kept_compact_as_they_are(models: Path) -> None:
    report = _report(load_workspace([models]))
    by_code: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        by_code.setdefault(f.province, []).append(f)
    kept = report_blocks.FindingsByProvince.of(by_code)
    assert kept.counts == {code: FindingCounts.of(found) for code, found in by_code.items()}
    assert {code: kept[code] for code in kept} == by_code and len(kept) == len(by_code)


def test_a_run_of_packed_and_plain_texts_reads_as_its_findings() -> None:
    first = Finding("ICT101", "a.b", Severity.LOW, Status.FAILED, msg("x", n=1), "p", "s1")
    second = replace(first, subject="s2", message=msg("x", n=2))
    packed = report_blocks.Packed(zlib.compress(render_lines([first]), 1))
    found = report_blocks.FindingsByProvince({"p": [(-Severity.LOW.rank, "ICT101", [packed, render_lines([second])])]})
    assert found["p"] == [first, second] and found.counts["p"].total == 2
