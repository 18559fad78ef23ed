"""ICT3xx: linkage to the e-government architecture and to the shared platforms (LGSP, portal, IOC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ictarch.checks._lookup import (
    conformance_location,
    declared,
    document_number,
    live,
    model_date,
    node,
    province_location,
    sample,
)
from ictarch.checks.roles import Role, has_role
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, NodeKind, Relation
from ictarch.i18n import Arg, msg
from ictarch.models.province import Component, ComponentKind, IntegrationPath, RelationType
from ictarch.models.reference import FrameworkKind

REACH_RELATIONS = (*sorted(DEPENDENCY_RELATIONS), Relation.SERVES)
"""Relations along which a citizen-facing service can reach the public-service portal."""


@check(
    code="ICT301",
    name="linkage.egov.undeclared",
    severity=Severity.HIGH,
    groups=("core", "linkage"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 1"),
    scope="province",
)
def egov_undeclared(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The architecture declares no e-government (digital-government) architecture framework.

    Rationale:
        Decree 269/2025/NĐ-CP Art. 4(1) requires smart-city development to comply with the law and the
        national orientation; the province's smart-city ICT architecture builds on its e-government
        architecture (Kiến trúc Chính quyền điện tử / Chính quyền số cấp tỉnh), which follows the
        national framework (1178/BTTTT-THH → 2323/QĐ-BTTTT → 2568/QĐ-BTTTT → 292/QĐ-BKHCN). Without
        that link the smart-city systems cannot be matched to the LGSP, the shared databases and the
        one-stop portal they must use.

    Anti-pattern:
        conforms_to:
          - framework: vn.ictrf.1.0

    Best practice:
        conforms_to:
          - framework: vn.ictrf.1.0
          - framework: vn.dgov.eaf.4.0

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 1; 292/QĐ-BKHCN (Khung kiến trúc Chính phủ số 4.0).
    """
    cat = ctx.workspace.catalogue
    current = sorted(
        f.id for f in cat.frameworks.values() if f.kind is FrameworkKind.EGOV_ARCHITECTURE and not f.superseded_by
    )
    for loaded in ctx.workspace.provinces:
        if any(fw.kind is FrameworkKind.EGOV_ARCHITECTURE for fw in declared(ctx.workspace, loaded)):
            continue
        yield FindingDraft(
            subject=loaded.code,
            province=loaded.code,
            location=province_location(loaded),
            message=msg("finding.ICT301", province=loaded.code, current=tuple(current) or msg("value.none")),
        )


