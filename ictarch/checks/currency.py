"""ICT6xx: currency — the documents and frameworks a province cites are still in force."""

from __future__ import annotations

from collections.abc import Iterator

from ictarch.checks._lookup import conformance_location, declared, document_number, province_location
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.models.reference import DocumentStatus, FrameworkKind


@check(
    code="ICT601",
    name="currency.document.superseded",
    severity=Severity.MEDIUM,
    groups=("core", "currency"),
    reference=("vn.269-2025-ND-CP", "Điều 4 khoản 1"),
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
                steps = " → ".join(document_number(ws, d) for d in chain) or "a later document"
                yield FindingDraft(
                    subject=loaded.code,
                    province=loaded.code,
                    related=(doc.id, cited, *chain),
                    location=province_location(loaded),
                    message=(
                        f"programme document {doc.number or doc.id} cites {ref.number} ({cited}), superseded by "
                        f"{steps}: cite {document_number(ws, chain[-1]) if chain else 'the current document'} "
                        f"when the document is next revised"
                    ),
                )
        for fw in declared(ws, loaded):
            if fw.kind is FrameworkKind.EGOV_ARCHITECTURE or not fw.superseded_by:
                continue
            chain = cat.successors(fw.id)
            steps = " → ".join(f"{s} ({document_number(ws, cat.frameworks[s].document)})" for s in chain)
            yield FindingDraft(
                subject=loaded.code,
                province=loaded.code,
                related=(fw.id, *chain),
                location=conformance_location(loaded, fw.id),
                message=(
                    f"{fw.id} ({document_number(ws, fw.document)}) is superseded by {steps or 'a later version'}: "
                    f"declare {chain[-1] if chain else 'the current version'} in conforms_to"
                ),
            )
