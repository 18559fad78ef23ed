"""``ictarch impact``: what depends on a component, the projects and budgets at stake, the services lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.analysis.impact import find_component, impact, to_dict, to_markdown, to_text
from ictarch.errors import SelectorError
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import LoadedArchitecture, Workspace, examples_root, load_workspace
from ictarch.models.province import Lifecycle
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE

REF = ["--reference", str(MINI_REFERENCE)]


@pytest.fixture(scope="module")
def mini() -> ArchGraph:
    return build_graph(load_workspace([MINI_PROVINCE], MINI_REFERENCE))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*REF, "--no-color", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_losing_the_integration_platform(mini: ArchGraph) -> None:
    report = impact(mini, find_component(mini, "mini.lgsp"))
    assert report.province == "mini"
    assert report.component.component == "mini.lgsp"
    # the portal integrates via the LGSP; the SOC only serves it, which is not a dependency
    assert [(c.component, c.distance, c.needs) for c in report.dependents] == [
        ("mini.portal", 1, (("integrates_via", "mini.lgsp"),))
    ]
    assert [(p.project, p.budget_vnd, p.delivers) for p in report.projects] == [
        ("mini.p.platform", 10_000_000_000, ("mini.lgsp",)),
        ("mini.p.apps", 5_000_000_000, ("mini.portal",)),
    ]
    assert report.budget_vnd == 15_000_000_000
    assert [c.component for c in report.citizen_services] == ["mini.portal"]


def test_a_leaf_loses_only_itself(mini: ArchGraph) -> None:
    report = impact(mini, find_component(mini, "mini.portal"))
    assert report.dependents == ()
    assert [p.project for p in report.projects] == ["mini.p.apps"]
    assert [c.component for c in report.citizen_services] == ["mini.portal"]  # the portal itself is citizen-facing


def test_a_national_platform_and_depth(mini: ArchGraph) -> None:
    node = find_component(mini, "t.nat.eid")
    report = impact(mini, node)
    assert report.province is None
    assert [(c.component, c.distance) for c in report.dependents] == [("mini.lgsp", 1), ("mini.portal", 2)]
    assert [(c.component, c.distance) for c in impact(mini, node, depth=1).dependents] == [("mini.lgsp", 1)]


def test_retired_dependents_are_not_counted() -> None:
    ws = load_workspace([MINI_PROVINCE], MINI_REFERENCE)
    arch = ws.provinces[0].architecture
    retired = tuple(
        c.model_copy(update={"status": Lifecycle.RETIRED}) if c.id == "mini.portal" else c for c in arch.components
    )
    loaded = LoadedArchitecture(arch.model_copy(update={"components": retired}), Path("."), ws.provinces[0].source_map)
    graph = build_graph(Workspace(ws.catalogue, [loaded]))
    report = impact(graph, find_component(graph, "mini.lgsp"))
    assert report.dependents == ()
    assert report.retired == ("mini.portal",)
    assert report.citizen_services == ()


def test_unknown_component_suggests_the_nearest(mini: ArchGraph) -> None:
    with pytest.raises(SelectorError, match=r"did you mean 'mini\.lgsp'"):
        find_component(mini, "mini.lgps")


def test_renderers(mini: ArchGraph) -> None:
    report = impact(mini, find_component(mini, "mini.lgsp"))
    text = to_text(report, "en")
    assert text.splitlines()[0] == "Impact of losing mini.lgsp: Integration platform (mini; platform, existing)"
    assert (
        "    mini.portal  Public-service portal (portal, planned, citizen-facing); needs integrates_via mini.lgsp"
        in text
    )
    assert "projects affected: 2, 15.0 tỷ đồng" in text
    assert "services citizens would lose: 1" in text
    md = to_markdown(report, "en")
    assert (
        "| 1 | `mini.portal` | Public-service portal | portal, planned, citizen-facing | integrates_via mini.lgsp |"
        in md
    )
    assert "| **total** | | | | | 15.0 tỷ đồng | |" in md
    data = to_dict(report)
    assert data["citizen_services_lost"] == ["mini.portal"] and data["budget_vnd"] == 15_000_000_000


def test_cli(mini: ArchGraph) -> None:
    code, out, err = _run("--format", "json", "impact", "mini.lgsp", str(MINI_PROVINCE))
    assert code == 0, err
    data = json.loads(out)
    assert [d["component"] for d in data["dependents"]] == ["mini.portal"]
    code, out, _ = _run("impact", "mini.lgsp", str(MINI_PROVINCE), "--format", "markdown")
    assert code == 0 and out.startswith("## Impact of losing `mini.lgsp`")
    code, out, err = _run("impact", "mini.lgps", str(MINI_PROVINCE))
    assert code == 2 and out == ""
    assert "did you mean 'mini.lgsp'?" in err


def test_seed_province_impact_is_the_graph_dependents() -> None:
    """On every seed province, the impact of each component is what the graph says depends on it
    (retired ones aside), each dependent needs one a step closer, and --depth bounds the distance."""
    ws = load_workspace([examples_root()])
    graph = build_graph(ws)
    for node in graph.components():
        report = impact(graph, node)
        found = {c.node for c in report.dependents}
        expected = {n for n in graph.dependents(node) if graph.entity(n).status is not Lifecycle.RETIRED}
        assert found <= expected, node
        if not any(graph.entity(n).status is Lifecycle.RETIRED for n in graph.components()):
            assert found == expected, node
        distance = {c.component: c.distance for c in report.dependents} | {report.component.component: 0}
        for c in report.dependents:
            assert all(distance[target] == c.distance - 1 for _relation, target in c.needs), (node, c.component)
        assert all(c.distance <= 1 for c in impact(graph, node, depth=1).dependents)


def test_seed_province_lgsp_reaches_citizen_services() -> None:
    model = str(examples_root() / "quang-tri")
    result = CliRunner().invoke(main, ["--no-color", "--lang", "en", "impact", "quang-tri.lgsp", model])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Impact of losing quang-tri.lgsp: ")
    graph = build_graph(load_workspace([examples_root() / "quang-tri"]))
    report = impact(graph, find_component(graph, "quang-tri.lgsp"))
    assert len(report.dependents) >= 10 and report.budget_vnd > 0
    assert "quang-tri.public-service-portal" in {c.component for c in report.citizen_services}
