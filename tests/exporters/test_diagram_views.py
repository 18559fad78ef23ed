"""What each view shows, computed from the test provinces (alpha: planted problems; beta: a second LGSP)."""

from __future__ import annotations

import pytest

from exporters import view_model
from exporters.view_model import group_edges, hub_nodes
from exporters.views import (
    GraphView,
    GridView,
    Group,
    ViewOptions,
    build_view,
    collapse,
    coverage,
    project_dependencies,
)
from ictarch.errors import ExportError, SelectorError
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, Relation, build_graph
from ictarch.loading import load_workspace
from tests.conftest import ROOT
from tests.exporters.helpers import graph


def _graph_view(key: str, include: tuple[str, ...] = (), **options: object) -> GraphView:
    view = build_view(key, graph(), include, (), ViewOptions(**options))  # type: ignore[arg-type]
    assert isinstance(view, GraphView)
    return view


def _grid_view(key: str, include: tuple[str, ...] = (), **options: object) -> GridView:
    view = build_view(key, graph(), include, (), ViewOptions(**options))  # type: ignore[arg-type]
    assert isinstance(view, GridView)
    return view


def _members(view: GraphView) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in view.nodes:
        out.setdefault(n.group or "", []).append(n.detail)
    return {g: sorted(ids) for g, ids in out.items()}


def test_layered_bands_follow_the_framework_with_cross_cutting_systems_beside() -> None:
    view = _graph_view("layered", ("province:alpha",), edges="all")
    assert [(g.id, g.kind) for g in view.groups] == [
        ("ref:v.L1", "layer"),
        ("ref:v.L2", "layer"),
        ("ref:v.L3", "layer"),
        ("ref:v.L4", "layer"),
        ("ref:v.X.SEC", "side"),
        ("ref:v.C.IOC", "side"),
        ("unplaced", "layer"),
        ("national", "layer"),
    ]
    members = _members(view)
    assert members["ref:v.L3"] == ["alpha.iot", "alpha.lgsp", "alpha.traffic-iot"]
    assert members["unplaced"] == ["alpha.eid-local", "alpha.old-sms"]
    assert members["national"] == ["v.nat.eid", "v.nat.ndxp"]
    kinds = {n.detail: (n.kind, n.status) for n in view.nodes}
    assert kinds["alpha.traffic-iot"] == ("platform", "planned")
    assert kinds["v.nat.eid"] == ("national", None)
    assert ("alpha:alpha.portal", "alpha:alpha.lgsp", "integrates_via") in {
        (e.source, e.target, e.relation) for e in view.edges
    }


def test_a_whole_province_draws_one_edge_per_pair_of_bands_with_counts() -> None:
    every = _graph_view("layered", ("province:alpha",), edges="all")
    view = _graph_view("layered", ("province:alpha",))
    assert view.nodes == every.nodes
    assert view.groups[-1] == Group("cross-cutting", "Hệ thống xuyên suốt", "column")
    assert sum(e.count for e in view.edges) + sum(int(g.detail.split()[0]) for g in view.groups if g.detail) == len(
        every.edges
    ), "every relationship is counted once: on a grouped edge or inside its group"
    assert len(view.edges) < len(every.edges)
    ends = {(e.source, e.target): e for e in view.edges}
    assert len(ends) == len(view.edges), "one edge per pair of groups"
    group_ids = {g.id for g in view.groups}
    hub = "alpha:alpha.lgsp"
    for e in view.edges:
        assert {e.source, e.target} <= group_ids | {hub}, "a grouped edge joins groups, or a group and the LGSP"
        assert e.label == str(e.count) and e.detail
    into_hub = [e for e in view.edges if e.target == hub]
    assert into_hub and all(e.source in group_ids for e in into_hub), "components attach to the LGSP by group"
    assert view.notes[-1].startswith(f"Quan hệ được gộp: {len(view.edges)} đường thay cho {len(every.edges)} quan hệ")


def test_grouped_edges_name_the_relationship_types_and_both_directions() -> None:
    every = _graph_view("layered", ("province:alpha",), edges="all", lang="en")
    view = _graph_view("layered", ("province:alpha",), edges="grouped", lang="en")
    group = {n.id: n.group for n in every.nodes}
    cross = {g.id for g in every.groups if g.kind == "side"}

    def end(node: str) -> str:
        return node if node == "alpha:alpha.lgsp" else "cross-cutting" if group[node] in cross else str(group[node])

    for e in view.edges:
        members = [x for x in every.edges if {end(x.source), end(x.target)} == {e.source, e.target}]
        assert len(members) == e.count
        kinds = {x.relation for x in members}
        assert e.relation == (kinds.pop() if len(kinds) == 1 else "aggregate")
        assert e.both == (len({(end(x.source), end(x.target)) for x in members}) == 2)


