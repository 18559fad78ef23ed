"""The versioned JSON report; its models generate ``schemas/report/v1.json``.

Compatibility (as for the input schemas): adding an optional field keeps v1; renaming or removing
a field, or making one required, is v2.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ictarch.findings import Finding, LayerCoverage, Report, Severity, Status
from ictarch.i18n import DEFAULT_LANG, Msg


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JsonLocation(_Out):
    file: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    path: str = Field(description="Path inside the YAML document, e.g. components[3].security_level.")


class JsonFinding(_Out):
    code: str = Field(pattern=r"^ICT[0-9]{3}$")
    name: str
    severity: Severity
    status: Status
    message: str = Field(description="What is wrong with the subject, and the fix, in the report's language.")
    message_id: str | None = Field(
        default=None, description="Id of the message in ictarch's catalogue (None: text without an entry)."
    )
    arguments: dict[str, Any] = Field(
        default_factory=dict,
        description="Named arguments of the message; a nested message is {id, args}.",
    )
    province: str | None
    subject: str = Field(description="Component, project or province the finding is about ('' for a crash).")
    related: list[str]
    location: JsonLocation | None
    reference: str = Field(description="Document number and clause of the rule.")
    waiver_reason: str | None
    baselined: bool
    fingerprint: str = Field(
        description="Stable identity across runs and languages (code, province, subject, message id and arguments)."
    )


class JsonCoverage(_Out):
    province: str
    framework: str
    layer: str
    name: str
    kind: str
    coverage_required: bool
    components: list[str]
    realized: list[str]
    expected: list[str]
    percent: int | None


class JsonSummary(_Out):
    total: int
    by_severity: dict[str, int] = Field(description="Failed findings by severity.")
    by_status: dict[str, int]
    baselined: int
    failing: int = Field(description="Findings that fail the run (at or above fail_on, or crashes).")
    fail_on: Severity
    exit_code: int


class JsonMetadata(_Out):
    ictarch_version: str
    schema_version: Literal[1]
    generated_at: str = Field(description="ISO 8601 time of the run (SOURCE_DATE_EPOCH when set).")
    run_date: str = Field(description="The date waivers' expiry is compared with.")
    lang: Literal["vi", "en"] = Field(default="vi", description="Language of the rendered messages.")
    profile: str | None
    fail_on: Severity
    baseline: bool
    provinces: list[str]
    checks: list[str] = Field(description="Codes of the checks that ran.")


class JsonReport(_Out):
    """A conformance report of ``ictarch check --format json``."""

    metadata: JsonMetadata
    findings: list[JsonFinding]
    summary: JsonSummary
    coverage: list[JsonCoverage]


def _finding(f: Finding, lang: str) -> JsonFinding:
    loc = f.location
    data = f.message.to_json() if isinstance(f.message, Msg) else None
    return JsonFinding(
        code=f.code,
        name=f.name,
        severity=f.severity,
        status=f.status,
        message=f.text(lang),
        message_id=data["id"] if data else None,
        arguments=data["args"] if data else {},
        province=f.province,
        subject=f.subject,
        related=list(f.related),
        location=JsonLocation(file=loc.file, line=loc.line, column=loc.column, path=loc.path) if loc else None,
        reference=f.reference,
        waiver_reason=f.waiver_reason,
        baselined=f.baselined,
        fingerprint=f.fingerprint,
    )


def _coverage(c: LayerCoverage) -> JsonCoverage:
    return JsonCoverage(
        province=c.province,
        framework=c.framework,
        layer=c.layer,
        name=c.name,
        kind=c.kind,
        coverage_required=c.coverage_required,
        components=list(c.components),
        realized=list(c.realized),
        expected=list(c.expected),
        percent=c.percent,
    )


def report_document(report: Report, lang: str = DEFAULT_LANG) -> JsonReport:
    """The report as the JSON document model, its messages rendered in ``lang``."""
    return JsonReport(
        metadata=JsonMetadata(
            ictarch_version=report.ictarch_version,
            schema_version=1,
            generated_at=report.generated_at.isoformat(timespec="seconds"),
            run_date=report.run_date.isoformat(),
            lang="en" if lang == "en" else "vi",
            profile=report.profile,
            fail_on=report.fail_on,
            baseline=report.baseline,
            provinces=list(report.provinces),
            checks=[r.code for r in report.rules],
        ),
        findings=[_finding(f, lang) for f in report.findings],
        summary=JsonSummary.model_validate(report.summary()),
        coverage=[_coverage(c) for c in report.coverage],
    )


def to_json(report: Report, lang: str = DEFAULT_LANG) -> str:
    """The JSON report: two-space indent, UTF-8 text, trailing newline."""
    data = report_document(report, lang).model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
