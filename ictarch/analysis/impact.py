"""What is lost when one component fails or is cut (``ictarch impact COMPONENT PATH``).

:func:`impact` follows the dependency relations (``depends_on``, ``data_flow``, ``hosted_on``,
``integrates_via``: :data:`~ictarch.graph.DEPENDENCY_RELATIONS`) backwards from the component:
everything that needs it, then everything that needs those, to a depth. Each dependent records its
distance and what it needs one step closer to the component. Retired components are not in service:
they are neither counted nor followed. The projects that deliver the component or a dependent carry
the budgets at stake; the citizen-facing ones among them are the services citizens would lose. Pure:
the renderers return text or data and the CLI prints it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ictarch.errors import SelectorError
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind
from ictarch.models.common import Label
from ictarch.models.province import Component, Investment, Lifecycle
from ictarch.money import format_vnd

_RELATIONS = tuple(sorted(DEPENDENCY_RELATIONS))


@dataclass(frozen=True)
class Impacted:
    """A component within reach: how far, and what it needs one step closer to the component lost."""

    node: str
    component: str
    name: Label
    kind: str
    status: str
    citizen_facing: bool
    distance: int
    needs: tuple[tuple[str, str], ...] = ()
    """(relation, component id) one step closer; empty for the component itself."""
    projects: tuple[str, ...] = ()


@dataclass(frozen=True)
class AffectedProject:
    """A project delivering the component or one of its dependents."""

    project: str
    name: Label
    domain: str | None
    phase: str | None
    budget_vnd: int | None
    start_year: int | None
    end_year: int | None
    delivers: tuple[str, ...]
    """The impacted components among those it delivers."""


@dataclass(frozen=True)
class ImpactReport:
    """The impact of losing one component."""

    province: str | None
    """None for a national-level reference component (the impact may then span provinces)."""
    component: Impacted
    dependents: tuple[Impacted, ...]
    """Sorted by distance, then id."""
    projects: tuple[AffectedProject, ...]
    depth: int | None
    """The bound on the distance (None: none)."""
    retired: tuple[str, ...] = ()
    """Retired components that depend on it: out of service, not counted."""

    @property
    def citizen_services(self) -> tuple[Impacted, ...]:
        """The citizen-facing services lost: the component itself, if citizen-facing, and its dependents."""
        return tuple(c for c in (self.component, *self.dependents) if c.citizen_facing)

    @property
    def budget_vnd(self) -> int:
        """The budget of the affected projects (projects without a budget count 0)."""
        return sum(p.budget_vnd or 0 for p in self.projects)

    @property
    def unbudgeted(self) -> int:
        return sum(1 for p in self.projects if p.budget_vnd is None)

    def by_distance(self) -> dict[int, tuple[Impacted, ...]]:
        out: dict[int, list[Impacted]] = {}
        for c in self.dependents:
            out.setdefault(c.distance, []).append(c)
        return {d: tuple(cs) for d, cs in sorted(out.items())}


def find_component(graph: ArchGraph, text: str) -> str:
    """The graph node of the component ``text`` (an id, or ``province:id`` when the id is ambiguous).

    A national-level reference component (``ndaf.nat.eid``) is accepted too, for the impact of an
    outage of a national platform. An unknown id is a :class:`SelectorError` with a suggestion.
    """
    components = graph.components()
    if text in components:
        return text
    hits = [n for n in components if graph.info(n).entity_id == text]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise SelectorError(
            f"'{text}' is a component of {len(hits)} provinces: name one as PROVINCE:ID ({', '.join(hits)})"
        )
    ref = f"ref:{text}"
    if ref in graph and graph.info(ref).kind is NodeKind.REFERENCE_COMPONENT:
        return ref
    ids = sorted({graph.info(n).entity_id for n in components})
    match = difflib.get_close_matches(text, ids, n=1, cutoff=0.6)
    hint = f"; did you mean '{match[0]}'?" if match else ""
    raise SelectorError(f"'{text}' is not a component of the loaded models{hint}")


def impact(graph: ArchGraph, node: str, depth: int | None = None) -> ImpactReport:
    """Everything that depends on ``node``, transitively (to ``depth`` steps), with projects and services."""
    focus = _impacted(graph, node, 0, ())
    seen = {node}
    retired: set[str] = set()
    frontier = [node]
    found: list[Impacted] = []
    distance = 0
    while frontier and (depth is None or distance < depth):
        distance += 1
        needs: dict[str, set[tuple[str, str]]] = {}
        for target in frontier:
            for relation in _RELATIONS:
                for source in graph.neighbours(target, relation, direction="in"):
                    if source in seen or graph.info(source).kind is not NodeKind.COMPONENT:
                        continue
                    if _status(graph, source) is Lifecycle.RETIRED:
                        retired.add(graph.info(source).entity_id)
                        continue
                    needs.setdefault(source, set()).add((relation.value, graph.info(target).entity_id))
        frontier = sorted(needs)
        seen.update(frontier)
        found.extend(_impacted(graph, n, distance, tuple(sorted(needs[n]))) for n in frontier)
    dependents = tuple(sorted(found, key=lambda c: (c.distance, c.component, c.node)))
    return ImpactReport(
        province=graph.info(node).province,
        component=focus,
        dependents=dependents,
        projects=_projects(graph, (focus, *dependents)),
        depth=depth,
        retired=tuple(sorted(retired)),
    )


def _status(graph: ArchGraph, node: str) -> Lifecycle | None:
    obj = graph.entity(node)
    return obj.status if isinstance(obj, Component) else None


def _impacted(graph: ArchGraph, node: str, distance: int, needs: tuple[tuple[str, str], ...]) -> Impacted:
    obj: Any = graph.entity(node)
    info = graph.info(node)
    if isinstance(obj, Component):
        return Impacted(
            node=node,
            component=obj.id,
            name=obj.name,
            kind=obj.kind.value,
            status=obj.status.value,
            citizen_facing=obj.citizen_facing,
            distance=distance,
            needs=needs,
            projects=tuple(graph.info(p).entity_id for p in graph.deliverers(node)),
        )
    return Impacted(  # a national-level reference component
        node=node,
        component=info.entity_id,
        name=obj.name,
        kind="national",
        status="existing",
        citizen_facing=False,
        distance=distance,
        needs=needs,
    )


def _projects(graph: ArchGraph, impacted: Iterable[Impacted]) -> tuple[AffectedProject, ...]:
    delivers: dict[str, list[str]] = {}
    for c in impacted:
        for p in graph.deliverers(c.node):
            delivers.setdefault(p, []).append(c.component)
    out = []
    for p, comps in delivers.items():
        inv: Investment = graph.entity(p)
        out.append(
            AffectedProject(
                project=inv.id,
                name=inv.name,
                domain=inv.domain,
                phase=inv.phase,
                budget_vnd=inv.budget_vnd,
                start_year=inv.start_year,
                end_year=inv.end_year,
                delivers=tuple(sorted(comps)),
            )
        )
    return tuple(sorted(out, key=lambda p: (-(p.budget_vnd or 0), p.project)))


# --------------------------------------------------------------------------- rendering


def _facts(c: Impacted) -> str:
    return ", ".join([c.kind, c.status, *(["citizen-facing"] if c.citizen_facing else [])])


def _needs(c: Impacted) -> str:
    return ", ".join(f"{relation} {target}" for relation, target in c.needs)


def _years(p: AffectedProject) -> str:
    return f"{p.start_year or '?'}–{p.end_year or '?'}"


def _steps(n: int) -> str:
    return f"{n} step{'' if n == 1 else 's'}"


def to_text(report: ImpactReport, lang: str = "vi") -> str:
    """The impact as plain text: dependents by distance, projects and budgets, services lost."""
    c = report.component
    where = f"{report.province}; " if report.province else ""
    lines = [f"Impact of losing {c.component}: {c.name.text(lang)} ({where}{_facts(c)})"]
    bound = f", within {_steps(report.depth)}" if report.depth is not None else ""
    n = len(report.dependents)
    lines.append(f"{n} component{'' if n == 1 else 's'} depend{'s' if n == 1 else ''} on it{bound}:")
    for distance, members in report.by_distance().items():
        lines.append(f"  {_steps(distance)} away:")
        width = max(len(m.component) for m in members)
        for m in members:
            lines.append(f"    {m.component:<{width}}  {m.name.text(lang)} ({_facts(m)}); needs {_needs(m)}")
    if report.retired:
        lines.append(f"  not counted, retired: {', '.join(report.retired)}")
    extra = f", {report.unbudgeted} without budget" if report.unbudgeted else ""
    lines.append(f"projects affected: {len(report.projects)}, {format_vnd(report.budget_vnd)}{extra}")
    for p in report.projects:
        where = "/".join(x for x in (p.domain, p.phase) if x)
        lines.append(
            f"  {p.project}  {p.name.text(lang)} ({where}, {_years(p)}, {format_vnd(p.budget_vnd)}); "
            f"delivers {', '.join(p.delivers)}"
        )
    services = report.citizen_services
    lines.append(f"services citizens would lose: {len(services)}")
    lines += [f"  {s.component}  {s.name.text(lang)}" for s in services]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: ImpactReport, lang: str = "vi") -> str:
    """The impact as Markdown."""
    c = report.component
    where = f" ({report.province})" if report.province else ""
    bound = f" within {_steps(report.depth)}" if report.depth is not None else ""
    lines = [
        f"## Impact of losing `{c.component}`: {_cell(c.name.text(lang))}{where}",
        "",
        f"{len(report.dependents)} dependent components{bound}, {len(report.projects)} projects "
        f"({format_vnd(report.budget_vnd)}), {len(report.citizen_services)} citizen services lost.",
        "",
        "### Dependents",
        "",
    ]
    if report.dependents:
        lines += ["| distance | component | name | kind, status | needs |", "|---:|---|---|---|---|"]
        lines += [
            f"| {m.distance} | `{m.component}` | {_cell(m.name.text(lang))} | {_cell(_facts(m))} | {_cell(_needs(m))} |"
            for m in report.dependents
        ]
    else:
        lines.append("Nothing depends on it.")
    if report.retired:
        lines += ["", f"Not counted, retired: {', '.join(f'`{r}`' for r in report.retired)}."]
    lines += ["", "### Projects and budgets", ""]
    if report.projects:
        lines += ["| project | name | domain | phase | years | budget | delivers |", "|---|---|---|---|---|---:|---|"]
        for p in report.projects:
            lines.append(
                f"| `{p.project}` | {_cell(p.name.text(lang))} | {p.domain or '—'} | {p.phase or '—'} | {_years(p)} "
                f"| {format_vnd(p.budget_vnd)} | {', '.join(p.delivers)} |"
            )
        lines.append(f"| **total** | | | | | {format_vnd(report.budget_vnd)} | |")
    else:
        lines.append("No project delivers them.")
    lines += ["", "### Services citizens would lose", ""]
    services = report.citizen_services
    lines += [f"- `{s.component}`: {_cell(s.name.text(lang))}" for s in services] or ["None."]
    return "\n".join(lines) + "\n"


def _impacted_dict(c: Impacted, lang: str) -> dict[str, Any]:
    return {
        "component": c.component,
        "name": c.name.text(lang),
        "kind": c.kind,
        "status": c.status,
        "citizen_facing": c.citizen_facing,
        "distance": c.distance,
        "needs": [{"relation": r, "component": t} for r, t in c.needs],
        "projects": list(c.projects),
    }


def to_dict(report: ImpactReport, lang: str = "vi") -> dict[str, Any]:
    """The impact as JSON-ready data."""
    return {
        "province": report.province,
        "component": _impacted_dict(report.component, lang),
        "depth": report.depth,
        "dependents": [_impacted_dict(c, lang) for c in report.dependents],
        "retired_not_counted": list(report.retired),
        "projects": [
            {
                "project": p.project,
                "name": p.name.text(lang),
                "domain": p.domain,
                "phase": p.phase,
                "budget_vnd": p.budget_vnd,
                "start_year": p.start_year,
                "end_year": p.end_year,
                "delivers": list(p.delivers),
            }
            for p in report.projects
        ],
        "budget_vnd": report.budget_vnd,
        "unbudgeted_projects": report.unbudgeted,
        "citizen_services_lost": [c.component for c in report.citizen_services],
    }
