"""Every command that writes: -o into a missing folder creates it; a path of the wrong kind, a file standing
where a folder must be, or a folder that cannot be written is a clear message and exit 2, never a traceback,
and nothing is left half-written."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch import safe_write
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE
from tests.exporters.helpers import OUTPUTS_XML, REFERENCE
from tests.test_merge import _mini_pair

Command = Callable[[Path, Path], list[str]]
"""The arguments of a command writing to ``target``, given a scratch folder."""


def _exchange(tmp: Path) -> Path:
    source = tmp / "model.xml"
    source.write_text(OUTPUTS_XML, encoding="utf-8")
    return source


COMMANDS: dict[str, Command] = {
    "check -o": lambda tmp, t: ["check", str(MINI_PROVINCE), "--exit-zero", "--format", "sarif", "-o", str(t)],
    "check --write-baseline": lambda tmp, t: ["check", str(MINI_PROVINCE), "--write-baseline", str(t)],
    "export": lambda tmp, t: ["export", str(MINI_PROVINCE), "--format", "json", "-o", str(t)],
    "diagram": lambda tmp, t: ["diagram", "layered", str(MINI_PROVINCE), "--format", "dot", "-o", str(t)],
    "diff": lambda tmp, t: ["diff", str(MINI_PROVINCE), str(MINI_PROVINCE), "-o", str(t)],
    "report": lambda tmp, t: ["report", str(MINI_PROVINCE), "-o", str(t)],
    "merge": lambda tmp, t: ["merge", *map(str, _mini_pair(tmp)), "--into", "x", "--name-vi", "X", "-o", str(t)],
    "import": lambda tmp, t: ["import", str(_exchange(tmp)), "-o", str(t)],
}
FOLDER_OUTPUTS = {"report", "merge", "import"}


def _run(args: list[str]) -> tuple[int, str]:
    reference = REFERENCE if args[0] == "import" else MINI_REFERENCE  # the exchange file's own reference
    result = CliRunner().invoke(main, ["--no-cache", "--no-color", "--reference", str(reference), *args])
    return result.exit_code, result.output


def _clean(code: int, output: str) -> None:
    assert code == 2, output
    assert "Traceback" not in output and "internal error" not in output, output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_missing_folder_is_created(command: str, tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / ("out" if command in FOLDER_OUTPUTS else "out.txt")
    code, output = _run(COMMANDS[command](tmp_path, target))
    assert code in (0, 1), output
    assert target.exists()
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_standing_where_a_folder_must_be_is_exit_2(command: str, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    target = tmp_path / "plain" / ("out" if command in FOLDER_OUTPUTS else "out.txt")
    code, output = _run(COMMANDS[command](tmp_path, target))
    _clean(code, output)
    assert "plain" in output
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - FOLDER_OUTPUTS))
def test_a_folder_named_as_the_output_file_is_exit_2(command: str, tmp_path: Path) -> None:
    target = tmp_path / "a-folder"
    target.mkdir()
    code, output = _run(COMMANDS[command](tmp_path, target))
    _clean(code, output)
    assert "a-folder" in output and "thư mục" in output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unwritable_folder_is_exit_2_and_leaves_nothing(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = COMMANDS[command](tmp_path, tmp_path / "locked" / ("out" if command in FOLDER_OUTPUTS else "out.txt"))
    real_open = os.open

    def denied(path: object, flags: int, *rest: int) -> int:
        if "locked" in str(path) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_write.os, "open", denied)
    code, output = _run(args)
    _clean(code, output)
    assert "không có quyền" in output
    assert not [p for p in (tmp_path / "locked").rglob("*") if p.is_file()] if (tmp_path / "locked").exists() else True


def test_merge_force_never_writes_through_a_link_and_removes_only_its_own_files(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "merged", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "components.yaml").write_text("precious", encoding="utf-8")
    args = COMMANDS["merge"](tmp_path, out)
    code, output = _run(args)
    assert code == 0, output
    (out / "NOTES.md").write_text("the architect's notes", encoding="utf-8")
    (out / "components.yaml").unlink()
    (out / "components.yaml").symlink_to(elsewhere / "components.yaml")
    code, output = _run([*args, "--force"])
    _clean(code, output)
    assert "là một liên kết tượng trưng" in output
    assert (elsewhere / "components.yaml").read_text(encoding="utf-8") == "precious"
    (out / "components.yaml").unlink()
    code, output = _run([*args, "--force"])
    assert code == 0, output
    assert (out / "NOTES.md").read_text(encoding="utf-8") == "the architect's notes"
    assert (out / "components.yaml").is_file() and not (out / "components.yaml").is_symlink()


@pytest.mark.parametrize(
    ("args", "verdict"),
    [
        (["check", "province_models/", "--exit-zero"], 0),
        (["check", "province_models/"], 1),
        (["check", "province_models/", "--format", "json"], 1),
        (["show", "province_models/quang-tri"], 0),
        (["roadmap", "province_models/quang-tri", "--format", "json"], 0),
    ],
    ids=["check-text-exit-zero", "check-text", "check-json", "show", "roadmap-json"],
)
def test_a_reader_that_stops_early_is_not_a_bug(args: list[str], verdict: int) -> None:
    """`ictarch ... | head -1`: the command stops quietly, with the exit code it would give anyway."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from cli import main; main()", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=300) == verdict, err
    assert "BrokenPipe" not in err and "Traceback" not in err


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize(
    ("args", "verdict", "shown"),
    [
        (["validate", "province_models/kon-tum"], 0, "thành phần"),
        (["check", "province_models/quang-tri"], 1, "phát hiện"),
        (["check", "province_models/quang-tri", "--format", "markdown"], 1, "phát hiện"),
        (["check", "province_models/quang-tri", "--format", "junit"], 1, "dưới ngưỡng"),
        (["show", "province_models/kon-tum"], 0, "Kon Tum"),
        (["--help"], 0, "Cách dùng"),
        (["validate", "province_models/no-such-province"], 2, ""),
    ],
    ids=["validate", "check-text", "check-markdown", "check-junit", "show", "help", "input-error"],
)
def test_a_stream_that_cannot_write_vietnamese_gets_utf8(
    args: list[str], verdict: int, shown: str, encoding: str
) -> None:
    """A console or pipe whose encoding has no Vietnamese letters (PYTHONIOENCODING=ascii, a cp1252 pipe) is
    written in UTF-8: every command answers as it would elsewhere, never with an internal error."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONIOENCODING": encoding, "ICTARCH_LANG": "vi"}
    command = [sys.executable, "-m", "cli", "--no-cache", "--no-color", *args]
    done = subprocess.run(command, capture_output=True, cwd=root, env=env, timeout=300)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == verdict, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert shown in out
    if verdict == 2:
        assert "no-such-province" in err and "đường dẫn" in err, "the error, in Vietnamese, names the path"


@pytest.mark.parametrize(
    ("args", "verdict"),
    [
        (["check", "province_models/quang-tri", "--format", "json"], 1),
        (["check", "province_models/quang-tri"], 1),
        (["check", "province_models/quang-tri", "--format", "sarif"], 1),
        (["validate", "province_models/kon-tum"], 0),
    ],
    ids=["check-json", "check-text", "check-sarif", "validate"],
)
def test_a_full_or_closed_standard_output_is_not_a_bug(args: list[str], verdict: int) -> None:
    """`ictarch check ... > report.json` on a full disk says so (exit 2, the device's reason, in Vietnamese);
    a closed stdout (`>&-`) is written to nowhere and the command keeps its verdict."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "cli", "--no-cache", "--no-color", *args]
    env = {**os.environ, "ICTARCH_LANG": "vi"}
    if Path("/dev/full").exists():
        with open("/dev/full", "wb") as full:
            done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, cwd=root, env=env, timeout=300)
        err = done.stderr.decode("utf-8")
        assert done.returncode == 2, err
        assert "không ghi được kết quả: thiết bị hết dung lượng" in err, err
        assert "Traceback" not in err and "lỗi nội bộ" not in err, err
    closed = ["sh", "-c", 'exec "$0" "$@" >&-', *command]
    done = subprocess.run(closed, stderr=subprocess.PIPE, cwd=root, env=env, timeout=300)
    err = done.stderr.decode("utf-8")
    assert done.returncode == verdict, err
    assert "Traceback" not in err and "lỗi nội bộ" not in err, err
