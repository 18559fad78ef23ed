"""The graph carries every model relation with a typed edge, and its verbs answer domain questions."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind, Relation, build_graph
from ictarch.loading import load_workspace
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE


def _graph() -> ArchGraph:
    return build_graph(load_workspace([MINI_PROVINCE], MINI_REFERENCE))


def test_every_edge_has_a_relation_and_every_node_a_kind() -> None:
    g = _graph()
    for _u, _v, key, data in g.nx.edges(keys=True, data=True):
        assert isinstance(key, Relation)
        assert data == {}
    for _n, data in g.nx.nodes(data=True):
        assert isinstance(data["kind"], NodeKind)
    assert all(isinstance(n, str) for n in g.nx.nodes)


def test_province_nodes_and_reference_nodes() -> None:
    g = _graph()
    assert g.components("mini") == ["mini:mini.lgsp", "mini:mini.portal", "mini:mini.soc"]
    assert g.projects() == ["mini:mini.p.apps", "mini:mini.p.platform"]
    # the declared frameworks are in, with their layers and components; undeclared ones only where referenced
    assert "ref:t.ict" in g and "ref:t.L2.integration" in g and "ref:t.egov.2" in g
    assert "ref:t.egov.1" not in g  # neither declared nor referenced
    assert "ref:t.nat.eid" in g  # a national component the LGSP depends on
    assert "ref:t.national" in g


def test_typed_edges_from_the_yaml() -> None:
    g = _graph()
    assert ("mini:mini.portal", "mini:mini.lgsp", Relation.INTEGRATES_VIA) in g.edges()
    assert ("mini:mini.lgsp", "ref:t.nat.eid", Relation.DEPENDS_ON) in g.edges()
    assert ("mini:mini.soc", "mini:mini.lgsp", Relation.SERVES) in g.edges()
    assert g.neighbours("mini:mini.p.platform", Relation.DELIVERS) == ["mini:mini.lgsp"]
    assert g.deliverers("mini:mini.portal") == ["mini:mini.p.apps"]
    assert g.neighbours("mini:mini.lgsp", Relation.LINKS_TO) == ["ref:t.egov2.lgsp"]


def test_dependencies_dependents_and_path() -> None:
    g = _graph()
    assert g.dependencies("mini:mini.portal") == ["mini:mini.lgsp", "ref:t.nat.eid"]
    assert g.dependencies("mini:mini.portal", depth=1) == ["mini:mini.lgsp"]
    assert g.dependents("ref:t.nat.eid") == ["mini:mini.lgsp", "mini:mini.portal"]
    assert g.dependents("mini:mini.soc") == []  # 'serves' is not a dependency
    assert g.path("mini:mini.portal", "ref:t.nat.eid") == ["mini:mini.portal", "mini:mini.lgsp", "ref:t.nat.eid"]
    assert g.path("mini:mini.soc", "ref:t.nat.eid") is None


def test_realizations_members_and_capabilities() -> None:
    g = _graph()
    assert g.realizations("t.L2.integration") == ["mini:mini.lgsp"]
    assert g.members("t.L2") == ["mini:mini.lgsp"]  # through the layer's component
    assert g.members("t.L1", "mini") == ["mini:mini.portal"]
    assert g.members("t.L1", "other") == []
    assert g.capability_of("mini:mini.lgsp") == {"cap.integration"}
    assert g.entity("mini:mini.lgsp").security_level == 3


def _with_cycle(tmp: Path) -> ArchGraph:
    """The mini province with a two-node dependency cycle and a self-dependency planted in its YAML."""
    shutil.copytree(MINI_PROVINCE, tmp / "mini")
    main = tmp / "mini" / "province.yaml"
    main.write_text(
        main.read_text(encoding="utf-8")
        + "  - {from: mini.lgsp, to: mini.portal, type: depends_on}\n"
        + "  - {from: mini.soc, to: mini.soc, type: depends_on}\n",
        encoding="utf-8",
    )
    return build_graph(load_workspace([tmp / "mini"], MINI_REFERENCE))


def test_cycles_one_per_strongly_connected_component(tmp_path: Path) -> None:
    cycles = list(_with_cycle(tmp_path).cycles())
    assert sorted(sorted(c) for c in cycles) == [["mini:mini.lgsp", "mini:mini.portal"], ["mini:mini.soc"]]
    assert list(_graph().cycles()) == []


def test_view_restricts_relations_and_adjacency_is_json_ready() -> None:
    g = _graph()
    view = g.view([Relation.DELIVERS])
    assert isinstance(view, nx.DiGraph)
    assert sorted(view.edges()) == [
        ("mini:mini.p.apps", "mini:mini.portal"),
        ("mini:mini.p.platform", "mini:mini.lgsp"),
    ]
    adj = g.to_adjacency()
    assert adj["mini:mini.p.platform"]["delivers"] == ["mini:mini.lgsp"]


def test_build_is_deterministic() -> None:
    a, b = _graph(), _graph()
    assert a.edges() == b.edges()
    assert sorted(a.nx.nodes) == sorted(b.nx.nodes)


def _layout(g: nx.MultiDiGraph[str]) -> list[object]:
    """Everything of a graph that iteration shows, in order: nodes and data, successors and predecessors."""
    return [
        list(g.nodes(data=True)),
        [(n, [(m, list(keys.items())) for m, keys in g.succ[n].items()]) for n in g],
        [(n, [(m, list(keys)) for m, keys in g.pred[n].items()]) for n in g],
    ]


def test_the_graph_built_in_bulk_is_the_one_networkx_builds_edge_by_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ictarch.graph as graph_module
    from benchmarks.national import generate
    from ictarch.loading import examples_root

    generate(tmp_path, provinces=3, components=60, seed=11)
    for ws in (load_workspace([examples_root()]), load_workspace([tmp_path])):
        bulk = build_graph(ws)
        bulk.nx.add_edge("ref:x", "ref:y", key=Relation.MAPS_TO)  # still a graph networkx can extend
        bulk.nx.remove_edge("ref:x", "ref:y", key=Relation.MAPS_TO)
        bulk.nx.remove_nodes_from(["ref:x", "ref:y"])
        with monkeypatch.context() as patch:
            patch.setattr(
                graph_module, "_add_edges", lambda g, edges: g.add_edges_from((u, v, k, {}) for u, v, k in edges)
            )
            one_by_one = build_graph(ws)
        assert _layout(bulk.nx) == _layout(one_by_one.nx)
        assert nx.utils.graphs_equal(bulk.nx, one_by_one.nx)
        dependencies = graph_module.DEPENDENCY_RELATIONS
        assert list(bulk.view(dependencies).edges) == list(one_by_one.view(dependencies).edges)


def test_the_check_index_names_the_projects_delivering_a_component_as_the_graph_does() -> None:
    from ictarch.checks.index import ModelIndex

    ws = load_workspace([Path(__file__).resolve().parent.parent / "province_models"])
    g, index = build_graph(ws), ModelIndex(ws)
    delivered = 0
    for loaded in ws.provinces:
        for comp in loaded.architecture.components:
            expected = [g.entity(p) for p in g.deliverers(f"{loaded.code}:{comp.id}")]
            found = index.deliverers(loaded.code, comp.id)
            assert len(found) == len(expected) and all(a is b for a, b in zip(found, expected, strict=True))
            delivered += bool(expected)
    assert delivered > 20  # the shipped models fund many of their components
    assert index.deliverers("no-such-province", "x") == []


def test_the_edges_leaving_some_nodes_are_those_of_all_edges_that_leave_them(national_model: Path) -> None:
    from ictarch.loading import examples_root

    for ws in (load_workspace([examples_root()]), load_workspace([national_model])):
        g = build_graph(ws)
        code = ws.provinces[0].code
        for nodes in (g.components(code), g.components(code)[::3], [*g.projects(code), "absent"], []):
            for relations in ([Relation.DEPENDS_ON, Relation.DATA_FLOW], [Relation.INTEGRATES_VIA], list(Relation)):
                expected = [e for e in g.edges(relations) if e[0] in set(nodes)]
                assert g.edges_from(nodes, relations) == expected
        assert g.edges_from(g.components(code), list(Relation)), "the components have edges"


def _counted_one_by_one(g: ArchGraph, nodes: list[str], prefix: str) -> dict[str, int]:
    return {n: sum(1 for d in g.dependents(n) if d.startswith(prefix)) for n in nodes}


_NODES = [f"{p}:{i}" for p in ("a", "b") for i in range(8)]


@settings(max_examples=300, deadline=None)
@given(
    edges=st.lists(
        st.tuples(
            st.sampled_from(_NODES),
            st.sampled_from(_NODES),
            st.sampled_from([*sorted(DEPENDENCY_RELATIONS), Relation.SERVES, Relation.REALIZES]),
        ),
        max_size=40,
    ),
    asked=st.lists(st.sampled_from([*_NODES, "a:absent"]), max_size=10),
    prefix=st.sampled_from(["a:", "b:", ""]),
)
def test_dependents_counted_in_one_pass_are_those_found_one_node_at_a_time(
    edges: list[tuple[str, str, Relation]], asked: list[str], prefix: str
) -> None:
    """Cycles, self-loops, nodes of other provinces and relations that are not dependencies included."""
    raw: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    raw.add_nodes_from(_NODES[::2])  # some nodes without an edge
    for u, v, relation in edges:
        raw.add_edge(u, v, key=relation)
    g = ArchGraph(raw, None)  # type: ignore[arg-type]  # the dependency view reads the edges alone
    assert g.dependent_counts(asked, prefix) == _counted_one_by_one(g, list(dict.fromkeys(asked)), prefix)


def test_dependents_counted_in_one_pass_on_a_national_model(national_model: Path) -> None:
    ws = load_workspace([national_model])
    g = build_graph(ws)
    for code in [p.code for p in ws.provinces][:3]:
        nodes = g.components(code)
        counts = g.dependent_counts(nodes, f"{code}:")
        assert counts == _counted_one_by_one(g, nodes, f"{code}:")
        assert max(counts.values()) > 10, "platforms that many systems need"
