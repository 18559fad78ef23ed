"""ICT201, ICT202, ICT206, ICT207: a capability a province should run once, provided or funded twice.

Each finding is about a group: the components providing one single-instance capability in one province
(ICT201, ICT206, ICT207), or the projects funding one in overlapping years (ICT202). The groups come
from the check index (by province and capability), built once per run; a group of k members costs O(k)
and its message names at most :data:`~ictarch.checks._lookup.SAMPLE` of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.checks._lookup import sample
from ictarch.checks.duplication import (
    budget,
    capability_groups,
    capability_name,
    inherited,
    projects_of,
    sound_single_instance,
    years,
)
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture
from ictarch.models.province import Component, Investment


def _duplicates(
    ctx: CheckContext, loaded: LoadedArchitecture, *, sound: bool | None, merged: bool
) -> Iterator[tuple[str, list[Component]]]:
    """Groups of two or more components per capability, selected by the basis and by inheritance.

    ``sound``: True keeps capabilities whose single-instance basis is verified or secondary, False the
    others, None both. ``merged``: True keeps only groups inherited from two or more former provinces,
    False only the others.
    """
    basis = sound_single_instance(ctx.workspace)
    for cap, group in capability_groups(ctx, loaded).items():
        if len(group) < 2 or inherited(group) is not merged:
            continue
        if sound is not None and (cap in basis) is not sound:
            continue
        yield cap, group


def _group_finding(
    ctx: CheckContext, loaded: LoadedArchitecture, cap: str, members: list[Component], advice: Msg
) -> FindingDraft:
    """One finding for the group: placed on its first member, the others related, a sample in the message."""
    funded = {c.id: projects_of(ctx, loaded, c) for c in members}

    def member(c: Component) -> Msg:
        projects = sample(funded[c.id], lambda p: p.id, "finding.more.projects")
        return msg("finding.ICT201.member", component=c.id, projects=projects or msg("finding.ICT201.no-project"))

    first, *others = members
    return FindingDraft(
        subject=first.id,
        province=loaded.code,
        related=tuple(c.id for c in others),
        at=("realizes",),
        message=msg(
            "finding.ICT201",
            n=len(members),
            capability=capability_name(ctx.workspace, cap),
            members=sample(members, member, "finding.more.components"),
            budget=budget(p for ps in funded.values() for p in ps),
            advice=advice,
        ),
    )


@check(
    code="ICT201",
    name="duplication.capability.same_province",
    severity=Severity.HIGH,
    groups=("core", "duplication"),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
    grouped=True,
    scope="province",
)
def same_capability_same_province(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two or more components of one province provide a capability the province should run once.

    Rationale:
        The e-government architecture framework 2.0 (2323/QĐ-BTTTT) set as an objective a synchronised
        roadmap that limits duplication ("hạn chế trùng lắp"); the framework passed to 2568/QĐ-BTTTT and
        is now the digital-government framework 4.0 (292/QĐ-BKHCN), which keeps its reference models. The
        Ministry's first principle for smart cities (02/10/2019) is to avoid scattered investment: "hết
        sức tránh đầu tư dàn trải". A second integration platform or data centre in one province is the
        duplicate investment (đầu tư trùng lặp) these texts aim to stop. The check is gating only where a
        verified or secondary reference item says the capability is run once per province; capabilities
        whose single-instance basis is unverified are reported by ICT207, and systems inherited from two
        former provinces by ICT206 (consolidation, not a new decision).
        One finding per group: placed on the first component (by id), the others related, the budgets of their
        projects summed; the message names at most three of them. A waiver may name any member.

    Anti-pattern:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
          - id: my.health-esb
            name: {vi: Trục tích hợp dữ liệu ngành y tế}
            kind: platform
            realizes: [ictrf.L3.data_integration]
            status: planned

    Best practice:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
        relationships:
          - {from: my.hospital-his, to: my.lgsp, type: integrates_via}

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu: "hạn chế trùng lắp" (secondary), carried by its current
        successor 292/QĐ-BKHCN (Khung kiến trúc Chính phủ số 4.0); the Ministry's principles of 02/10/2019.
    """
    for loaded in ctx.workspace.provinces:
        for cap, members in _duplicates(ctx, loaded, sound=True, merged=False):
            yield _group_finding(ctx, loaded, cap, members, msg("finding.ICT201.advice"))


