"""The README's commands are the ones CI runs."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)[:2]


def test_ci_runs_the_readme_test_command() -> None:
    _main, test = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, "the README's test command and the last line of .ci/run must be identical"


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```bash")
    assert first_block < 400, "the two commands come first"
    main, test = _readme_commands()
    assert main.startswith("python3 -m pip install .") and "ictarch" in main
    assert "pytest" in test


def _block_after(text: str, marker: str) -> list[str]:
    start = text.index("```text\n", text.index(marker)) + len("```text\n")
    return text[start : text.index("\n```", start)].splitlines()


def test_the_vietnamese_examples_are_what_the_commands_print(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's finding and load error are the output of the commands it names, run from the root."""
    from click.testing import CliRunner

    from cli import main

    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    args = ["--no-cache", "--no-color", "check", "province_models/quang-tri", "--select", "ICT501"]
    result = runner.invoke(main, args, env={"COLUMNS": "100"})
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    finding = [line.rstrip() for line in _block_after(text, "--select ICT501`")]
    assert finding and "là nền tảng dùng chung" in " ".join(finding)
    start = printed.index(finding[0])
    assert printed[start : start + len(finding)] == finding
    args = ["--no-cache", "--no-color", "--reference", "tests/fixtures/reference", "validate"]
    result = runner.invoke(main, [*args, "tests/samples/invalid/wrong_type.yaml"])
    error = _block_after(text, "invalid/wrong_type.yaml`")
    assert result.exit_code == 2 and result.stderr.splitlines() == error
