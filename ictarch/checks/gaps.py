"""ICT1xx: gaps against the reference framework (829/QĐ-BTTTT) — layers, systems and centre not covered."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ictarch.checks._lookup import (
    conformance_location,
    declared,
    live,
    node,
    not_applicable,
    province_location,
)
from ictarch.checks.index import ModelIndex
from ictarch.checks.roles import Role
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, LayerCoverage, Severity
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.reference import Framework, FrameworkKind, Layer, LayerKind, Obligation

PLACEHOLDERS = frozenset({"", "-", "--", ".", "...", "n/a", "na", "none", "tbd", "todo", "x", "không", "chưa"})
"""Justifications that justify nothing."""


def layer_coverage(ws: Workspace, index: ModelIndex, loaded: LoadedArchitecture) -> list[LayerCoverage]:
    """Per layer of each declared ICT reference framework: the components placed in it and the share
    of its reference components (not national, not declared not applicable) the province realizes."""
    skip = not_applicable(loaded)
    out: list[LayerCoverage] = []
    for fw in declared(ws, loaded):
        if fw.kind is not FrameworkKind.ICT_REFERENCE:
            continue
        for layer in fw.layers:
            out.append(
                LayerCoverage(
                    province=loaded.code,
                    framework=fw.id,
                    layer=layer.id,
                    name=layer.name.vi,
                    kind=layer.kind.value,
                    coverage_required=layer.coverage_required,
                    components=tuple(index.realizers(loaded.code, layer.id)),
                    realized=tuple(c.id for c in layer.components if index.realizers(loaded.code, c.id)),
                    expected=tuple(c.id for c in layer.components if not c.national_level and c.id not in skip),
                )
            )
    return out


def _required(ctx: CheckContext, loaded: LoadedArchitecture, kind: LayerKind) -> Iterator[tuple[Framework, Layer]]:
    """Coverage-required layers of ``kind`` in the declared frameworks that nothing covers."""
    skip = not_applicable(loaded)
    for fw in declared(ctx.workspace, loaded):
        for layer in fw.layers:
            if layer.kind is not kind or not layer.coverage_required or layer.id in skip:
                continue
            if not ctx.index.realizers(loaded.code, layer.id):
                yield fw, layer


def _uncovered(ctx: CheckContext, kind: LayerKind, what: Callable[[Layer, str], Msg]) -> Iterator[FindingDraft]:
    """One finding per required layer of ``kind`` that nothing covers; ``what`` says what is missing and the fix."""
    for loaded in ctx.workspace.provinces:
        for fw, layer in _required(ctx, loaded, kind):
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(layer.id,),
                location=conformance_location(loaded, fw.id),
                message=what(layer, fw.id),
            )


def _examples(layer: Layer) -> Msg | str:
    ids = [c.id for c in layer.components if not c.national_level][:3]
    return msg("finding.ICT101.examples", ids=ids) if ids else ""


@check(
    code="ICT101",
    name="gap.layer.uncovered",
    severity=Severity.HIGH,
    groups=("core", "gap"),
    reference=("vn.829-QD-BTTTT.2019", "§II (các lớp)"),
    scope="province",
)
def layer_uncovered(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A layer the declared ICT reference framework requires has no component.

    Rationale:
        829/QĐ-BTTTT Part II builds the ICT reference framework for smart-city development from six
        layers (Lớp đối tượng sử dụng, ứng dụng thông minh, hỗ trợ dịch vụ và dữ liệu, điện toán và
        lưu trữ, mạng kết nối, thu thập dữ liệu). A provincial ICT architecture built on it places its
        systems in each of them; a layer with nothing in it is a tier the province has not planned,
        and every layer above it stands on air.

    Anti-pattern:
        conforms_to:
          - framework: vn.ictrf.1.0
        components:
          - id: my.portal
            name: {vi: Cổng dịch vụ công}
            kind: portal
            realizes: [ictrf.L2]
            status: existing
        # nothing realizes ictrf.L4 (Lớp điện toán và lưu trữ)

    Best practice:
        components:
          - id: my.data-centre
            name: {vi: Trung tâm dữ liệu tỉnh}
            kind: infrastructure
            realizes: [ictrf.L4, ictrf.L4.provincial_data_centre]
            status: existing

    Reference:
        829/QĐ-BTTTT (31/05/2019), Part II (§II; numbering per the 2019 draft): the six layers.
    """

    def what(layer: Layer, fw: str) -> Msg:
        total = sum(1 for c in layer.components if not c.national_level)
        coverage = msg("finding.ICT101.coverage", total=total) if total else msg("finding.ICT101.no-component")
        return msg(
            "finding.ICT101",
            layer=layer.id,
            name=layer.name.vi,
            framework=fw,
            coverage=coverage,
            examples=_examples(layer),
        )

    yield from _uncovered(ctx, LayerKind.LAYER, what)