@check(
    code="ICT302",
    name="linkage.egov.superseded",
    severity=Severity.MEDIUM,
    groups=("core", "linkage", "currency"),
    reference=("vn.292-QD-BKHCN.2025", "Điều 1"),
    scope="province",
)
def egov_superseded(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The declared e-government architecture framework has been superseded.

    Rationale:
        The national e-government architecture framework was replaced version by version: 1.0
        (1178/BTTTT-THH, 2015) by 2.0 (2323/QĐ-BTTTT, 2019), by 3.0 (2568/QĐ-BTTTT, 2023, amended by
        1729/QĐ-BTTTT), and 292/QĐ-BKHCN (2025) issued the digital-government framework 4.0 replacing
        2568 and 1729. A province linked to an old version misses the components added since (national
        data centre, electronic identification, the data-sharing and coordination platform).

    Anti-pattern:
        conforms_to:
          - framework: vn.egov.eaf.1.0

    Best practice:
        conforms_to:
          - framework: vn.dgov.eaf.4.0

    Reference:
        292/QĐ-BKHCN (25/03/2025), Điều 1 (issuing framework 4.0; numbering secondary), replacing 2568/QĐ-BTTTT
        and 1729/QĐ-BTTTT.
    """
    cat = ctx.workspace.catalogue
    for loaded in ctx.workspace.provinces:
        ids = {c.framework for c in loaded.architecture.conforms_to}
        for fw in declared(ctx.workspace, loaded):
            if fw.kind is not FrameworkKind.EGOV_ARCHITECTURE or not fw.superseded_by:
                continue
            chain = cat.successors(fw.id)
            if ids & set(chain):
                continue
            steps = " → ".join(f"{s} ({document_number(ctx.workspace, cat.frameworks[s].document)})" for s in chain)
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(fw.id, *chain),
                location=conformance_location(loaded, fw.id),
                message=msg(
                    "finding.ICT302",
                    framework=fw.id,
                    document=document_number(ctx.workspace, fw.document),
                    steps=steps,
                    successor=chain[-1] if chain else msg("finding.ICT302.successor"),
                ),
            )


def _reaching(graph: ArchGraph, targets: Iterable[str]) -> set[str]:
    """Every node with a path to one of ``targets`` along :data:`REACH_RELATIONS` (one reverse search)."""
    return graph.reaching(targets, REACH_RELATIONS)


@check(
    code="ICT303",
    name="linkage.portal.unreachable",
    severity=Severity.MEDIUM,
    groups=("core", "linkage"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 2"),
    scope="province",
    graph=True,
)
def portal_unreachable(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A system that provides online public services has no path to a public-service portal.

    Rationale:
        The Cổng Dịch vụ công (the national portal under Decree 118/2025/NĐ-CP on the one-stop mechanism,
        and the province's public-service portal and one-stop system) is where administrative procedures
        are filed and followed; Decree 269/2025/NĐ-CP Art. 4(2) puts people at the centre of smart-city
        development. A system that provides online public services for administrative procedures
        (``online_public_service: true``) must be reachable through that portal rather than be an island
        with its own accounts and dossiers. Other citizen-facing applications (an e-library, a tourism
        app, a school-family app) do not handle administrative procedures and are not asked to reach it.

    Anti-pattern:
        components:
          - id: my.construction-permits
            name: {vi: Hệ thống cấp phép xây dựng trực tuyến}
            kind: application
            status: in-progress
            citizen_facing: true
            online_public_service: true
        # no relationship towards the public-service portal

    Best practice:
        relationships:
          - {from: my.construction-permits, to: my.public-service-portal, type: depends_on}

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 2 (secondary); Nghị định 118/2025/NĐ-CP (Cổng Dịch vụ công quốc gia).
    """
    graph = ctx.graph
    portals = [
        n
        for loaded in ctx.workspace.provinces
        for c in live(loaded)
        if ctx.index.has_role(n := node(loaded, c.id), Role.PUBLIC_SERVICE_PORTAL)
    ]
    national = [
        n for n in graph.of_kind(NodeKind.REFERENCE_COMPONENT) if has_role(graph, n, Role.PUBLIC_SERVICE_PORTAL)
    ]
    reach = _reaching(graph, [*portals, *national])
    by_province: dict[str | None, list[str]] = {}
    for p in portals:
        info = graph.info(p)
        by_province.setdefault(info.province, []).append(info.entity_id)
    for loaded in ctx.workspace.provinces:
        own = by_province.get(loaded.code, [])
        for comp in live(loaded):
            n = node(loaded, comp.id)
            if not comp.online_public_service or n in reach:
                continue
            fix = (
                msg("finding.ICT303.add-relationship", component=comp.id, portal=own[0])
                if own
                else msg("finding.ICT303.no-portal")
            )
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                related=tuple(own),
                at=("online_public_service",),
                message=msg("finding.ICT303", component=comp.id, fix=fix),
            )


DISSEMINATION = frozenset({ComponentKind.PORTAL, ComponentKind.CHANNEL})
"""Kinds that publish to the public: a flow into them is dissemination, not an exchange between systems."""

OPEN_DATA_PORTAL = "cap.open_data_portal"

SIGNAL_SOURCES = frozenset({ComponentKind.SENSOR_NETWORK})
"""Kinds whose flows are signals and video (cameras, sensors), which no integration platform carries."""


def _signal_source(graph: ArchGraph, n: str) -> bool:
    obj = graph.entity(n)
    return isinstance(obj, Component) and obj.kind in SIGNAL_SOURCES


def _owner(comp: Component) -> str | None:
    return comp.owner.vi.strip().casefold() if comp.owner else None


