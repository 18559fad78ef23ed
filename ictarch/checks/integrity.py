"""ICT4xx: integrity of dependencies and of the roadmap (cycles, order of delivery, funding)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture
from ictarch.models.province import Investment, Lifecycle, Phase, RelationType

NEEDS = frozenset({RelationType.DEPENDS_ON, RelationType.HOSTED_ON, RelationType.INTEGRATES_VIA})
"""Relationships after which the source cannot work until the target exists."""


@check(
    code="ICT401",
    name="integrity.dependency.cycle",
    severity=Severity.HIGH,
    groups=("core", "integrity"),
    reference=("vn.58-BTTTT-KHCN.2018", "Phụ lục (nguyên tắc phân tầng)"),
    scope="province",
    graph=True,
)
def dependency_cycle(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Components depend on each other in a cycle.

    Rationale:
        The ICT-architecture principles of 58/BTTTT-KHCN (as provinces reproduce them) start with
        layering (phân tầng): each layer uses the functions of the layer below. A cycle of dependencies
        (depends_on, data_flow, hosted_on, integrates_via) has no bottom: none of its members can be
        delivered, tested or restored first, and a failure of one takes down all of them.

    Anti-pattern:
        relationships:
          - {from: my.portal, to: my.lgsp, type: depends_on}
          - {from: my.lgsp, to: my.portal, type: depends_on}

    Best practice:
        relationships:
          - {from: my.portal, to: my.lgsp, type: integrates_via}
          - {from: my.lgsp, to: ndaf.nat.data_sharing_platform, type: integrates_via}

    Reference:
        58/BTTTT-KHCN (11/01/2018), ICT-architecture principles: phân tầng (layering).
    """
    graph = ctx.graph
    for cycle in graph.cycles():
        ids = [graph.info(n).entity_id for n in cycle]
        province = graph.info(cycle[0]).province
        yield FindingDraft(
            subject=ids[0],
            province=province,
            related=tuple(ids[1:]),
            message=msg("finding.ICT401", cycle=" → ".join([*ids, ids[0]])),
        )


@dataclass(frozen=True)
class _Ready:
    """When a delivered component is first usable: the earliest end year, start year and phase of its projects."""

    end: int | None
    start: int | None
    phase: int | None


def _readiness(loaded: LoadedArchitecture) -> dict[str, _Ready]:
    order = {ph.id: i for i, ph in enumerate(loaded.architecture.programme.phases)}
    by_component: dict[str, list[Investment]] = {}
    for project in loaded.architecture.projects:
        for cid in project.delivers:
            by_component.setdefault(cid, []).append(project)
    out: dict[str, _Ready] = {}
    for cid, projects in by_component.items():
        ends = [p.end_year for p in projects if p.end_year is not None]
        starts = [p.start_year for p in projects if p.start_year is not None]
        phases = [order[p.phase] for p in projects if p.phase in order]
        out[cid] = _Ready(min(ends) if ends else None, min(starts) if starts else None, min(phases) if phases else None)
    return out


def _later(a: str, ra: _Ready, rb: _Ready, phases: tuple[Phase, ...]) -> Msg | None:
    """Why the dependency (``rb``) comes after the component that needs it (``ra``), or None if it does not.

    Phases decide first: a dependency in a later phase comes later. Inside one phase, projects run side by
    side and a platform finished a year after the application that uses it is normal phasing, so only a
    dependency whose project starts after the other's has ended comes later. Without phases, end years
    are compared.
    """
    if ra.phase is not None and rb.phase is not None:
        if rb.phase > ra.phase:
            return msg("finding.ICT402.phase", phase=phases[rb.phase].id, component=a, its_phase=phases[ra.phase].id)
        if rb.phase < ra.phase or rb.start is None or ra.end is None or rb.start <= ra.end:
            return None
        return msg(
            "finding.ICT402.within-phase", start=rb.start, component=a, end=ra.end, phase=phases[ra.phase].id
        )
    if ra.end is not None and rb.end is not None and rb.end > ra.end:
        return msg("finding.ICT402.year", year=rb.end, component=a, its_year=ra.end)
    return None


