"""The ready-made integrations run as written: the GitHub Actions workflow and the GitLab CI job in
examples/ci (their commands run in a repository of models with a pull request's change; the
comment poster is a stand-in), and the pre-commit hooks (through pre-commit itself)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import junitparser
import pytest
import yaml

from tests.conftest import ROOT

CI = ROOT / "examples" / "ci"
BIN = Path(sys.executable).parent
RECORDER = """#!/bin/sh
# stands in for {name}: records its arguments and the body it would post
echo "{name} $*" >> "$RECORD"
for arg in "$@"; do
  case "$arg" in body@*) cat "${{arg#body@}}" >> "$RECORD";; esac
done
prev=""
for arg in "$@"; do
  if [ "$prev" = "--body-file" ]; then cat "$arg" >> "$RECORD"; fi
  prev="$arg"
done
"""


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone of a repository of models, on a branch that adds a project (as in a pull request)."""
    upstream = tmp_path / "upstream"
    models = upstream / "province_models" / "sample"
    shutil.copytree(ROOT / "examples" / "review", models)
    _git(tmp_path, "init", "-q", "-b", "main", str(upstream))
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-qm", "models")
    work = tmp_path / "work"
    _git(tmp_path, "clone", "-q", str(upstream), str(work))
    _git(work, "checkout", "-qb", "feature")
    main = work / "province_models" / "sample" / "province.yaml"
    text = main.read_text(encoding="utf-8").replace("budget_vnd: 30000000000", "budget_vnd: 45000000000")
    main.write_text(text, encoding="utf-8")
    _git(work, "commit", "-qam", "raise the IOC budget")
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    for name in ("gh", "curl"):
        (fake / name).write_text(RECORDER.format(name=name), encoding="utf-8")
        (fake / name).chmod(0o755)
    return work


def _env(work: Path, extra: dict[str, str]) -> dict[str, str]:
    path = os.pathsep.join([str(work.parent / "fake-bin"), str(BIN), os.environ["PATH"]])
    return {**os.environ, **extra, "PATH": path, "RECORD": str(work.parent / "record.txt"), "SOURCE_DATE_EPOCH": "0"}


def _run(script: str, work: Path, env: dict[str, str]) -> None:
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"


def _sarif_ok(path: Path, work: Path) -> None:
    (run_,) = json.loads(path.read_text(encoding="utf-8"))["runs"]
    assert run_["automationDetails"]["id"] == "ictarch/check/sample/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert uris and all((work / uri).is_file() for uri in uris), uris


def _comment(work: Path) -> str:
    record = (work.parent / "record.txt").read_text(encoding="utf-8")
    diff = (work / "diff.md").read_text(encoding="utf-8")
    assert diff in record and "45" in diff
    return record


GITHUB_CONTEXT = {
    "github.base_ref": "main",
    "github.event.pull_request.number": "7",
    "github.token": "token",
    "github.event_name": "pull_request",
}


def _expand(text: str) -> str:
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: GITHUB_CONTEXT[m.group(1)], text)


def _condition(expr: str | None) -> bool:
    if expr is None:
        return True
    m = re.fullmatch(r"github\.event_name == '(\w+)'", expr.strip())
    assert m, f"the test understands no condition {expr!r}"
    return GITHUB_CONTEXT["github.event_name"] == m.group(1)


def test_github_actions_workflow_runs_checks_uploads_sarif_and_comments(pull_request: Path) -> None:
    workflow: dict[Any, Any] = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare 'on' as true
    assert "pull_request" in triggers and workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    env = {k: str(v) for k, v in workflow["env"].items()}
    assert env["MODELS"] == "province_models"
    ran = uploaded = 0
    for step in job["steps"]:
        if not _condition(step.get("if")):
            continue
        if "uses" in step:
            if step["uses"].startswith("github/codeql-action/upload-sarif"):
                _sarif_ok(pull_request / step["with"]["sarif_file"], pull_request)
                uploaded += 1
            continue
        if 'pip install "$ICTARCH"' in step["run"]:
            continue  # ictarch is installed in this environment already
        step_env = {k: _expand(str(v)) for k, v in step.get("env", {}).items()}
        _run(_expand(step["run"]), pull_request, _env(pull_request, {**env, **step_env}))
        ran += 1
    assert ran == 4 and uploaded == 1
    assert "gh pr comment 7 --body-file diff.md" in _comment(pull_request)


