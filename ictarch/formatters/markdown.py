"""A Markdown summary for pull-request comments: the verdict, counts, and a table of open findings."""

from __future__ import annotations

from ictarch.findings import Finding, Report, Severity, Status


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _row(f: Finding) -> str:
    where = f"`{f.location}`" if f.location else ""
    subject = f"`{f.subject}`" if f.subject else ""
    return f"| {f.severity.value} | {f.code} `{f.name}` | {subject} | {_cell(f.message)} | {_cell(where)} |"


def to_markdown(report: Report) -> str:
    summary = report.summary()
    failing = summary["failing"]
    verdict = (
        f"**✗ {failing} finding{'s' if failing != 1 else ''} at or above `{report.fail_on.value}`**"
        if failing
        else f"**✓ nothing at or above `{report.fail_on.value}`**"
    )
    counts = ", ".join(
        f"{n} {sev.value}" for sev in reversed(Severity) if (n := sum(1 for f in report.findings if _open(f, sev)))
    )
    provinces = ", ".join(report.provinces) or "no province"
    lines = [
        f"### ictarch check: {verdict}",
        "",
        f"{provinces}; {len(report.rules)} checks; profile `{report.profile or 'default'}`; "
        f"run date {report.run_date.isoformat()}.",
        "",
        f"Open findings: {counts or 'none'}.",
    ]
    waived = sum(1 for f in report.findings if f.status is Status.WAIVED)
    baselined = sum(1 for f in report.findings if f.baselined)
    if waived or baselined:
        lines.append(f"Not counted: {waived} waived, {baselined} in the baseline.")
    rows = [f for f in report.findings if f.counts]
    if rows:
        lines += ["", "| Severity | Check | Subject | Message | Location |", "|---|---|---|---|---|"]
        lines += [_row(f) for f in rows]
    return "\n".join(lines) + "\n"


def _open(f: Finding, severity: Severity) -> bool:
    return f.counts and f.status is Status.FAILED and f.severity is severity
