"""The registry and the rule documentation: codes, names, docstring sections, references, case files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ictarch.checks import ALL_CHECKS, default_registry
from ictarch.checks.catalogue import REGENERATE, render_markdown
from ictarch.checks.registry import Registry
from ictarch.checks.spec import SECTIONS, CheckContext, check, spec_of
from ictarch.errors import SelectorError
from ictarch.findings import FindingDraft, Severity
from ictarch.loading import load_catalogue
from ictarch.models.reference import ReferenceCatalogue
from ictarch.testing import load_cases
from tests.conftest import ROOT

CASES = Path(__file__).resolve().parent / "cases"
REGISTRY = default_registry()
DOCUMENT_NUMBER = re.compile(r"\b\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z&-]*")
"""A Vietnamese document number such as 829/QĐ-BTTTT or 269/2025/NĐ-CP."""


@pytest.fixture(scope="module")
def shipped() -> ReferenceCatalogue:
    return load_catalogue()[0]


def _labels(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "vi" in value:
            yield value
        for v in value.values():
            yield from _labels(v)
    elif isinstance(value, list):
        for v in value:
            yield from _labels(v)


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.code)
def test_docstring_has_the_sections_in_order(spec: Any) -> None:
    sections = spec.sections
    assert list(sections) == ["", *SECTIONS], f"{spec.code}: sections {list(sections)[1:]}, expected {SECTIONS}"
    assert all(sections[h] for h in sections), f"{spec.code}: an empty section"
    assert "\n" not in sections[""] and sections[""].endswith("."), f"{spec.code}: the summary is one sentence"
    assert DOCUMENT_NUMBER.search(sections["Rationale"]), f"{spec.code}: the rationale cites no document number"
    for header in ("Anti-pattern", "Best practice"):
        data = yaml.safe_load(sections[header])
        assert data is not None, f"{spec.code}: {header} is not YAML"
        for label in _labels(data):
            assert set(label) <= {"vi", "en"}, f"{spec.code} {header}: quote names with commas: {label}"


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.code)
def test_reference_document_is_in_the_shipped_catalogue(spec: Any, shipped: ReferenceCatalogue) -> None:
    assert spec.reference_document in shipped.documents, f"{spec.code}: unknown document {spec.reference_document}"
    assert spec.reference_clause


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.code)
def test_every_check_has_pass_and_fail_cases(spec: Any) -> None:
    path = CASES / f"{spec.code}.yaml"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    cases = load_cases(path)
    assert {c.check for c in cases} == {spec.code}
    assert any(c.passes for c in cases), f"{spec.code}: no test_pass_ case"
    assert any(not c.passes for c in cases), f"{spec.code}: no test_fail_ case"


def test_every_case_file_names_a_registered_check() -> None:
    for path in sorted(CASES.glob("*.yaml")):
        assert path.stem in REGISTRY, f"{path.name} names no registered check"


def test_all_checks_are_listed_once_and_families_match_codes() -> None:
    assert len(ALL_CHECKS) == len(REGISTRY) == len({spec_of(fn).code for fn in ALL_CHECKS})
    for spec in REGISTRY:
        assert spec.family in spec.groups or spec.family in ("integrity", "security", "waiver")
        module = spec.fn.__module__.rsplit(".", 1)[-1]
        expected = {"1": "gaps", "2": "duplication", "3": "linkage", "4": "integrity", "5": "security"}
        expected |= {"6": "currency", "9": "waivers"}
        family = expected[spec.code[3]]
        assert module == family or module.startswith(f"{family}_"), f"{spec.code} lives in {module}"


def test_principles_cite_only_registered_checks(shipped: ReferenceCatalogue) -> None:
    cited = {code for p in shipped.principles.values() for code in p.enforced_by}
    assert cited, "the shipped principles cite no check"
    assert cited <= set(REGISTRY.codes), f"unknown: {sorted(cited - set(REGISTRY.codes))}"


def test_docs_catalogue_has_not_drifted(shipped: ReferenceCatalogue) -> None:
    committed = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert committed == render_markdown(REGISTRY, shipped), f"docs/checks.md is stale: run `{REGENERATE}`"


# --------------------------------------------------------------------------- the registry


def _spec(code: str, name: str) -> Any:
    @check(code=code, name=name, severity=Severity.LOW, groups=("x",), reference=("doc", "§1"))
    def fn(ctx: CheckContext) -> Iterator[FindingDraft]:
        """Summary."""
        yield from ()

    return spec_of(fn)


def test_registry_refuses_duplicates_bad_codes_and_retired_codes() -> None:
    with pytest.raises(ValueError, match="ICT777 is used twice"):
        Registry([_spec("ICT777", "a.b"), _spec("ICT777", "a.c")])
    with pytest.raises(ValueError, match=r"name 'a\.b' is used by ICT777 and ICT778"):
        Registry([_spec("ICT777", "a.b"), _spec("ICT778", "a.b")])
    with pytest.raises(ValueError, match=r"ICT77: .*three digits"):
        Registry([_spec("ICT77", "a.b")])
    with pytest.raises(ValueError, match="not dotted lower case"):
        Registry([_spec("ICT777", "Gap")])
    with pytest.raises(ValueError, match="retired"):
        Registry([_spec("ICT777", "a.b")], retired={"ICT777": "replaced by ICT778"})


def test_check_decorator_registers_nothing_globally() -> None:
    before = len(default_registry())
    _spec("ICT779", "x.y")
    assert len(default_registry()) == before
    with pytest.raises(TypeError):
        spec_of(lambda ctx: iter(()))


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["ICT201"], ["ICT201"]),
        (["ict201"], ["ICT201"]),
        (["duplication.name.similar"], ["ICT205"]),
        (["linkage"], ["ICT301", "ICT302", "ICT303", "ICT304", "ICT305", "ICT306"]),
        (["ICT10*"], ["ICT101", "ICT102", "ICT103", "ICT104", "ICT105", "ICT106"]),
        (["gap.layer.*"], ["ICT101", "ICT106"]),
        (["ICT201,ICT202", "waiver"], ["ICT201", "ICT202", "ICT901", "ICT902"]),
    ],
)
def test_selection_by_code_name_group_and_glob(patterns: list[str], expected: list[str]) -> None:
    assert REGISTRY.select(patterns) == expected


def test_unknown_selection_suggests_the_nearest() -> None:
    with pytest.raises(SelectorError, match="did you mean 'duplication'"):
        REGISTRY.select(["duplicaton"])
    with pytest.raises(SelectorError, match="matches no check"):
        REGISTRY.select(["ICT8*"])
    with pytest.raises(SelectorError, match="retired: gone"):
        Registry([_spec("ICT777", "a.b")], retired={"ICT700": "gone"}).get("ICT700")
