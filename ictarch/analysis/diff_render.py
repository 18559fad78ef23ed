"""A diff as text, Markdown (a pull-request comment) or JSON-ready data: pure and deterministic."""

from __future__ import annotations

import json
from typing import Any

from ictarch.analysis.diff import MODEL, ArchitectureDiff, CollectionDiff, DiffReport, FieldChange
from ictarch.findings import Finding
from ictarch.money import format_vnd


def _name(data: dict[str, Any], lang: str) -> str:
    name = data.get("name")
    if isinstance(name, dict):
        return str(name.get("en") if lang == "en" and name.get("en") else name.get("vi", ""))
    return ""


def _signed_vnd(amount: int) -> str:
    return f"{'+' if amount >= 0 else '−'}{abs(amount) / 1e9:,.1f}"


def describe(collection: str, data: dict[str, Any], lang: str = "vi") -> str:
    """A short description of an added or removed entry: its name and its main facts."""
    facts: list[str] = []
    if collection == "components":
        facts = [data.get("kind") or "", data.get("status") or ""]
        if data.get("citizen_facing"):
            facts.append("citizen-facing")
    elif collection == "projects":
        years = f"{data.get('start_year') or '?'}–{data.get('end_year') or '?'}"
        facts = [data.get("domain") or "", data.get("phase") or "", years, format_vnd(data.get("budget_vnd"))]
    elif collection == "indicators":
        facts = [f"target {data.get('target')}", str(data.get("year") or "")]
    elif collection == "waivers":
        facts = [str(data.get("reason") or ""), f"approved by {data.get('approver')}"]
    elif collection == "not_applicable":
        justification = data.get("justification") or {}
        facts = [str(justification.get("vi", "")) if isinstance(justification, dict) else ""]
    name = _name(data, lang)
    details = ", ".join(f for f in facts if f)
    return " ".join(p for p in (name, f"({details})" if details else "") if p)