@check(
    code="ICT304",
    name="linkage.exchange.point_to_point",
    severity=Severity.MEDIUM,
    groups=("core", "linkage"),
    reference=("vn.194-2025-ND-CP", "Điều 20"),
    scope="province",
)
def point_to_point(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two agencies' systems exchange data point-to-point instead of through the integration platform.

    Rationale:
        Decree 194/2025/NĐ-CP Điều 20 (as a press summary lists it) builds the national data-connection
        system from the "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia" (NDXP), the National Data Center's
        "Nền tảng chia sẻ, điều phối dữ liệu" (NDOP) and the "Hạ tầng kết nối, chia sẻ dữ liệu cấp bộ, cấp
        tỉnh" (the LGSP) connected to them; Decree 278/2025/NĐ-CP, which replaced Decree 47/2020/NĐ-CP, routes
        mandatory sharing through the NDOP. Agencies share data through these platforms, not bespoke links
        between pairs of systems. A point-to-point flow between systems of different owners escapes
        monitoring and cannot be reused by a third agency. Not point-to-point: flows through a shared data
        platform (data warehouse, IoT platform); publication to a portal (an open-data portal, the
        provincial web portal) or a broadcast channel (commune radio), and reading from an open-data portal,
        which are dissemination, not an exchange between information systems; flows into the IOC (ICT305).

    Anti-pattern:
        components:
          - id: my.hospital-his
            name: {vi: Hệ thống thông tin bệnh viện}
            kind: application
            status: existing
            integration: direct
        relationships:
          - {from: my.hospital-his, to: my.health-records, type: data_flow}

    Best practice:
        components:
          - id: my.hospital-his
            name: {vi: Hệ thống thông tin bệnh viện}
            kind: application
            status: existing
            integration: lgsp
        relationships:
          - {from: my.hospital-his, to: my.lgsp, type: integrates_via}
          - {from: my.lgsp, to: my.health-records, type: data_flow}

    Reference:
        Nghị định 194/2025/NĐ-CP, Điều 20 (secondary); Nghị định 278/2025/NĐ-CP (NDOP), replacing Nghị định
        47/2020/NĐ-CP.
    """
    index = ctx.index
    why = {True: msg("finding.ICT304.direct"), False: msg("finding.ICT304.owners")}
    for loaded in ctx.workspace.provinces:
        comps = {c.id: c for c in live(loaded)}
        facts = {c: index.facts[node(loaded, c)] for c in comps}
        platforms = sorted(c for c, f in facts.items() if index.facts_have_role(f, Role.INTEGRATION_PLATFORM))
        shared = set(platforms) | {c for c, f in facts.items() if index.facts_have_role(f, Role.DATA_HUB)}
        centres = {c for c, f in facts.items() if index.facts_have_role(f, Role.IOC)}
        open_portals = {c for c, f in facts.items() if OPEN_DATA_PORTAL in f.capabilities}
        owners: dict[str, str | None] = {}
        partners: dict[str, list[str]] = {}
        for rel in loaded.architecture.relationships:
            if rel.type is not RelationType.DATA_FLOW:
                continue
            a, b = comps.get(rel.source_id), comps.get(rel.target_id)
            if a is None or b is None:
                continue
            if a.id in shared or b.id in shared or b.id in centres:
                continue  # through a shared platform; flows into the IOC are ICT305's
            if b.kind in DISSEMINATION or a.id in open_portals or b.id in open_portals:
                continue  # publication to a portal or a broadcast channel, or reuse of open data
            owner_a = owners[a.id] if a.id in owners else owners.setdefault(a.id, _owner(a))
            owner_b = owners[b.id] if b.id in owners else owners.setdefault(b.id, _owner(b))
            differ = owner_a is not None and owner_b is not None and owner_a != owner_b
            if differ or a.integration is IntegrationPath.DIRECT:
                partners.setdefault(a.id, []).append(b.id)
            if b.integration is IntegrationPath.DIRECT:
                partners.setdefault(b.id, []).append(a.id)
        via: Arg = sample(platforms, str, "finding.more.components") if platforms else msg("finding.ICT304.lgsp")
        for cid in sorted(partners):
            comp = comps[cid]
            others = tuple(sorted(set(partners[cid])))
            direct = comp.integration is IntegrationPath.DIRECT
            yield FindingDraft(
                subject=cid,
                province=loaded.code,
                related=others,
                at=("integration",) if direct else (),
                message=msg("finding.ICT304", component=cid, others=others, why=why[direct], via=via),
            )


@check(
    code="ICT305",
    name="linkage.ioc.direct",
    severity=Severity.MEDIUM,
    groups=("core", "linkage"),
    reference=("vn.1709-BKHCN-CDSQG.2025", "Nguyên tắc hướng dẫn triển khai"),
    scope="province",
    graph=True,
)
def ioc_direct(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The operations centre (IOC) takes data straight from source systems, not through shared platforms.

    Rationale:
        The IOC should consume agencies' data through the shared platforms (integration platform, data
        warehouse, IoT and analytics platforms, national platforms) so that the same data serves every
        agency: 1709/BKHCN-CĐSQG guides the provincial IOC on data "đúng, đủ, sạch, sống" (principles of
        deployment, as Lào Cai's summary reports them); Decree 194/2025/NĐ-CP Điều 20 puts the provincial
        data-sharing infrastructure between systems; 3090/QĐ-BKHCN principle 2, data-based leadership. Each
        direct feed of business data into the IOC is a point-to-point integration to maintain and a copy
        nobody else can reuse. Camera video and sensor signals (kind ``sensor-network``) are not business
        data exchanged between agencies and are not asked to pass through the LGSP.

    Anti-pattern:
        relationships:
          - {from: my.traffic-cameras, to: my.ioc, type: data_flow}
          - {from: my.hospital-his, to: my.ioc, type: data_flow}

    Best practice:
        relationships:
          - {from: my.traffic-cameras, to: my.iot-platform, type: data_flow}
          - {from: my.iot-platform, to: my.ioc, type: data_flow}
          - {from: my.lgsp, to: my.ioc, type: data_flow}

    Reference:
        1709/BKHCN-CĐSQG (provincial IOC model), principles of deployment; Nghị định 194/2025/NĐ-CP, Điều 20
        (secondary).
    """
    graph = ctx.graph
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            n = node(loaded, comp.id)
            if not ctx.index.has_role(n, Role.IOC):
                continue
            direct = [
                s
                for s in graph.neighbours(n, Relation.DATA_FLOW, direction="in")
                if not (ctx.index.has_role(s, Role.INTEGRATION_PLATFORM) or ctx.index.has_role(s, Role.DATA_HUB))
                and not _signal_source(graph, s)
            ]
            if not direct:
                continue
            sources = [graph.info(s).entity_id for s in direct]
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                related=tuple(sources),
                message=msg("finding.ICT305", component=comp.id, sources=sources),
            )


