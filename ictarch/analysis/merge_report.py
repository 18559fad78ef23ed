"""The consolidation report of a merge: its data (collisions, consolidation groups, totals) and renderings.

Pure: :func:`ictarch.analysis.merge.merge` builds it, the command line writes it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ictarch.findings import Finding
from ictarch.i18n import DEFAULT_LANG, Msg, msg, render, t
from ictarch.models.common import Label
from ictarch.money import format_vnd

CRITERIA = (
    msg("merge.criterion-status"),
    msg("merge.criterion-dependents"),
    msg("merge.criterion-project"),
    msg("merge.criterion-budget"),
    msg("merge.criterion-id"),
)
"""The criteria of a recommendation, in the order they are applied (that of ``consolidation._rank``)."""


# --------------------------------------------------------------------------- report data


@dataclass(frozen=True)
class Collision:
    """An id used by several former provinces, and the id one of its copies was renamed to."""

    kind: str
    """component, project, domain, phase, source, document or solution-group."""
    old_id: str
    new_id: str
    province: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "old_id": self.old_id, "new_id": self.new_id, "province": self.province}


@dataclass(frozen=True)
class GroupMember:
    """One candidate of a consolidation group, with the facts the recommendation weighs."""

    component: str
    province: str
    name: str
    kind: str
    status: str
    security_level: int | None
    projects: tuple[str, ...]
    """Projects that deliver it."""
    budget_vnd: int | None
    """Total budget of the delivering projects (whole projects, even when they deliver more); None if none is stated."""
    latest_end_year: int | None
    """The latest end year of the delivering projects."""
    dependents: int
    """Components that need it, directly or transitively (depends_on, data_flow, hosted_on, integrates_via)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "province": self.province,
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "security_level": self.security_level,
            "projects": list(self.projects),
            "budget_vnd": self.budget_vnd,
            "latest_end_year": self.latest_end_year,
            "dependents": self.dependents,
        }


@dataclass(frozen=True)
class ConsolidationGroup:
    """Components of several former provinces that the new province needs only once."""

    kind: str
    """``shared-platform`` (a single-instance capability of the reference frameworks) or ``application``
    (applications of one domain realizing the same reference items under near-identical names)."""
    key: str
    """The capability id, or ``<domain>: <realized items>``."""
    title: str
    members: tuple[GroupMember, ...]
    """The one to keep first, then the others in the order of the criteria."""
    keep: str
    migrate: tuple[str, ...]
    reasoning: tuple[Msg, ...]
    """Why: one sentence for the member kept, one for each member to migrate."""

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(sorted({m.province for m in self.members}))

    def reasoning_text(self, lang: str = DEFAULT_LANG) -> str:
        return " ".join(render(m, lang) for m in self.reasoning)

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "provinces": list(self.provinces),
            "members": [m.to_dict() for m in self.members],
            "keep": self.keep,
            "migrate": list(self.migrate),
            "reasoning": self.reasoning_text(lang),
            "reasoning_messages": [m.to_json() for m in self.reasoning],
        }


@dataclass(frozen=True)
class ProvinceTotals:
    """What one former province brings: components, projects and their budget."""

    province: str
    name: str
    components: int
    projects: int
    budget_vnd: int
    unbudgeted_projects: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "name": self.name,
            "components": self.components,
            "projects": self.projects,
            "budget_vnd": self.budget_vnd,
            "unbudgeted_projects": self.unbudgeted_projects,
        }


@dataclass(frozen=True)
class MergeReport:
    """The consolidation report of a merge: collisions, duplicated shared platforms and applications, totals."""

    province: str
    name: Label
    effective: dt.date
    former: tuple[str, ...]
    collisions: tuple[Collision, ...] = ()
    groups: tuple[ConsolidationGroup, ...] = ()
    totals: tuple[ProvinceTotals, ...] = ()
    findings: tuple[Finding, ...] = ()
    """Findings of the duplicate-investment checks (the 'duplication' group) on the merged model."""
    checks_run: bool = False
    notes: tuple[Msg, ...] = ()

    @property
    def shared_platforms(self) -> tuple[ConsolidationGroup, ...]:
        return tuple(g for g in self.groups if g.kind == "shared-platform")

    @property
    def applications(self) -> tuple[ConsolidationGroup, ...]:
        return tuple(g for g in self.groups if g.kind == "application")

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "province": self.province,
            "name": self.name.model_dump(exclude_none=True),
            "effective": self.effective.isoformat(),
            "former": list(self.former),
            "totals": [t.to_dict() for t in self.totals],
            "groups": [g.to_dict(lang) for g in self.groups],
            "collisions": [c.to_dict() for c in self.collisions],
            "duplication_checks": {
                "run": self.checks_run,
                "findings": [_finding_dict(f, lang) for f in self.findings],
            },
            "notes": [render(n, lang) for n in self.notes],
            "note_messages": [n.to_json() for n in self.notes],
        }

    def to_markdown(self, lang: str = DEFAULT_LANG) -> str:
        return _markdown(self, lang)

    def to_text(self, lang: str = DEFAULT_LANG) -> str:
        return _text(self, lang)


def _finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "status": f.status.value,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.text(lang),
        "message_id": f.message_id,
    }


# --------------------------------------------------------------------------- rendering