@check(
    code="ICT402",
    name="integrity.dependency.later",
    severity=Severity.MEDIUM,
    groups=("core", "integrity", "roadmap"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 5 (lộ trình)"),
    scope="province",
)
def dependency_later(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A component depends on another that its roadmap delivers later.

    Rationale:
        Decree 269/2025/NĐ-CP Art. 4(5) asks for rollout along a roadmap with priorities and pilots
        before scale-up. A roadmap in which a system is finished before the platform it depends on
        (it sits in an earlier phase, or its project ends before the platform's project starts) cannot be
        executed in that order: the first project either waits or builds a stop-gap that duplicates the
        platform. Inside one phase, projects that overlap in time are phased work, not a wrong order, and
        their end years are not compared.

    Anti-pattern:
        relationships:
          - {from: my.tourism-app, to: my.gis-platform, type: depends_on}
        projects:
          - {id: my.p.tourism, name: {vi: Du lịch}, start_year: 2024, end_year: 2024, delivers: [my.tourism-app]}
          - {id: my.p.gis, name: {vi: GIS}, start_year: 2025, end_year: 2026, delivers: [my.gis-platform]}

    Best practice:
        projects:
          - {id: my.p.gis, name: {vi: GIS}, start_year: 2024, end_year: 2024, delivers: [my.gis-platform]}
          - {id: my.p.tourism, name: {vi: Du lịch}, start_year: 2025, end_year: 2025, delivers: [my.tourism-app]}

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 5: roadmap, priorities and pilots.
    """
    for loaded in ctx.workspace.provinces:
        comps = {c.id: c for c in loaded.architecture.components}
        ready = _readiness(loaded)
        for rel in loaded.architecture.relationships:
            a, b = comps.get(rel.source_id), comps.get(rel.target_id)
            if rel.type not in NEEDS or a is None or b is None or Lifecycle.RETIRED in (a.status, b.status):
                continue
            if b.status is Lifecycle.EXISTING:
                continue
            none = _Ready(None, None, None)
            why = _later(a.id, ready.get(a.id, none), ready.get(b.id, none), loaded.architecture.programme.phases)
            if why is None:
                continue
            yield FindingDraft(
                subject=a.id,
                province=loaded.code,
                related=(b.id,),
                message=msg(
                    "finding.ICT402", source=a.id, relation=msg(f"relation.{rel.type.value}"), target=b.id, why=why
                ),
            )


@check(
    code="ICT403",
    name="integrity.dependency.retired",
    severity=Severity.HIGH,
    groups=("core", "integrity"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 5"),
    scope="province",
)
def dependency_retired(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A component in service depends on a retired component.

    Rationale:
        A retired system is no longer operated or secured. A live component that still depends on it,
        sends it data or is hosted on it will fail or run on an unpatched system; Decree 269/2025/NĐ-CP
        Art. 4(5) asks for comprehensive, adaptive integration along the roadmap, which includes moving
        dependants off a system before retiring it.

    Anti-pattern:
        components:
          - {id: my.old-portal, name: {vi: Cổng cũ}, kind: portal, status: retired}
        relationships:
          - {from: my.citizen-app, to: my.old-portal, type: depends_on}

    Best practice:
        relationships:
          - {from: my.citizen-app, to: my.public-service-portal, type: depends_on}

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 5.
    """
    for loaded in ctx.workspace.provinces:
        comps = {c.id: c for c in loaded.architecture.components}
        for rel in loaded.architecture.relationships:
            a, b = comps.get(rel.source_id), comps.get(rel.target_id)
            if rel.type is RelationType.SERVES or a is None or b is None:
                continue
            if a.status is Lifecycle.RETIRED or b.status is not Lifecycle.RETIRED:
                continue
            yield FindingDraft(
                subject=a.id,
                province=loaded.code,
                related=(b.id,),
                message=msg(
                    "finding.ICT403",
                    source=a.id,
                    status=msg(f"lifecycle.{a.status.value}"),
                    relation=msg(f"relation.{rel.type.value}"),
                    target=b.id,
                ),
            )


@check(
    code="ICT404",
    name="roadmap.component.unfunded",
    severity=Severity.MEDIUM,
    groups=("core", "integrity", "roadmap"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 5 (lộ trình)"),
    scope="province",
)
def component_unfunded(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A planned or in-progress component is delivered by no project.

    Rationale:
        Decree 269/2025/NĐ-CP Art. 4(5) requires a roadmap with priorities; Art. 6(2) asks the provincial
        scheme for a prioritised project list and long-term financing. A component the architecture
        plans but no project delivers has no budget, owner of the work or date: it is a wish, not part
        of the roadmap.

    Anti-pattern:
        components:
          - {id: my.data-warehouse, name: {vi: Kho dữ liệu dùng chung}, kind: platform, status: planned}
        projects: []

    Best practice:
        projects:
          - id: my.p.data
            name: {vi: Xây dựng kho dữ liệu dùng chung}
            start_year: 2026
            end_year: 2027
            budget_vnd: 15000000000
            delivers: [my.data-warehouse]

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 5 and Điều 6 khoản 2.
    """
    for loaded in ctx.workspace.provinces:
        for comp in loaded.architecture.components:
            if comp.status not in (Lifecycle.PLANNED, Lifecycle.IN_PROGRESS):
                continue
            if ctx.index.deliverers(loaded.code, comp.id):
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                at=("status",),
                message=msg("finding.ICT404", component=comp.id, status=msg(f"lifecycle.{comp.status.value}")),
            )


@check(
    code="ICT405",
    name="roadmap.project.empty",
    severity=Severity.LOW,
    groups=("core", "integrity", "roadmap"),
    reference=("vn.3090-QD-BKHCN.2025", "7 nguyên tắc cốt lõi (1: quản trị dựa trên kết quả)"),
    scope="province",
)
def project_empty(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A project delivers no component.

    Rationale:
        The first of the seven core principles of the national digital architecture (3090/QĐ-BKHCN,
        after Quy định 05-QĐ/BCĐTW) is results-based governance (quản trị dựa trên kết quả). A project
        that delivers nothing in the architecture cannot be traced to a result: either its components
        are missing from the model, or its budget buys nothing the architecture needs.

    Anti-pattern:
        projects:
          - {id: my.p.smart, name: {vi: Đô thị thông minh giai đoạn 2}, budget_vnd: 50000000000}

    Best practice:
        projects:
          - id: my.p.smart
            name: {vi: Đô thị thông minh giai đoạn 2}
            budget_vnd: 50000000000
            delivers: [my.ioc, my.iot-platform]

    Reference:
        3090/QĐ-BKHCN (08/10/2025), core principle 1: results-based governance.
    """
    for loaded in ctx.workspace.provinces:
        for project in loaded.architecture.projects:
            if project.delivers:
                continue
            yield FindingDraft(
                subject=project.id,
                province=loaded.code,
                message=msg("finding.ICT405", project=project.id, name=project.name.vi),
            )
