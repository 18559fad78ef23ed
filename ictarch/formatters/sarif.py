"""SARIF 2.1.0 for code-scanning services: one run, the checks as rules, findings as results.

Severity maps to ``level`` (critical and high → error, medium → warning, low and info → note) and
to ``security-severity``; waived findings carry a suppression; a crashed check is a tool execution
notification, not a result.

Messages follow SARIF 2.1.0 §3.11.7: each rule lists the texts of its messages in ``messageStrings``
(placeholders ``{0}``, ``{1}``... in the order of the catalogue text), and each result carries
``message.id`` and ``message.arguments`` with the rendered ``message.text`` in the report's language.
The other language's texts are in the message string's property bag, so that a viewer can show either.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePath
from typing import Any

from ictarch.findings import Finding, Report, RuleInfo, Severity, Status
from ictarch.i18n import DEFAULT_LANG, LANGS, Msg, catalogue, lang_of, positional, render_arg, t
from ictarch.rule_docs import SECTIONS, localized, localized_title

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


def _help(rule: RuleInfo, lang: str) -> tuple[str, str]:
    """The rule's documentation in ``lang``, as plain text and as Markdown."""
    sections = localized(rule.code, rule.doc, lang)
    text = [sections.get("", rule.title)]
    markdown = [sections.get("", rule.title)]
    for header in SECTIONS:
        body = sections.get(header)
        if not body:
            continue
        name = t(f"rules.section.{header.lower().replace(' ', '-')}", lang)
        fenced = header in ("Anti-pattern", "Best practice")
        text.append(f"{name}:\n{body}")
        markdown.append(f"**{name}**\n\n" + (f"```yaml\n{body}\n```" if fenced else body))
    return "\n\n".join(text), "\n\n".join(markdown)


def _message_strings(ids: list[str], lang: str) -> dict[str, Any]:
    """``messageStrings`` of a rule: each message id's text with positional placeholders, in both languages."""
    out: dict[str, Any] = {}
    for message_id in ids:
        texts: dict[str, str] = {other: positional(catalogue(other)[message_id])[0] for other in LANGS}
        out[message_id] = {"text": texts[lang_of(lang)], "properties": {"translations": texts}}
    return out


def _rule(rule: RuleInfo, message_ids: list[str], lang: str) -> dict[str, Any]:
    sections = localized(rule.code, rule.doc, lang)
    title = localized_title(rule.code, rule.title, lang)
    extra = {"messageStrings": _message_strings(message_ids, lang)} if message_ids else {}
    text, markdown = _help(rule, lang)
    return {
        "id": rule.code,
        "name": _rule_name(rule.name),
        "shortDescription": {"text": title},
        "fullDescription": {"text": sections.get("Rationale", title)},
        "help": {"text": text, "markdown": markdown},
        **extra,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": list(rule.groups),
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "reference": rule.reference,
            "ictarch-name": rule.name,
        },
    }


def _message(f: Finding, lang: str) -> dict[str, Any]:
    """A result's message: rendered text, and the catalogue id with its arguments as strings (§3.11.7)."""
    out: dict[str, Any] = {"text": f.text(lang)}
    if isinstance(f.message, Msg):
        _text, names = positional(catalogue(lang)[f.message.id])
        out["id"] = f.message.id
        out["arguments"] = [render_arg(f.message, name, lang) for name in names]
    return out


def _result(f: Finding, index: int, baseline: bool, lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": _message(f, lang),
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


def sarif_document(report: Report, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    rules = sorted(report.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    message_ids: dict[str, set[str]] = {r.code: set() for r in rules}
    for f in report.findings:
        if isinstance(f.message, Msg) and f.code in message_ids and f.status is not Status.ERROR:
            message_ids[f.code].add(f.message.id)
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
                        "rules": [_rule(r, sorted(message_ids[r.code]), lang) for r in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not crashes,
                        "endTimeUtc": _utc(report.generated_at),
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": f.text(lang)}, "descriptor": {"id": f.code}}
                            for f in crashes
                        ],
                    }
                ],
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The working directory of the run."}}},
                "results": [
                    _result(f, index[f.code], report.baseline, lang)
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


def to_sarif(report: Report, lang: str = DEFAULT_LANG) -> str:
    return json.dumps(sarif_document(report, lang), indent=2, ensure_ascii=False) + "\n"
