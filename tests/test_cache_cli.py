"""The cache may only make a run faster: in every case below, `ictarch check` with the cache prints, byte for
byte, what it prints with --no-cache, in text, JSON, SARIF and JUnit.

The cases: the model's folder copied elsewhere, checked from a subfolder, a second checkout sharing the cache,
a file changed between two runs and while a run reads it, runs killed part-way, a read-only cache folder and
a full one (both real file systems, mounted in a user namespace when the machine allows it).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.loading import examples_root
from ictarch.loading.files import ModelFolder
from tests.conftest import ROOT

FORMATS = ("text", "json", "sarif", "junit")
EPOCH = "1767225600"  # 2026-01-01: the same run date and report time for every run
MODEL = "quang-tri"  # a main file and three fragments, with findings in each


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ICTARCH_CACHE_DIR", raising=False)
    shutil.copytree(examples_root() / MODEL, tmp_path / "one" / MODEL)
    yield tmp_path


def check(path: str, cache: Path | None, fmt: str) -> tuple[int, str]:
    """`ictarch check PATH --format FMT` in this process, from the current folder."""
    args = ["--no-color", *([] if cache else ["--no-cache"]), "check", "--format", fmt, path]
    env = {"SOURCE_DATE_EPOCH": EPOCH, "ICTARCH_CACHE_DIR": str(cache) if cache else None, "COLUMNS": "120"}
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout


def assert_same_as_without_cache(path: str, cache: Path, *, warm: bool = True) -> dict[str, str]:
    """Every format, with the cache (twice when ``warm``: the second run reads what the first stored)
    equals the run without it; returns the outputs."""
    outputs = {}
    for fmt in FORMATS:
        expected = check(path, None, fmt)
        assert expected[0] == 1 and expected[1], f"{fmt}: the model has findings"
        for _ in range(2 if warm else 1):
            assert check(path, cache, fmt) == expected, f"{fmt}: the cached run differs from --no-cache"
        outputs[fmt] = expected[1]
    return outputs


def test_a_copied_folder_reports_its_own_files(work: Path) -> None:
    cache = work / "cache"
    assert_same_as_without_cache(f"one/{MODEL}", cache)
    shutil.copytree(work / "one", work / "two")
    outputs = assert_same_as_without_cache(f"two/{MODEL}", cache)
    for fmt, text in outputs.items():
        assert f"two/{MODEL}/" in text and f"one/{MODEL}/" not in text, fmt


def test_a_run_from_a_subfolder_reports_paths_from_there(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = work / "cache"
    assert_same_as_without_cache(f"one/{MODEL}", cache)
    monkeypatch.chdir(work / "one")
    outputs = assert_same_as_without_cache(MODEL, cache)
    assert f"one/{MODEL}" not in outputs["text"] and f"{MODEL}/components.yaml" in outputs["text"]


def test_a_second_checkout_sharing_the_cache_reports_its_own_files(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = work / "shared-cache"
    for clone in ("alice", "bob"):
        shutil.copytree(work / "one", work / clone / "models")
    monkeypatch.chdir(work / "alice")
    assert_same_as_without_cache(f"models/{MODEL}", cache)
    monkeypatch.chdir(work / "bob")
    outputs = assert_same_as_without_cache(f"models/{MODEL}", cache)
    assert all("alice" not in text for text in outputs.values())
    monkeypatch.chdir(work)
    outputs = assert_same_as_without_cache(f"bob/models/{MODEL}", cache)
    assert all("alice" not in text for text in outputs.values())


def _shift(text: str) -> str:
    """The same model with every position moved: a comment line on top, one entry's status changed."""
    return "# edited\n" + text.replace("status: existing", "status: planned", 1)


def test_a_file_changed_between_runs_is_read_again(work: Path) -> None:
    cache = work / "cache"
    before = assert_same_as_without_cache(f"one/{MODEL}", cache)
    part = work / "one" / MODEL / "components.yaml"
    part.write_text(_shift(part.read_text(encoding="utf-8")), encoding="utf-8")
    after = assert_same_as_without_cache(f"one/{MODEL}", cache)
    assert after["json"] != before["json"]