def test_gitlab_ci_job_runs_checks_keeps_reports_and_posts_a_note(pull_request: Path) -> None:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))["ictarch"]
    assert any('pip install "$ICTARCH"' in line for line in job["before_script"])
    ci = {
        "CI_MERGE_REQUEST_IID": "5",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_API_V4_URL": "https://gitlab.invalid/api/v4",
        "CI_PROJECT_ID": "42",
        "ICTARCH_NOTE_TOKEN": "token",
    }
    env = _env(pull_request, {**{k: str(v) for k, v in job["variables"].items()}, **ci})
    for line in job["script"]:
        _run(line, pull_request, env)
    report = job["artifacts"]["reports"]["junit"]
    cases = [case for suite in junitparser.JUnitXml.fromfile(str(pull_request / report)) for case in suite]
    assert cases and all(p for p in job["artifacts"]["paths"] if (pull_request / p).is_file())
    _sarif_ok(pull_request / "ictarch.sarif", pull_request)
    record = _comment(pull_request)
    assert "https://gitlab.invalid/api/v4/projects/42/merge_requests/5/notes" in record


def _hooks() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hooks


def _hook(hook: dict[str, Any], changed: list[str]) -> list[str]:
    """The command pre-commit runs: entry, args, and the changed files unless pass_filenames is false."""
    return [*hook["entry"].split(), *hook.get("args", []), *(changed if hook.get("pass_filenames", True) else [])]


def test_pre_commit_hooks_are_valid_and_their_commands_run(pull_request: Path) -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is installed by the test extras")
    clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    hooks = {h["id"]: h for h in _hooks()}
    assert set(hooks) == {"ictarch-validate", "ictarch-check"}
    workflow = pull_request / ".github" / "workflows" / "other.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: other\n", encoding="utf-8")
    changed = [
        "province_models/sample/province.yaml",
        "province_models/sample/ictarch.yaml",
        ".github/workflows/other.yml",
    ]
    env = _env(pull_request, {})
    for hook in hooks.values():
        assert all(re.search(hook["files"], name) for name in changed)
        done = subprocess.run(_hook(hook, changed), cwd=pull_request, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    validate = hooks["ictarch-validate"]
    done = subprocess.run(_hook(validate, [changed[2]]), cwd=pull_request, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "no province model among the changed files" in done.stderr
    broken = pull_request / "province_models" / "sample" / "province.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: network", "kind: netwrk"), encoding="utf-8")
    done = subprocess.run(_hook(validate, changed[1:]), cwd=pull_request, env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "did you mean 'network'" in done.stderr, "a change beside the model validates it"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
def test_pre_commit_try_repo_on_a_sample_repository(pull_request: Path) -> None:
    """pre-commit installs ictarch from this checkout into its own environment and runs both hooks."""
    pytest.importorskip("pre_commit", reason="pre-commit is installed by the test extras")
    if _git(ROOT, "status", "--porcelain", "--", ".pre-commit-hooks.yaml").startswith("??"):
        pytest.skip(".pre-commit-hooks.yaml is not tracked by git yet")
    env = _env(pull_request, {"PRE_COMMIT_HOME": str(pull_request.parent / "pre-commit-home")})
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files"]
    done = subprocess.run(command, cwd=pull_request, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"ictarch validate .*Passed", done.stdout) and re.search(r"ictarch check .*Passed", done.stdout)
