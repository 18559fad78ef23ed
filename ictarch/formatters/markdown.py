"""A Markdown summary for pull-request comments: the verdict, counts, and a table of open findings."""

from __future__ import annotations

from collections import Counter

from ictarch.findings import Finding, Report, Severity, Status
from ictarch.formatters.jsonstream import Write
from ictarch.i18n import DEFAULT_LANG, msg, t


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _row(f: Finding, lang: str) -> str:
    where = f"`{f.location}`" if f.location else ""
    subject = f"`{f.subject}`" if f.subject else ""
    severity = t(f"severity.{f.severity.value}", lang)
    return f"| {severity} | {f.code} `{f.name}` | {subject} | {_cell(f.text(lang))} | {_cell(where)} |"


def write_markdown(report: Report, write: Write, lang: str = DEFAULT_LANG) -> None:
    """The summary, then the table of open findings row by row."""
    summary = report.summary()
    failing = summary["failing"]
    fail_on = msg(f"severity.{report.fail_on.value}")
    verdict = (
        t("report.md-verdict-fail", lang, n=failing, severity=fail_on)
        if failing
        else t("report.md-verdict-pass", lang, severity=fail_on)
    )
    open_by_severity = Counter(f.severity for f in report.findings if f.counts and f.status is Status.FAILED)
    counts = ", ".join(
        t("report.count-severity", lang, n=n, severity=msg(f"severity.{sev.value}"))
        for sev in reversed(Severity)
        if (n := open_by_severity[sev])
    )
    provinces = ", ".join(report.provinces) or t("report.no-province", lang)
    profile = report.profile or t("report.md-default-profile", lang)
    lines = [
        t("report.md-title", lang, verdict=verdict),
        "",
        t(
            "report.md-scope",
            lang,
            provinces=provinces,
            checks=len(report.rules),
            profile=profile,
            date=report.run_date.isoformat(),
        ),
        "",
        t("report.md-open", lang, counts=counts or t("value.none", lang)),
    ]
    waived = summary["by_status"][Status.WAIVED.value]
    baselined = summary["baselined"]
    if waived or baselined:
        lines.append(t("report.md-not-counted", lang, waived=waived, baselined=baselined))
    write("\n".join(lines) + "\n")
    header = "\n" + t("report.md-columns", lang) + "\n|---|---|---|---|---|\n"
    for f in report.findings:
        if f.counts:
            write(header + _row(f, lang) + "\n")
            header = ""


def to_markdown(report: Report, lang: str = DEFAULT_LANG) -> str:
    out: list[str] = []
    write_markdown(report, out.append, lang)
    return "".join(out)
