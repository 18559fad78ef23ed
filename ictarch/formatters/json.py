"""The versioned JSON report; its models generate ``schemas/report/v1.json``.

Compatibility (as for the input schemas): adding an optional field keeps v1; renaming or removing
a field, or making one required, is v2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python

from ictarch.findings import Finding, LayerCoverage, Report, Severity, Status, Summary, by_province
from ictarch.formatters.jsonstream import (
    INDENT,
    Exact,
    Write,
    encode,
    encode_items,
    encode_items_utf8,
    write_array,
    write_blocks,
)
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


def _finding(f: Finding, lang: str) -> dict[str, Any]:
    """A finding as :class:`JsonFinding` dumps it, from plain values (the hot path of a large report)."""
    loc = f.location
    message = f.message if isinstance(f.message, Msg) else None
    arguments: Any = {}
    if message is not None:
        args = message.args
        arguments = args if _plain_json(args) else Exact(args, 1, null_nonfinite=True, default=_plain)
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "status": f.status.value,
        "message": f.text(lang),
        "message_id": message.id if message else None,
        "arguments": arguments,
        "province": f.province,
        "subject": f.subject,
        "related": f.related,
        "location": {"file": loc.file, "line": loc.line, "column": loc.column, "path": loc.path} if loc else None,
        "reference": f.reference,
        "waiver_reason": f.waiver_reason,
        "baselined": f.baselined,
        "fingerprint": f.fingerprint,
    }


def _plain_json(args: Any) -> bool:
    """Whether ``args`` hold only what every JSON encoder writes alike: no float, no other type to convert."""
    stack = [args]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    return False
                if type(item) is not str:
                    stack.append(item)
        elif kind is tuple or kind is list:
            stack.extend(item for item in value if type(item) is not str)
        elif kind is Msg:
            stack.append(value.args)
        elif not (kind is str or kind is int or kind is bool or value is None):
            return False
    return True


def json_findings(findings: Sequence[Finding], lang: str = DEFAULT_LANG) -> str:
    """The text of ``findings`` in the report's ``findings`` array, in ``lang``: a pure function of them, so one
    province's block (findings are sorted by province first) can be kept and written again (pieces join as
    :func:`~ictarch.formatters.jsonstream.write_blocks` joins them)."""
    return encode_items([_finding(f, lang) for f in findings], 1, default=_plain)


def json_findings_utf8(findings: Sequence[Finding], lang: str = DEFAULT_LANG) -> bytes:
    """:func:`json_findings` in UTF-8, as the report is written."""
    return encode_items_utf8([_finding(f, lang) for f in findings], 1, default=_plain)


BlockEncoder = Callable[[str, Sequence[Finding]], str]
"""One province's findings (province code, '' for none) → their text in a report's array of findings: a format's
block function (:func:`json_findings`, :func:`~ictarch.formatters.sarif.sarif_results`) bound to its language and
context, or a cache of it."""


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


def write_json(
    report: Report, write: Write, lang: str = DEFAULT_LANG, encode_block: BlockEncoder | None = None
) -> None:
    """The JSON report (:class:`JsonReport`), written finding by finding: two-space indent, trailing newline.

    The text is exactly what dumping the pydantic document with ``json.dumps(indent=2)`` gives, without
    a model object per finding or the whole document in memory. The findings are written province by province,
    each block by ``encode_block`` (default :func:`json_findings` in ``lang``).
    """
    blocks = encode_block or (lambda _province, findings: json_findings(findings, lang))
    findings = (blocks(province, group) for province, group in by_province(report.findings))
    write_parts(report, write, lang, findings, report.summary(), map(coverage_text, report.coverage))


def write_json_utf8(report: Report, write: Callable[[bytes], object], lang: str = DEFAULT_LANG) -> None:
    """:func:`write_json` in UTF-8: the bytes of the same text, each finding encoded once (a national report is
    hundreds of megabytes)."""
    findings = (json_findings_utf8(group, lang) for _province, group in by_province(report.findings))
    write_encoded_parts(report, write, lang, findings, report.summary(), map(coverage_text, report.coverage))


def coverage_text(c: LayerCoverage) -> str:
    """A coverage row as it stands in the ``coverage`` array of the report."""
    return encode(_coverage(c), 2)


def write_parts(
    head: Report, write: Write, lang: str, blocks: Iterable[str], summary: Summary, coverage: Iterable[str]
) -> None:
    """The JSON report of ``head``'s metadata with its findings already rendered, block after block in order
    (:func:`json_findings`), the summary of all of them, and the coverage rows (:func:`coverage_text`)."""
    write(_opening(head, lang))
    write_blocks(write, blocks, 1)
    _closing(write, summary, coverage)


def write_encoded_parts(
    head: Report,
    write: Callable[[bytes], object],
    lang: str,
    blocks: Iterable[bytes],
    summary: Summary,
    coverage: Iterable[str],
) -> None:
    """:func:`write_parts` of blocks already in UTF-8 (a report put together from the cache's stored findings),
    written as they are: the same bytes, without decoding and encoding them again."""
    write(_opening(head, lang).encode("utf-8"))
    write_blocks(write, blocks, 1, encoded=True)
    rest: list[str] = []
    _closing(rest.append, summary, coverage)
    write("".join(rest).encode("utf-8"))


def _opening(head: Report, lang: str) -> str:
    return "{\n" + INDENT + '"metadata": ' + encode(_metadata(head, lang), 1) + ",\n" + INDENT + '"findings": '


def _closing(write: Write, summary: Summary, coverage: Iterable[str]) -> None:
    counts = JsonSummary.model_validate(summary).model_dump(mode="json")
    write(",\n" + INDENT + '"summary": ' + encode(counts, 1) + ",\n" + INDENT + '"coverage": ')
    write_array(write, coverage, 1, str)
    write("\n}\n")


def to_json(report: Report, lang: str = DEFAULT_LANG) -> str:
    """The JSON report as one string (small reports and tests; the CLI streams :func:`write_json`)."""
    out: list[str] = []
    write_json(report, out.append, lang)
    return "".join(out)
