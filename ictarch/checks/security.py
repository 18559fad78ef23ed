"""ICT5xx: security levels, ownership, personal data and open data — the governance every component needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ictarch.checks._lookup import live, model_date, node
from ictarch.checks.roles import Role
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.loading import LoadedArchitecture
from ictarch.models.common import Provenance
from ictarch.models.province import Component, ComponentKind, Lifecycle
from ictarch.models.reference import Reorganisation

LARGE_USER_BASE = 10_000
"""Decree 85/2016/NĐ-CP Điều 8: online services processing personal information of fewer users are level 2."""

SHARED_KINDS = frozenset(
    {ComponentKind.PLATFORM, ComponentKind.CENTRE, ComponentKind.PORTAL, ComponentKind.INFRASTRUCTURE}
)
"""Kinds of component that other systems run on or through, and so always need a security level."""

OWNED_KINDS = frozenset(set(ComponentKind) - {ComponentKind.STAKEHOLDER})

PDP_LAW_IN_FORCE = dt.date(2026, 1, 1)
"""Law 91/2025/QH15 on personal data protection is in force from this day."""

INTERNAL_CRITERION = "Điều 8"


def _personal(comp: Component) -> list[str]:
    return [d.id for d in comp.data if d.personal_data]


@dataclass(frozen=True)
class LevelAssessment:
    """The lowest security level the recorded criteria call for, why, and what the model does not say."""

    minimum: int
    reasons: tuple[str, ...]
    unknown: tuple[str, ...]
    """Criteria fields that are not recorded and could raise the minimum to level 3."""


def assess_level(ctx: CheckContext, loaded: LoadedArchitecture, comp: Component) -> LevelAssessment:
    """The minimum level under Decree 85/2016/NĐ-CP Điều 8-9 for what the model records of ``comp``.

    Level 2 (Điều 8, read in a legal-news summary): a system processing personal information, internal
    or online for fewer than 10,000 users. Level 3 (Điều 9, criteria inferred from Điều 8, not read):
    online public services beyond information and forms, online services processing personal information
    of 10,000 users or more, and information infrastructure shared by the agencies of a province.
    """
    minimum, reasons = 1, []
    personal = _personal(comp)
    if personal:
        minimum, reasons = 2, [f"it processes personal information ({', '.join(personal)}; Điều 8)"]
    level3: list[str] = []
    if comp.online_public_service:
        level3.append("it provides online public services for administrative procedures (Điều 9)")
    if personal and comp.citizen_facing and (comp.personal_data_subjects or 0) >= LARGE_USER_BASE:
        level3.append(
            f"it processes personal information of {comp.personal_data_subjects:,} people online "
            f"(≥ {LARGE_USER_BASE:,}, Điều 9)"
        )
    caps = sorted(ctx.index.facts[node(loaded, comp.id)].single_instance)
    if comp.kind is ComponentKind.INFRASTRUCTURE and caps:
        level3.append(f"it is information infrastructure shared by the province's agencies ({', '.join(caps)}; Điều 9)")
    if level3:
        minimum, reasons = 3, level3
    unknown: list[str] = []
    if minimum < 3 and comp.citizen_facing:
        if comp.online_public_service is None:
            unknown.append("online_public_service")
        if personal and comp.personal_data_subjects is None:
            unknown.append("personal_data_subjects")
    return LevelAssessment(minimum, tuple(reasons), tuple(unknown))


@check(
    code="ICT501",
    name="security.level.missing",
    severity=Severity.HIGH,
    groups=("core", "security"),
    reference=("vn.85-2016-ND-CP", "Điều 14"),
)
def level_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system holding personal data, or a shared platform, has no security level.

    Rationale:
        Decree 85/2016/NĐ-CP sets five security levels, one article each ("Điều 7. Tiêu chí xác định cấp
        độ 1" to "Điều 11. Tiêu chí xác định cấp độ 5"), and a procedure to determine the level of every
        system: "Điều 13. Trình tự, thủ tục xác định cấp độ đối với dự án đầu tư xây dựng mới hoặc mở
        rộng, nâng cấp hệ thống thông tin" and "Điều 14. Trình tự, thủ tục xác định cấp độ đối với hệ
        thống thông tin đang vận hành". A platform, portal, centre or infrastructure other systems run on,
        or a system holding personal data, must state its approved level so that the protection measures
        can be checked. The decree was issued under the Law on Network Information Security 2015, which
        Law 116/2025/QH15 (Luật An ninh mạng) replaces from 01/07/2026; no successor decree could be read,
        so the 2016 criteria are cited.

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
            security_level: 2

    Reference:
        Nghị định 85/2016/NĐ-CP, Điều 13 and Điều 14 (headings read), Điều 7-11 (the five levels); Luật An ninh
        mạng 116/2025/QH15 (in force 01/07/2026).
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
            why = f"holds personal data ({', '.join(personal)})" if personal else f"is a shared {comp.kind.value}"
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                message=(
                    f"{comp.id} {why} but has no security_level: determine its level (cấp độ 1-5, Decree "
                    f"85/2016/NĐ-CP Điều 13-14) and record 'security_level'"
                ),
            )


@check(
    code="ICT502",
    name="security.level.below_minimum",
    severity=Severity.MEDIUM,
    groups=("core", "security"),
    reference=("vn.85-2016-ND-CP", "Điều 9"),
)
def level_below_minimum(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system's security level is below what the decree's criteria call for, given what the model records.

    Rationale:
        Decree 85/2016/NĐ-CP sets the level from criteria, not from the mere presence of personal data.
        Điều 8 (level 2), as a legal-news summary quotes it: "Hệ thống thông tin phục vụ hoạt động nội bộ
        của cơ quan, tổ chức và có xử lý thông tin riêng, thông tin cá nhân của người sử dụng ..." and
        online services "có xử lý thông tin riêng, thông tin cá nhân của dưới 10.000 người sử dụng".
        Điều 9 (level 3, "Tiêu chí xác định cấp độ 3") was not read: its criteria are inferred from
        Điều 8 — online public services beyond information and forms, personal information of 10,000 users
        or more, information infrastructure shared by a province's agencies. Because that basis is not
        verified, the check is not gating and its message says so. The criteria are the component fields
        ``online_public_service``, ``personal_data_subjects`` and ``citizen_facing``; when they are not
        recorded, ICT505 reports that the level cannot be determined.

    Anti-pattern:
        components:
          - id: my.public-services
            name: {vi: Hệ thống thông tin giải quyết thủ tục hành chính}
            kind: application
            status: existing
            citizen_facing: true
            online_public_service: true
            security_level: 2

    Best practice:
        components:
          - id: my.public-services
            name: {vi: Hệ thống thông tin giải quyết thủ tục hành chính}
            kind: application
            status: existing
            citizen_facing: true
            online_public_service: true
            security_level: 3

    Reference:
        Nghị định 85/2016/NĐ-CP, Điều 8 (secondary) and Điều 9 (heading read, criteria inferred).
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            if comp.security_level is None:
                continue
            found = assess_level(ctx, loaded, comp)
            if comp.security_level >= found.minimum:
                continue
            basis = (
                "criteria of Điều 9 inferred, not read"
                if found.minimum >= 3
                else "criteria of Điều 8 as a legal-news summary quotes them"
            )
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                at=("security_level",),
                message=(
                    f"{comp.id} has security level {comp.security_level}, below level {found.minimum} that Decree "
                    f"85/2016/NĐ-CP calls for because {' and '.join(found.reasons)} ({basis}): have the level "
                    f"re-determined and approved"
                ),
            )


@check(
    code="ICT505",
    name="security.level.unclassifiable",
    severity=Severity.LOW,
    groups=("security",),
    reference=("vn.85-2016-ND-CP", "Điều 9"),
)
def level_unclassifiable(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The model does not record what decides whether a citizen-facing system below level 3 needs level 3.

    Rationale:
        Whether a system needs level 3 under Decree 85/2016/NĐ-CP ("Điều 9. Tiêu chí xác định cấp độ 3")
        depends on facts the architecture must state: whether it provides online public services for
        administrative procedures, and for how many people it processes personal information (Điều 8 puts
        online services processing personal information of "dưới 10.000 người sử dụng" at level 2). ICT502
        cannot judge a level it has no criteria for; rather than guess, this check asks for the facts.

    Anti-pattern:
        components:
          - id: my.school-family
            name: {vi: Ứng dụng kết nối nhà trường và gia đình}
            kind: application
            status: existing
            citizen_facing: true
            security_level: 2
            data:
              - {id: my.ds.pupils, name: {vi: Hồ sơ học sinh}, personal_data: true}

    Best practice:
        components:
          - id: my.school-family
            name: {vi: Ứng dụng kết nối nhà trường và gia đình}
            kind: application
            status: existing
            citizen_facing: true
            online_public_service: false
            personal_data_subjects: 8000
            security_level: 2
            data:
              - {id: my.ds.pupils, name: {vi: Hồ sơ học sinh}, personal_data: true}

    Reference:
        Nghị định 85/2016/NĐ-CP, Điều 8 (secondary) and Điều 9 (heading read, criteria inferred).
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            if comp.security_level is None or comp.security_level >= 3:
                continue
            found = assess_level(ctx, loaded, comp)
            if comp.security_level < found.minimum or not found.unknown:
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                at=("security_level",),
                message=(
                    f"cannot tell whether {comp.id} (citizen-facing, level {comp.security_level}) needs level 3: the "
                    f"model does not record {' and '.join(found.unknown)}; record them so that its level can be "
                    f"checked against Decree 85/2016/NĐ-CP Điều 8-9"
                ),
            )


@check(
    code="ICT503",
    name="governance.owner.missing",
    severity=Severity.MEDIUM,
    groups=("core", "security", "governance"),
    reference=("vn.85-2016-ND-CP", "Điều 3"),
)
def owner_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """An existing or in-progress component has no owner or no operator.

    Rationale:
        Decree 85/2016/NĐ-CP Điều 3 defines the two roles every information system has: "Chủ quản hệ
        thống thông tin là cơ quan, tổ chức, cá nhân có thẩm quyền quản lý trực tiếp đối với hệ thống
        thông tin" (khoản 1) and the operating unit, "đơn vị vận hành hệ thống thông tin" (khoản 3). A
        system in service, or being built, without a named owner and operator has nobody to propose and
        approve its security level, answer data-sharing requests or pay for its operation.

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
        Nghị định 85/2016/NĐ-CP, Điều 3 khoản 1 and khoản 3 (chủ quản, đơn vị vận hành).
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
                message=(
                    f"{comp.id} ({comp.status.value}) has no {' and no '.join(missing)}: name the owning agency "
                    f"(owner, chủ quản hệ thống thông tin) and the operating unit (operator, đơn vị vận hành)"
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
                    message=(
                        f"open dataset {ds.id} of {comp.id} does not state its {', '.join(missing)}: add them "
                        f"under open_data so that others can reuse it"
                    ),
                )