@check(
    code="ICT206",
    name="duplication.capability.inherited",
    severity=Severity.LOW,
    groups=("duplication", "merge"),
    reference=("vn.202-2025-QH15", "Điều 1"),
    grouped=True,
    scope="province",
)
def inherited_duplicates(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Systems inherited from two former provinces provide a capability the merged province should run once.

    Rationale:
        Nghị quyết 202/2025/QH15 merged provinces ("sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của
        tỉnh Kon Tum và tỉnh Quảng Ngãi thành tỉnh mới ..."); from 01/07/2025 each new province holds the
        systems of its former provinces. Two integration platforms inherited that way are not a new
        decision to invest twice: they are consolidation work for the merged province's roadmap (choose one,
        migrate the other's connections, retire it). The finding says so instead of reporting duplicate
        investment. Reported as ICT201 is: one finding per group, on its first component; a waiver may name any
        member.

    Anti-pattern:
        components:
          - id: new.lgsp-a
            name: {vi: LGSP tỉnh A}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
            origin: a
          - id: new.lgsp-b
            name: {vi: LGSP tỉnh B}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
            origin: b

    Best practice:
        components:
          - id: new.lgsp-a
            name: {vi: LGSP tỉnh A}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
            origin: a
          - id: new.lgsp-b
            name: {vi: LGSP tỉnh B}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: retired
            origin: b

    Reference:
        Nghị quyết 202/2025/QH15, Điều 1 (the arrangement); in force 12/06/2025, new governments from 01/07/2025.
    """
    for loaded in ctx.workspace.provinces:
        for cap, members in _duplicates(ctx, loaded, sound=None, merged=True):
            origins = ", ".join(sorted({m.origin or "" for m in members}))
            yield _group_finding(ctx, loaded, cap, members, msg("finding.ICT206.advice", origins=origins))


@check(
    code="ICT207",
    name="duplication.capability.unverified_basis",
    severity=Severity.MEDIUM,
    groups=("duplication",),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
    grouped=True,
    scope="province",
)
def same_capability_unverified(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two or more components provide a capability that only an unverified reference item marks single-instance.

    Rationale:
        As ICT201 ("hạn chế trùng lắp", 2323/QĐ-BTTTT, now 292/QĐ-BKHCN; "hết sức tránh đầu tư dàn trải",
        the Ministry's principles of 02/10/2019), but the item that says the capability is run once per
        province (an IoT, GIS or open-data platform: toolkit extensions of 829/QĐ-BTTTT) is not verified in
        a source. The finding is a question for the reviewer, not a gating result, and says so. Reported as
        ICT201 is: one finding per group, on its first component; a waiver may name any member.

    Anti-pattern:
        components:
          - id: my.iot
            name: {vi: Nền tảng IoT dùng chung}
            kind: platform
            realizes: [ictrf.L3.iot_platform]
            status: existing
          - id: my.traffic-iot
            name: {vi: Nền tảng IoT giao thông}
            kind: platform
            realizes: [ictrf.L3.iot_platform]
            status: planned

    Best practice:
        components:
          - id: my.iot
            name: {vi: Nền tảng IoT dùng chung}
            kind: platform
            realizes: [ictrf.L3.iot_platform]
            status: existing
        relationships:
          - {from: my.traffic-cameras, to: my.iot, type: data_flow}

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu (secondary), current successor 292/QĐ-BKHCN; the single-instance
        item's own record (unverified).
    """
    for loaded in ctx.workspace.provinces:
        for cap, members in _duplicates(ctx, loaded, sound=False, merged=False):
            yield _group_finding(ctx, loaded, cap, members, msg("finding.ICT207.advice"))


# --------------------------------------------------------------------------- ICT202


@check(
    code="ICT202",
    name="duplication.investment.overlap",
    severity=Severity.MEDIUM,
    groups=("core", "duplication", "roadmap"),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
    grouped=True,
    scope="province",
)
def investment_overlap(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two or more projects fund the same single-instance capability in overlapping years.

    Rationale:
        2323/QĐ-BTTTT asks for a synchronised investment roadmap that limits duplication ("hạn chế
        trùng lắp"; now carried by 292/QĐ-BKHCN) and 829/QĐ-BTTTT §I.3 c) asks to reuse and optimise
        existing ICT infrastructure. Two projects running at the same time that each build the same shared
        capability pay for it twice; one should deliver it and the other reuse it. Projects inherited from
        two former provinces through the 2025 merger are not a new investment decision and are left to
        ICT206; capabilities whose single-instance basis is unverified are left to ICT207.
        One finding per run of overlapping projects on a capability: placed on the first project (by id), the
        others related, their budgets summed; the message names at most three of them. A waiver may name any
        member.

    Anti-pattern:
        projects:
          - {id: my.p.ioc, name: {vi: IOC}, start_year: 2024, end_year: 2025, delivers: [my.iot-platform]}
          - {id: my.p.traffic, name: {vi: Giao thông}, start_year: 2025, end_year: 2026, delivers: [my.transport-iot]}

    Best practice:
        projects:
          - {id: my.p.ioc, name: {vi: IOC}, start_year: 2024, end_year: 2025, delivers: [my.iot-platform]}
          - {id: my.p.traffic, name: {vi: Giao thông}, start_year: 2025, end_year: 2026, delivers: [my.traffic-cameras]}

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu: "hạn chế trùng lắp" (secondary), current successor
        292/QĐ-BKHCN; 829/QĐ-BTTTT §I.3 c).
    """
    basis = sound_single_instance(ctx.workspace)
    for loaded in ctx.workspace.provinces:
        for cap, members in capability_groups(ctx, loaded).items():
            if inherited(members) or cap not in basis:
                continue
            funded = {p.id: p for c in members for p in projects_of(ctx, loaded, c)}
            dated = [p for p in funded.values() if p.start_year is not None and p.end_year is not None]
            for cluster in _overlapping(dated):
                first, *others = cluster
                yield FindingDraft(
                    subject=first.id,
                    province=loaded.code,
                    related=tuple(p.id for p in others),
                    at=("delivers",),
                    message=msg(
                        "finding.ICT202",
                        n=len(cluster),
                        capability=capability_name(ctx.workspace, cap),
                        years=f"{min(p.start_year or 0 for p in cluster)}–{max(p.end_year or 0 for p in cluster)}",
                        projects=sample(cluster, _project, "finding.more.projects"),
                        budget=budget(cluster),
                    ),
                )


def _project(p: Investment) -> Msg:
    return msg("finding.ICT202.project", project=p.id, years=years(p), budget=p.budget_vnd)


def _overlapping(projects: list[Investment]) -> Iterator[list[Investment]]:
    """Runs of projects whose years overlap, each of two or more projects and sorted by id.

    One sweep by start year: a project joins the run while it starts before the run's latest end year
    (years inclusive). Every project of a run overlaps another of it, and no project overlaps one of another
    run, so the runs hold exactly the projects that overlap some other: O(n log n), whatever the overlaps.
    """
    run: list[Investment] = []
    end = 0
    for p in sorted(projects, key=lambda p: (p.start_year or 0, p.id)):
        if run and (p.start_year or 0) > end:
            if len(run) > 1:
                yield sorted(run, key=lambda q: q.id)
            run = []
        if not run:
            end = p.end_year or 0
        run.append(p)
        end = max(end, p.end_year or 0)
    if len(run) > 1:
        yield sorted(run, key=lambda q: q.id)
