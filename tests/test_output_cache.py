"""The output cache (ictarch/output_cache.py): a warm `check` writes, byte for byte, what `--no-cache` writes at
that moment, with the same exit code and stderr notes; anything the output depends on changing is a miss; a
damaged entry is a miss, never an error; and a hit imports none of the models, checks or formatters."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch import output_cache
from tests.conftest import ROOT

FORMATS = ("text", "json", "sarif", "junit", "markdown")
EPOCH = "1767225600"  # 2026-01-01
NEXT_DAY = "1767312000"
MODEL = "quang-tri"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("ICTARCH_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "province_models" / MODEL, tmp_path / "models" / MODEL)
    yield tmp_path


class Run:
    """One `ictarch ... check ...` in this process: its exit code, stdout, stderr, whether the checks ran."""

    def __init__(self, args: list[str], monkeypatch: pytest.MonkeyPatch, env: dict[str, str | None]) -> None:
        served: list[bool] = []
        real = output_cache.Request.lookup

        def spy(self: output_cache.Request) -> output_cache.Hit | None:
            hit = real(self)
            served.append(hit is not None)
            return hit

        with monkeypatch.context() as patched:
            patched.setattr(output_cache.Request, "lookup", spy)
            result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
        self.code, self.out, self.err = result.exit_code, result.stdout_bytes, result.stderr
        self.checked = not any(served)
        """Not served from the output cache."""

    def same(self) -> tuple[int, bytes, str]:
        return self.code, self.out, self.err


def run(monkeypatch: pytest.MonkeyPatch, *args: str, cache: bool = True, **env: str | None) -> Run:
    return Run(["--no-color", *([] if cache else ["--no-cache"]), *args], monkeypatch, env)


def assert_cached_equals_no_cache(monkeypatch: pytest.MonkeyPatch, *args: str) -> Run:
    """The fill, the hit and --no-cache give the same bytes, exit code and notes; the hit runs no check."""
    expected = run(monkeypatch, *args, cache=False)
    fill = run(monkeypatch, *args)
    hit = run(monkeypatch, *args)
    assert fill.same() == expected.same(), f"{args}: the filling run differs from --no-cache"
    assert hit.same() == expected.same(), f"{args}: the cached run differs from --no-cache"
    assert not hit.checked, f"{args}: the second run was not served from the output cache"
    return hit


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_and_language_on_the_shipped_models(
    work: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, lang: str
) -> None:
    models = str(ROOT / "province_models")
    hit = assert_cached_equals_no_cache(monkeypatch, "--lang", lang, "check", "--format", fmt, models)
    assert hit.code == 1 and hit.out
    out = work / "out" / f"report.{fmt}"
    args = ("--lang", lang, "check", "--format", fmt, "-o", str(out), models)
    expected = run(monkeypatch, *args, cache=False).same(), out.read_bytes()
    for _ in range(2):  # the first fills the file's entry (text), or is served the one stdout filled
        again = run(monkeypatch, *args)
        assert (again.same(), out.read_bytes()) == expected
    assert not again.checked


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import national
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = tmp_path_factory.mktemp("national") / "n"
    national.generate(out, 3, 40, 20260701)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_on_a_generated_national_model(
    work: Path, monkeypatch: pytest.MonkeyPatch, generated: Path, fmt: str
) -> None:
    for lang in ("vi", "en"):
        for command in ("check", "duplicates"):
            assert_cached_equals_no_cache(monkeypatch, "--lang", lang, command, "--format", fmt, str(generated))


def test_the_report_time_is_the_current_one_on_a_hit(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SOURCE_DATE_EPOCH the report's time is the run's: a hit writes its own time where it stands."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    from ictarch.cli import check as check_cli

    today = dt.date.today()
    first = dt.datetime(today.year, today.month, today.day, 1, 2, 3, tzinfo=dt.UTC)
    later = dt.datetime(today.year, today.month, today.day, 4, 5, 6, tzinfo=dt.UTC)
    cases = {"json": ("01:02:03+", "04:05:06+"), "sarif": ("01:02:03Z", "04:05:06Z"), "junit": None}
    cases |= {"text": (), "markdown": ()}
    for fmt, stamps in cases.items():
        args = ("check", "--format", fmt, str(ROOT / "province_models"))
        monkeypatch.setattr(check_cli, "run_time", lambda: (first, today))
        fill = run(monkeypatch, *args)
        monkeypatch.setattr(check_cli, "run_time", lambda: (later, today))
        hit = run(monkeypatch, *args)
        expected = run(monkeypatch, *args, cache=False)
        assert not hit.checked and fill.checked
        assert hit.same() == expected.same(), fmt
        if stamps == ():  # text and Markdown hold the date only
            assert fill.out == hit.out, fmt
        elif stamps:
            assert stamps[0].encode() in fill.out and stamps[1].encode() in hit.out and fill.out != hit.out
        else:  # one time per test suite
            assert fill.out.count(b"T01:02:03+00:00") == hit.out.count(b"T04:05:06+00:00") > 1


def _fill_and_hit(monkeypatch: pytest.MonkeyPatch, *args: str, **env: str | None) -> None:
    run(monkeypatch, *args, **env)
    assert not run(monkeypatch, *args, **env).checked, "the second run is a hit"


def _misses(monkeypatch: pytest.MonkeyPatch, *args: str, **env: str | None) -> None:
    again = run(monkeypatch, *args, **env)
    assert again.checked, "a changed input must not be served from the output cache"
    assert again.same() == run(monkeypatch, *args, cache=False, **env).same()


def test_a_changed_byte_of_an_included_file_misses(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    with open(work / "models" / MODEL / "relationships.yaml", "ab") as f:
        f.write(b"# a comment\n")
    _misses(monkeypatch, *args)


def test_a_new_file_matching_an_include_pattern_misses(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    main_file = work / "models" / MODEL / "province.yaml"
    text = main_file.read_text(encoding="utf-8")
    main_file.write_text(text.replace("  - relationships.yaml\n", "  - relationships*.yaml\n"), encoding="utf-8")
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    (work / "models" / MODEL / "relationships-more.yaml").write_text("ictarch: 1\n", encoding="utf-8")
    _misses(monkeypatch, *args)


def test_a_new_province_in_the_folder_misses(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "--format", "json", "models")
    _fill_and_hit(monkeypatch, *args)
    shutil.copytree(ROOT / "province_models" / "kon-tum", work / "models" / "kon-tum")
    _misses(monkeypatch, *args)


def test_a_changed_reference_file_misses(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ignore = shutil.ignore_patterns("*.py", "__pycache__")
    shutil.copytree(ROOT / "reference_framework", work / "reference", ignore=ignore)
    args = ("--reference", "reference", "check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    first = sorted((work / "reference").glob("*.yaml"))[0]
    with open(first, "ab") as f:
        f.write(b"\n# a comment\n")
    _misses(monkeypatch, *args)


def test_a_changed_configuration_or_baseline_misses(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    config = work / "models" / "ictarch.yaml"
    config.write_text("ictarch: 1\nrules:\n  ICT106: 'off'\n", encoding="utf-8")
    _misses(monkeypatch, *args)
    _fill_and_hit(monkeypatch, *args)
    config.write_text("ictarch: 1\nrules:\n  duplication: low\n", encoding="utf-8")
    _misses(monkeypatch, *args)
    baseline = work / "baseline.json"
    run(monkeypatch, "check", "--write-baseline", str(baseline), f"models/{MODEL}")
    with_baseline = ("check", "--format", "json", "--baseline", str(baseline), f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *with_baseline)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    baseline.write_text(json.dumps({**data, "fingerprints": data["fingerprints"][1:]}), encoding="utf-8")
    _misses(monkeypatch, *with_baseline)


def test_another_day_option_language_format_or_folder_misses(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    _misses(monkeypatch, *args, SOURCE_DATE_EPOCH=NEXT_DAY)
    for changed in (
        ("check", "--format", "json", "--fail-on", "low", f"models/{MODEL}"),
        ("check", "--format", "json", "--select", "ICT40*", f"models/{MODEL}"),
        ("check", "--format", "json", "--profile", "approval", f"models/{MODEL}"),
        ("gaps", "--format", "json", f"models/{MODEL}"),
        ("--lang", "en", "check", "--format", "json", f"models/{MODEL}"),
        ("check", "--format", "sarif", f"models/{MODEL}"),
    ):
        _misses(monkeypatch, *changed)
    for digest in ("code_digest", "package_data"):  # ictarch's code or its catalogues edited
        with monkeypatch.context() as patched:
            patched.setattr(output_cache, digest, lambda: "edited")
            _misses(monkeypatch, *args)
    monkeypatch.chdir(work / "models")  # the files are named from here: another text
    _misses(monkeypatch, "check", "--format", "json", MODEL)
    moved = run(monkeypatch, "check", "--format", "json", MODEL)
    assert b"models/" not in moved.out and f"{MODEL}/components.yaml".encode() in moved.out


def _entry(cache: Path) -> tuple[Path, Path]:
    (entry,) = cache.glob("*.output.json")
    return entry, cache / json.loads(entry.read_text(encoding="utf-8"))["payload"]


@pytest.mark.parametrize("damage", ["byte", "truncated", "folder", "entry", "gone"])
def test_a_damaged_entry_is_a_miss_never_an_error(work: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    entry, payload = _entry(work / "cache")
    data = payload.read_bytes()
    if damage == "byte":
        payload.write_bytes(data[:100] + bytes([data[100] ^ 1]) + data[101:])
    elif damage == "truncated":
        payload.write_bytes(data[: len(data) // 2])
    elif damage == "folder":
        payload.unlink()
        payload.mkdir()
    elif damage == "entry":
        entry.write_bytes(b'{"format": 1, "key": ')
    else:
        payload.unlink()
    _misses(monkeypatch, *args)


def test_write_baseline_and_exit_zero_keep_their_behaviour(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    baseline = work / "b.json"
    for _ in range(2):
        written = run(monkeypatch, "check", "--format", "json", "--write-baseline", str(baseline), f"models/{MODEL}")
        assert written.code == 0 and baseline.is_file() and written.checked
        baseline.unlink()
    zero = ("check", "--format", "json", "--exit-zero", f"models/{MODEL}")
    hit = run(monkeypatch, *zero)
    assert not hit.checked and hit.same() == run(monkeypatch, *zero, cache=False).same()
    assert hit.code == 0 and "--exit-zero" in hit.err


def test_a_model_with_load_errors_is_never_served(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "--format", "json", f"models/{MODEL}")
    _fill_and_hit(monkeypatch, *args)
    part = work / "models" / MODEL / "components.yaml"
    good = part.read_bytes()
    part.write_bytes(good + b"\n  - {id: [broken\n")
    for _ in range(2):
        broken = run(monkeypatch, *args)
        assert broken.code == 2 and broken.same() == run(monkeypatch, *args, cache=False).same()
    assert len(list((work / "cache").glob("*.output.json"))) == 1
    part.write_bytes(good)
    assert not run(monkeypatch, *args).checked, "the good bytes' entry is still there"


def test_the_nfc_note_is_printed_on_a_hit(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    part = work / "models" / MODEL / "components.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    hit = assert_cached_equals_no_cache(monkeypatch, "check", "--format", "json", f"models/{MODEL}")
    assert "NFC" in hit.err


def test_the_folder_keeps_the_newest_outputs_within_its_budget(tmp_path: Path) -> None:
    sizes = {}
    for i, age in enumerate((300, 200, 100)):
        key = f"{i:064x}"
        payload = f"{key}.{i:016x}.output"
        (tmp_path / payload).write_bytes(b"x" * 1000)
        entry = tmp_path / f"{key}.output.json"
        entry.write_text(json.dumps({"payload": payload}), encoding="utf-8")
        os.utime(entry, (1e9 - age, 1e9 - age))
        sizes[key] = entry.stat().st_size + 1000
    orphan = tmp_path / f"{9:064x}.{9:016x}.output"
    orphan.write_bytes(b"y")
    os.utime(orphan, (1e9, 1e9))
    output_cache.trim(tmp_path, budget=sizes[f"{2:064x}"] + sizes[f"{1:064x}"])
    left = sorted(p.name for p in tmp_path.iterdir())
    kept = [f"{i:064x}{end}" for i in (1, 2) for end in (f".{i:016x}.output", ".output.json")]
    assert left == sorted(kept), "the oldest entry and the output no entry names are removed"


PROBE = """
import json, sys
sys.argv = ["ictarch", *json.loads(sys.argv[1])]
import cli
try:
    cli.main()
