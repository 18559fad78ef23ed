"""Every example of output in the README and docs/ is what its command prints today
(scripts/docs_examples.py writes them; this test fails when one is stale)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_examples", ROOT / "scripts" / "docs_examples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_examples"] = module
    spec.loader.exec_module(module)
    return module


DOCS = _script()
EXAMPLES = [e for path in DOCS.documents() for e in DOCS.examples(path)]


def test_the_readme_has_examples_of_output() -> None:
    assert len([e for e in EXAMPLES if e.file.name == "README.md"]) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.file.relative_to(ROOT)}:{e.command[:60]}")
def test_example_is_what_the_command_prints(example: object) -> None:
    if " diff " in example.command:  # type: ignore[attr-defined]
        for rev in re.findall(r"([0-9a-f]{7,40}):", example.command):  # type: ignore[attr-defined]
            known = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True)
            if known.returncode != 0:
                pytest.skip(f"revision {rev} is not in this clone (a shallow clone?)")
    assert DOCS.render(example) == example.body, (  # type: ignore[attr-defined]
        f"stale example in {example.file.relative_to(ROOT)}: run python3 scripts/docs_examples.py"  # type: ignore[attr-defined]
    )


def test_no_output_without_its_command() -> None:
    """A block that shows a command's output (``$ ictarch ...``) must be one the script writes."""
    for path in DOCS.documents():
        text = path.read_text(encoding="utf-8")
        marked = {e.body for e in DOCS.examples(path)}
        for block in re.findall(r"```text\n(.*?)```\n", text, re.DOTALL):
            if block.startswith("$ "):
                assert block in marked, f"{path.relative_to(ROOT)}: an example without its <!-- output: --> marker"


def test_lines_keep_the_chosen_ranges() -> None:
    output = ["a", "  b", "  c", "d", "e"]
    assert DOCS._keep(output, "2-3") == ["  ...", "  b", "  c", "  ..."]
    assert DOCS._keep(output, "1,5") == ["a", "...", "e"]