@check(
    code="ICT102",
    name="gap.component.mandatory_missing",
    severity=Severity.HIGH,
    groups=("core", "gap"),
    reference=("vn.829-QD-BTTTT.2019", "§II (logical components)"),
    scope="province",
)
def mandatory_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A mandatory reference component is neither realized nor declared not applicable.

    Rationale:
        829/QĐ-BTTTT defines the logical components and their functions "so that each city can build
        its own ICT architecture for smart-city development"; a component the catalogue marks
        mandatory (obligation: mandatory, only ever on verified or secondary facts) must appear in the
        architecture, or be declared not applicable with a justification an approver accepted.

    Anti-pattern:
        conforms_to:
          - framework: vn.ictrf.1.0
        components: []
        # a mandatory reference component, e.g. the service-integration component, is missing

    Best practice:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
        not_applicable:
          - component: ictrf.L6.sensor_network
            justification: {vi: Chưa triển khai cảm biến trong giai đoạn này}
            approver: UBND tỉnh

    Reference:
        829/QĐ-BTTTT (31/05/2019), §II: logical components of the ICT reference framework.
    """
    for loaded in ctx.workspace.provinces:
        skip = not_applicable(loaded)
        cat = ctx.workspace.catalogue
        for fw in declared(ctx.workspace, loaded):
            for layer in fw.layers:
                for comp in layer.components:
                    if comp.obligation is not Obligation.MANDATORY or comp.national_level:
                        continue
                    if comp.id in skip or layer.id in skip or ctx.index.realizers(loaded.code, comp.id):
                        continue
                    src = cat.documents.get(comp.source.document)
                    where = f"{src.number if src else comp.source.document} {comp.source.section or ''}".strip()
                    yield FindingDraft(
                        subject=loaded.code,
                        province=loaded.code,
                        related=(comp.id,),
                        location=conformance_location(loaded, fw.id),
                        message=msg(
                            "finding.ICT102",
                            component=comp.id,
                            name=comp.name.vi,
                            framework=fw.id,
                            source=where,
                        ),
                    )


@check(
    code="ICT103",
    name="gap.cross_cutting.missing",
    severity=Severity.HIGH,
    groups=("core", "gap", "security"),
    reference=("vn.829-QD-BTTTT.2019", "§II (các hệ thống xuyên suốt)"),
    scope="province",
)
def cross_cutting_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A cross-cutting system the framework requires (security, operation and maintenance) is missing.

    Rationale:
        Besides its six layers, 829/QĐ-BTTTT Part II defines five systems that cut across them, among
        them the security system (Hệ thống bảo mật) and the maintenance and operation system (Hệ thống
        bảo trì và hoạt động). Decree 269/2025/NĐ-CP Art. 4(4) requires information safety and security
        in every smart-city system; an architecture without these systems leaves every layer unguarded
        and unmaintained.

    Anti-pattern:
        conforms_to:
          - framework: vn.ictrf.1.0
        components: []
        # nothing realizes ictrf.X.SEC or ictrf.X.OM

    Best practice:
        components:
          - id: my.soc
            name: {vi: Trung tâm giám sát an toàn thông tin mạng (SOC)}
            kind: security
            realizes: [ictrf.X.SEC]
            status: existing
          - id: my.noc
            name: {vi: "Hệ thống giám sát, quản lý vận hành hạ tầng CNTT"}
            kind: service
            realizes: [ictrf.X.OM]
            status: existing

    Reference:
        829/QĐ-BTTTT (31/05/2019), Part II (§II, per the 2019 draft): the cross-cutting systems.
    """
    yield from _uncovered(
        ctx,
        LayerKind.CROSS_CUTTING,
        lambda layer, fw: msg("finding.ICT103", layer=layer.id, name=layer.name.vi, framework=fw),
    )


