"""Every case of every check's case file (tests/checks/cases/ICTnnn.yaml), one test each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictarch.testing import CheckCase, check_case, load_cases, merge_model, read_data, run_case
from tests.conftest import MINI_REFERENCE

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
BASE = HERE / "base.yaml"


def all_cases() -> list[CheckCase]:
    return [case for path in sorted(CASES.glob("ICT*.yaml")) for case in load_cases(path)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = all_cases()
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


@pytest.fixture(scope="module")
def base() -> Any:
    return read_data(BASE)


def test_case(case: CheckCase, base: Any, tmp_path: Path) -> None:
    findings = run_case(case, base, MINI_REFERENCE, tmp_path)
    problems = check_case(case, findings)
    assert not problems, f"{case.file.name}: {case.name}\n" + "\n".join(problems)


def test_merge_model_rules() -> None:
    base = {
        "province": {"code": "base", "name": {"vi": "A"}},
        "components": [{"id": "a", "realizes": ["x", "y"], "owner": {"vi": "O"}}, {"id": "b"}],
        "relationships": [{"from": "a", "to": "b", "type": "serves"}],
        "conforms_to": [{"framework": "f1"}, {"framework": "f2"}],
    }
    fragment = {
        "province": {"code": "other"},
        "components": [{"id": "a", "realizes": ["z"], "owner": None}, {"id": "b", "_remove": True}, {"id": "c"}],
        "relationships": [{"from": "c", "to": "a", "type": "depends_on"}],
        "conforms_to": [{"framework": "f1", "_remove": True}],
    }
    merged = merge_model(base, fragment)
    assert merged["province"] == {"code": "other", "name": {"vi": "A"}}  # mappings merge
    assert merged["components"] == [{"id": "a", "realizes": ["z"]}, {"id": "c"}]  # by id; null removes a key
    assert len(merged["relationships"]) == 2  # lists without identity append
    assert merged["conforms_to"] == [{"framework": "f2"}]
    assert base["components"][0]["realizes"] == ["x", "y"]  # the base is not changed
    assert merge_model(base, {"relationships": []})["relationships"] == []


def test_malformed_case_files_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "ICT999.yaml"
    bad.write_text("check: ICT999\ntest_fail_x:\n  model: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"needs expect\.fail or violations"):
        load_cases(bad)
    bad.write_text("check: ICT999\ntest_pass_x:\n  modle: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys \\['modle'\\]"):
        load_cases(bad)
    bad.write_text("check: ICT999\nexample:\n  model: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a test_pass_/test_fail_ case"):
        load_cases(bad)