def test_a_focused_selection_draws_every_relationship() -> None:
    focused = _graph_view("layered", ("layer:v.L3,province:alpha alpha.dc",))
    assert all(e.count == 1 and not e.detail for e in focused.edges)
    assert _graph_view("layered", ("layer:v.L3,province:alpha alpha.dc",), edges="grouped").edges != focused.edges


def test_layered_labels_follow_the_language() -> None:
    vi = _graph_view("layered", ("province:alpha",))
    en = _graph_view("layered", ("province:alpha",), lang="en")
    assert vi.title == "Kiến trúc phân lớp: Tỉnh Ánh Dương"
    assert en.title == "Layered architecture: Alpha province"
    assert {g.label for g in en.groups} >= {"Platform layer", "Information security system", "National platforms"}


def test_layered_selection_narrows_the_view() -> None:
    view = _graph_view("layered", ("layer:v.L3,province:alpha alpha.dc",))
    assert sorted(n.detail for n in view.nodes) == [
        "alpha.dc",
        "alpha.iot",
        "alpha.lgsp",
        "alpha.traffic-iot",
        "v.nat.ndxp",
    ]


def test_a_view_of_one_province_says_how_to_choose_one() -> None:
    with pytest.raises(ExportError, match=r"the layered view draws one province; the selection has 2 \(alpha, beta\)"):
        build_view("layered", graph())
    with pytest.raises(SelectorError):
        build_view("layered", graph(), ("province:gamma",))


def test_beyond_the_threshold_a_view_collapses_into_its_groups_and_says_so() -> None:
    view = _graph_view("layered", ("province:alpha",), max_nodes=5)
    assert all(n.kind == "summary" for n in view.nodes)
    details = {n.id: n.detail for n in view.nodes}
    assert details["group:ref:v.L3"] == "3 thành phần: 2 hiện có, 1 kế hoạch"
    assert details["group:national"] == "2 thành phần"
    assert ("group:ref:v.L3", "group:ref:v.L4", "3") in {(e.source, e.target, e.label) for e in view.edges}
    assert view.notes == (
        "Thu gọn: 13 thành phần vượt ngưỡng 5; mỗi lớp là một ô có số lượng. "
        "Thu hẹp bằng --select hoặc nâng --max-nodes.",
    )
    full = _graph_view("layered", ("province:alpha",), max_nodes=13, edges="all")
    assert full.notes == () and len(full.nodes) == 15
    assert collapse(full, "layer", 15, 5).nodes == view.nodes
    roadmap = _graph_view("roadmap", ("province:alpha",), max_nodes=2)
    assert [n.detail for n in roadmap.nodes] == ["3 dự án", "1 dự án", "2 dự án"]
    assert roadmap.notes[-1].startswith("Thu gọn: 6 dự án vượt ngưỡng 2; mỗi lĩnh vực là một ô")


def test_gap_map_colours_each_reference_component() -> None:
    view = _grid_view("gap-map")
    alpha, beta = view.tables
    assert alpha.title == "Tỉnh Ánh Dương — Khung tham chiếu ICT (thử)"
    cells = {c.text: c.status for row in alpha.rows for c in row}
    assert cells["Nền tảng IoT"] == "duplicated"  # two IoT platforms
    assert cells["Nền tảng GIS"] == "not-applicable"  # declared, with a justification
    assert cells["Cổng dịch vụ công"] == "covered"
    beta_cells = {c.text: c.status for row in beta.rows for c in row}
    assert beta_cells["Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"] == "duplicated"
    assert beta_cells["Nền tảng GIS"] == "missing"
    assert beta_cells["Lớp đối tượng sử dụng"] == "missing"
    assert {c.status for row in alpha.rows for c in row} <= {"covered", "missing", "duplicated", "not-applicable"}


def test_gap_map_of_one_province_by_selection() -> None:
    view = _grid_view("gap-map", ("province:beta",))
    assert [t.id for t in view.tables] == ["beta:v.ict"]


