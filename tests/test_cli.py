"""The command line: exit codes, data on stdout and diagnostics on stderr, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cli import main
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE, ROOT, SAMPLES

REF = ["--reference", str(MINI_REFERENCE)]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_valid_model_exits_0() -> None:
    code, out, err = _run(*REF, "--no-color", "validate", str(MINI_PROVINCE))
    assert code == 0
    assert "mini: 3 thành phần, 2 dự án, 2 tệp" in out and "1 mô hình hợp lệ" in out
    en = _run(*REF, "--no-color", "--lang", "en", "validate", str(MINI_PROVINCE))[1]
    assert "mini: 3 components, 2 projects, 2 files" in en and "1 model valid" in en
    assert err == ""


def test_three_errors_in_one_run_exit_2_on_stderr() -> None:
    sample = str(SAMPLES / "invalid" / "three_errors.yaml")
    vi = _run(*REF, "--no-color", "validate", sample)[2]
    assert "ICT002 khóa 'status' bị trùng; YAML sẽ lặng lẽ chỉ giữ giá trị sau cùng" in vi, "Vietnamese by default"
    assert "gợi ý: có phải là 'security_level'?" in vi and "3 lỗi trong dữ liệu đầu vào" in vi
    code, out, err = _run(*REF, "--no-color", "--lang", "en", "validate", sample)
    assert code == 2
    assert out == ""
    lines = [ln for ln in err.splitlines() if " ICT0" in ln]
    assert len(lines) == 3
    assert lines[0].endswith(
        "three_errors.yaml:14:5: ICT002 duplicate key 'status'; YAML would silently keep only "
        "the last value  [components[0].status]"
    )
    assert "three_errors.yaml:15:16: ICT005" in lines[1]
    assert "three_errors.yaml:16:5: ICT003 unknown field 'securty_level'" in lines[2]
    assert "hint: did you mean 'security_level'?" in err
    assert "3 errors in the input" in err
    assert "Traceback" not in err


def test_validate_json_lists_errors_on_stdout() -> None:
    code, out, _err = _run(*REF, "--format", "json", "validate", str(SAMPLES / "invalid" / "bad_enum.yaml"))
    assert code == 2
    payload = json.loads(out)
    assert payload["valid"] is False
    (e,) = payload["errors"]
    assert (e["code"], e["line"], e["column"], e["path"]) == ("ICT003", 13, 5, "components[0].status")
    assert "'existing'" in e["expected"]


def test_missing_path_is_a_usage_error() -> None:
    code, _out, err = _run(*REF, "validate", "does/not/exist")
    assert code == 2
    assert "không tìm thấy đường dẫn" in err


def test_unknown_option_is_exit_2() -> None:
    code, _out, _err = _run("validate", "--bogus")
    assert code == 2


def test_show_json_summary() -> None:
    code, out, _ = _run(*REF, "--format", "json", "--lang", "en", "show", str(MINI_PROVINCE))
    assert code == 0
    (s,) = json.loads(out)
    assert s["code"] == "mini" and s["name"] == "Test Province"
    assert s["projects_by_domain"] == {"egov": 2}
    assert s["budget_vnd"]["total"] == 15_000_000_000
    assert s["budget_vnd"]["by_phase"] == {"p1": 10_000_000_000, "p2": 5_000_000_000}
    assert [(lc["id"], lc["components"]) for lc in s["layers"]] == [
        ("t.L1", ["mini.portal"]),
        ("t.L2", ["mini.lgsp"]),
        ("t.X.SEC", ["mini.soc"]),
    ]
    assert s["frameworks"][1] == {
        "id": "t.egov.2",
        "version": "2.0",
        "document": "3/QĐ-TEST",
        "current": True,
        "superseded_by": [],
    }


def test_show_text_is_bilingual() -> None:
    _, vi, _ = _run(*REF, "--no-color", "show", str(MINI_PROVINCE))
    _, en, _ = _run(*REF, "--no-color", "--lang", "en", "show", str(MINI_PROVINCE))
    assert "Tỉnh Thử" in vi and "tỷ đồng" in vi and "Giai đoạn" in vi
    assert "Test Province" in en and "billion VND" in en and "Period" in en


def test_frameworks_lists_status_and_successors() -> None:
    code, out, _ = _run(*REF, "--format", "json", "frameworks")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["t.egov.1"]["status"] == "superseded" and rows["t.egov.1"]["successors"] == ["t.egov.2"]
    assert rows["t.egov.2"]["status"] == "current"


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    code, _, _ = _run("schema", "--out", str(tmp_path))
    assert code == 0
    assert _run("schema", "--out", str(tmp_path), "--check")[0] == 0
    target = tmp_path / "province-model" / "v1.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"vi"', '"vn"'), encoding="utf-8")
    code, _, err = _run("schema", "--out", str(tmp_path), "--check")
    assert code == 1 and "đã lỗi thời" in err


def test_no_color_env_gives_plain_text() -> None:
    env = {"NO_COLOR": "1"}
    result = CliRunner().invoke(main, [*REF, "validate", str(MINI_PROVINCE)], env=env, color=True)
    assert "\x1b[" not in result.stdout


def test_installed_command_runs_from_any_directory(tmp_path: Path) -> None:
    """The console script finds the shipped reference data without the checkout as working directory."""
    proc = subprocess.run(
        [sys.executable, "-c", "from cli import main; main()", "--format", "json", "frameworks"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    ids = {r["id"] for r in json.loads(proc.stdout)}
    assert "vn.ictrf.1.0" in ids


def test_cli_caches_validated_models_in_the_cache_folder(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    runner = CliRunner()
    env = {"ICTARCH_CACHE_DIR": str(cache)}
    first = runner.invoke(main, [*REF, "validate", str(MINI_PROVINCE)], env=env)
    assert first.exit_code == 0
    parts = sorted(p.name.split(".", 1)[1] for p in cache.glob("*.json"))
    assert parts == ["head.json", "map.json", "model.json", "reference.json"], "a province entry, the catalogue"
    second = runner.invoke(main, [*REF, "validate", str(MINI_PROVINCE)], env=env)
    assert second.stdout == first.stdout
    none = runner.invoke(
        main, [*REF, "--no-cache", "validate", str(MINI_PROVINCE)], env={"ICTARCH_CACHE_DIR": str(tmp_path / "n")}
    )
    assert none.exit_code == 0 and not (tmp_path / "n").exists()