@check(
    code="ICT506",
    name="data.personal.impact_assessment_missing",
    severity=Severity.MEDIUM,
    groups=("core", "security", "data"),
    reference=("vn.91-2025-QH15", "Điều 21"),
)
def impact_assessment_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system that holds personal data records no personal-data processing impact assessment.

    Rationale:
        The Law on Personal Data Protection 91/2025/QH15 (in force 01/01/2026) defines personal data as
        "dữ liệu số hoặc thông tin dưới dạng khác xác định hoặc giúp xác định một con người cụ thể" (Điều 2
        khoản 1) and requires the party that processes it to draw up and keep an impact assessment of the
        processing (Điều 21, detailed by Decree 356/2025/NĐ-CP, which replaces Decree 13/2023/NĐ-CP). The
        article number and the obligation are known from secondary sources; the article's text was not read,
        so the check is not gating. It applies to models dated on or after 01/01/2026 (``as_of``, or the
        latest dated document, source or merge record); an undated model is not judged.

    Anti-pattern:
        components:
          - id: my.citizen-app
            name: {vi: Ứng dụng công dân số}
            kind: channel
            status: existing
            data:
              - {id: my.ds.accounts, name: {vi: Tài khoản công dân}, personal_data: true}

    Best practice:
        components:
          - id: my.citizen-app
            name: {vi: Ứng dụng công dân số}
            kind: channel
            status: existing
            impact_assessment: {reference: "Hồ sơ ĐGTĐ số 12/2026", date: 2026-02-15}
            data:
              - {id: my.ds.accounts, name: {vi: Tài khoản công dân}, personal_data: true}

    Reference:
        Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 21 (secondary) and Điều 2 khoản 1; Nghị định
        356/2025/NĐ-CP.
    """
    for loaded in ctx.workspace.provinces:
        when = model_date(loaded)
        if when is None or when < PDP_LAW_IN_FORCE:
            continue
        for comp in live(loaded):
            personal = _personal(comp)
            if not personal or comp.impact_assessment is not None:
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                related=tuple(personal),
                at=("data",),
                message=(
                    f"{comp.id} holds personal data ({', '.join(personal)}) but records no impact assessment: draw up "
                    f"the personal-data processing impact assessment (Law 91/2025/QH15, Điều 21 per secondary "
                    f"sources; Decree 356/2025/NĐ-CP) and record it under 'impact_assessment'"
                ),
            )


def _matches(label: str, reorg: Reorganisation) -> bool:
    text = " ".join(label.split()).casefold()
    return any(text.startswith(" ".join(n.split()).casefold()) for n in (reorg.former.vi, *reorg.aliases))


@check(
    code="ICT507",
    name="governance.owner.defunct",
    severity=Severity.MEDIUM,
    groups=("core", "governance"),
    reference=("vn.ictvietnam-2025-03-10", "toàn văn"),
)
def owner_defunct(ctx: CheckContext) -> Iterator[FindingDraft]:
    """An owner or operator is a body that no longer exists at the model's date.

    Rationale:
        Departments were merged in 2025: "Các Sở KH&CN sau hợp nhất đã đi vào hoạt động kể từ ngày
        1/3/2025" (the Departments of Information and Communications merged into the Departments of
        Science and Technology; ictvietnam.vn, 10/03/2025). A system owned or operated by a body that no
        longer exists has no accountable owner (Decree 85/2016/NĐ-CP Điều 3, chủ quản) until the model names
        the successor. The reorganisations are data (reference_framework/institutions.yaml); those not
        verified in a source say so in the finding. The model's date is its ``as_of``, else the latest
        date of its programme documents, sources and merge records; an undated model is not judged.

    Anti-pattern:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
            kind: platform
            status: existing
            owner: {vi: Sở Thông tin và Truyền thông}

    Best practice:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
            kind: platform
            status: existing
            owner: {vi: Sở Khoa học và Công nghệ}

    Reference:
        ictvietnam.vn 10/03/2025: Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ từ
        01/03/2025; reference_framework/institutions.yaml.
    """
    reorgs = ctx.workspace.catalogue.reorganisations
    if not reorgs:
        return
    for loaded in ctx.workspace.provinces:
        when = model_date(loaded)
        if when is None:
            continue
        active = [r for r in reorgs if r.effective <= when]
        if not active:
            continue
        for comp in live(loaded):
            for role, label in (("owner", comp.owner), ("operator", comp.operator)):
                if label is None:
                    continue
                reorg = next((r for r in active if _matches(label.vi, r)), None)
                if reorg is None:
                    continue
                caveat = "" if reorg.provenance is Provenance.VERIFIED else f" (record {reorg.provenance.value})"
                yield FindingDraft(
                    subject=comp.id,
                    province=loaded.code,
                    at=(role,),
                    message=(
                        f"{comp.id}'s {role} '{label.vi}' no longer exists at the model's date ({when:%d/%m/%Y}): "
                        f"its duties passed to '{reorg.successor.vi}' on {reorg.effective:%d/%m/%Y}{caveat}; "
                        f"name the successor"
                    ),
                )