_KINDS = {
    "component": "entity.component",
    "project": "entity.project",
    "domain": "entity.domain",
    "phase": "entity.phase",
    "source": "entity.source",
    "document": "entity.programme-document",
    "solution-group": "merge.kind-solution-group",
}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _severity(f: Finding, lang: str) -> str:
    return t(f"severity.{f.severity.value}", lang)


def _markdown(r: MergeReport, lang: str) -> str:
    former = tuple(r.former)
    lines = [
        "# " + t("merge.report-title", lang, name=r.name.vi, code=r.province),
        "",
        t("merge.report-intro", lang, effective=r.effective, former=former, criteria=CRITERIA),
        "",
        "## " + t("merge.section-former", lang),
        "",
        t("merge.former-columns", lang),
        "|---|---|---:|---:|---:|---:|",
    ]
    for pt in r.totals:
        lines.append(
            f"| {pt.province} | {_cell(pt.name)} | {pt.components} | {pt.projects} | "
            f"{format_vnd(pt.budget_vnd, lang)} | {pt.unbudgeted_projects} |"
        )
    total = sum(pt.budget_vnd for pt in r.totals)
    lines.append(
        f"| **{t('merge.total', lang)}** | | {sum(pt.components for pt in r.totals)} | "
        f"{sum(pt.projects for pt in r.totals)} | {format_vnd(total, lang)} | "
        f"{sum(pt.unbudgeted_projects for pt in r.totals)} |"
    )
    for title, groups, empty in (
        ("merge.section-platforms", r.shared_platforms, "merge.no-platforms"),
        ("merge.section-applications", r.applications, "merge.no-applications"),
    ):
        lines += ["", "## " + t(title, lang), ""]
        if not groups:
            lines.append(t(empty, lang))
        for g in groups:
            lines += [
                f"### {_cell(g.title)}",
                "",
                f"`{g.key}` — {t('merge.group-from', lang, provinces=g.provinces)}",
                "",
            ]
            lines.append(t("merge.group-columns", lang))
            lines.append("|---|---|---|---|---|---:|---|---:|---:|---:|")
            keep, migrate = t("merge.keep", lang), t("merge.migrate", lang)
            for m in g.members:
                verdict = f"**{keep}**" if m.component == g.keep else migrate
                lines.append(
                    f"| {verdict} | {m.component} | {m.province} | {_cell(m.name)} "
                    f"| {t(f'lifecycle.{m.status}', lang)} "
                    f"| {m.security_level or '—'} | {', '.join(m.projects) or '—'} | "
                    f"{format_vnd(m.budget_vnd, lang)} | {m.latest_end_year or '—'} | {m.dependents} |"
                )
            lines += ["", t("merge.recommendation", lang, reasoning=g.reasoning_text(lang)), ""]
        if lines[-1] == "":
            lines.pop()
    lines += ["", "## " + t("merge.section-checks", lang), ""]
    if not r.checks_run:
        lines.append(t("merge.checks-not-run", lang))
    elif not r.findings:
        lines.append(t("merge.checks-none", lang))
    else:
        counts: dict[str, int] = defaultdict(int)
        for f in r.findings:
            counts[f"{f.code} {f.name}"] += 1
        lines.append(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ".")
        lines.append("")
        for f in sorted(r.findings, key=lambda f: (f.code, f.subject, f.message_key)):
            waived = f" ({t('report.waived-because', lang, reason=f.waiver_reason)})" if f.waiver_reason else ""
            lines.append(f"- **{f.code}** {_severity(f, lang)} `{f.subject}`: {_cell(f.text(lang))}{waived}")
    lines += ["", "## " + t("merge.section-collisions", lang), ""]
    if not r.collisions:
        lines.append(t("merge.no-collisions", lang))
    else:
        lines += [t("merge.collision-columns", lang), "|---|---|---|---|"]
        lines += [
            f"| {t(_KINDS.get(c.kind, 'entity.component'), lang)} | {c.old_id} | {c.province} | {c.new_id} |"
            for c in r.collisions
        ]
    if r.notes:
        lines += ["", "## " + t("merge.section-notes", lang), ""]
        lines += [f"- {_cell(render(n, lang))}" for n in r.notes]
    return "\n".join(lines) + "\n"


def _text(r: MergeReport, lang: str) -> str:
    lines = [t("merge.text-head", lang, name=r.name.vi, code=r.province, effective=r.effective, former=r.former)]
    for pt in r.totals:
        lines.append(
            "  "
            + t(
                "merge.text-totals",
                lang,
                province=pt.province,
                components=pt.components,
                projects=pt.projects,
                budget=pt.budget_vnd,
            )
        )
    lines.append(t("merge.text-groups", lang, platforms=len(r.shared_platforms), applications=len(r.applications)))
    for g in r.groups:
        lines.append(
            "  " + t("merge.text-group", lang, key=g.key, provinces=g.provinces, keep=g.keep, migrate=g.migrate)
        )
        lines.append(f"    {g.reasoning_text(lang)}")
    if r.checks_run:
        lines.append(t("merge.text-checks", lang, n=len(r.findings)))
        lines += [f"  {f.code} {_severity(f, lang)} {f.subject}: {f.text(lang)}" for f in r.findings]
    lines.append(t("merge.text-collisions", lang, n=len(r.collisions)))
    lines += [
        f"  {t(_KINDS.get(c.kind, 'entity.component'), lang)} {c.old_id} ({c.province}) → {c.new_id}"
        for c in r.collisions
    ]
    lines += [t("merge.text-note", lang, note=n) for n in r.notes]
    return "\n".join(lines) + "\n"
