"""ICT5xx: security levels, ownership and open data — the governance every component needs."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.checks._lookup import live, node
from ictarch.checks.roles import Role
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import msg
from ictarch.models.province import Component, ComponentKind, Lifecycle

MINIMUM_LEVEL = 3
"""Lowest security level (cấp độ) for systems holding personal data or shared single-instance platforms."""

SHARED_KINDS = frozenset(
    {ComponentKind.PLATFORM, ComponentKind.CENTRE, ComponentKind.PORTAL, ComponentKind.INFRASTRUCTURE}
)
"""Kinds of component that other systems run on or through, and so always need a security level."""

PLATFORM_KINDS = frozenset({ComponentKind.PLATFORM, ComponentKind.CENTRE, ComponentKind.INFRASTRUCTURE})
"""Kinds of component other systems run on: a single-instance one carries every agency's data."""

OWNED_KINDS = frozenset(set(ComponentKind) - {ComponentKind.STAKEHOLDER})


def _personal(comp: Component) -> list[str]:
    return [d.id for d in comp.data if d.personal_data]


@check(
    code="ICT501",
    name="security.level.missing",
    severity=Severity.HIGH,
    groups=("core", "security"),
    reference=("vn.85-2016-ND-CP", "Điều 7-10 (cấp độ an toàn hệ thống thông tin)"),
)
def level_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system holding personal data, or a shared platform, has no security level.

    Rationale:
        Decree 85/2016/NĐ-CP classifies every information system into one of five security levels
        (cấp độ 1-5, Art. 7-11) and ties the protection measures to the level; 829/QĐ-BTTTT §1.3 makes
        security a system across all layers and Decree 269/2025/NĐ-CP Art. 4(4) requires information
        safety and security. A platform, portal, centre or infrastructure others run on, or a system
        holding personal data, must state its level so the measures and the approval can be checked.
        (The article numbers come from secondary sources and are unverified.)

    Anti-pattern:
        components:
          - id: my.gis-platform
            name: {vi: Nền tảng GIS dùng chung}
            kind: platform
            status: in-progress

    Best practice:
        components:
          - id: my.gis-platform
            name: {vi: Nền tảng GIS dùng chung}
            kind: platform
            status: in-progress
            security_level: 3

    Reference:
        Nghị định 85/2016/NĐ-CP, Điều 7-10 (secondary, unverified); 829/QĐ-BTTTT §1.3 (security system).
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            if comp.security_level is not None:
                continue
            personal = _personal(comp)
            shared = comp.kind in SHARED_KINDS or any(
                ctx.index.has_role(node(loaded, comp.id), r) for r in (Role.INTEGRATION_PLATFORM, Role.IOC)
            )
            if not personal and not shared:
                continue
            why = (
                msg("finding.ICT501.personal", datasets=personal)
                if personal
                else msg("finding.ICT501.shared", kind=msg(f"kind.{comp.kind.value}"))
            )
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                message=msg("finding.ICT501", component=comp.id, why=why),
            )


@check(
    code="ICT502",
    name="security.level.below_minimum",
    severity=Severity.HIGH,
    groups=("core", "security"),
    reference=("vn.85-2016-ND-CP", "Điều 7-10 (cấp độ an toàn hệ thống thông tin)"),
)
def level_below_minimum(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system holding personal data, or a shared single-instance platform, is below security level 3.

    Rationale:
        Under Decree 85/2016/NĐ-CP (Art. 7-10, as secondary sources report them) systems that process
        personal information of citizens, and systems serving many agencies, start at level 3; the
        shared platforms a province runs once (integration platform, data centre, IoT platform, IOC)
        carry every agency's data, so a breach of one is a breach of all (829/QĐ-BTTTT §1.3, security
        system; 3090/QĐ-BKHCN principle 6). The article numbers are secondary and unverified.

    Anti-pattern:
        components:
          - id: my.citizen-app
            name: {vi: Ứng dụng công dân số}
            kind: channel
            status: in-progress
            security_level: 2
            data:
              - {id: my.ds.accounts, name: {vi: Tài khoản công dân}, personal_data: true}

    Best practice:
        components:
          - id: my.citizen-app
            name: {vi: Ứng dụng công dân số}
            kind: channel
            status: in-progress
            security_level: 3
            data:
              - {id: my.ds.accounts, name: {vi: Tài khoản công dân}, personal_data: true}

    Reference:
        Nghị định 85/2016/NĐ-CP, Điều 7-10 (secondary, unverified).
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            if comp.security_level is None or comp.security_level >= MINIMUM_LEVEL:
                continue
            reasons = []
            if personal := _personal(comp):
                reasons.append(msg("finding.ICT502.personal", datasets=personal))
            caps = sorted(ctx.index.facts[node(loaded, comp.id)].single_instance)
            if caps and comp.kind in PLATFORM_KINDS:
                reasons.append(msg("finding.ICT502.shared", capabilities=caps))
            if not reasons:
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                at=("security_level",),
                message=msg(
                    "finding.ICT502",
                    component=comp.id,
                    level=comp.security_level,
                    minimum=MINIMUM_LEVEL,
                    reasons=reasons,
                ),
            )


