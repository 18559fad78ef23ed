"""A roadmap as a table, text, Markdown or JSON-ready data: pure; :mod:`exporters.roadmap_chart` draws it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ictarch.analysis.roadmap import RoadmapPoint, RoadmapTimeline
from ictarch.findings import Finding, Severity

_WORDS = {
    "as-is": {"vi": "hiện trạng", "en": "as-is"},
    "layer": {"vi": "lớp", "en": "layer"},
    "overall": {"vi": "bình quân", "en": "overall"},
    "covered": {"vi": "số lớp có thành phần", "en": "layers covered"},
    "findings": {"vi": "phát hiện còn lại", "en": "findings open"},
    "gaps": {"vi": "trong đó khoảng trống (ICT1xx)", "en": "of which gaps (ICT1xx)"},
}


def word(key: str, lang: str) -> str:
    return _WORDS[key]["en" if lang == "en" else "vi"]


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


def _listing(items: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def changes(timeline: RoadmapTimeline) -> list[tuple[str, list[str]]]:
    """What happens at each point after the first: projects completed, gaps closed, findings resolved."""
    out = []
    for p in timeline.points[1:]:
        lines = []
        if p.completed:
            lines.append(f"projects completed: {_listing(p.completed)}")
        if p.delivered:
            lines.append(f"components available: +{len(p.delivered)} ({_listing(p.delivered)})")
        if p.layers_closed:
            lines.append(f"layers now covered: {', '.join(p.layers_closed)}")
        if p.references_closed:
            lines.append(f"reference components now realized: {_listing(p.references_closed)}")
        if p.resolved:
            lines.append(f"findings resolved: {len(p.resolved)} ({_listing([_short(f) for f in p.resolved])})")
        if p.introduced:
            lines.append(f"findings introduced: {len(p.introduced)} ({_listing([_short(f) for f in p.introduced])})")
        if p.waiting and p.delivered:
            pairs = [f"{a} → {b}" for a, b in p.waiting]
            lines.append(f"waiting on later deliveries: {_listing(pairs, 4)}")
        out.append((p.label, lines or ["no project completes"]))
    return out


def notes(timeline: RoadmapTimeline) -> list[str]:
    out = []
    if not timeline.frameworks:
        out.append("the model declares no ICT reference framework: no layer to follow")
    if timeline.never_available:
        out.append(
            f"never available (planned or in progress, delivered by no dated project): "
            f"{', '.join(timeline.never_available)}"
        )
    if timeline.undated_projects:
        out.append(f"undated projects (no end year, phase or start year): {', '.join(timeline.undated_projects)}")
    if timeline.not_applicable_layers:
        out.append(f"layers declared not applicable, left out: {', '.join(timeline.not_applicable_layers)}")
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
    if lang == "en":
        return f"Roadmap of {timeline.name.text(lang)} ({timeline.province}): coverage of {fws}{span}"
    return f"Lộ trình {timeline.name.text(lang)} ({timeline.province}): mức độ bao phủ {fws}{span}"


def to_text(timeline: RoadmapTimeline, lang: str = "vi") -> str:
    """The roadmap as plain text: the coverage table, what each year changes, notes."""
    header, rows = table(timeline, lang)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [title(timeline, lang)]
    for r in [header, *rows]:
        figures = (c.rjust(w) for c, w in zip(r[2:], widths[2:], strict=True))
        cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1]), *figures]
        lines.append("  ".join(cells).rstrip())
    for label, items in changes(timeline):
        lines.append(f"{label}:")
        lines += [f"  {item}" for item in items]
    lines += [f"note: {n}" for n in notes(timeline)]
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
    lines += ["", "### Year by year", ""]
    for label, items in changes(timeline):
        lines.append(f"- **{label}**: " + "; ".join(_cell(i) for i in items) + ".")
    last = timeline.points[-1]
    lines += ["", f"### Findings remaining at the end ({last.label}): {len(last.findings)}", ""]
    for code, n, subjects in remaining(last):
        lines.append(f"- **{code}** × {n}: {_cell(_listing(list(subjects)))}")
    if not last.findings:
        lines.append("None.")
    extra = notes(timeline)
    if extra:
        lines += ["", "### Notes", ""]
        lines += [f"- {_cell(n)}" for n in extra]
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.message,
    }


def to_dict(timeline: RoadmapTimeline, lang: str = "vi") -> dict[str, Any]:
    """The roadmap as JSON-ready data."""
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
                "findings": [_finding_dict(f) for f in p.findings],
                "findings_resolved": [_finding_dict(f) for f in p.resolved],
                "findings_introduced": [_finding_dict(f) for f in p.introduced],
                "waiting": [{"component": a, "needs": b} for a, b in p.waiting],
            }
            for p in timeline.points
        ],
        "never_available": list(timeline.never_available),
        "undated_projects": list(timeline.undated_projects),
        "not_applicable_layers": list(timeline.not_applicable_layers),
    }
