"""A roadmap as a table, text, Markdown or JSON-ready data: pure; :mod:`exporters.roadmap_chart` draws it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ictarch.analysis.roadmap import RoadmapPoint, RoadmapTimeline
from ictarch.findings import Finding, Severity
from ictarch.i18n import t


def word(key: str, lang: str) -> str:
    return t(f"roadmap.word.{key}", lang)


def point_label(point: RoadmapPoint, lang: str = "vi") -> str:
    return word("as-is", lang) if point.year is None else str(point.year)


def table(timeline: RoadmapTimeline, lang: str = "vi") -> tuple[list[str], list[list[str]]]:
    """The coverage table: a header, then a row per layer (percent per point) and summary rows."""
    header = [word("layer", lang), "", *(point_label(p, lang) for p in timeline.points)]
    rows = []
    for layer in timeline.layers:
        rows.append([layer.id, layer.name.text(lang), *(f"{p.layer(layer.id).percent}%" for p in timeline.points)])
    rows.append([word("overall", lang), "", *(f"{p.overall}%" for p in timeline.points)])
    rows.append([word("covered", lang), "", *(f"{p.covered}/{len(p.layers)}" for p in timeline.points)])
    rows.append([word("findings", lang), "", *(str(len(p.findings)) for p in timeline.points)])
    rows.append([word("gaps", lang), "", *(str(_gaps(p.findings)) for p in timeline.points)])
    return header, rows


def _gaps(findings: Sequence[Finding]) -> int:
    return sum(1 for f in findings if f.code.startswith("ICT1"))


def _short(f: Finding) -> str:
    related = f" [{', '.join(f.related)}]" if f.related and f.subject == f.province else ""
    return f"{f.code} {f.subject}{related}"


def _listing(items: Sequence[str], lang: str = "vi", limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (t("roadmap.and-more", lang, n=len(items) - limit) if len(items) > limit else "")


def changes(timeline: RoadmapTimeline, lang: str = "vi") -> list[tuple[str, list[str]]]:
    """What happens at each point after the first: projects completed, gaps closed, findings resolved."""
    out = []
    for p in timeline.points[1:]:
        lines = []
        if p.completed:
            lines.append(t("roadmap.completed", lang, ids=_listing(p.completed, lang)))
        if p.delivered:
            lines.append(t("roadmap.available", lang, n=len(p.delivered), ids=_listing(p.delivered, lang)))
        if p.layers_closed:
            lines.append(t("roadmap.layers-closed", lang, ids=p.layers_closed))
        if p.references_closed:
            lines.append(t("roadmap.references-closed", lang, ids=_listing(p.references_closed, lang)))
        if p.resolved:
            listed = _listing([_short(f) for f in p.resolved], lang)
            lines.append(t("roadmap.resolved", lang, n=len(p.resolved), ids=listed))
        if p.introduced:
            listed = _listing([_short(f) for f in p.introduced], lang)
            lines.append(t("roadmap.introduced", lang, n=len(p.introduced), ids=listed))
        if p.waiting and p.delivered:
            pairs = [f"{a} → {b}" for a, b in p.waiting]
            lines.append(t("roadmap.waiting", lang, pairs=_listing(pairs, lang, 4)))
        out.append((point_label(p, lang), lines or [t("roadmap.nothing-completes", lang)]))
    return out


def notes(timeline: RoadmapTimeline, lang: str = "vi") -> list[str]:
    out = []
    if not timeline.frameworks:
        out.append(t("roadmap.no-framework", lang))
    if timeline.never_available:
        out.append(t("roadmap.never-available", lang, ids=timeline.never_available))
    if timeline.undated_projects:
        out.append(t("roadmap.undated", lang, ids=timeline.undated_projects))
    if timeline.not_applicable_layers:
        out.append(t("roadmap.not-applicable-layers", lang, ids=timeline.not_applicable_layers))
    return out


def remaining(point: RoadmapPoint) -> list[tuple[str, int, tuple[str, ...]]]:
    """Open findings of a point by check: (code, count, subjects)."""
    subjects: dict[str, list[str]] = {}
    for f in point.findings:
        subjects.setdefault(f.code, []).append(_short(f))
    return [(code, len(s), tuple(sorted(s))) for code, s in sorted(subjects.items())]


def title(timeline: RoadmapTimeline, lang: str = "vi") -> str:
    years = timeline.years
    span = f", {years[0]}–{years[-1]}" if years else ""
    fws = ", ".join(timeline.frameworks) or "—"
    name = timeline.name.text(lang)
    return t("roadmap.title", lang, name=name, province=timeline.province, frameworks=fws, span=span)


def to_text(timeline: RoadmapTimeline, lang: str = "vi") -> str:
    """The roadmap as plain text: the coverage table, what each year changes, notes."""
    header, rows = table(timeline, lang)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [title(timeline, lang)]
    for r in [header, *rows]:
        figures = (c.rjust(w) for c, w in zip(r[2:], widths[2:], strict=True))
        cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1]), *figures]
        lines.append("  ".join(cells).rstrip())
    for label, items in changes(timeline, lang):
        lines.append(f"{label}:")
        lines += [f"  {item}" for item in items]
    lines += [t("roadmap.note", lang, note=n) for n in notes(timeline, lang)]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(timeline: RoadmapTimeline, lang: str = "vi") -> str:
    """The roadmap as Markdown: the table, the years, what remains at the end."""
    header, rows = table(timeline, lang)
    lines = [f"## {_cell(title(timeline, lang))}", ""]
    lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
    lines.append("|---|---|" + "---:|" * (len(header) - 2))
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    lines += ["", t("roadmap.md-years", lang), ""]
    for label, items in changes(timeline, lang):
        lines.append(f"- **{label}**: " + "; ".join(_cell(i) for i in items) + ".")
    last = timeline.points[-1]
    lines += ["", t("roadmap.md-remaining", lang, label=point_label(last, lang), n=len(last.findings)), ""]
    for code, n, subjects in remaining(last):
        lines.append(f"- **{code}** × {n}: {_cell(_listing(list(subjects), lang))}")
    if not last.findings:
        lines.append(t("roadmap.md-none", lang))
    extra = notes(timeline, lang)
    if extra:
        lines += ["", t("roadmap.md-notes", lang), ""]
        lines += [f"- {_cell(n)}" for n in extra]
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.text(lang),
        "message_id": f.message_id,
    }


def to_dict(timeline: RoadmapTimeline, lang: str = "vi") -> dict[str, Any]:
    """The roadmap as JSON-ready data."""
    rendered: dict[int, dict[str, Any]] = {}  # a finding open for years is rendered once (points share them)

    def finding(f: Finding) -> dict[str, Any]:
        out = rendered.get(id(f))
        if out is None:
            out = rendered[id(f)] = _finding_dict(f, lang)
        return out

    return {
        "province": timeline.province,
        "name": timeline.name.text(lang),
        "frameworks": list(timeline.frameworks),
        "layers": [{"id": la.id, "name": la.name.text(lang), "kind": la.kind} for la in timeline.layers],
        "points": [
            {
                "year": p.year,
                "label": p.label,
                "available": len(p.available),
                "delivered": list(p.delivered),
                "projects_completed": list(p.completed),
                "coverage": {lp.layer: lp.percent for lp in p.layers},
                "covered": {lp.layer: lp.covered for lp in p.layers},
                "realized": {lp.layer: list(lp.realized) for lp in p.layers},
                "overall": p.overall,
                "layers_closed": list(p.layers_closed),
                "references_closed": list(p.references_closed),
                "findings_open": len(p.findings),
                "findings_by_severity": {
                    s.value: n for s in reversed(Severity) if (n := Counter(f.severity for f in p.findings).get(s, 0))
                },
                "findings": [finding(f) for f in p.findings],
                "findings_resolved": [finding(f) for f in p.resolved],
                "findings_introduced": [finding(f) for f in p.introduced],
                "waiting": [{"component": a, "needs": b} for a, b in p.waiting],
            }
            for p in timeline.points
        ],
        "never_available": list(timeline.never_available),
        "undated_projects": list(timeline.undated_projects),
        "not_applicable_layers": list(timeline.not_applicable_layers),
    }