def test_coverage_counts_the_duplicates_of_a_single_instance_capability() -> None:
    g = graph()
    (iot,) = coverage(g, "alpha", ["v.L3.iot"])
    assert (iot.status, iot.providers) == ("duplicated", ("alpha:alpha.iot", "alpha:alpha.traffic-iot"))


def test_impact_shows_upstream_downstream_and_the_projects_that_deliver_them() -> None:
    view = _graph_view("impact", focus="alpha.lgsp", depth=1)
    members = _members(view)
    assert members["focus"] == ["alpha.lgsp"]
    assert members["upstream"] == ["alpha.dc", "v.nat.ndxp"]
    assert members["downstream"] == ["alpha.app", "alpha.ioc", "alpha.portal"]
    assert {n.id for n in view.nodes if n.kind == "project"} == {
        "alpha:alpha.p.ioc",
        "alpha:alpha.p.platform",
        "alpha:alpha.p.services",
    }
    assert next(n for n in view.nodes if n.group == "focus").emphasis
    deeper = _graph_view("impact", focus="alpha.lgsp", depth=None)
    assert "alpha.his" in _members(deeper)["downstream"]  # his → portal → lgsp


def test_impact_needs_one_component() -> None:
    with pytest.raises(ExportError, match="needs a component: add --focus ID"):
        build_view("impact", graph())
    with pytest.raises(ExportError, match="--focus must name one component; 'kind:platform' names 5"):
        build_view("impact", graph(), opts=ViewOptions(focus="kind:platform"))


def test_roadmap_puts_projects_on_years_and_flags_late_dependencies() -> None:
    view = _graph_view("roadmap", ("province:alpha",))
    assert view.axis == ("2020", "2021", "2022", "2023", "2024", "2025", "undated")
    ranks = {n.id.split(":")[1]: n.rank for n in view.nodes}
    assert ranks["alpha.p.platform"] == "2020"
    assert ranks["alpha.p.eid"] == "2024"  # from its phase
    assert ranks["alpha.p.his"] == "undated"
    late = {(e.source, e.target) for e in view.edges if e.emphasis}
    assert late == {("alpha:alpha.p.ioc", "alpha:alpha.p.platform")}
    assert [n.id for n in view.nodes if n.emphasis] == ["alpha:alpha.p.ioc"]
    assert view.notes[0] == "Phụ thuộc vào hạng mục bàn giao muộn hơn: alpha.p.ioc (2020) → alpha.p.platform (2021)"
    assert {g.label for g in view.groups} == {"Chính quyền điện tử", "Giao thông thông minh", "Y tế thông minh"}


def test_roadmap_of_selected_components_shows_the_projects_that_deliver_them() -> None:
    view = _graph_view("roadmap", ("layer:v.L3",))
    assert sorted(n.id for n in view.nodes) == [
        "alpha:alpha.p.ioc",
        "alpha:alpha.p.platform",
        "alpha:alpha.p.traffic",
        "beta:beta.p.lgsp2",
    ]
    assert all("(" in g.label for g in view.groups), "several provinces: domains name their province"


def _needs_by_definition(g: ArchGraph, projects: list[str]) -> list[tuple[str, str]]:
    """(p, q): a component p delivers depends directly on one q delivers, asked of the graph pair by pair."""
    wanted = set(projects)
    pairs = set()
    for p in wanted:
        for comp in g.neighbours(p, Relation.DELIVERS):
            for rel in DEPENDENCY_RELATIONS:
                for needed in g.neighbours(comp, rel):
                    pairs.update((p, q) for q in g.deliverers(needed) if q != p and q in wanted)
    return sorted(pairs)


@pytest.mark.parametrize("source", ["test provinces", "shipped models", "national model"])
def test_project_dependencies_are_those_of_their_definition(source: str, request: pytest.FixtureRequest) -> None:
    if source == "test provinces":
        g = graph()
    elif source == "shipped models":
        g = build_graph(load_workspace(sorted(p for p in (ROOT / "province_models").iterdir() if p.is_dir())))
    else:
        g = build_graph(load_workspace([request.getfixturevalue("national_model")]))
    projects = g.projects()
    for chosen in (projects, projects[::2]):  # all, and a selection (pairs stay within it)
        found = project_dependencies(g, chosen)
        assert found == _needs_by_definition(g, chosen)
    assert project_dependencies(g, projects), "the models have projects that need one another"


