"""The human report: findings grouped by severity, the waived ones, coverage per layer, a summary.

:func:`render_text` returns a rich renderable for the terminal (colour when the console has it);
:func:`to_text` renders it to plain text of a fixed width, for files and tests.
"""

from __future__ import annotations

import io
from collections import defaultdict

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ictarch.findings import Finding, LayerCoverage, Report, Severity, Status

STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def _finding(f: Finding) -> RenderableType:
    head = Text()
    if f.location:
        head.append(str(f.location), style="bold")
        head.append(": ")
    head.append(f.code, style=STYLES[f.severity])
    head.append(f" {f.name}", style="dim")
    if f.subject:
        head.append(f"  {f.subject}")
    if f.baselined:
        head.append("  (in baseline)", style="dim")
    body = [Text(f.message)]
    if f.waiver_reason:
        body.append(Text(f"waived: {f.waiver_reason}", style="green"))
    body.append(Text(f"reference: {f.reference}", style="dim"))
    return Group(Padding(head, (0, 0, 0, 2), expand=False), Padding(Group(*body), (0, 0, 0, 6), expand=False))


def _coverage(rows: list[LayerCoverage]) -> Table:
    table = Table(title=f"Coverage per layer: {rows[0].province}", title_justify="left", expand=False)
    table.add_column("layer")
    table.add_column("name")
    table.add_column("components", justify="right")
    table.add_column("reference realized", justify="right")
    for c in rows:
        realized = len(set(c.realized) & set(c.expected))
        share = f"{realized}/{len(c.expected)} ({c.percent}%)" if c.percent is not None else "—"
        empty = not c.components and c.coverage_required
        table.add_row(c.layer, c.name, Text(str(len(c.components)), style="red" if empty else ""), share)
    return table


def render_text(report: Report) -> RenderableType:
    parts: list[RenderableType] = []
    head = f"ictarch check: {', '.join(report.provinces) or 'no province'} — {len(report.rules)} checks"
    if report.profile:
        head += f", profile {report.profile}"
    parts.append(Text(head + f", run date {report.run_date.isoformat()}", style="bold"))
    crashed = [f for f in report.findings if f.status is Status.ERROR]
    if crashed:
        parts.append(Text(f"\nERRORS ({len(crashed)})", style="bold red"))
        parts.extend(_finding(f) for f in crashed)
    for sev in reversed(Severity):
        group = [f for f in report.findings if f.status is Status.FAILED and f.severity is sev]
        if group:
            parts.append(Text(f"\n{sev.value.upper()} ({len(group)})", style=STYLES[sev]))
            parts.extend(_finding(f) for f in group)
    waived = [f for f in report.findings if f.status is Status.WAIVED]
    if waived:
        parts.append(Text(f"\nWAIVED ({len(waived)})", style="green"))
        parts.extend(_finding(f) for f in waived)
    by_province: dict[str, list[LayerCoverage]] = defaultdict(list)
    for c in report.coverage:
        by_province[c.province].append(c)
    for province in sorted(by_province):
        parts.append(Text(""))
        parts.append(_coverage(by_province[province]))
    parts.append(Text("\n" + _summary_line(report), style="bold"))
    return Group(*parts)


def _summary_line(report: Report) -> str:
    summary = report.summary()
    counts = ", ".join(f"{n} {sev}" for sev, n in summary["by_severity"].items() if n) or "no findings"
    statuses = summary["by_status"]
    extra = [f"{statuses[s]} {s}" for s in ("waived", "error") if statuses[s]]
    if summary["baselined"]:
        extra.append(f"{summary['baselined']} in baseline")
    verdict = (
        f"{summary['failing']} at or above {report.fail_on.value}: exit 1"
        if summary["exit_code"]
        else f"nothing at or above {report.fail_on.value}: exit 0"
    )
    return f"{counts}" + (f" ({', '.join(extra)})" if extra else "") + f" — {verdict}"


def to_text(report: Report, width: int = 100) -> str:
    """The report as plain text, ``width`` columns wide, without colour."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    console.print(render_text(report))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
