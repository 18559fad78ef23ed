"""SARIF 2.1.0 for code-scanning services: one run, the checks as rules, findings as results.

Severity maps to ``level`` (critical and high → error, medium → warning, low and info → note).
Only the checks of the ``security`` group are tagged ``security`` and carry a
``security-severity``: GitHub reads the score of security rules only, and rates the others by
``level``. Each rule links to its stable anchor in docs/checks.md (``helpUri``) and states its
``precision``. Waived findings carry a suppression; a crashed check is a tool execution
notification, not a result.

Paths: artifact URIs are relative to ``%SRCROOT%``, the repository's top folder when the CLI
names one (else the working directory), whose absolute ``file://`` URI the run records in
``originalUriBaseIds``; so a viewer or GitHub resolves them whatever folder the command ran in.

Messages follow SARIF 2.1.0 §3.11.7: each rule lists the texts of its messages in ``messageStrings``
(placeholders ``{0}``, ``{1}``... in the order of the catalogue text), and each result carries
``message.id`` and ``message.arguments`` with the rendered ``message.text`` in the report's language.
A log has one language (``run.language``); the other language travels the way SARIF carries localized
strings, as a translation of the tool (``run.translations``: a ``toolComponent`` with ``language``,
``translationMetadata`` and ``associatedComponent``) whose rules hold the same ids' message strings,
titles and rationale, so that a viewer can show either. Rule help is in the report's language.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from ictarch.findings import Finding, Report, RuleInfo, Severity, Status, by_province
from ictarch.formatters.json import BlockEncoder
from ictarch.formatters.jsonstream import INDENT, Write, encode, encode_items, members, write_blocks
from ictarch.i18n import DEFAULT_LANG, LANGS, Msg, catalogue, lang_of, positional, render_with_arguments, t
from ictarch.rule_docs import SECTIONS, help_uri, localized, localized_title

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ictarch/ictarch"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_TAG = "security"
"""The group (and SARIF tag) of the checks that code scanning should treat as security rules."""
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


def _sentence(text: str) -> str:
    """SARIF viewers expect a message to end as a sentence does (multitool rule SARIF2001)."""
    return text if text.rstrip().endswith((".", "!", "?")) else text.rstrip() + "."


LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-US"}
"""The RFC 5646 tag of each language, as ``run.language`` and a translation's ``language`` give it."""


def _message_strings(ids: list[str], lang: str) -> dict[str, Any]:
    """``messageStrings`` of a rule: each message id's text in ``lang``, with positional placeholders."""
    return {message_id: {"text": _sentence(positional(catalogue(lang)[message_id])[0])} for message_id in ids}


def _translation(rules: list[RuleInfo], message_ids: dict[str, set[str]], lang: str) -> dict[str, Any]:
    """The tool translated into ``lang``: each rule's title, rationale and message strings."""
    translated = []
    for rule in rules:
        title = localized_title(rule.code, rule.title, lang)
        entry: dict[str, Any] = {
            "id": rule.code,
            "shortDescription": {"text": title},
            "fullDescription": {"text": localized(rule.code, rule.doc, lang).get("Rationale", title)},
        }
        if message_ids[rule.code]:
            entry["messageStrings"] = _message_strings(sorted(message_ids[rule.code]), lang)
        translated.append(entry)
    return {
        "name": "ictarch",
        "language": LANGUAGE_TAGS[lang_of(lang)],
        "translationMetadata": {"name": t("sarif.translation", lang)},
        "associatedComponent": {"name": "ictarch"},
        "rules": translated,
    }