def show_value(value: Any) -> str:
    """A field's value as the reader sees it: text as is, lists and mappings as JSON, absent as '—'."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 100_000:
        return f"{value:,}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def list_moves(change: FieldChange) -> str:
    """The items added and removed when both sides of a change are lists: ``(+a, −b)``, else ''."""
    if not (isinstance(change.old, list) and isinstance(change.new, list)):
        return ""
    plus = [f"+{show_value(v)}" for v in change.new if v not in change.old]
    minus = [f"−{show_value(v)}" for v in change.old if v not in change.new]
    return f" ({', '.join(plus + minus)})" if plus or minus else ""


def show_change(change: FieldChange) -> str:
    """``path: old → new``, with the items added and removed when both sides are lists."""
    return f"{change.path}: {show_value(change.old)} → {show_value(change.new)}{list_moves(change)}"


def _counts(c: CollectionDiff) -> str:
    parts = []
    for n, word in ((len(c.added), "added"), (len(c.removed), "removed"), (len(c.changed), "changed")):
        if n:
            parts.append(f"{n} {word}")
    return ", ".join(parts)


def _title(c: CollectionDiff) -> str:
    return "province and programme" if c.name == MODEL else c.name.replace("_", "-")


def _finding_line(f: Finding) -> str:
    return f"{f.code} {f.severity.value} {f.subject}: {f.message}"


def to_text(report: DiffReport, lang: str = "vi") -> str:
    """The diff as plain text: ``+`` added, ``-`` removed, ``~`` changed."""
    lines = [f"diff {report.old_label} → {report.new_label}"]
    for code in report.removed_provinces:
        lines.append(f"- province {code} (only in {report.old_label})")
    for code in report.added_provinces:
        lines.append(f"+ province {code} (only in {report.new_label})")
    for d in report.provinces:
        renamed = f" (was {d.old_code})" if d.old_code != d.new_code else ""
        lines.append(f"{d.code}{renamed}: {d.name.text(lang)}")
        if d.empty:
            lines.append("  no change")
            continue
        for c in d.collections:
            lines.append(f"  {_title(c)}: {_counts(c)}")
            lines += [f"    + {e.key}  {describe(c.name, e.data, lang)}".rstrip() for e in c.added]
            lines += [f"    - {e.key}  {describe(c.name, e.data, lang)}".rstrip() for e in c.removed]
            for ch in c.changed:
                lines.append(f"    ~ {ch.key}")
                lines += [f"        {show_change(x)}" for x in ch.changes]
        if d.budgets:
            lines.append("  budgets (tỷ đồng):")
            for b in d.budgets:
                label = "total" if b.group == "total" else f"{b.group} {b.key}"
                lines.append(f"    {label}: {b.old / 1e9:,.1f} → {b.new / 1e9:,.1f} ({_signed_vnd(b.delta)})")
        f = d.findings
        if f is not None:
            lines.append(
                f"  findings: {len(f.introduced)} introduced, {len(f.resolved)} resolved, "
                f"{len(f.changed)} changed, {f.unchanged} unchanged"
            )
            lines += [f"    + {_finding_line(x)}" for x in f.introduced]
            lines += [f"    - {_finding_line(x)}" for x in f.resolved]
            for before, after in f.changed:
                lines.append(f"    ~ {after.code} {after.severity.value} {after.subject}")
                lines.append(f"        was: {before.message}")
                lines.append(f"        now: {after.message}")
    if not report.checks_run:
        lines.append("(checks not run: findings not compared)")
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _summary_cells(d: ArchitectureDiff) -> list[str]:
    cells = []
    for c in d.collections:
        signs = [f"+{len(c.added)}" if c.added else "", f"−{len(c.removed)}" if c.removed else ""]
        signs.append(f"~{len(c.changed)}" if c.changed else "")
        cells.append(f"{_title(c)} {' '.join(s for s in signs if s)}")
    total = next((b for b in d.budgets if b.group == "total"), None)
    if total is not None and total.delta:
        cells.append(f"budget {_signed_vnd(total.delta)} tỷ đồng")
    if d.findings is not None and not d.findings.empty:
        f = d.findings
        cells.append(f"findings +{len(f.introduced)} −{len(f.resolved)} ~{len(f.changed)}")
    return cells


def to_markdown(report: DiffReport, lang: str = "vi") -> str:
    """The diff as Markdown, for a pull-request comment."""
    lines = [f"## ictarch diff: `{report.old_label}` → `{report.new_label}`", ""]
    if report.empty:
        lines.append("No change to the architecture.")
    for code in report.removed_provinces:
        lines.append(f"- **removed province** `{code}` (only in `{report.old_label}`)")
    for code in report.added_provinces:
        lines.append(f"- **added province** `{code}` (only in `{report.new_label}`)")
    if report.removed_provinces or report.added_provinces:
        lines.append("")
    for d in report.provinces:
        renamed = f" (was `{d.old_code}`)" if d.old_code != d.new_code else ""
        lines += [f"### {_cell(d.name.text(lang))} (`{d.code}`){renamed}", ""]
        if d.empty:
            lines += ["No change.", ""]
            continue
        lines += ["**" + " · ".join(_summary_cells(d)) + "**", ""]
        for c in d.collections:
            lines += [f"#### {_title(c).capitalize()}", "", "| | entry | details |", "|---|---|---|"]
            lines += [f"| ➕ added | `{_cell(e.key)}` | {_cell(describe(c.name, e.data, lang))} |" for e in c.added]
            lines += [f"| ➖ removed | `{_cell(e.key)}` | {_cell(describe(c.name, e.data, lang))} |" for e in c.removed]
            for ch in c.changed:
                details = "<br>".join(
                    f"`{_cell(x.path)}`: {_cell(show_value(x.old))} → {_cell(show_value(x.new))}{_cell(list_moves(x))}"
                    for x in ch.changes
                )
                lines.append(f"| ✏️ changed | `{_cell(ch.key)}` | {details} |")
            lines.append("")
        if d.budgets:
            lines += ["#### Budgets (tỷ đồng)", "", "| | before | after | change |", "|---|---:|---:|---:|"]
            for b in d.budgets:
                label = "**total**" if b.group == "total" else f"{b.group} `{_cell(b.key)}`"
                lines.append(f"| {label} | {b.old / 1e9:,.1f} | {b.new / 1e9:,.1f} | {_signed_vnd(b.delta)} |")
            lines.append("")
        f = d.findings
        if f is not None:
            lines += [
                "#### Findings",
                "",
                f"{len(f.introduced)} introduced, {len(f.resolved)} resolved, {len(f.changed)} changed, "
                f"{f.unchanged} unchanged.",
                "",
            ]
            for title, items in (("Introduced", f.introduced), ("Resolved", f.resolved)):
                if items:
                    lines += [f"**{title}**", ""]
                    lines += [f"- **{x.code}** {x.severity.value} `{x.subject}`: {_cell(x.message)}" for x in items]
                    lines.append("")
            if f.changed:
                lines += ["**Changed**", ""]
                for before, after in f.changed:
                    lines.append(f"- **{after.code}** {after.severity.value} `{after.subject}`: {_cell(after.message)}")
                    lines.append(f"  (was: {_cell(before.message)})")
                lines.append("")
    if not report.checks_run:
        lines += ["_Checks not run: findings not compared._", ""]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "status": f.status.value,
        "province": f.province,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.message,
        "fingerprint": f.fingerprint,
    }


def _collection_dict(c: CollectionDiff) -> dict[str, Any]:
    return {
        "added": [{"key": e.key, "entry": e.data} for e in c.added],
        "removed": [{"key": e.key, "entry": e.data} for e in c.removed],
        "changed": [
            {"key": ch.key, "fields": [{"path": x.path, "old": x.old, "new": x.new} for x in ch.changes]}
            for ch in c.changed
        ],
    }


def to_dict(report: DiffReport) -> dict[str, Any]:
    """The diff as JSON-ready data."""
    provinces = []
    for d in report.provinces:
        f = d.findings
        provinces.append(
            {
                "province": d.code,
                "old_code": d.old_code,
                "name": d.name.model_dump(exclude_none=True),
                "changes": {c.name: _collection_dict(c) for c in d.collections},
                "budgets": [
                    {"group": b.group, "key": b.key, "old": b.old, "new": b.new, "delta": b.delta} for b in d.budgets
                ],
                "findings": None
                if f is None
                else {
                    "introduced": [_finding_dict(x) for x in f.introduced],
                    "resolved": [_finding_dict(x) for x in f.resolved],
                    "changed": [{"old": _finding_dict(a), "new": _finding_dict(b)} for a, b in f.changed],
                    "unchanged": f.unchanged,
                },
            }
        )
    return {
        "old": report.old_label,
        "new": report.new_label,
        "run_date": report.run_date.isoformat() if report.run_date else None,
        "checks_run": report.checks_run,
        "added_provinces": list(report.added_provinces),
        "removed_provinces": list(report.removed_provinces),
        "provinces": provinces,
    }
