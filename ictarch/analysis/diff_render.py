"""A diff as text, Markdown (a pull-request comment) or JSON-ready data: pure and deterministic."""

from __future__ import annotations

import json
from typing import Any

from ictarch.analysis.diff import MODEL, ArchitectureDiff, CollectionDiff, DiffReport, FieldChange
from ictarch.findings import Finding
from ictarch.i18n import catalogue, t
from ictarch.money import format_number, format_vnd


def _name(data: dict[str, Any], lang: str) -> str:
    name = data.get("name")
    if isinstance(name, dict):
        return str(name.get("en") if lang == "en" and name.get("en") else name.get("vi", ""))
    return ""


def _signed_vnd(amount: int, lang: str = "vi") -> str:
    return ("+" if amount >= 0 else "−") + format_number(abs(amount) / 1e9, lang, 1)


def _billions(amount: int, lang: str) -> str:
    return format_number(amount / 1e9, lang, 1)


def describe(collection: str, data: dict[str, Any], lang: str = "vi") -> str:
    """A short description of an added or removed entry: its name and its main facts."""
    facts: list[str] = []
    if collection == "components":
        facts = [_word("kind", data.get("kind"), lang), _word("lifecycle", data.get("status"), lang)]
        if data.get("citizen_facing"):
            facts.append(t("impact.citizen-facing", lang))
    elif collection == "projects":
        years = f"{data.get('start_year') or '?'}–{data.get('end_year') or '?'}"
        budget = format_vnd(data.get("budget_vnd"), lang)
        facts = [data.get("domain") or "", data.get("phase") or "", years, budget]
    elif collection == "indicators":
        facts = [t("diff.target", lang, target=str(data.get("target"))), str(data.get("year") or "")]
    elif collection == "waivers":
        facts = [str(data.get("reason") or ""), t("diff.approved-by", lang, approver=str(data.get("approver")))]
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


def _word(family: str, value: object, lang: str) -> str:
    """An enumerated value (kind, status) in ``lang``; a value the catalogue does not know as written."""
    if not value:
        return ""
    key = f"{family}.{value}"
    return t(key, lang) if key in catalogue("vi") else str(value)


def _counts(c: CollectionDiff, lang: str) -> str:
    parts = []
    for n, word in ((len(c.added), "added"), (len(c.removed), "removed"), (len(c.changed), "changed")):
        if n:
            parts.append(t(f"diff.count-{word}", lang, n=n))
    return ", ".join(parts)


def _title(c: CollectionDiff, lang: str = "vi") -> str:
    return t("diff.model", lang) if c.name == MODEL else t(f"diff.collection.{c.name}", lang)


def _finding_line(f: Finding, lang: str) -> str:
    return f"{f.code} {t(f'severity.{f.severity.value}', lang)} {f.subject}: {f.text(lang)}"


def to_text(report: DiffReport, lang: str = "vi") -> str:
    """The diff as plain text: ``+`` added, ``-`` removed, ``~`` changed."""
    lines = [t("diff.title", lang, old=report.old_label, new=report.new_label)]
    for code in report.removed_provinces:
        lines.append("- " + t("diff.province-only-in", lang, code=code, label=report.old_label))
    for code in report.added_provinces:
        lines.append("+ " + t("diff.province-only-in", lang, code=code, label=report.new_label))
    for d in report.provinces:
        renamed = t("diff.was", lang, code=d.old_code) if d.old_code != d.new_code else ""
        lines.append(f"{d.code}{renamed}: {d.name.text(lang)}")
        if d.empty:
            lines.append("  " + t("diff.no-change", lang))
            continue
        for c in d.collections:
            lines.append(f"  {_title(c, lang)}: {_counts(c, lang)}")
            lines += [f"    + {e.key}  {describe(c.name, e.data, lang)}".rstrip() for e in c.added]
            lines += [f"    - {e.key}  {describe(c.name, e.data, lang)}".rstrip() for e in c.removed]
            for ch in c.changed:
                lines.append(f"    ~ {ch.key}")
                lines += [f"        {show_change(x)}" for x in ch.changes]
        if d.budgets:
            lines.append("  " + t("diff.budgets", lang) + ":")
            for b in d.budgets:
                label = t("diff.total", lang) if b.group == "total" else f"{_group(b.group, lang)} {b.key}"
                old, new = _billions(b.old, lang), _billions(b.new, lang)
                lines.append(f"    {label}: {old} → {new} ({_signed_vnd(b.delta, lang)})")
        f = d.findings
        if f is not None:
            lines.append("  " + _finding_counts(f, lang))
            lines += [f"    + {_finding_line(x, lang)}" for x in f.introduced]
            lines += [f"    - {_finding_line(x, lang)}" for x in f.resolved]
            for before, after in f.changed:
                lines.append(f"    ~ {after.code} {t(f'severity.{after.severity.value}', lang)} {after.subject}")
                lines.append("        " + t("diff.finding-was", lang, text=before.text(lang)))
                lines.append("        " + t("diff.finding-now", lang, text=after.text(lang)))
    if not report.checks_run:
        lines.append(t("diff.not-run", lang))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _group(group: str, lang: str) -> str:
    key = f"diff.group.{group}"
    return t(key, lang) if key in catalogue("vi") else group