EID_ONLY_FROM = dt.date(2024, 7, 1)
"""Decree 69/2024/NĐ-CP Điều 40: portals' own accounts for individuals are usable until 30/06/2024."""


@check(
    code="ICT306",
    name="linkage.eid.provincial_login",
    severity=Severity.MEDIUM,
    groups=("core", "linkage", "security"),
    reference=("vn.69-2024-ND-CP", "Điều 40 khoản 3"),
    scope="province",
    graph=True,
)
def provincial_login(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A citizen-facing public-service system does not authenticate through the national identification system.

    Rationale:
        Decree 69/2024/NĐ-CP on electronic identification and authentication (in force 01/07/2024, replacing
        Decree 59/2022/NĐ-CP) ends the portals' own accounts for individuals, Điều 40 khoản 3: "Tài khoản
        được tạo lập bởi Cổng dịch vụ công quốc gia, hệ thống thông tin giải quyết thủ tục hành chính cấp
        bộ, cấp tỉnh cấp cho cá nhân được sử dụng đến hết ngày 30 tháng 6 năm 2024." Since then citizens
        sign in to administrative procedures with their electronic identification account (VNeID). A
        public-service portal, or a system providing online public services, with no path to the national
        identification and authentication system keeps a provincial login the decree has ended. The check
        reads the model's relationships; it applies to models dated on or after 01/07/2024 (an undated
        model is not judged) and is not gating because a missing relationship may be a gap in the model.

    Anti-pattern:
        components:
          - id: my.public-service-portal
            name: {vi: Cổng dịch vụ công tỉnh}
            kind: portal
            egov_links: [egov2.prov.public_service_portal]
            status: existing
            citizen_facing: true
        # no relationship towards the national identification system

    Best practice:
        relationships:
          - {from: my.public-service-portal, to: ndaf.nat.eid, type: depends_on}

    Reference:
        Nghị định 69/2024/NĐ-CP, Điều 40 khoản 2-3 (in force 01/07/2024), replacing Nghị định 59/2022/NĐ-CP.
    """
    graph = ctx.graph
    targets = [
        *(n for n in graph.of_kind(NodeKind.REFERENCE_COMPONENT) if has_role(graph, n, Role.NATIONAL_EID)),
        *(
            n
            for loaded in ctx.workspace.provinces
            for c in live(loaded)
            if ctx.index.has_role(n := node(loaded, c.id), Role.NATIONAL_EID)
        ),
    ]
    reach = _reaching(graph, targets)
    for loaded in ctx.workspace.provinces:
        when = model_date(loaded)
        if when is None or when < EID_ONLY_FROM:
            continue
        for comp in live(loaded):
            n = node(loaded, comp.id)
            portal = comp.citizen_facing and ctx.index.has_role(n, Role.PUBLIC_SERVICE_PORTAL)
            if not (comp.online_public_service or portal) or n in reach:
                continue
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                message=msg("finding.ICT306", component=comp.id),
            )