@check(
    code="ICT503",
    name="governance.owner.missing",
    severity=Severity.MEDIUM,
    groups=("core", "security", "governance"),
    reference=("vn.47-2020-ND-CP", "trách nhiệm của cơ quan chủ quản"),
)
def owner_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """An existing or in-progress component has no owner or no operator.

    Rationale:
        Decree 47/2020/NĐ-CP assigns the duties of connecting and sharing data to the agency that owns
        a system (cơ quan chủ quản), and Decree 85/2016/NĐ-CP assigns security duties to the owner and
        the operating unit. A system in service, or being built, without a named owner and operator has
        nobody to approve its security level, answer data-sharing requests or pay for its operation.

    Anti-pattern:
        components:
          - id: my.gis-platform
            name: {vi: Nền tảng GIS dùng chung}
            kind: platform
            status: existing

    Best practice:
        components:
          - id: my.gis-platform
            name: {vi: Nền tảng GIS dùng chung}
            kind: platform
            status: existing
            owner: {vi: Sở Nông nghiệp và Môi trường}
            operator: {vi: Trung tâm Công nghệ thông tin tỉnh}

    Reference:
        Nghị định 47/2020/NĐ-CP (owner's duties); Nghị định 85/2016/NĐ-CP (owner and operator).
    """
    for loaded in ctx.workspace.provinces:
        for comp in loaded.architecture.components:
            if comp.kind not in OWNED_KINDS or comp.status not in (Lifecycle.EXISTING, Lifecycle.IN_PROGRESS):
                continue
            missing = [f for f, v in (("owner", comp.owner), ("operator", comp.operator)) if v is None]
            if not missing:
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                message=msg(
                    "finding.ICT503",
                    component=comp.id,
                    status=msg(f"lifecycle.{comp.status.value}"),
                    missing=tuple(msg(f"finding.ICT503.no-{f}") for f in missing),
                ),
            )


@check(
    code="ICT504",
    name="data.open.incomplete",
    severity=Severity.LOW,
    groups=("core", "security", "data"),
    reference=("vn.829-QD-BTTTT.2019", "§I.3 b) (dữ liệu mở)"),
)
def open_data_incomplete(ctx: CheckContext) -> Iterator[FindingDraft]:
    """An open dataset does not state its licence, format or update frequency.

    Rationale:
        829/QĐ-BTTTT §I.3 b) encourages open data "explicitly described, usable and exploitable by all
        parties"; the seventh core principle of 3090/QĐ-BKHCN promotes open data. A dataset published
        without a licence cannot be reused lawfully, without a format cannot be read by machines, and
        without an update frequency cannot be relied on.

    Anti-pattern:
        data:
          - id: my.ds.air-quality
            name: {vi: Chất lượng không khí}
            open_data: {format: CSV}

    Best practice:
        data:
          - id: my.ds.air-quality
            name: {vi: Chất lượng không khí}
            open_data: {licence: CC-BY-4.0, format: CSV, update_frequency: hourly}

    Reference:
        829/QĐ-BTTTT (31/05/2019), §I.3 b): open data; 3090/QĐ-BKHCN core principle 7.
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            for i, ds in enumerate(comp.data):
                od = ds.open_data
                if od is None:
                    continue
                missing = [
                    f
                    for f, v in (
                        ("licence", od.licence),
                        ("format", od.format),
                        ("update_frequency", od.update_frequency),
                    )
                    if not (v or "").strip()
                ]
                if not missing:
                    continue
                yield FindingDraft(
                    subject=comp.id,
                    province=loaded.code,
                    related=(ds.id,),
                    at=("data", i, "open_data"),
                    message=msg("finding.ICT504", dataset=ds.id, component=comp.id, missing=missing),
                )
