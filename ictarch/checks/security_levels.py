"""ICT501, ICT502, ICT505: information-system security levels (cấp độ hệ thống thông tin).

The criteria are those of the decree in force at the model's date: Decree 331/2026/NĐ-CP from 19/08/2026
(under the Law on Cybersecurity 116/2025/QH15), Decree 85/2016/NĐ-CP before. An undated model is judged
by the decree in force now. Where the model does not record a criterion, the level is not guessed: ICT505
asks for the fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ictarch.checks._lookup import live, model_date, node
from ictarch.checks.roles import Role
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture
from ictarch.models.province import Component, ComponentKind


@dataclass(frozen=True)
class LevelCriteria:
    """The level-2 and level-3 criteria of one decree that a provincial model can be checked against."""

    decree: str
    level2: str
    """The article of level 2 (internal systems with personal information)."""
    level3: str
    """The article of level 3 (administrative procedures, many data subjects, shared infrastructure)."""
    subjects: int
    """Data subjects of an online service from which level 3 is required."""
    sensitive_subjects: int | None
    """The lower threshold for sensitive personal data, where the decree has one."""
    procedures: str
    """The catalogue message that words the decree's administrative-procedure criterion."""


DECREE_331 = LevelCriteria(
    decree="331/2026/NĐ-CP",
    level2="Điều 12",
    level3="Điều 13",
    subjects=100_000,
    sensitive_subjects=10_000,
    procedures="finding.level.procedures-331",
)
"""Decree 331/2026/NĐ-CP, Điều 12-13 (read in the decree's text)."""

DECREE_85 = LevelCriteria(
    decree="85/2016/NĐ-CP",
    level2="Điều 8",
    level3="Điều 9",
    subjects=10_000,
    sensitive_subjects=None,
    procedures="finding.level.procedures-85",
)
"""Decree 85/2016/NĐ-CP, Điều 8-9 (read in the Bộ pháp điển), for models dated before 19/08/2026."""

DECREE_331_IN_FORCE = dt.date(2026, 8, 19)

SHARED_KINDS = frozenset(
    {ComponentKind.PLATFORM, ComponentKind.CENTRE, ComponentKind.PORTAL, ComponentKind.INFRASTRUCTURE}
)
"""Kinds of component that other systems run on or through, and so always need a security level."""


def criteria_at(when: dt.date | None) -> LevelCriteria:
    """The criteria in force on ``when``; those in force now for an undated model."""
    return DECREE_85 if when is not None and when < DECREE_331_IN_FORCE else DECREE_331


def _personal(comp: Component) -> list[str]:
    return [d.id for d in comp.data if d.personal_data]


@dataclass(frozen=True)
class LevelAssessment:
    """The lowest security level the recorded criteria call for, why, and what the model does not say."""

    criteria: LevelCriteria
    minimum: int
    reasons: tuple[Msg, ...]
    unknown: tuple[str, ...]
    """Criteria fields that are not recorded and could raise the minimum to level 3."""


def _subjects_reason(comp: Component, rule: LevelCriteria) -> tuple[Msg | None, str | None]:
    """The level-3 reason from the number of data subjects, or the field whose absence leaves it open."""
    count = comp.personal_data_subjects
    if count is None:
        return None, "personal_data_subjects"
    if count >= rule.subjects:
        reason = msg("finding.level.subjects", count=count, threshold=rule.subjects, article=rule.level3)
        return reason, None
    if rule.sensitive_subjects is None or count < rule.sensitive_subjects:
        return None, None
    flags = [d.sensitive_personal_data for d in comp.data if d.personal_data]
    if any(flags):
        return (
            msg("finding.level.sensitive", count=count, threshold=rule.sensitive_subjects, article=rule.level3)
        ), None
    return None, ("sensitive_personal_data" if None in flags else None)


def assess_level(ctx: CheckContext, loaded: LoadedArchitecture, comp: Component) -> LevelAssessment:
    """The minimum level the criteria in force at the model's date set for what the model records of ``comp``.

    Level 2: a system processing personal information. Level 3: a system handling administrative procedures
    (under Decree 85/2016: online public services at level 3 or above); an online service processing personal
    information of at least 100,000 data subjects, or 10,000 with sensitive data (under Decree 85/2016: 10,000
    users); information infrastructure serving the agencies of a province (a shared data centre, cloud or
    database, or the platform that connects their systems).
    """
    rule = criteria_at(model_date(loaded))
    minimum, reasons = 1, []
    personal = _personal(comp)
    if personal:
        minimum, reasons = 2, [msg("finding.level.personal", datasets=personal, article=rule.level2)]
    level3: list[Msg] = []
    unknown: list[str] = []
    if comp.online_public_service:
        level3.append(msg(rule.procedures))
    elif comp.online_public_service is None and comp.citizen_facing:
        unknown.append("online_public_service")
    if personal and comp.citizen_facing:
        reason, missing = _subjects_reason(comp, rule)
        level3 += [reason] if reason else []
        unknown += [missing] if missing else []
    here = node(loaded, comp.id)
    caps = sorted(ctx.index.facts[here].single_instance)
    if comp.kind is ComponentKind.INFRASTRUCTURE and caps:
        shared = ", ".join(caps)
        level3.append(msg("finding.level.infrastructure", capabilities=shared, article=rule.level3))
    elif ctx.index.has_role(here, Role.INTEGRATION_PLATFORM):
        level3.append(msg("finding.level.connects", article=rule.level3))
    if level3:
        return LevelAssessment(rule, 3, tuple(level3), ())
    return LevelAssessment(rule, minimum, tuple(reasons), tuple(unknown))


