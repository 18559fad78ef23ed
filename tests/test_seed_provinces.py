"""The four seed provinces state the facts of their seed articles, and every sourced fact names a listed source."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from pydantic import BaseModel

from ictarch.loading import Workspace, examples_root, load_workspace
from ictarch.models.common import Provenance
from ictarch.models.province import ProgrammeDocument, ProvinceArchitecture

SEED_PROVINCES = ("kon-tum", "quang-tri", "ba-ria-vung-tau", "ha-tinh")


def _load(code: str) -> ProvinceArchitecture:
    """A shipped province, through the loader with the shipped reference frameworks."""
    return _workspace().province(code).architecture


@cache
def _workspace() -> Workspace:
    return load_workspace([examples_root()])


def _facts(node: object) -> Iterator[Any]:
    """Every item that carries a source and a provenance (documents, phases, domains, components, ...)."""
    if isinstance(node, BaseModel):
        if "source" in type(node).model_fields and "provenance" in type(node).model_fields:
            yield node
        for name in type(node).model_fields:
            yield from _facts(getattr(node, name))
    elif isinstance(node, tuple):
        for item in node:
            yield from _facts(item)


def _document(model: ProvinceArchitecture, number: str) -> ProgrammeDocument:
    return next(doc for doc in model.programme.documents if doc.number == number)


# --- Quảng Trị ------------------------------------------------------------------------------------------------


def test_quang_tri_decision_1765() -> None:
    model = _load("quang-tri")
    decision = _document(model, "1765/QĐ-UBND")
    assert decision.date == dt.date(2018, 8, 1)
    assert decision.period is not None and model.programme.period is not None
    assert (decision.period.start, decision.period.end) == (2018, 2023)
    assert decision.vision_year == 2030
    assert decision.provenance is Provenance.VERIFIED
    assert (model.programme.period.start, model.programme.period.end, model.programme.vision_year) == (2018, 2023, 2030)


def test_quang_tri_egov_architecture_v1() -> None:
    model = _load("quang-tri")
    egov = next(doc for doc in model.programme.documents if doc.kind.value == "egov-architecture")
    assert (egov.number, egov.date, egov.version) == (None, dt.date(2018, 10, 20), "1.0")
    assert "vn.egov.eaf.1.0" in {c.framework for c in model.conforms_to}


def test_quang_tri_domains_and_28_projects() -> None:
    model = _load("quang-tri")
    expected = {
        "e-government": 10,
        "health": 3,
        "education": 8,
        "security-order": 3,
        "culture-tourism": 3,
        "transport": 1,
    }
    assert {d.id: d.declared_project_count for d in model.domains} == expected
    assert Counter(p.domain for p in model.projects) == Counter(expected)
    assert len(model.projects) == sum(expected.values()) == 28


def test_quang_tri_nine_solution_groups() -> None:
    groups = _load("quang-tri").programme.solution_groups
    assert len(groups) == 9
    assert all(g.provenance is Provenance.VERIFIED for g in groups)


# --- Bà Rịa – Vũng Tàu -------------------------------------------------------------------------------------------


def test_ba_ria_vung_tau_pilot_budget_and_phases() -> None:
    model = _load("ba-ria-vung-tau")
    assert model.programme.pilot is not None and model.programme.period is not None
    assert model.programme.pilot.vi == "Thành phố Vũng Tàu"
    pilot = next(p for p in model.projects if p.budget_vnd == 70_000_000_000)
    assert pilot.source is not None and "70 tỷ" in (pilot.source.note or "")
    phases = [(ph.period.start, ph.period.end) for ph in model.programme.phases]
    assert phases == [(2020, 2022), (2023, 2025), (2026, 2030)]
    assert (model.programme.period.start, model.programme.vision_year) == (2020, 2030)


# --- Hà Tĩnh -------------------------------------------------------------------------------------------------------


def test_ha_tinh_frameworks_kpi_and_ioc() -> None:
    model = _load("ha-tinh")
    assert {"vn.ictrf.1.0", "vn.egov.eaf.2.0"} <= {c.framework for c in model.conforms_to}
    kpi = next(i for i in model.indicators if i.indicator == "vn.kpi.3098.1.0")
    assert kpi.source is not None and "20/11/2023" in (kpi.source.note or "")
    ioc = [c for c in model.components if "ictrf.C.IOC" in c.realizes]
    assert len(ioc) == 1 and ioc[0].status.value == "in-progress"
    plan = _document(model, "66/KH-UBND")
    assert plan.date == dt.date(2021, 3, 12)


# --- Kon Tum -------------------------------------------------------------------------------------------------------


def test_kon_tum_documents() -> None:
    model = _load("kon-tum")
    assert _document(model, "1133/UBND-KGVX").date == dt.date(2018, 5, 8)
    architecture = _document(model, "614/QĐ-UBND")
    assert architecture.date == dt.date(2024, 10, 21)
    assert architecture.kind.value == "ict-architecture"


# --- All four --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "merged_into"),
    [
        ("kon-tum", "quang-ngai-2025"),
        ("quang-tri", "quang-tri-2025"),
        ("ba-ria-vung-tau", "ho-chi-minh-city-2025"),
        ("ha-tinh", None),
    ],
)
def test_merges_of_1_july_2025(code: str, merged_into: str | None) -> None:
    merge = _load(code).province.history.merged_into
    if merged_into is None:
        assert merge is None
    else:
        assert merge is not None
        assert (merge.province, merge.effective) == (merged_into, dt.date(2025, 7, 1))


@pytest.mark.parametrize("code", SEED_PROVINCES)
def test_every_fact_cites_a_listed_source(code: str) -> None:
    model = _load(code)
    listed = {s.id for s in model.sources}
    for fact in _facts(model):
        if fact.source is not None:
            assert fact.source.document in listed, f"{code}: {fact!r} cites an unlisted source"
        if fact.provenance is not Provenance.ILLUSTRATIVE:
            assert fact.source is not None, f"{code}: {fact!r} is {fact.provenance.value} but has no source"


def test_show_prints_what_an_architect_recognises_from_the_seed() -> None:
    from click.testing import CliRunner

    from cli import main

    result = CliRunner().invoke(main, ["--format", "json", "show", str(examples_root())])
    assert result.exit_code == 0, result.stderr
    by_code = {s["code"]: s for s in __import__("json").loads(result.stdout)}
    qt = by_code["quang-tri"]
    assert qt["documents"][0]["number"] == "1765/QĐ-UBND" and qt["documents"][0]["date"] == "2018-08-01"
    assert qt["period"] == [2018, 2023] and qt["vision_year"] == 2030
    assert qt["declared_project_counts"] == qt["projects_by_domain"]
    assert sum(qt["projects_by_domain"].values()) == 28
    assert len(qt["solution_groups"]) == 9
    assert qt["merged_into"] == "quang-tri-2025"
    assert any(not f["current"] for f in qt["frameworks"])  # its e-government architecture 1.0 is superseded
    brvt = by_code["ba-ria-vung-tau"]
    assert "Vũng Tàu" in brvt["pilot"] and len(brvt["phases"]) == 3
