"""The human report: findings grouped by severity, the waived ones, coverage per layer, a summary.

:func:`render_text` returns a rich renderable for the terminal (colour when the console has it);
:func:`to_text` renders it to plain text of a fixed width, for files and tests.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ictarch.findings import Finding, LayerCoverage, Report, Severity, Status, Summary
from ictarch.formatters.jsonstream import Write
from ictarch.i18n import DEFAULT_LANG, msg, t

STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def _finding(f: Finding, lang: str) -> RenderableType:
    head = Text()
    if f.location:
        head.append(str(f.location), style="bold")
        head.append(": ")
    head.append(f.code, style=STYLES[f.severity])
    head.append(f" {f.name}", style="dim")
    if f.subject:
        head.append(f"  {f.subject}")
    if f.baselined:
        head.append("  " + t("report.in-baseline", lang), style="dim")
    body = [Text(f.text(lang))]
    if f.waiver_reason:
        body.append(Text(t("report.waived-because", lang, reason=f.waiver_reason), style="green"))
    body.append(Text(t("report.reference", lang, reference=f.reference), style="dim"))
    return Group(Padding(head, (0, 0, 0, 2), expand=False), Padding(Group(*body), (0, 0, 0, 6), expand=False))


def _coverage(rows: list[LayerCoverage], lang: str) -> Table:
    title = t("report.coverage-title", lang, province=rows[0].province)
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column(t("report.col-layer", lang))
    table.add_column(t("report.col-name", lang))
    table.add_column(t("report.col-components", lang), justify="right")
    table.add_column(t("report.col-realized", lang), justify="right")
    for c in rows:
        realized = len(set(c.realized) & set(c.expected))
        share = f"{realized}/{len(c.expected)} ({c.percent}%)" if c.percent is not None else "—"
        empty = not c.components and c.coverage_required
        table.add_row(c.layer, c.name, Text(str(len(c.components)), style="red" if empty else ""), share)
    return table


def render_text(report: Report, lang: str = DEFAULT_LANG) -> RenderableType:
    return Group(*text_parts(report, lang))


def text_parts(report: Report, lang: str = DEFAULT_LANG) -> Iterator[RenderableType]:
    """The report's renderables in order, produced as they are printed (a national report has many)."""
    provinces = ", ".join(report.provinces) or t("report.no-province", lang)
    head = t("report.head", lang, provinces=provinces, checks=len(report.rules))
    if report.profile:
        head += t("report.head-profile", lang, profile=report.profile)
    yield Text(head + t("report.head-date", lang, date=report.run_date.isoformat()), style="bold")
    summary = report.summary()
    crashed = summary["by_status"][Status.ERROR.value]
    if crashed:
        yield Text("\n" + t("report.group-errors", lang, n=crashed), style="bold red")
        yield from (_finding(f, lang) for f in report.findings if f.status is Status.ERROR)
    for sev in reversed(Severity):
        n = summary["by_severity"][sev.value]
        if n:
            line = t("report.group-severity", lang, severity=msg(f"severity.{sev.value}"), n=n)
            yield Text("\n" + line.upper(), style=STYLES[sev])
            yield from (_finding(f, lang) for f in report.findings if f.status is Status.FAILED and f.severity is sev)
    waived = summary["by_status"][Status.WAIVED.value]
    if waived:
        yield Text("\n" + t("report.group-waived", lang, n=waived), style="green")
        yield from (_finding(f, lang) for f in report.findings if f.status is Status.WAIVED)
    by_province: dict[str, list[LayerCoverage]] = defaultdict(list)
    for c in report.coverage:
        by_province[c.province].append(c)
    for province in sorted(by_province):
        yield Text("")
        yield _coverage(by_province[province], lang)
    yield Text("\n" + _summary_line(report, summary, lang), style="bold")


def _summary_line(report: Report, summary: Summary, lang: str) -> str:
    counts = ", ".join(
        t("report.count-severity", lang, n=n, severity=msg(f"severity.{sev}"))
        for sev, n in summary["by_severity"].items()
        if n
    ) or t("report.no-findings", lang)
    statuses = summary["by_status"]
    extra = [t(f"report.count-{s}", lang, n=statuses[s]) for s in ("waived", "error") if statuses[s]]
    if summary["baselined"]:
        extra.append(t("report.count-baselined", lang, n=summary["baselined"]))
    severity = msg(f"severity.{report.fail_on.value}")
    verdict = (
        t("report.verdict-fail", lang, n=summary["failing"], severity=severity)
        if summary["exit_code"]
        else t("report.verdict-pass", lang, severity=severity)
    )
    return f"{counts}" + (f" ({', '.join(extra)})" if extra else "") + f" — {verdict}"


def write_text(report: Report, write: Write, lang: str = DEFAULT_LANG, width: int = 100) -> None:
    """The report as plain text, ``width`` columns wide, without colour, in ``lang``, part by part."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    for part in text_parts(report, lang):
        console.print(part)
        write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
        buffer.seek(0)
        buffer.truncate()


def to_text(report: Report, width: int = 100, lang: str = DEFAULT_LANG) -> str:
    """The report as plain text, ``width`` columns wide, without colour, in ``lang``."""
    out: list[str] = []
    write_text(report, out.append, lang, width)
    return "".join(out)
