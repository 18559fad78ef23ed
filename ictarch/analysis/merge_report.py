"""The consolidation report of a merge: its data (collisions, consolidation groups, totals) and renderings.

Pure: :func:`ictarch.analysis.merge.merge` builds it, the command line writes it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ictarch.findings import Finding
from ictarch.models.common import Label
from ictarch.money import format_vnd

CRITERIA = ("lifecycle status", "most recent delivering project", "dependents", "budget", "id")
"""The criteria of a recommendation, in the order they are applied."""


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
    reasoning: str

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(sorted({m.province for m in self.members}))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "provinces": list(self.provinces),
            "members": [m.to_dict() for m in self.members],
            "keep": self.keep,
            "migrate": list(self.migrate),
            "reasoning": self.reasoning,
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
    notes: tuple[str, ...] = ()

    @property
    def shared_platforms(self) -> tuple[ConsolidationGroup, ...]:
        return tuple(g for g in self.groups if g.kind == "shared-platform")

    @property
    def applications(self) -> tuple[ConsolidationGroup, ...]:
        return tuple(g for g in self.groups if g.kind == "application")

    def to_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "name": self.name.model_dump(exclude_none=True),
            "effective": self.effective.isoformat(),
            "former": list(self.former),
            "totals": [t.to_dict() for t in self.totals],
            "groups": [g.to_dict() for g in self.groups],
            "collisions": [c.to_dict() for c in self.collisions],
            "duplication_checks": {
                "run": self.checks_run,
                "findings": [_finding_dict(f) for f in self.findings],
            },
            "notes": list(self.notes),
        }

    def to_markdown(self) -> str:
        return _markdown(self)

    def to_text(self) -> str:
        return _text(self)


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "status": f.status.value,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.message,
    }


# --------------------------------------------------------------------------- rendering


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(r: MergeReport) -> str:
    lines = [
        f"# Consolidation report: {r.name.vi} ({r.province})",
        "",
        f"Formed on {r.effective.isoformat()} from {', '.join(r.former)}. Generated by `ictarch merge`; "
        "recommendations weigh, in order: " + ", ".join(CRITERIA) + ".",
        "",
        "## Former provinces",
        "",
        "| former province | name | components | projects | budget | projects without budget |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for t in r.totals:
        lines.append(
            f"| {t.province} | {_cell(t.name)} | {t.components} | {t.projects} | {format_vnd(t.budget_vnd)} "
            f"| {t.unbudgeted_projects} |"
        )
    total = sum(t.budget_vnd for t in r.totals)
    lines.append(
        f"| **total** | | {sum(t.components for t in r.totals)} | {sum(t.projects for t in r.totals)} "
        f"| {format_vnd(total)} | {sum(t.unbudgeted_projects for t in r.totals)} |"
    )
    for title, groups, empty in (
        (
            "Shared platforms present more than once",
            r.shared_platforms,
            "No single-instance shared platform is present in more than one former province.",
        ),
        (
            "Duplicate applications per domain",
            r.applications,
            "No application of one domain is present, under a near-identical name, in more than one former province.",
        ),
    ):
        lines += ["", f"## {title}", ""]
        if not groups:
            lines.append(empty)
        for g in groups:
            lines += [f"### {_cell(g.title)}", "", f"`{g.key}` — from {', '.join(g.provinces)}", ""]
            lines.append(
                "| recommendation | component | from | name | status | security level | projects | budget "
                "| latest end | dependents |"
            )
            lines.append("|---|---|---|---|---|---:|---|---:|---:|---:|")
            for m in g.members:
                verdict = "**keep**" if m.component == g.keep else "migrate"
                lines.append(
                    f"| {verdict} | {m.component} | {m.province} | {_cell(m.name)} | {m.status} "
                    f"| {m.security_level or '—'} | {', '.join(m.projects) or '—'} | {format_vnd(m.budget_vnd)} "
                    f"| {m.latest_end_year or '—'} | {m.dependents} |"
                )
            lines += ["", f"**Recommendation.** {g.reasoning}", ""]
        if lines[-1] == "":
            lines.pop()
    lines += ["", "## Duplicate-investment checks on the merged model", ""]
    if not r.checks_run:
        lines.append("Not run.")
    elif not r.findings:
        lines.append("The duplication checks (ICT2xx) report nothing.")
    else:
        counts: dict[str, int] = defaultdict(int)
        for f in r.findings:
            counts[f"{f.code} {f.name}"] += 1
        lines.append(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ".")
        lines.append("")
        for f in sorted(r.findings, key=lambda f: (f.code, f.subject, f.message)):
            waived = f" (waived: {f.waiver_reason})" if f.waiver_reason else ""
            lines.append(f"- **{f.code}** {f.severity.value} `{f.subject}`: {_cell(f.message)}{waived}")
    lines += ["", "## Id collisions", ""]
    if not r.collisions:
        lines.append("No id is used by more than one former province.")
    else:
        lines += ["| kind | id | former province | renamed to |", "|---|---|---|---|"]
        lines += [f"| {c.kind} | {c.old_id} | {c.province} | {c.new_id} |" for c in r.collisions]
    if r.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {_cell(n)}" for n in r.notes]
    return "\n".join(lines) + "\n"


def _text(r: MergeReport) -> str:
    lines = [f"{r.name.vi} ({r.province}), formed {r.effective.isoformat()} from {', '.join(r.former)}"]
    for t in r.totals:
        lines.append(f"  {t.province}: {t.components} components, {t.projects} projects, {format_vnd(t.budget_vnd)}")
    lines.append(f"{len(r.shared_platforms)} shared platforms and {len(r.applications)} applications present twice:")
    for g in r.groups:
        lines.append(f"  {g.key} ({', '.join(g.provinces)}): keep {g.keep}; migrate {', '.join(g.migrate)}")
        lines.append(f"    {g.reasoning}")
    if r.checks_run:
        lines.append(f"duplication checks on the merged model: {len(r.findings)} findings")
        lines += [f"  {f.code} {f.severity.value} {f.subject}: {f.message}" for f in r.findings]
    lines.append(f"{len(r.collisions)} id collisions renamed:")
    lines += [f"  {c.kind} {c.old_id} ({c.province}) → {c.new_id}" for c in r.collisions]
    lines += [f"note: {n}" for n in r.notes]
    return "\n".join(lines) + "\n"
