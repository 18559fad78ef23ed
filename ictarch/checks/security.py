"""ICT503, ICT504, ICT506, ICT507: ownership, open data and personal data — the governance every component needs.

The security-level checks (ICT501, ICT502, ICT505) are in :mod:`ictarch.checks.security_levels`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator

from ictarch.checks._lookup import live, model_date
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import Msg, msg
from ictarch.models.common import Provenance
from ictarch.models.province import Component, ComponentKind, Lifecycle
from ictarch.models.reference import Reorganisation

OWNED_KINDS = frozenset(set(ComponentKind) - {ComponentKind.STAKEHOLDER})

PDP_LAW_IN_FORCE = dt.date(2026, 1, 1)
"""Law 91/2025/QH15 on personal data protection is in force from this day."""

STATE_AGENCY_PREFIXES = (
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "văn phòng ubnd",
    "văn phòng ủy ban nhân dân",
    "văn phòng uỷ ban nhân dân",
    "văn phòng hđnd",
    "văn phòng đoàn đại biểu",
    "sở ",
    "bộ ",
    "công an",
    "thanh tra",
    "cục ",
    "chi cục",
    "kho bạc",
    "ban quản lý khu kinh tế",
    "ban quản lý các khu công nghiệp",
)
"""How the names of state agencies (cơ quan nhà nước) begin: People's Committees and their offices, departments,
ministries, police, inspectorates, ministry departments, the treasury, economic-zone authorities. Public service
units (hospitals, schools, IT centres) and enterprises are not state agencies."""


def _personal(comp: Component) -> list[str]:
    return [d.id for d in comp.data if d.personal_data]


def _state_agency(label: str) -> bool:
    text = " ".join(unicodedata.normalize("NFC", label).split()).casefold()
    return text.startswith(STATE_AGENCY_PREFIXES)


@check(
    code="ICT503",
    name="governance.owner.missing",
    severity=Severity.MEDIUM,
    groups=("core", "security", "governance"),
    reference=("vn.331-2026-ND-CP", "Điều 5"),
    scope="province",
)
def owner_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """An existing or in-progress component has no owner or no operator.

    Rationale:
        Decree 331/2026/NĐ-CP names the two bodies every information system has: its owner (chủ quản; for a
        province "Ủy ban nhân dân cấp tỉnh" or the body that decides the investment, Điều 4 khoản 1) and "Đơn vị
        vận hành hệ thống thông tin là đơn vị được chủ quản hệ thống thông tin giao nhiệm vụ vận hành hệ thống
        thông tin" (Điều 5 khoản 1). A system in service, or being built, without a named owner and operator
        has nobody to propose and approve its security level, answer data-sharing requests or pay for its
        operation. Decree 85/2016/NĐ-CP, which 331/2026 replaces, defined the same roles (Điều 3).

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
        Nghị định 331/2026/NĐ-CP, Điều 4 khoản 1 (chủ quản) and Điều 5 khoản 1 (đơn vị vận hành); formerly Nghị
        định 85/2016/NĐ-CP, Điều 3.
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
    scope="province",
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


@check(
    code="ICT506",
    name="data.personal.impact_assessment_missing",
    severity=Severity.MEDIUM,
    groups=("core", "security", "data"),
    reference=("vn.91-2025-QH15", "Điều 21"),
    scope="province",
)
def impact_assessment_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system that holds personal data, owned by a body that is not a state agency, records no impact assessment.

    Rationale:
        The Law on Personal Data Protection 91/2025/QH15 (in force 01/01/2026), Điều 21 khoản 1: "Bên kiểm
        soát dữ liệu cá nhân, bên kiểm soát và xử lý dữ liệu cá nhân lập, lưu trữ hồ sơ đánh giá tác động xử
        lý dữ liệu cá nhân và gửi 01 bản chính cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân trong thời gian
        60 ngày kể từ ngày đầu tiên xử lý dữ liệu cá nhân"; the dossier and procedure are set by Decree
        356/2025/NĐ-CP (khoản 7). Khoản 6 exempts the State: "Cơ quan nhà nước có thẩm quyền không phải thực
        hiện quy định về đánh giá tác động xử lý dữ liệu cá nhân quy định tại Điều này." Most systems of a
        provincial programme are owned by state agencies (a People's Committee, a department) and are exempt;
        to raise no false alarm the exemption is read for every owner whose name is that of a state agency, and
        a system whose owner is not recorded is not judged (ICT503 asks for the owner). The check therefore
        reports systems owned by public service units (hospitals, schools) or enterprises. It applies to models
        dated on or after 01/01/2026 (``as_of``, or the latest dated document, source or merge record); an
        undated model is not judged.

    Anti-pattern:
        components:
          - id: my.hospital-app
            name: {vi: Ứng dụng đặt lịch khám bệnh}
            kind: channel
            status: existing
            owner: {vi: Bệnh viện Đa khoa tỉnh}
            data:
              - {id: my.ds.patients, name: {vi: Hồ sơ người bệnh}, personal_data: true}

    Best practice:
        components:
          - id: my.hospital-app
            name: {vi: Ứng dụng đặt lịch khám bệnh}
            kind: channel
            status: existing
            owner: {vi: Bệnh viện Đa khoa tỉnh}
            impact_assessment: {reference: "Hồ sơ ĐGTĐ số 12/2026", date: 2026-02-15}
            data:
              - {id: my.ds.patients, name: {vi: Hồ sơ người bệnh}, personal_data: true}

    Reference:
        Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 21 khoản 1 and khoản 6, Điều 2 khoản 1; Nghị định
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
            if comp.owner is None or _state_agency(comp.owner.vi):
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                related=tuple(personal),
                at=("data",),
                message=msg("finding.ICT506", component=comp.id, datasets=personal, owner=comp.owner.vi),
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
    scope="province",
)
def owner_defunct(ctx: CheckContext) -> Iterator[FindingDraft]:
    """An owner or operator is a body that no longer exists at the model's date.

    Rationale:
        Departments were merged in 2025: "Các Sở KH&CN sau hợp nhất đã đi vào hoạt động kể từ ngày
        1/3/2025" (the Departments of Information and Communications merged into the Departments of
        Science and Technology; ictvietnam.vn, 10/03/2025). A system owned or operated by a body that no
        longer exists has no accountable owner (Decree 331/2026/NĐ-CP Điều 4, chủ quản) until the model names
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
                caveat: Msg | str = (
                    ""
                    if reorg.provenance is Provenance.VERIFIED
                    else msg("finding.ICT507.caveat", provenance=msg(f"provenance.{reorg.provenance.value}"))
                )
                yield FindingDraft(
                    subject=comp.id,
                    province=loaded.code,
                    at=(role,),
                    message=msg(
                        "finding.ICT507",
                        component=comp.id,
                        role=msg(f"finding.ICT503.{role}"),
                        name=label.vi,
                        date=f"{when:%d/%m/%Y}",
                        successor=reorg.successor.vi,
                        effective=f"{reorg.effective:%d/%m/%Y}",
                        caveat=caveat,
                    ),
                )
