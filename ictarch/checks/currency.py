"""ICT6xx: currency — the documents and frameworks a province cites are still in force."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.checks._lookup import conformance_location, declared, document_number, province_location
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import Msg, msg
from ictarch.models.reference import DocumentStatus, FrameworkKind


@check(
    code="ICT601",
    name="currency.document.superseded",
    severity=Severity.MEDIUM,
    groups=("core", "currency"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 1"),
    scope="province",
)
def document_superseded(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A programme document cites a superseded reference document, or a framework other than e-government is superseded.

    Rationale:
        Decree 269/2025/NĐ-CP Art. 4(1) requires smart-city development to comply with the law and the
        current national orientation. National documents are replaced regularly (1736/BKHCN-CĐSQG by
        3090/QĐ-BKHCN; the e-government frameworks 1.0 to 4.0); a provincial scheme or architecture that
        still cites a replaced document plans against rules no longer in force. A superseded e-government
        framework that the province also declares is reported once, by ICT302, not again here for the
        programme document that cites the framework's issuing document.

    Anti-pattern:
        programme:
          name: {vi: Đề án đô thị thông minh}
          documents:
            - id: my.doc.scheme
              kind: scheme
              title: {vi: Đề án}
              cites: [vn.1736-BKHCN-CDSQG.2025]

    Best practice:
        programme:
          name: {vi: Đề án đô thị thông minh}
          documents:
            - id: my.doc.scheme
              kind: scheme
              title: {vi: Đề án}
              cites: [vn.3090-QD-BKHCN.2025]

    Reference:
        Nghị định 269/2025/NĐ-CP, Điều 4 khoản 1; the supersession chain in reference_framework/documents.yaml.
    """
    ws = ctx.workspace
    cat = ws.catalogue
    for loaded in ws.provinces:
        egov_documents = {
            fw.document
            for fw in declared(ws, loaded)
            if fw.kind is FrameworkKind.EGOV_ARCHITECTURE and fw.superseded_by
        }
        for doc in loaded.architecture.programme.documents:
            for cited in doc.cites:
                ref = cat.documents.get(cited)
                if ref is None or ref.status is not DocumentStatus.SUPERSEDED or cited in egov_documents:
                    continue
                chain = ws.catalogue.document_successors(cited)
                later = msg("finding.ICT601.later-document")
                steps: Msg | str = " → ".join(document_number(ws, d) for d in chain) or later
                yield FindingDraft(
                    subject=loaded.code,
                    province=loaded.code,
                    related=(doc.id, cited, *chain),
                    location=province_location(loaded),
                    message=msg(
                        "finding.ICT601.document",
                        document=doc.number or doc.id,
                        cited_number=ref.number,
                        cited=cited,
                        steps=steps,
                        current=document_number(ws, chain[-1]) if chain else msg("finding.ICT601.current-document"),
                    ),
                )
        for fw in declared(ws, loaded):
            if fw.kind is FrameworkKind.EGOV_ARCHITECTURE or not fw.superseded_by:
                continue
            chain = cat.successors(fw.id)
            steps = " → ".join(f"{s} ({document_number(ws, cat.frameworks[s].document)})" for s in chain)
            successors: Msg | str = steps or msg("finding.ICT601.later-version")
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(fw.id, *chain),
                location=conformance_location(loaded, fw.id),
                message=msg(
                    "finding.ICT601.framework",
                    framework=fw.id,
                    document=document_number(ws, fw.document),
                    steps=successors,
                    current=chain[-1] if chain else msg("finding.ICT601.current-version"),
                ),
            )
