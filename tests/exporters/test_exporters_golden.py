"""Golden texts per view and format, identical whatever the hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.exporters.helpers import PROVINCES, REFERENCE, check_golden, golden_outputs

OUTPUTS = golden_outputs()


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_output_matches_its_golden_file(name: str) -> None:
    check_golden(name, OUTPUTS[name])


def _run(seed: str, *args: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", check=True
    )
    return done.stdout


def test_outputs_do_not_depend_on_the_hash_seed() -> None:
    script = "import json; from tests.exporters.helpers import golden_outputs; print(json.dumps(golden_outputs()))"
    first, second = (json.loads(_run(seed, "-c", script)) for seed in ("0", "1"))
    assert first == second
    assert first == OUTPUTS


def test_the_command_line_output_does_not_depend_on_the_hash_seed() -> None:
    args = ["-m", "cli", "--no-cache", "--lang", "en", "--reference", str(REFERENCE), "diagram", "national"]
    first, second = (_run(seed, *args, str(PROVINCES), "--format", "dot") for seed in ("0", "1"))
    assert first == second == OUTPUTS["national.dot"]