def test_a_file_changed_while_a_run_reads_it_never_poisons_the_cache(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves (or git checks out) a file just after the run has read it: the run's entry must hold what
    it parsed, so a later run on the original bytes is not served the edited model."""
    cache = work / "cache"
    part = work / "one" / MODEL / "components.yaml"
    original = part.read_bytes()
    real_read, real_read_bytes = ModelFolder.read, Path.read_bytes
    saved: list[Path] = []

    def save_once(path: Path) -> None:
        if path.resolve() == part.resolve() and not saved:
            saved.append(path)
            part.write_bytes(_shift(original.decode("utf-8")).encode("utf-8"))

    def read_then_save(self: ModelFolder, rel: str) -> bytes:
        data = real_read(self, rel)
        save_once(self.folder / rel)
        return data

    def read_bytes_then_save(self: Path) -> bytes:
        data = real_read_bytes(self)
        save_once(self)
        return data

    with monkeypatch.context() as patched:  # whichever way the loader reads the file first
        patched.setattr(ModelFolder, "read", read_then_save)
        patched.setattr(Path, "read_bytes", read_bytes_then_save)
        check(f"one/{MODEL}", cache, "json")
    assert saved, "the run read the file"
    part.write_bytes(original)
    assert_same_as_without_cache(f"one/{MODEL}", cache)
    part.write_bytes(_shift(original.decode("utf-8")).encode("utf-8"))
    assert_same_as_without_cache(f"one/{MODEL}", cache)


# --------------------------------------------------------------------------- runs in other processes


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())", *args]


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "ICTARCH_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}


def test_runs_killed_part_way_leave_nothing_that_changes_a_result(work: Path) -> None:
    from benchmarks.generate import generate

    generate(work / "big", 2, 1500, 20250701, clean=False, dangling=False)
    cache = work / "cache"
    for delay in (0.4, 0.8, 1.2, 1.6, 2.0, 2.6):
        proc = subprocess.Popen(
            _command("--no-color", "check", "big"), cwd=work, env=_env(cache), stdout=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    for fmt in ("json", "sarif"):
        expected = check("big", None, fmt)
        assert check("big", cache, fmt) == expected
        assert check("big", cache, fmt) == expected
    assert not [p.name for p in cache.iterdir() if p.name.endswith(".tmp")], "a later run sweeps what a kill left"


_DRIVER = """
import json, os, subprocess, sys
cache, path = sys.argv[1], sys.argv[2]
runs = {}
for fmt in sys.argv[3:]:
    for attempt in range(2):
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())",
             "--no-color", "check", "--format", fmt, path],
            capture_output=True, text=True,
        )
        runs[f"{fmt}/{attempt}"] = [done.returncode, done.stdout, done.stderr]
print(json.dumps({"runs": runs, "left": sorted(os.listdir(cache))}))
"""


def _namespace_runs(cache: Path, mount: str, path: str) -> dict[str, object]:
    """Run `ictarch check` in every format, twice, with ``cache`` one tmpfs mounted with ``mount`` options for
    all of them, in a user and mount namespace; what each run printed and what the cache folder holds after."""
    script = 'mount -t tmpfs -o "$1" tmpfs "$2" && shift 2 && exec "$@"'
    command = [sys.executable, "-c", _DRIVER, str(cache), path, *FORMATS]
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", mount, str(cache), *command],
        cwd=Path.cwd(),
        env=_env(cache),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _namespaces_work(tmp: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = tmp / "probe"
    probe.mkdir()
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=4k tmpfs {probe} && touch {probe}/x"],
        capture_output=True,
    )
    return done.returncode == 0


@pytest.mark.parametrize(
    ("mount", "what"), [("ro,size=64k", "read-only"), ("size=4k", "full")], ids=["read-only", "full"]
)
def test_a_read_only_or_full_cache_folder_only_costs_speed(work: Path, mount: str, what: str) -> None:
    if not _namespaces_work(work):
        pytest.skip("user namespaces are not available here (unshare -rm), so no real read-only or full file system")
    cache = work / "cache"
    cache.mkdir()
    result = _namespace_runs(cache, mount, f"one/{MODEL}")
    runs = result["runs"]
    assert isinstance(runs, dict)
    for fmt in FORMATS:
        expected = check(f"one/{MODEL}", None, fmt)
        for attempt in range(2):
            code, out, err = runs[f"{fmt}/{attempt}"]
            assert (code, out) == expected, f"{what} cache, {fmt}: {err[-1500:]}"
            assert "Traceback" not in err and "internal error" not in err
    assert not [name for name in result["left"] if ".tmp" in name], result["left"]  # type: ignore[attr-defined]


def test_one_province_edited_in_a_national_model_gives_what_no_cache_gives(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national model (many near-identical systems across provinces: group findings that span provinces), one
    province edited after a cached run, the report made at another time: every format equals --no-cache."""
    from benchmarks.national import generate

    generate(work / "national", 4, 60, 20260701)
    cache = work / "cache"
    before = assert_same_as_without_cache("national", cache)
    part = work / "national" / "p02" / "components.yaml"
    part.write_text(_shift(part.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "EPOCH", "1767229200")  # an hour later: same day, another time
    after = assert_same_as_without_cache("national", cache)
    assert after["json"] != before["json"] and after["sarif"] != before["sarif"]
    assert "national/p02/components.yaml" in after["json"], "the edited province's findings point into it"
