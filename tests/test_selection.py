"""The selection grammar, as a table of (select, exclude, expected ids) over a 7-node synthetic graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ictarch.analysis.selection import Selector, SelectorMethod, parse, parse_atom, select
from ictarch.errors import SelectorError
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import LoadedArchitecture, SourceMap, Workspace, load_catalogue
from ictarch.models.province import ProvinceArchitecture
from tests.conftest import MINI_REFERENCE

# a → b → c, b → national eID; d integrates via b; e serves b (not a dependency); f sends data to a.
MODEL: dict[str, Any] = {
    "province": {"code": "sel", "name": {"vi": "Tỉnh Chọn"}},
    "programme": {"name": {"vi": "Đề án"}},
    "conforms_to": [{"framework": "t.ict"}],
    "domains": [{"id": "d1", "name": {"vi": "Một"}}, {"id": "d2", "name": {"vi": "Hai"}}],
    "components": [
        {
            "id": "a",
            "name": {"vi": "A"},
            "kind": "application",
            "realizes": ["t.L1"],
            "domain": "d1",
            "status": "existing",
            "tags": ["pilot"],
        },
        {
            "id": "b",
            "name": {"vi": "B"},
            "kind": "platform",
            "realizes": ["t.L2.integration"],
            "domain": "d1",
            "status": "existing",
        },
        {"id": "c", "name": {"vi": "C"}, "kind": "database", "realizes": ["t.L2"], "status": "planned"},
        {"id": "d", "name": {"vi": "D"}, "kind": "portal", "realizes": ["t.L1"], "domain": "d2", "status": "planned"},
        {"id": "e", "name": {"vi": "E"}, "kind": "security", "realizes": ["t.X.SEC"], "status": "in-progress"},
        {"id": "f", "name": {"vi": "F"}, "kind": "application", "status": "retired"},
    ],
    "relationships": [
        {"from": "a", "to": "b", "type": "depends_on"},
        {"from": "b", "to": "c", "type": "depends_on"},
        {"from": "b", "to": "t.nat.eid", "type": "depends_on"},
        {"from": "d", "to": "b", "type": "integrates_via"},
        {"from": "e", "to": "b", "type": "serves"},
        {"from": "f", "to": "a", "type": "data_flow"},
    ],
    "projects": [{"id": "p", "name": {"vi": "Dự án"}, "domain": "d1", "delivers": ["a", "b"]}],
}


def synthetic_graph(model: dict[str, Any] = MODEL) -> ArchGraph:
    catalogue, _ = load_catalogue(MINI_REFERENCE)
    arch = ProvinceArchitecture.model_validate(model)
    return build_graph(Workspace(catalogue, [LoadedArchitecture(arch, Path("."), SourceMap())]))


ALL = "a b c d e f p"

CASES = [
    # (select, exclude, expected entity ids)
    ([], [], ALL),
    (["kind:platform"], [], "b"),
    (["kind:project"], [], "p"),
    (["status:planned"], [], "c d"),
    (["layer:t.L2"], [], "b c"),  # b through the layer's component, c directly
    (["layer:t.L1"], [], "a d"),
    (["ref:t.L2.integration"], [], "b"),
    (["domain:d1"], [], "a b p"),
    (["tag:pilot"], [], "a"),
    (["province:sel"], [], ALL),
    (["a"], [], "a"),
    (["id:a"], [], "a"),
    (["+a"], [], "a b c"),  # the national eID is a reference node, not selectable
    (["1+a"], [], "a b"),
    (["a+"], [], "a f"),
    (["b+"], [], "a b d f"),  # e only serves b: not a dependency
    (["b+1"], [], "a b d"),
    (["+b+1"], [], "a b c d"),
    (["kind:application,status:existing"], [], "a"),
    (["kind:application status:planned"], [], "a c d f"),  # space: union
    (["kind:application", "status:planned"], [], "a c d f"),  # repeated option: union
    (["domain:d1"], ["kind:project"], "a b"),
    ([], ["status:retired"], "a b c d e p"),
    ([], ["b+"], "c e p"),
    (["kind:application,tag:none"], [], ""),
]


@pytest.mark.parametrize(("include", "exclude", "expected"), CASES, ids=[" ".join(c[0]) or "all" for c in CASES])
def test_selection_table(include: list[str], exclude: list[str], expected: str) -> None:
    g = synthetic_graph()
    got = [g.info(n).entity_id for n in select(g, include, exclude)]
    assert got == sorted(expected.split())


def test_atoms_parse_into_method_value_and_depths() -> None:
    assert parse_atom("kind:platform") == Selector(SelectorMethod.KIND, "platform")
    assert parse_atom("2+quang-tri.lgsp+") == Selector(
        SelectorMethod.ID, "quang-tri.lgsp", upstream=True, upstream_depth=2, downstream=True
    )
    assert parse_atom("x.y_z-1+3") == Selector(SelectorMethod.ID, "x.y_z-1", downstream=True, downstream_depth=3)
    assert parse("a,kind:platform b") == (
        (Selector(SelectorMethod.ID, "a"), Selector(SelectorMethod.KIND, "platform")),
        (Selector(SelectorMethod.ID, "b"),),
    )


ERRORS = [
    ("colour:red", "'colour' is not a valid method (choose from: id, kind, layer, domain, province, status, tag, ref)"),
    ("kind:app", "'app' is not a kind (choose from: application, platform"),
    ("status:done", "'done' is not a status (choose from: existing, in-progress, planned, retired)"),
    ("zz", "no component or project 'zz'"),
    ("bb", "no component or project 'bb'; did you mean 'b'?"),
    ("layer:t.L9", "'t.L9' is not a reference layer; did you mean 't.L"),
    ("ref:t.nope", "'t.nope' is not a reference layer or component"),
    ("domain:d3", "'d3' is not a domain of the models (choose from: d1, d2)"),
    ("province:xx", "'xx' is not a loaded province (choose from: sel)"),
    ("a,,b", "an empty selector between commas"),
    ("   ", "empty selection expression"),
    ("+", "'+' is not a valid selector"),
    ("a:b:c", "'a:b:c' is not a valid selector"),
]


@pytest.mark.parametrize(("expression", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_selector_errors_say_what_is_allowed(expression: str, message: str) -> None:
    with pytest.raises(SelectorError) as info:
        select(synthetic_graph(), [expression])
    assert message in str(info.value)
