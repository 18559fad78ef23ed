"""The JSON report written from each province's cached part: byte for byte the report of --no-cache.

The cache is filled by a run on the shipped provinces; then one province is edited, or the models are
copied to another folder and checked from another working directory, or a baseline or waivers come in.
Every time, `ictarch check --format json` with the cache prints what it prints with --no-cache, and only
the findings that cannot be reused are rendered again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch import report_blocks, report_national
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.findings import Finding, LayerCoverage
from ictarch.formatters import json as json_format
from ictarch.loading import Workspace, load_workspace
from ictarch.loading.cache import CachedArchitecture
from tests import test_province_cache

EPOCH = "1767225600"  # 2026-01-01: the same run date and report time for every run
EDITED = "quang-tri"
work = test_province_cache.work
"""The shipped provinces copied into a scratch folder, the working directory."""


def _check(path: str, cache: Path | None, lang: str = "vi", *extra: str) -> tuple[int, str]:
    args = ["--no-color", "--lang", lang, *([] if cache else ["--no-cache"]), "check", "--format", "json", *extra]
    env = {"SOURCE_DATE_EPOCH": EPOCH, "ICTARCH_CACHE_DIR": str(cache) if cache else None}
    result = CliRunner().invoke(main, [*args, path], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout


class _Rendered:
    """Counts the findings the JSON formatter renders (the work the parts save)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.codes: list[tuple[str | None, str]] = []
        real = json_format.json_findings_utf8

        def spy(findings: Sequence[Finding], lang: str = "vi") -> bytes:
            self.codes.extend((f.province, f.code) for f in findings)
            return real(findings, lang)

        monkeypatch.setattr(json_format, "json_findings_utf8", spy)


def _same(path: str, cache: Path, *extra: str) -> dict[str, Any]:
    """The cached run's report, checked equal to --no-cache's in both languages."""
    for lang in ("vi", "en"):
        expected = _check(path, None, lang, *extra)
        assert expected[0] in (0, 1) and expected[1]
        assert _check(path, cache, lang, *extra) == expected, f"--lang {lang}: the cached run differs"
    report: dict[str, Any] = json.loads(expected[1])
    return report


def _edit(models: Path, n: int = 1) -> None:
    comps = models / EDITED / "components.yaml"
    text = comps.read_text(encoding="utf-8")
    text = text.replace('    name: {vi: "', '    name: {vi: "Hệ thống đổi tên ', 1)
    text += (
        f"\n  - id: quang-tri.extra-copy-{n}\n"
        "    name: {vi: Hệ thống quản lý văn bản và điều hành}\n"
        "    kind: application\n"
        "    status: planned\n"
    )
    comps.write_text(text, encoding="utf-8")