def _finding_counts(f: Any, lang: str) -> str:
    return t(
        "diff.findings",
        lang,
        introduced=len(f.introduced),
        resolved=len(f.resolved),
        changed=len(f.changed),
        unchanged=f.unchanged,
    )


def _summary_cells(d: ArchitectureDiff, lang: str = "vi") -> list[str]:
    cells = []
    for c in d.collections:
        signs = [f"+{len(c.added)}" if c.added else "", f"−{len(c.removed)}" if c.removed else ""]
        signs.append(f"~{len(c.changed)}" if c.changed else "")
        cells.append(f"{_title(c, lang)} {' '.join(s for s in signs if s)}")
    total = next((b for b in d.budgets if b.group == "total"), None)
    if total is not None and total.delta:
        cells.append(t("diff.budget-cell", lang, delta=_signed_vnd(total.delta, lang)))
    if d.findings is not None and not d.findings.empty:
        f = d.findings
        cells.append(t("diff.findings-cell", lang, signs=f"+{len(f.introduced)} −{len(f.resolved)} ~{len(f.changed)}"))
    return cells


def to_markdown(report: DiffReport, lang: str = "vi") -> str:
    """The diff as Markdown, for a pull-request comment."""
    lines = [t("diff.md-title", lang, old=report.old_label, new=report.new_label), ""]
    if report.empty:
        lines.append(t("diff.md-no-change", lang))
    for code in report.removed_provinces:
        lines.append(t("diff.md-removed-province", lang, code=code, label=report.old_label))
    for code in report.added_provinces:
        lines.append(t("diff.md-added-province", lang, code=code, label=report.new_label))
    if report.removed_provinces or report.added_provinces:
        lines.append("")
    for d in report.provinces:
        renamed = t("diff.md-was", lang, code=d.old_code) if d.old_code != d.new_code else ""
        lines += [f"### {_cell(d.name.text(lang))} (`{d.code}`){renamed}", ""]
        if d.empty:
            lines += [t("diff.md-no-change-province", lang), ""]
            continue
        lines += ["**" + " · ".join(_summary_cells(d, lang)) + "**", ""]
        added, removed, changed = (t(f"diff.md-{w}", lang) for w in ("added", "removed", "changed"))
        for c in d.collections:
            title = _title(c, lang)
            lines += [f"#### {title[:1].upper()}{title[1:]}", "", t("diff.md-columns", lang), "|---|---|---|"]
            lines += [f"| ➕ {added} | `{_cell(e.key)}` | {_cell(describe(c.name, e.data, lang))} |" for e in c.added]
            lines += [
                f"| ➖ {removed} | `{_cell(e.key)}` | {_cell(describe(c.name, e.data, lang))} |" for e in c.removed
            ]
            for ch in c.changed:
                details = "<br>".join(
                    f"`{_cell(x.path)}`: {_cell(show_value(x.old))} → {_cell(show_value(x.new))}{_cell(list_moves(x))}"
                    for x in ch.changes
                )
                lines.append(f"| ✏️ {changed} | `{_cell(ch.key)}` | {details} |")
            lines.append("")
        if d.budgets:
            lines += [
                "#### " + t("diff.md-budgets", lang),
                "",
                t("diff.md-budget-columns", lang),
                "|---|---:|---:|---:|",
            ]
            for b in d.budgets:
                label = (
                    f"**{t('diff.total', lang)}**"
                    if b.group == "total"
                    else f"{_group(b.group, lang)} `{_cell(b.key)}`"
                )
                old, new = _billions(b.old, lang), _billions(b.new, lang)
                lines.append(f"| {label} | {old} | {new} | {_signed_vnd(b.delta, lang)} |")
            lines.append("")
        f = d.findings
        if f is not None:
            lines += [
                "#### " + t("diff.md-findings", lang),
                "",
                _finding_counts(f, lang)[:1].upper() + _finding_counts(f, lang)[1:] + ".",
                "",
            ]
            for key, items in (("introduced", f.introduced), ("resolved", f.resolved)):
                if items:
                    lines += [f"**{t(f'diff.md-{key}', lang)}**", ""]
                    lines += [
                        f"- **{x.code}** {t(f'severity.{x.severity.value}', lang)} `{x.subject}`: {_cell(x.text(lang))}"
                        for x in items
                    ]
                    lines.append("")
            if f.changed:
                lines += [f"**{t('diff.md-changed-findings', lang)}**", ""]
                for before, after in f.changed:
                    text = _cell(after.text(lang))
                    severity = t(f"severity.{after.severity.value}", lang)
                    lines.append(f"- **{after.code}** {severity} `{after.subject}`: {text}")
                    lines.append("  " + t("diff.md-was-finding", lang, text=_cell(before.text(lang))))
                lines.append("")
    if not report.checks_run:
        lines += [t("diff.md-not-run", lang), ""]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "status": f.status.value,
        "province": f.province,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.text(lang),
        "message_id": f.message_id,
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


def to_dict(report: DiffReport, lang: str = "vi") -> dict[str, Any]:
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
                    "introduced": [_finding_dict(x, lang) for x in f.introduced],
                    "resolved": [_finding_dict(x, lang) for x in f.resolved],
                    "changed": [{"old": _finding_dict(a, lang), "new": _finding_dict(b, lang)} for a, b in f.changed],
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
