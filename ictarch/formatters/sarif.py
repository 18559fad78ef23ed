"""SARIF 2.1.0 for code-scanning services: one run, the checks as rules, findings as results.

Severity maps to ``level`` (critical and high → error, medium → warning, low and info → note) and
to ``security-severity``; waived findings carry a suppression; a crashed check is a tool execution
notification, not a result.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePath
from typing import Any

from ictarch.findings import Finding, Report, RuleInfo, Severity, Status
from ictarch.rule_docs import parse_sections

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ictarch/ictarch"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def _rule_name(name: str) -> str:
    """``gap.layer.uncovered`` → ``GapLayerUncovered`` (SARIF rule names are identifiers)."""
    return "".join(part.capitalize() for chunk in name.split(".") for part in chunk.split("_"))


def _help_markdown(rule: RuleInfo) -> str:
    sections = parse_sections(rule.doc)
    out = [sections.get("", rule.title)]
    for header in ("Rationale", "Anti-pattern", "Best practice", "Reference"):
        body = sections.get(header)
        if not body:
            continue
        fenced = header in ("Anti-pattern", "Best practice")
        out.append(f"**{header}**\n\n" + (f"```yaml\n{body}\n```" if fenced else body))
    return "\n\n".join(out)


def _rule(rule: RuleInfo) -> dict[str, Any]:
    sections = parse_sections(rule.doc)
    return {
        "id": rule.code,
        "name": _rule_name(rule.name),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": sections.get("Rationale", rule.title)},
        "help": {"text": rule.doc, "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(rule.groups),
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "reference": rule.reference,
            "ictarch-name": rule.name,
        },
    }


def _result(f: Finding, index: int, baseline: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "partialFingerprints": {"ictarchFingerprint/v1": f.fingerprint},
        "properties": {"severity": f.severity.value, "province": f.province, "related": list(f.related)},
    }
    locations: dict[str, Any] = {
        "logicalLocations": [{"name": f.subject, "fullyQualifiedName": f"{f.province}/{f.subject}", "kind": "object"}]
    }
    if f.location is not None:
        locations["physicalLocation"] = {
            "artifactLocation": {"uri": PurePath(f.location.file).as_posix(), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": f.location.line, "startColumn": f.location.column},
        }
    result["locations"] = [locations]
    if f.status is Status.WAIVED:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.waiver_reason or ""}]
    if baseline:
        result["baselineState"] = "unchanged" if f.baselined else "new"
    return result


def _utc(when: dt.datetime) -> str:
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sarif_document(report: Report) -> dict[str, Any]:
    rules = sorted(report.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    crashes = [f for f in report.findings if f.status is Status.ERROR]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ictarch",
                        "version": report.ictarch_version,
                        "semanticVersion": report.ictarch_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not crashes,
                        "endTimeUtc": _utc(report.generated_at),
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": f.message}, "descriptor": {"id": f.code}}
                            for f in crashes
                        ],
                    }
                ],
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The working directory of the run."}}},
                "results": [
                    _result(f, index[f.code], report.baseline)
                    for f in report.findings
                    if f.status is not Status.ERROR and f.code in index
                ],
                "properties": {
                    "profile": report.profile,
                    "failOn": report.fail_on.value,
                    "runDate": report.run_date.isoformat(),
                },
            }
        ],
    }


def to_sarif(report: Report) -> str:
    return json.dumps(sarif_document(report), indent=2, ensure_ascii=False) + "\n"