@check(
    code="ICT104",
    name="gap.centre.missing",
    severity=Severity.HIGH,
    groups=("core", "gap"),
    reference=("vn.269-2025-ND-CP", "Điều 3(2)(g)"),
    scope="province",
)
def centre_missing(ctx: CheckContext) -> Iterator[FindingDraft]:
    """The architecture has no intelligent operations centre (IOC).

    Rationale:
        Decree 269/2025/NĐ-CP Art. 3(2)(g) makes establishing and operating the smart-city monitoring
        and operation system at provincial level part of smart-city development, and 829/QĐ-BTTTT Part II
        places a centralised, multi-task information processing and operation centre (Trung tâm xử lý
        điều hành thông tin tập trung, đa nhiệm) in the reference framework. Without it the province
        cannot direct and operate on data (3090/QĐ-BKHCN, principle 2: data-based leadership).

    Anti-pattern:
        conforms_to:
          - framework: vn.ictrf.1.0
        components: []
        # no component realizes ictrf.C.IOC or provides cap.ioc

    Best practice:
        components:
          - id: my.ioc
            name: {vi: "Trung tâm giám sát, điều hành thông minh tỉnh (IOC)"}
            kind: centre
            realizes: [ictrf.C.IOC]
            status: in-progress

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 3 khoản 2 điểm g; 829/QĐ-BTTTT Part II (the centre).
    """
    for loaded in ctx.workspace.provinces:
        missing = list(_required(ctx, loaded, LayerKind.CENTRE))
        if not missing or any(ctx.index.has_role(node(loaded, c.id), Role.IOC) for c in live(loaded)):
            continue
        for fw, layer in missing:
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(layer.id,),
                location=conformance_location(loaded, fw.id),
                message=msg("finding.ICT104", layer=layer.id, name=layer.name.vi, framework=fw.id),
            )


@check(
    code="ICT105",
    name="gap.not_applicable.invalid",
    severity=Severity.MEDIUM,
    groups=("core", "gap", "governance"),
    reference=("vn.829-QD-BTTTT.2019", "§II"),
    scope="province",
)
def not_applicable_invalid(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A mandatory or coverage-required item is declared not applicable without approver or justification.

    Rationale:
        Declaring a required part of the framework (a layer or system 829/QĐ-BTTTT Part II requires, or
        a mandatory component) not applicable removes it from every gap check. It is a deviation from
        the national framework, so it must say why and who accepted it; otherwise the gap is hidden,
        not closed.

    Anti-pattern:
        not_applicable:
          - component: ictrf.L6
            justification: {vi: "-"}

    Best practice:
        not_applicable:
          - component: ictrf.L6
            justification: {vi: Giai đoạn 2025-2026 chưa đầu tư cảm biến; dùng dữ liệu của các sở}
            approver: UBND tỉnh (Quyết định 123/QĐ-UBND)

    Reference:
        829/QĐ-BTTTT (31/05/2019), Part II (§II; numbering per the 2019 draft): required layers, systems and centre.
    """
    cat = ctx.workspace.catalogue
    for loaded in ctx.workspace.provinces:
        for na in loaded.architecture.not_applicable:
            comp = cat.components.get(na.component)
            layer = cat.layers.get(na.component)
            required = (comp is not None and comp.obligation is Obligation.MANDATORY) or (
                layer is not None and layer.coverage_required
            )
            if not required:
                continue
            problems: list[Msg] = []
            if not (na.approver or "").strip():
                problems.append(msg("finding.ICT105.no-approver"))
            if na.justification.vi.strip().lower() in PLACEHOLDERS:
                problems.append(msg("finding.ICT105.empty-justification"))
            if not problems:
                continue
            what = msg("finding.ICT105.mandatory" if comp is not None else "finding.ICT105.required-layer")
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(na.component,),
                location=province_location(loaded),
                message=msg("finding.ICT105", component=na.component, what=what, problems=problems),
            )


@check(
    code="ICT106",
    name="gap.layer.coverage",
    severity=Severity.INFO,
    groups=("gap", "coverage"),
    reference=("vn.829-QD-BTTTT.2019", "§II"),
    scope="province",
)
def layer_coverage_info(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Share of a layer's reference components the province realizes, when below 100%.

    Rationale:
        829/QĐ-BTTTT Part II lists logical components in each layer. Not all of them are required, but the
        share a province realizes tells reviewers where its architecture is thin, and which reference
        components it has not yet planned (informational: it never fails a run by default).

    Anti-pattern:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
        # ictrf.L3 also lists data integration, IoT, GIS, open data ... none planned

    Best practice:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)"}
            kind: platform
            realizes: [ictrf.L3.svc_integration, ictrf.L3.data_integration]
            status: existing
        not_applicable:
          - component: ictrf.L3.open_data_portal
            justification: {vi: Dùng Cổng dữ liệu quốc gia}

    Reference:
        829/QĐ-BTTTT (31/05/2019), Part II (§II): layers and their logical components.
    """
    for loaded in ctx.workspace.provinces:
        for cov in layer_coverage(ctx.workspace, ctx.index, loaded):
            pct = cov.percent
            if pct is None or pct >= 100:
                continue
            done = len(set(cov.realized) & set(cov.expected))
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(cov.layer,),
                location=conformance_location(loaded, cov.framework),
                message=msg(
                    "finding.ICT106",
                    layer=cov.layer,
                    name=cov.name,
                    framework=cov.framework,
                    done=done,
                    total=len(cov.expected),
                    percent=pct,
                    missing=cov.missing,
                ),
            )