@check(
    code="ICT501",
    name="security.level.missing",
    severity=Severity.HIGH,
    groups=("core", "security"),
    reference=("vn.331-2026-ND-CP", "Điều 20"),
    scope="province",
)
def level_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system holding personal data, or a shared platform, has no security level.

    Rationale:
        Decree 331/2026/NĐ-CP (in force 19/08/2026, under the Law on Cybersecurity 116/2025/QH15) sets five
        levels, one article each ("Điều 11. Tiêu chí xác định cấp độ 1" to "Điều 15. Tiêu chí xác định cấp độ
        5"), and a procedure that gives every system its level: for a system in operation "Đơn vị vận hành hệ
        thống thông tin lập hồ sơ đề xuất cấp độ theo quy định tại Điều 21 Nghị định này" (Điều 20 khoản 1
        điểm a); for a project, "Chủ đầu tư xây dựng thuyết minh đề xuất cấp độ, lồng ghép vào nội dung của báo
        cáo nghiên cứu khả thi" (Điều 19 khoản 1). A platform, portal, centre or infrastructure other systems
        run on, or a system holding personal data, must state its approved level so that its protection can be
        checked. Decree 85/2016/NĐ-CP, which 331/2026 replaces, set the same duty (Điều 13-14).

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
        Nghị định 331/2026/NĐ-CP, Điều 19 khoản 1 and Điều 20 khoản 1 (procedure), Điều 11-15 (the five levels);
        Luật An ninh mạng 116/2025/QH15; formerly Nghị định 85/2016/NĐ-CP, Điều 13-14.
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
    reference=("vn.331-2026-ND-CP", "Điều 13"),
    scope="province",
)
def level_below_minimum(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system's security level is below what the decree's criteria call for, given what the model records.

    Rationale:
        The level follows from criteria, not from the mere presence of personal data. Decree 331/2026/NĐ-CP
        puts at level 2 (Điều 12) a system "phục vụ hoạt động nội bộ của cơ quan, tổ chức và có xử lý thông tin
        riêng, thông tin cá nhân của người sử dụng", and at level 3 (Điều 13): "Hệ thống thông tin giải quyết
        thủ tục hành chính"; online services processing personal information "của từ 100.000 chủ thể dữ liệu
        đối với dữ liệu cá nhân cơ bản trở lên hoặc từ 10.000 chủ thể dữ liệu đối với dữ liệu cá nhân nhạy cảm
        trở lên"; and "Hệ thống cơ sở hạ tầng thông tin phục vụ hoạt động của các cơ quan, tổ chức trong phạm vi
        một bộ, một ngành, một tỉnh" — infrastructure including databases, data centres, cloud and "kết nối
        liên thông các hệ thống thông tin" (Điều 9 khoản 2 điểm c). When several criteria apply, the highest
        level applies (Điều 8 khoản 2). A model dated before 19/08/2026 is checked against Decree 85/2016/NĐ-CP
        Điều 8-9, its predecessor: online public services at level 3 or above, or personal information of
        10,000 users or more, call for level 3. The criteria are the component fields
        ``online_public_service``, ``personal_data_subjects``, ``citizen_facing`` and the datasets'
        ``sensitive_personal_data``; when they are not recorded, ICT505 says the level cannot be checked.

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
        Nghị định 331/2026/NĐ-CP, Điều 12, Điều 13 khoản 2 điểm b and c, khoản 3, Điều 9 khoản 2 điểm c and Điều 8
        khoản 2; before 19/08/2026 Nghị định 85/2016/NĐ-CP, Điều 8-9.
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            if comp.security_level is None:
                continue
            found = assess_level(ctx, loaded, comp)
            if comp.security_level >= found.minimum:
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                at=("security_level",),
                message=msg(
                    "finding.ICT502",
                    component=comp.id,
                    level=comp.security_level,
                    minimum=found.minimum,
                    decree=found.criteria.decree,
                    reasons=found.reasons,
                ),
            )


@check(
    code="ICT505",
    name="security.level.unclassifiable",
    severity=Severity.LOW,
    groups=("security",),
    reference=("vn.331-2026-ND-CP", "Điều 13"),
    scope="province",
)
def level_unclassifiable(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The model does not record what decides whether a citizen-facing system below level 3 needs level 3.

    Rationale:
        Whether a citizen-facing system needs level 3 under Decree 331/2026/NĐ-CP ("Điều 13. Tiêu chí xác
        định cấp độ 3") depends on facts the architecture must state: whether it is a "Hệ thống thông tin giải
        quyết thủ tục hành chính", for how many people it processes personal information online, and, between
        10,000 and 100,000 people, whether the data are sensitive (Điều 13 khoản 2 điểm c). ICT502 cannot judge
        a level it has no criteria for; rather than guess, this check asks for the facts.

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
        Nghị định 331/2026/NĐ-CP, Điều 13 khoản 2 điểm b and c; before 19/08/2026 Nghị định 85/2016/NĐ-CP, Điều 9.
    """
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            if comp.security_level is None or comp.security_level >= 3:
                continue
            found = assess_level(ctx, loaded, comp)
            if comp.security_level < found.minimum or not found.unknown:
                continue
            rule = found.criteria
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                at=("security_level",),
                message=msg(
                    "finding.ICT505",
                    component=comp.id,
                    level=comp.security_level,
                    unknown=found.unknown,
                    decree=rule.decree,
                    articles=f"{rule.level2}-{rule.level3.removeprefix('Điều ')}",
                ),
            )
