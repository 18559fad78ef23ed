"""The versioned JSON report; its models generate ``schemas/report/v1.json``.

Compatibility (as for the input schemas): adding an optional field keeps v1; renaming or removing
a field, or making one required, is v2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python

from ictarch.findings import Finding, LayerCoverage, Report, Severity, Status, Summary
from ictarch.formatters.jsonstream import INDENT, Write, encode, write_array
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


_FIELD = "\n" + INDENT * 3
"""Before each member of a finding: findings are objects in the ``findings`` array, two levels deep."""
_KEYS = tuple(JsonFinding.model_fields)
(_CODE, _NAME, _SEVERITY, _STATUS, _MESSAGE, _MESSAGE_ID, _ARGUMENTS, _PROVINCE, _SUBJECT, _RELATED, _LOCATION,
 _REFERENCE, _WAIVER, _BASELINED, _FINGERPRINT) = (
    ("{" if i == 0 else ",") + _FIELD + encode_basestring(key) + ": " for i, key in enumerate(_KEYS)
)  # fmt: skip
_END = "\n" + INDENT * 2 + "}"
_LOC = tuple(
    ("{" if i == 0 else ",") + _FIELD + INDENT + f'"{key}": ' for i, key in enumerate(JsonLocation.model_fields)
)
_LOC_END = _FIELD + "}"


def _finding(f: Finding, lang: str) -> str:
    """A finding as :class:`JsonFinding` dumps it, written from plain values (the hot path of a large report)."""
    loc = f.location
    message = f.message if isinstance(f.message, Msg) else None
    s = encode_basestring
    location = (
        f"{_LOC[0]}{s(loc.file)}{_LOC[1]}{loc.line:d}{_LOC[2]}{loc.column:d}{_LOC[3]}{s(loc.path)}{_LOC_END}"
        if loc
        else "null"
    )
    return "".join(
        (
            _CODE, s(f.code),
            _NAME, s(f.name),
            _SEVERITY, s(f.severity.value),
            _STATUS, s(f.status.value),
            _MESSAGE, s(f.text(lang)),
            _MESSAGE_ID, s(message.id) if message else "null",
            _ARGUMENTS, encode(message.args, 3, null_nonfinite=True, default=_plain) if message else "{}",
            _PROVINCE, "null" if f.province is None else s(f.province),
            _SUBJECT, s(f.subject),
            _RELATED, encode(f.related, 3),
            _LOCATION, location,
            _REFERENCE, s(f.reference),
            _WAIVER, "null" if f.waiver_reason is None else s(f.waiver_reason),
            _BASELINED, "true" if f.baselined else "false",
            _FINGERPRINT, s(f.fingerprint),
            _END,
        )
    )  # fmt: skip


def _plain(value: Any) -> Any:
    """A nested message as :meth:`Msg.to_json` writes it; any other value as pydantic's JSON mode does."""
    if isinstance(value, Msg):
        return {"id": value.id, "args": value.args}
    if isinstance(value, Mapping):
        return dict(value)
    return to_jsonable_python(value)


def _coverage(c: LayerCoverage) -> dict[str, Any]:
    return {
        "province": c.province,
        "framework": c.framework,
        "layer": c.layer,
        "name": c.name,
        "kind": c.kind,
        "coverage_required": c.coverage_required,
        "components": c.components,
        "realized": c.realized,
        "expected": c.expected,
        "percent": c.percent,
    }


def _metadata(report: Report, lang: str) -> dict[str, Any]:
    return JsonMetadata(
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
    ).model_dump(mode="json")


def write_json(report: Report, write: Write, lang: str = DEFAULT_LANG) -> None:
    """The JSON report (:class:`JsonReport`), written finding by finding: two-space indent, trailing newline.

    The text is exactly what dumping the pydantic document with ``json.dumps(indent=2)`` gives, without
    a model object per finding or the whole document in memory.
    """
    findings = (finding_text(f, lang) for f in report.findings)
    write_parts(report, write, lang, findings, report.summary(), map(coverage_text, report.coverage))


def finding_text(f: Finding, lang: str) -> str:
    """A finding as it stands in the ``findings`` array of the report (without the separator before it)."""
    return _finding(f, lang)


def coverage_text(c: LayerCoverage) -> str:
    """A coverage row as it stands in the ``coverage`` array of the report."""
    return encode(_coverage(c), 2)


def write_parts(
    head: Report, write: Write, lang: str, findings: Iterable[str], summary: Summary, coverage: Iterable[str]
) -> None:
    """The JSON report of ``head``'s metadata with findings and coverage rows already rendered, in order
    (:func:`finding_text`, :func:`coverage_text`), and the summary of all the findings."""
    write("{\n" + INDENT + '"metadata": ' + encode(_metadata(head, lang), 1) + ",\n" + INDENT + '"findings": ')
    write_array(write, findings, 1, str)
    counts = JsonSummary.model_validate(summary).model_dump(mode="json")
    write(",\n" + INDENT + '"summary": ' + encode(counts, 1) + ",\n" + INDENT + '"coverage": ')
    write_array(write, coverage, 1, str)
    write("\n}\n")


def to_json(report: Report, lang: str = DEFAULT_LANG) -> str:
    """The JSON report as one string (small reports and tests; the CLI streams :func:`write_json`)."""
    out: list[str] = []
    write_json(report, out.append, lang)
    return "".join(out)