def _rule(rule: RuleInfo, message_ids: list[str], lang: str) -> dict[str, Any]:
    sections = localized(rule.code, rule.doc, lang)
    title = localized_title(rule.code, rule.title, lang)
    text, markdown = _help(rule, lang)
    extra = {"messageStrings": _message_strings(message_ids, lang)} if message_ids else {}
    properties: dict[str, Any] = {"tags": list(rule.groups), "precision": rule.precision}
    if SECURITY_TAG in rule.groups:
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    properties |= {"reference": rule.reference, "ictarch-name": rule.name}
    return {
        "id": rule.code,
        "name": _rule_name(rule.name),
        "shortDescription": {"text": title},
        "fullDescription": {"text": sections.get("Rationale", title)},
        "help": {"text": text, "markdown": markdown},
        "helpUri": help_uri(rule.code),
        **extra,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


@dataclass(frozen=True)
class SourceRoot:
    """Where artifact URIs start: ``root`` (absolute) and the working directory ``cwd`` (absolute) that
    the findings' relative paths start from. Pure path arithmetic: nothing is read from the disk."""

    root: PurePath
    cwd: PurePath

    def uri(self, file: str) -> tuple[str, bool]:
        """``(uri, relative)``: the path relative to the root, or an absolute ``file://`` URI outside it."""
        full = os.path.normpath(os.path.join(self.cwd, file))
        rel = os.path.relpath(full, self.root)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return PurePath(full).as_uri(), False
        return PurePath(rel).as_posix(), True

    def base_uri(self) -> str:
        return PurePath(self.root).as_uri().rstrip("/") + "/"


def _artifact(file: str, root: SourceRoot | None) -> dict[str, Any]:
    """A relative URI is percent-encoded (a space or a Vietnamese letter in a folder name stays a valid URI)."""
    return dict(_artifact_of(file, root))


@lru_cache(maxsize=4096)
def _artifact_of(file: str, root: SourceRoot | None) -> tuple[tuple[str, str], ...]:
    """Computed once per file (a report names a few files many times)."""
    if root is None:
        return (("uri", quote(PurePath(file).as_posix())), ("uriBaseId", "%SRCROOT%"))
    uri, relative = root.uri(file)
    return (("uri", quote(uri)), ("uriBaseId", "%SRCROOT%")) if relative else (("uri", uri),)


def _message(f: Finding, lang: str) -> dict[str, Any]:
    """A result's message: rendered text, and the catalogue id with its arguments as strings (§3.11.7)."""
    if not isinstance(f.message, Msg):
        return {"text": f.text(lang)}
    text, arguments = render_with_arguments(f.message, lang)
    return {"text": text, "id": f.message.id, "arguments": arguments}


def _result(f: Finding, index: int, baseline: bool, root: SourceRoot | None, lang: str) -> dict[str, Any]:
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
            "artifactLocation": _artifact(f.location.file, root),
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


def automation_id(report: Report) -> str:
    """One category per set of provinces (``ictarch/check/quang-tri/``), so that the SARIF files of
    several provinces uploaded for one commit do not replace each other."""
    return f"ictarch/check/{'+'.join(sorted(report.provinces)) or 'none'}/"


@dataclass(frozen=True)
class ResultContext:
    """What a result's text depends on besides the finding and the language: the rule's index in the log (the
    codes of the checks that ran), whether the run compared with a baseline, and the root of artifact URIs."""

    index: Mapping[str, int]
    baseline: bool
    root: SourceRoot | None


def result_context(report: Report, root: SourceRoot | None = None) -> ResultContext:
    rules = sorted(report.rules, key=lambda r: r.code)
    return ResultContext({r.code: i for i, r in enumerate(rules)}, report.baseline, root)


def sarif_results(findings: Sequence[Finding], lang: str, context: ResultContext) -> str:
    """The text of the results of ``findings`` in the log's ``results`` array (crashes and findings of checks the
    log does not list have none): a pure function of them, so one province's block can be kept and written
    again (pieces join as :func:`~ictarch.formatters.jsonstream.write_blocks` joins them)."""
    index, baseline, root = context.index, context.baseline, context.root
    results = [
        _result(f, index[f.code], baseline, root, lang)
        for f in findings
        if f.status is not Status.ERROR and f.code in index
    ]
    return encode_items(results, 3)


def write_sarif(
    report: Report,
    write: Write,
    root: SourceRoot | None = None,
    lang: str = DEFAULT_LANG,
    encode_block: BlockEncoder | None = None,
) -> None:
    """The SARIF log in ``lang``, written province by province (each block by ``encode_block``, default
    :func:`sarif_results`); ``root`` makes URIs relative to a repository's top folder (see the module doc).
    The text is what ``json.dumps(indent=2)`` of the whole log gives."""
    rules = sorted(report.rules, key=lambda r: r.code)
    context = result_context(report, root)
    message_ids: dict[str, set[str]] = {r.code: set() for r in rules}
    crashes = []
    for f in report.findings:
        if f.status is Status.ERROR:
            crashes.append(f)
        elif isinstance(f.message, Msg) and f.code in message_ids:
            message_ids[f.code].add(f.message.id)
    run_head = {
        "tool": {
            "driver": {
                "name": "ictarch",
                "version": report.ictarch_version,
                "semanticVersion": report.ictarch_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r, sorted(message_ids[r.code]), lang) for r in rules],
            }
        },
        "language": LANGUAGE_TAGS[lang_of(lang)],
        "translations": [_translation(rules, message_ids, other) for other in LANGS if other != lang_of(lang)],
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
        "automationDetails": {"id": automation_id(report)},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": _srcroot(root, lang)},
    }
    head = {"$schema": SARIF_SCHEMA, "version": "2.1.0"}
    inner = "\n" + INDENT * 3
    write(members(head, 0) + ",\n" + INDENT + '"runs": [\n' + INDENT * 2 + members(run_head, 2) + "," + inner)
    write('"results": ')
    blocks = encode_block or (lambda _province, findings: sarif_results(findings, lang, context))
    write_blocks(write, (blocks(province, group) for province, group in by_province(report.findings)), 3)
    properties = {"profile": report.profile, "failOn": report.fail_on.value, "runDate": report.run_date.isoformat()}
    write("," + inner + '"properties": ' + encode(properties, 3) + "\n" + INDENT * 2 + "}\n" + INDENT + "]\n}\n")


def _srcroot(root: SourceRoot | None, lang: str) -> dict[str, Any]:
    if root is None:
        return {"description": {"text": t("sarif.srcroot-cwd", lang)}}
    return {"uri": root.base_uri(), "description": {"text": t("sarif.srcroot-git", lang)}}


def to_sarif(report: Report, root: SourceRoot | None = None, lang: str = DEFAULT_LANG) -> str:
    """The SARIF log as one string (small reports and tests; the CLI streams :func:`write_sarif`)."""
    out: list[str] = []
    write_sarif(report, out.append, root, lang)
    return "".join(out)
