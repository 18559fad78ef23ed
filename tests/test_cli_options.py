"""Options every command shares: global options after the command's name, -q, shell completion; the
schema line of the files ictarch writes, from an installed (not editable) package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from tests.conftest import ROOT

REVIEW = str(ROOT / "examples" / "review")
HEADER = "# yaml-language-server: $schema="


def _cli(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1767225600"})
    else:
        with runner.isolated_filesystem(temp_dir=cwd):
            result = runner.invoke(main, list(args), env={"SOURCE_DATE_EPOCH": "1767225600"})
    return result.exit_code, result.stdout, result.stderr


def test_global_options_are_accepted_after_the_command() -> None:
    before = _cli("--lang", "en", "--no-color", "--no-cache", "check", REVIEW)
    after = _cli("check", "--no-color", REVIEW, "--lang", "en", "--no-cache")
    assert before == after and before[0] == 0 and "WAIVED (2)" in before[1]
    assert _cli("validate", REVIEW, "--format", "json")[1].startswith('{\n  "valid": true')
    code, out, _ = _cli("check", REVIEW, "--format", "json")  # check's own --format (the report's) wins
    assert code == 0 and json.loads(out)["metadata"]["schema_version"] == 1


def test_quiet_keeps_data_and_errors_but_not_notices(tmp_path: Path) -> None:
    out = tmp_path / "r.sarif"
    code, _, err = _cli("check", REVIEW, "--format", "sarif", "-o", str(out))
    assert code == 0 and f"wrote {out}" in err
    code, _, err = _cli("-q", "check", REVIEW, "--format", "sarif", "-o", str(out))
    assert code == 0 and err == "" and out.is_file()
    code, _, err = _cli("check", "--quiet", REVIEW, "--format", "sarif", "-o", str(out))
    assert code == 0 and err == ""
    code, _, err = _cli("-q", "validate", str(tmp_path / "missing"))
    assert code == 2 and "path not found" in err


def test_schema_writes_with_o_like_every_command(tmp_path: Path) -> None:
    code, _, _ = _cli("schema", "-o", str(tmp_path / "s"))
    assert code == 0 and (tmp_path / "s" / "province-model" / "v1.json").is_file()
    assert _cli("schema", "--check", "-o", str(tmp_path / "s"))[0] == 0


def test_shell_completion_as_documented() -> None:
    env = {**os.environ, "_ICTARCH_COMPLETE": "bash_source"}
    ictarch = [sys.executable, "-c", "from cli import main; main(prog_name='ictarch')"]
    script = subprocess.run(ictarch, env=env, capture_output=True, text=True, cwd=ROOT).stdout
    assert "_ICTARCH_COMPLETE=bash_complete" in script
    env = {**os.environ, "_ICTARCH_COMPLETE": "bash_complete", "COMP_WORDS": "ictarch che", "COMP_CWORD": "1"}
    words = subprocess.run(ictarch, env=env, capture_output=True, text=True, cwd=ROOT).stdout
    assert "plain,check" in words.splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "_ICTARCH_COMPLETE=bash_source ictarch" in readme


def _modeline_target(model: Path) -> Path:
    first = model.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(HEADER), first
    return model.parent / first[len(HEADER) :]


def test_written_files_point_at_a_schemas_folder_above_them(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    assert _cli("schema", "-o", str(repo / "schemas"))[0] == 0
    assert _cli("init", "demo", "-o", str(repo / "provinces" / "demo"))[0] == 0
    model = repo / "provinces" / "demo" / "province.yaml"
    assert model.read_text(encoding="utf-8").startswith(f"{HEADER}../../schemas/province-model/v1.json\n")
    assert _modeline_target(model).resolve() == (repo / "schemas" / "province-model" / "v1.json").resolve()


def test_init_from_an_installed_package_writes_a_modeline_that_resolves(tmp_path: Path) -> None:
    """`pip install .` (not editable): the schema line of a scaffold names the schema installed with ictarch."""
    target = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.skip(f"pip could not build the package here: {done.stderr.strip().splitlines()[-1:]}")
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "ICTARCH_CACHE_DIR": str(tmp_path / "cache")}
    probe = "import ictarch, cli; print(ictarch.__file__)"
    assert subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=work, capture_output=True, text=True
    ).stdout.startswith(str(target)), "the installed copy is the one that runs"
    run = [sys.executable, "-c", "from cli import main; main()", "init", "demo"]
    done = subprocess.run(run, env=env, cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    model = work / "demo" / "province.yaml"
    schema_file = _modeline_target(model)
    assert schema_file.is_file() and str(schema_file).startswith(str(target)), schema_file
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    data = yaml.safe_load(model.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(data))