def test_an_edit_renders_the_edited_province_and_the_national_findings_alone(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = work / "cache"
    assert _check("models", cache)[0] == 1  # fill the cache
    assert len(list(cache.glob("*.part.json"))) == len(list((work / "models").iterdir()))
    _edit(work / "models")
    _same("models", cache)
    rendered = _Rendered(monkeypatch)
    _edit(work / "models", 2)  # a second edit: the output cache cannot answer
    code, out = _check("models", cache)
    assert code == 1
    expected = [(f["province"], f["code"]) for f in json.loads(out)["findings"]]
    local = sorted((p, c) for p, c in expected if p == EDITED and c != "ICT204")
    assert local and sorted((p, c) for p, c in rendered.codes if c != "ICT204") == local
    cross = [p for p, c in rendered.codes if c == "ICT204"]
    assert EDITED in cross and set(cross) - {EDITED}, "the groups the edit changed, in every province of them"
    assert len(cross) < sum(1 for _, c in expected if c == "ICT204"), "not the groups it left alone"


def test_a_copy_checked_from_another_folder_reuses_every_part(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = work / "cache"
    assert _check("models", cache)[0] == 1
    (work / "elsewhere").mkdir()
    shutil.copytree(work / "models", work / "elsewhere" / "copy")
    monkeypatch.chdir(work / "elsewhere")
    report = _same("copy", cache)
    assert {f["location"]["file"].split("/")[0] for f in report["findings"] if f["location"]} == {"copy"}
    monkeypatch.chdir(work / "elsewhere" / "copy")  # the provinces' folders named without a parent
    rendered = _Rendered(monkeypatch)
    cached = _check(".", cache)
    assert rendered.codes == [], "every province's findings are moved to the new folder, none rendered"
    assert cached == _check(".", None)


def test_a_baseline_waivers_and_damaged_parts_give_what_no_cache_gives(work: Path) -> None:
    cache = work / "cache"
    assert _check("models", cache)[0] == 1
    report = _same("models", cache)
    local = next(f for f in report["findings"] if f["province"] == EDITED and f["code"] != "ICT204")
    baseline = work / "baseline.json"
    prints = [f["fingerprint"] for f in report["findings"][::3]]
    baseline.write_text(json.dumps({"ictarch_baseline": 1, "fingerprints": prints}), encoding="utf-8")
    with_baseline = _same("models", cache, "--baseline", str(baseline))
    assert 0 < with_baseline["summary"]["baselined"] < with_baseline["summary"]["total"]
    province = work / "models" / EDITED / "province.yaml"
    province.write_text(
        province.read_text(encoding="utf-8")
        + "waivers:\n"
        + f"  - {{check: {local['code']}, subject: {local['subject']}, reason: Đã chấp thuận, approver: Sở KHCN}}\n"
        + f"  - {{check: ICT999, subject: {local['subject']}, reason: Đã chấp thuận, approver: Sở KHCN}}\n",
        encoding="utf-8",
    )
    waived = _same("models", cache)
    assert waived["summary"]["by_status"]["waived"] >= 1
    assert any(f["code"] == "ICT902" and f["province"] == EDITED for f in waived["findings"])
    for entry in cache.glob("*.part.json"):
        entry.write_text(entry.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    for entry in cache.glob("*.output.json"):
        entry.unlink()
    assert _check("models", cache) == _check("models", None)


def _blocks(ws: Workspace, cache: Path) -> report_blocks.Blocked | None:
    registry = default_registry()
    return report_blocks.run_blocks(
        ws,
        cache,
        config=resolve_config(registry),
        registry=registry,
        run_date=dt.date(2026, 1, 1),
        generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        baseline=None,
        lang="vi",
        render=lambda found: json_format.json_findings_utf8(found, "vi"),
        render_coverage=json_format.coverage_text,
    )


def test_an_edit_validates_the_edited_province_model_alone(work: Path) -> None:
    """The unchanged provinces' parts are reused: their models are read back from the cache, never validated."""
    cache = work / "cache"
    assert _check("models", cache)[0] == 1
    _edit(work / "models")
    ws = load_workspace([work / "models"], cache_dir=cache)
    blocked = _blocks(ws, cache)
    assert blocked is not None and blocked.exit_code() == 1
    validated = {p.root.name for p in ws.provinces if not isinstance(p, CachedArchitecture) or p.validated}
    assert validated == {EDITED}
    assert len(blocked.groups) > len(ws.provinces) // 2 and sum(blocked.counts.values())


def test_a_waived_national_finding_makes_the_whole_report(work: Path) -> None:
    """A province's waiver may accept a national check's finding: its part would depend on that check."""
    cache = work / "cache"
    report = _same("models", cache)
    national = next(f for f in report["findings"] if f["province"] == EDITED and f["code"] == "ICT204")
    province = work / "models" / EDITED / "province.yaml"
    province.write_text(
        province.read_text(encoding="utf-8")
        + "waivers:\n"
        + f"  - {{check: ICT204, subject: {national['subject']}, reason: Đã chấp thuận, approver: Sở KHCN}}\n",
        encoding="utf-8",
    )
    assert _blocks(load_workspace([work / "models"], cache_dir=cache), cache) is None
    ws = load_workspace([work / "models"], cache_dir=cache)  # now the waiver is read from the model cache
    assert all(isinstance(p, CachedArchitecture) and not p.validated for p in ws.provinces)
    assert _blocks(ws, cache) is None
    waived = _same("models", cache)
    assert any(f["code"] == "ICT204" and f["status"] == "waived" for f in waived["findings"])


def test_a_part_moves_to_another_folder_only_where_its_locations_name_it() -> None:
    text = json_format.coverage_text(LayerCoverage("p", "f", "l", "n", "k", False, (), (), ()))
    located = '{\n      "file": "old/p01/components.yaml",\n      "path": "old/p01/x"}'
    part = report_blocks.Part([(-1, "ICT101", [located.encode()])], {}, [text], "old/p01/", 1)
    moved = report_blocks._moved(part, "new/p01/")
    assert moved is not None and moved.runs[0][2] == [located.replace('"file": "old/', '"file": "new/').encode()]
    assert b'"path": "old/p01/x"' in moved.runs[0][2][0], "only a location's file is renamed"
    assert report_blocks._moved(report_blocks.Part(part.runs, {}, [], "old/p01/", 2), "new/p01/") is None


def test_a_stored_entry_reads_back_whole_or_not_at_all(tmp_path: Path) -> None:
    """Parts and ICT204's findings are kept as a line of JSON and the texts as written; a run reads back exactly
    those bytes, and any damage makes the entry a miss (the province's findings are rendered again)."""
    texts = ['{\n      "code": "ICT204",\n      "message": "Trùng lặp"\n    }'.encode(), b"", b"\n\\u00e9"]
    entry = tmp_path / "entry.part.json"
    report_national.save(entry, {"code": "p01", "located": 2}, texts)
    lengths = [len(t) for t in texts]
    assert report_national.load(entry) == ({"code": "p01", "located": 2, "lengths": lengths}, texts)
    whole = entry.read_bytes()
    head, _, body = whole.partition(b"\n")
    listed = json.dumps(lengths, separators=(",", ":")).encode()
    assert whole.count(listed) == 1 and body == b"".join(texts)
    first = lengths[0]
    damaged = {
        "truncated": whole[:-1],
        "longer": whole + b" ",
        "no line": head,
        "not JSON": b"{" + whole,
        "not an object": b"[]\n",
        "a negative length": whole.replace(listed, f"[{first + 8},-8,{lengths[2]}]".encode()),
        "a length not an int": whole.replace(listed, f"[{first}.0,0,{lengths[2]}]".encode()),
        "no lengths": whole.replace(b',"lengths":' + listed, b""),
    }
    for why, data in damaged.items():
        entry.write_bytes(data)
        assert report_national.load(entry) is None, why
    assert report_national.load(tmp_path / "absent.part.json") is None


def test_the_report_of_parts_stops_quietly_when_its_reader_does(work: Path) -> None:
    """`ictarch check --format json | head`, the report put together from parts: no traceback, the verdict kept."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "ICTARCH_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "cli", "check", "--format", "json", "models"]
    for _ in range(2):  # the first run fills the parts (and the output cache, dropped before the second)
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work, env=env) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            assert proc.stdout.read(10) == b'{\n  "metad'
            proc.stdout.close()
            error = proc.stderr.read().decode()
            assert proc.wait(timeout=300) == 1, error
        assert "Traceback" not in error and "BrokenPipe" not in error, error
        assert list((work / "cache").glob("*.part.json")), "the run wrote its report from parts"
        for entry in (work / "cache").glob("*.output*"):
            entry.unlink()


def test_findings_rendered_together_are_split_into_each_ones_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """ICT204's findings are kept one text each; rendering them a chunk at a time gives each the text it has
    alone, across chunk boundaries, and a format that cannot be split is rendered one finding at a time."""
    from ictarch.loading.workspace import examples_root
    from ictarch.runner import run

    registry = default_registry()
    report = run(load_workspace([examples_root()]), config=resolve_config(registry), registry=registry)
    findings = list(report.findings)
    assert len(findings) > 20 and all(f.location for f in findings) and any(f.related for f in findings)

    def render(found: Sequence[Finding]) -> bytes:
        return json_format.json_findings_utf8(found, "vi")

    alone = [render([f]) for f in findings]
    monkeypatch.setattr(report_national, "CHUNK", 7)
    assert report_national.render_each(findings, render) == alone
    plain = [f"{f.code} {f.subject}".encode() for f in findings]
    joined = report_national.render_each(
        findings, lambda found: b";".join(f"{f.code} {f.subject}".encode() for f in found)
    )
    assert joined == plain


def test_the_national_findings_are_made_and_kept_one_province_at_a_time(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ICT204's findings of a province are rendered together, a province after the other, and kept packed as one
    text: a national model's tens of thousands wait for the writing compressed, not as their texts."""
    calls: list[set[str | None]] = []
    real = json_format.json_findings_utf8

    def spy(findings: Sequence[Finding], lang: str = "vi") -> bytes:
        if any(f.code == "ICT204" for f in findings):
            calls.append({f.province for f in findings})
        return real(findings, lang)

    monkeypatch.setattr(json_format, "json_findings_utf8", spy)
    kept: list[bytes] = []
    packed = report_blocks._packed
    monkeypatch.setattr(report_blocks, "_packed", lambda text: kept.append(text) or packed(text))
    code, out = _check("models", None)
    assert code == 1
    national = [f for f in json.loads(out)["findings"] if f["code"] == "ICT204"]
    provinces = sorted({f["province"] for f in national})
    assert len(provinces) >= 2
    assert all(len(held) == 1 for held in calls), "one province's findings at a time"
    assert [next(iter(held)) for held in calls] == provinces
    texts = [text for text in kept if b'"code": "ICT204"' in text]
    assert len(texts) == len(provinces), "each province's findings packed together"
    assert [text.count(b'"code": "ICT204"') for text in texts] == [
        sum(1 for f in national if f["province"] == p) for p in provinces
    ]


class _Forked:
    """Makes ICT204's findings of every model in two processes, as a national model's are, and counts the forks."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = 0
        real = report_national.forked

        def counted(work: Any) -> Any:
            self.started += 1
            return real(work)

        monkeypatch.setattr(report_national, "FORK_WORK", 0)
        monkeypatch.setattr(report_national.os, "cpu_count", lambda: 2)
        monkeypatch.setattr(report_national, "forked", counted)


def test_the_national_findings_made_in_two_processes_are_those_of_one(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked process makes, stores and sends back part of the provinces' ICT204 findings: the report is byte for
    byte that of one process, and an edit after it renders again what it would after a run in one process."""
    one = _check("models", None)
    assert _check("models", work / "cache-one") == one
    forks = _Forked(monkeypatch)
    assert _check("models", None) == one
    assert _check("models", work / "cache") == one, "the first run, storing in both processes"
    assert forks.started == 2
    shutil.copytree(work / "cache", work / "cache-copy")
    monkeypatch.setattr(report_national, "FORK_WORK", 10**9)  # the edited run in one process, to see what it renders
    _edit(work / "models")
    expected = _check("models", None)
    remade = []
    for cache in ("cache-one", "cache"):
        rendered = _Rendered(monkeypatch)
        assert _check("models", work / cache) == expected
        remade.append(sorted(p for p, c in rendered.codes if c == "ICT204"))
    assert remade[0] == remade[1], "what the forked process stored is read back"
    cross = [f for f in json.loads(expected[1])["findings"] if f["code"] == "ICT204"]
    assert EDITED in remade[1] and len(remade[1]) < len(cross)
    monkeypatch.setattr(report_national, "FORK_WORK", 0)
    assert _check("models", work / "cache-copy") == expected
    assert forks.started == 2, "an edit's findings are read from the store where they are made: not forked"


def test_a_failed_forked_process_leaves_its_provinces_to_the_command(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the forked process fail (here: every share it makes), its provinces are made by the command."""
    one = _check("models", None)
    forks = _Forked(monkeypatch)
    command = os.getpid()
    real = report_national._Making.share

    def failing(self: Any, provinces: Sequence[Any]) -> Any:
        if os.getpid() != command:
            raise MemoryError("the forked process fails")
        return real(self, provinces)

    monkeypatch.setattr(report_national._Making, "share", failing)
    assert _check("models", None) == one
    assert forks.started == 1


def test_each_process_makes_about_half_of_the_findings() -> None:
    """The provinces with most findings to make go first, each to the share with fewer, and those with none (all
    stored) stay in the command; a small model, or one core, makes them in one process."""
    provinces: list[Any] = [SimpleNamespace(code=code) for code in "abcdef"]
    work = dict(zip("abcdef", [5_000, 100, 3_000, 0, 2_500, 400], strict=True))
    here, there = report_national._shares(provinces, work, 2)
    assert [p.code for p in here] == ["a", "f", "b", "d"] and [p.code for p in there] == ["c", "e"]
    assert report_national._shares(provinces, dict.fromkeys("abcdef", 10), 2) == (provinces, [])
    assert report_national._shares(provinces, work, 1) == (provinces, [])
    many: list[Any] = [SimpleNamespace(code=f"p{i:02}") for i in range(34)]
    even = {p.code: 1_000 + 10 * i for i, p in enumerate(many)}
    here, there = report_national._shares(many, even, 2)
    forked = sum(even[p.code] for p in there) / sum(even.values())
    assert len(here) + len(there) == 34 and 0.42 < forked < 0.48, "the forked process, which starts later, makes less"