except SystemExit as exit:
    print(json.dumps([exit.code, sorted(sys.modules)]), file=sys.stderr)
"""
HEAVY = ("pydantic", "networkx", "jsonschema", "exporters", "ictarch.loading", "ictarch.models", "ictarch.graph",
         "ictarch.checks", "ictarch.formatters", "ictarch.analysis", "ictarch.runner", "ictarch.config")  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_hit_imports_no_model_check_or_formatter(tmp_path: Path, fmt: str) -> None:
    env = {**os.environ, "ICTARCH_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": EPOCH}
    args = ["-q", "check", "--format", fmt, "-o", str(tmp_path / "out"), str(ROOT / "province_models" / MODEL)]
    outputs = []
    for _ in range(2):
        probe = [sys.executable, "-c", PROBE, json.dumps(args)]
        done = subprocess.run(probe, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
        code, modules = json.loads(done.stderr.strip().splitlines()[-1])
        outputs.append((code, (tmp_path / "out").read_bytes()))
    assert outputs[0] == outputs[1] and code == 1
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"a warm check imported {heavy}"


def test_the_recorder_keeps_text_and_bytes_in_the_order_written(tmp_path: Path) -> None:
    recorder = output_cache.Recorder(tmp_path, "entry.output")
    written: list[bytes] = []
    recorder.write("{\n  \"tỉnh\": ")
    recorder.tee_bytes(written.append)('"Quảng Trị"'.encode())
    recorder.write("\n}\n")
    assert recorder.close()
    expected = '{\n  "tỉnh": "Quảng Trị"\n}\n'.encode()
    assert written == ['"Quảng Trị"'.encode()]
    assert recorder.tmp.read_bytes() == expected and recorder.size == len(expected)
    assert recorder.digest.hexdigest() == output_cache.hashlib.sha256(expected).hexdigest()
    recorder.discard()
    assert not recorder.tmp.exists()


def test_the_recorder_copies_many_chunks_in_order_while_the_output_is_written(tmp_path: Path) -> None:
    recorder = output_cache.Recorder(tmp_path, "entry.output")
    chunks = [bytes([i % 251]) * (output_cache._CHUNK + i) for i in range(3 * output_cache._QUEUED)]
    written: list[bytes] = []
    write = recorder.tee_bytes(written.append)
    for chunk in chunks:
        write(chunk)
    tail = bytearray(b"tail")
    write(tail)
    tail[:] = b"TAIL"  # a buffer its writer reuses at once: the recorder keeps what it held when written
    assert recorder.close()
    expected = b"".join(chunks) + b"tail"
    assert b"".join(written[:-1]) == b"".join(chunks)
    assert recorder.tmp.read_bytes() == expected and recorder.size == len(expected)
    assert recorder.digest.hexdigest() == output_cache.hashlib.sha256(expected).hexdigest()
    recorder.discard()


class _FullDisk:
    """A recorder's file on a disk that fills up after ``room`` bytes."""

    def __init__(self, room: int) -> None:
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(28, "No space left on device")
        self.room -= len(data)
        return len(data)

    def close(self) -> None:
        pass


def test_a_copy_the_recorder_cannot_write_is_not_kept_and_the_output_is_whole(tmp_path: Path) -> None:
    recorder = output_cache.Recorder(tmp_path, "entry.output")
    assert recorder.handle is not None
    recorder.handle.close()
    recorder.handle = _FullDisk(2 * output_cache._CHUNK)  # type: ignore[assignment]
    written: list[bytes] = []
    write = recorder.tee_bytes(written.append)
    chunks = [b"x" * output_cache._CHUNK for _ in range(4 * output_cache._QUEUED)]
    for chunk in chunks:
        write(chunk)  # never waits on the failed copy
    assert written == chunks
    assert not recorder.close()
    recorder.discard()
    assert not recorder.tmp.exists()