def test_egov_view_shows_what_is_connected_to_the_hubs_and_national_platforms() -> None:
    view = _graph_view("egov", ("province:alpha",), edges="all")
    members = _members(view)
    assert members["hubs"] == ["alpha.lgsp", "alpha.portal"]
    assert members["national"] == ["v.nat.eid", "v.nat.ndxp"]
    assert "alpha.docs" in members["domain:egov"]  # declares integration via the LGSP
    assert ("alpha:alpha.docs", "alpha:alpha.lgsp", "declared") in {
        (e.source, e.target, e.relation) for e in view.edges
    }
    assert "alpha.old-sms" not in {n.detail for n in view.nodes}
    bypass = [n.detail for n in view.nodes if n.emphasis]
    assert bypass == ["alpha.his"]
    assert view.notes == ("Tích hợp trực tiếp, không qua LGSP: alpha.his",)
    grouped = _graph_view("egov", ("province:alpha",))
    hubs = {"alpha:alpha.lgsp", "hubs", "national"}
    assert all({e.source, e.target} & hubs for e in grouped.edges), "domains attach to the hubs"
    assert sum(e.count for e in grouped.edges) <= len(view.edges) and len(grouped.edges) < len(view.edges)
    assert ("domain:egov", "alpha:alpha.lgsp") in {(e.source, e.target) for e in grouped.edges}


@pytest.mark.parametrize("source", ["test provinces", "national model"])
@pytest.mark.parametrize("max_hubs", [1, view_model.MAX_HUBS])
def test_egov_view_grouped_or_collapsed_is_its_whole_view_grouped_or_collapsed(
    source: str, max_hubs: int, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The declared edges to a province's many platforms are counted, not drawn one by one, where the view groups
    or collapses: what it shows is still that of every edge, grouped or collapsed."""
    monkeypatch.setattr(view_model, "MAX_HUBS", max_hubs)  # fewer hubs: platforms grouped with the others
    national = source == "national model"
    g = build_graph(load_workspace([request.getfixturevalue("national_model")])) if national else graph()
    declaring = 0
    for code in sorted({g.info(c).province or "" for c in g.components()}):
        selected = (f"province:{code}",)
        whole = build_view("egov", g, selected, (), ViewOptions(edges="all", max_nodes=10**6))
        assert isinstance(whole, GraphView)
        declaring += sum(e.relation == "declared" for e in whole.edges)
        grouped = build_view("egov", g, selected, (), ViewOptions(edges="grouped", max_nodes=10**6))
        assert grouped == group_edges(whole, hub_nodes(g, g.components(code)))
        for limit in (2, len(whole.nodes) - 1):
            collapsed = build_view("egov", g, selected, (), ViewOptions(max_nodes=limit))
            assert collapsed == collapse(whole, "group", len(whole.nodes), limit)
    assert declaring, "some components declare the LGSP without a relationship to it"


def test_national_comparison_counts_coverage_and_lists_duplicate_investments() -> None:
    view = _grid_view("national", lang="en")
    coverage_table, duplicates = view.tables
    header, *rows = coverage_table.rows
    assert [c.text for c in header] == ["Reference component", "Alpha province", "Beta province"]
    assert [c.text for c in rows[-1]] == ["Coverage", "100%", "50%"]
    lgsp = next(r for r in rows if r[0].text.strip() == "Integration platform (LGSP)")
    assert [(c.text, c.status) for c in lgsp[1:]] == [("1", "covered"), ("2", "duplicated")]
    found = [(r[0].detail, r[1].text, r[2].text, r[3].text, r[4].text) for r in duplicates.rows[1:]]
    assert found == [
        (
            "v.L3.iot",
            "Alpha province",
            "Shared IoT platform, Traffic IoT platform",
            "more than one shared instance",
            "25 billion VND",
        ),
        (
            "v.L3.lgsp",
            "Beta province",
            "LGSP, Health department integration platform",
            "more than one shared instance",
            "4 billion VND",
        ),
        (
            "v.nat.eid",
            "Alpha province",
            "Provincial identity system",
            "rebuilds a national-level platform",
            "3 billion VND",
        ),
    ]


def test_views_and_options_are_closed_sets() -> None:
    with pytest.raises(ValueError, match='"tree" is not a valid view'):
        build_view("tree", graph())
    with pytest.raises(ValueError, match='"fr" is not a valid language'):
        build_view("national", graph(), opts=ViewOptions(lang="fr"))
