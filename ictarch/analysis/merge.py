"""Merge the architectures of former provinces into the architecture of the province they formed.

On 1 July 2025 Vietnam merged its provinces (Nghị quyết 202/2025/QH15): every new province must
consolidate two or three smart-city and e-government architectures into one. :func:`merge` combines
the former provinces' models into one :class:`~ictarch.models.province.ProvinceArchitecture` and a
:class:`MergeReport` saying what is now present more than once and what to keep. Pure: no file is
read or written here (the CLI does that).

Identity and provenance
    The new province gets the code and name the caller gives, and ``history.formed_from`` records
    one :class:`~ictarch.models.province.MergeRecord` per former province. Every element carried
    over (components, projects, relationships, domains, phases, sources, programme documents,
    solution groups, viewpoints, milestones, indicators, waivers, not-applicable declarations)
    records the former province it came from in ``origin``.

Ids
    An id is kept when it is unique across the inputs (in its namespace: components and projects
    share one, as in the loader; domains, phases, sources, programme documents, solution groups,
    viewpoints and milestones each have their own). Every copy of an id used by two or more former
    provinces is renamed to ``<former-code>.<id>``, or ``<former-code>--<id>`` when the id already starts with
    ``<former-code>.``; should that name be taken too, ``-2``, ``-3``... is appended. Every
    reference follows the rename: relationships' ``from``/``to``, projects' ``delivers``, ``domain``
    and ``phase``, ``source.document`` of every fact, waiver subjects (a waiver on the former
    province itself moves to the new province). Every rename is reported as a :class:`Collision`.

Order of the inputs
    Ids, renames, consolidation groups and recommendations do not depend on the order in which
    the former provinces are given. The order decides only the order of list entries (each former
    province's entries in turn, in their own order), of ``formed_from`` and of the goals, and which
    declaration of a framework is kept when several declare it (the first). Phases are sorted by
    period, since checks read their order as the roadmap's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ictarch.analysis.consolidation import consolidation_groups, province_totals
from ictarch.analysis.merge_report import Collision, MergeReport
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.errors import IctarchError
from ictarch.findings import Finding
from ictarch.graph import ArchGraph, build_graph
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture, SourceMap, Workspace
from ictarch.models.common import ID_PATTERN, Label, Period, Provenance, SourceRef
from ictarch.models.province import (
    AdministrativeHistory,
    Conformance,
    MergeRecord,
    Programme,
    Province,
    ProvinceArchitecture,
)
from ictarch.models.reference import ReferenceCatalogue
from ictarch.runner import run

MERGE_DATE = dt.date(2025, 7, 1)
"""The date the 2025 arrangement of provinces took effect."""
MERGE_BASIS = "Nghị quyết 202/2025/QH15"
"""The National Assembly resolution on the arrangement of provincial-level units (2025)."""


class MergeError(IctarchError):
    """The inputs of a merge are unusable (fewer than two provinces, a province given twice, a bad code)."""


# --------------------------------------------------------------------------- merging


def _architecture(p: ProvinceArchitecture | LoadedArchitecture) -> ProvinceArchitecture:
    return p.architecture if isinstance(p, LoadedArchitecture) else p


@dataclass
class _Renames:
    """Per former province and namespace: old id → new id (only the renamed ones)."""

    maps: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def get(self, province: str, namespace: str) -> dict[str, str]:
        return self.maps.setdefault((province, namespace), {})


def _namespaces(arch: ProvinceArchitecture) -> dict[str, list[tuple[str, str]]]:
    """Each namespace's ids in one model, with the kind of element they name."""
    return {
        "entity": [(c.id, "component") for c in arch.components] + [(p.id, "project") for p in arch.projects],
        "domain": [(d.id, "domain") for d in arch.domains],
        "phase": [(ph.id, "phase") for ph in arch.programme.phases],
        "source": [(s.id, "source") for s in arch.sources],
        "document": [(d.id, "document") for d in arch.programme.documents],
        "solution-group": [(g.id, "solution-group") for g in arch.programme.solution_groups],
        "viewpoint": [(v.id, "viewpoint") for v in arch.programme.viewpoints],
        "milestone": [(m.id, "milestone") for m in arch.programme.milestones],
    }


def _renamed(code: str, item_id: str) -> str:
    prefix = f"{code}."
    return f"{code}--{item_id}" if item_id.startswith(prefix) else f"{prefix}{item_id}"


def _plan_renames(archs: Sequence[ProvinceArchitecture]) -> tuple[_Renames, list[Collision]]:
    """Rename every copy of an id used by two or more inputs; the result does not depend on input order."""
    renames = _Renames()
    collisions: list[Collision] = []
    spaces = [_namespaces(a) for a in archs]
    for namespace in spaces[0]:
        owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for arch, space in zip(archs, spaces, strict=True):
            for item_id, kind in space[namespace]:
                owners[item_id].append((arch.code, kind))
        clashing = {i for i, o in owners.items() if len({code for code, _ in o}) > 1}
        taken = set(owners) - clashing
        for item_id in sorted(clashing):
            for code, kind in sorted(owners[item_id]):
                new = _renamed(code, item_id)
                n = 2
                while new in taken or new in owners:
                    new = f"{_renamed(code, item_id)}-{n}"
                    n += 1
                taken.add(new)
                renames.get(code, namespace)[item_id] = new
                collisions.append(Collision(kind, item_id, new, code))
    collisions.sort(key=lambda c: (c.kind, c.old_id, c.province))
    return renames, collisions


M = TypeVar("M", bound=BaseModel)


class _Rewriter:
    """Rewrites one former province's elements: renamed ids and references, and ``origin``."""

    def __init__(self, code: str, renames: _Renames) -> None:
        self.code = code
        self.entity = renames.get(code, "entity")
        self.domain = renames.get(code, "domain")
        self.phase = renames.get(code, "phase")
        self.source = renames.get(code, "source")
        self.document = renames.get(code, "document")
        self.group = renames.get(code, "solution-group")
        self.viewpoint = renames.get(code, "viewpoint")
        self.milestone = renames.get(code, "milestone")

    def src(self, ref: SourceRef | None) -> SourceRef | None:
        if ref is None or ref.document not in self.source:
            return ref
        return ref.model_copy(update={"document": self.source[ref.document]})

    def element(self, item: M, ids: Mapping[str, str] | None = None, **update: Any) -> M:
        """``item`` with origin set, its id renamed through ``ids`` and its source reference renamed."""
        changes: dict[str, Any] = {"origin": self.code, **update}
        if ids is not None:
            old = getattr(item, "id")  # noqa: B009 - every element passed with ids has an id
            changes["id"] = ids.get(old, old)
        if "source" in type(item).model_fields:
            changes["source"] = self.src(getattr(item, "source"))  # noqa: B009
        return item.model_copy(update=changes)

    def opt(self, mapping: Mapping[str, str], value: str | None) -> str | None:
        return mapping.get(value, value) if value is not None else None


def merge_architectures(
    provinces: Sequence[ProvinceArchitecture | LoadedArchitecture],
    *,
    code: str,
    name: Label,
    effective: dt.date = MERGE_DATE,
    basis: str | None = None,
    programme_name: Label | None = None,
) -> tuple[ProvinceArchitecture, tuple[Collision, ...], tuple[Msg, ...]]:
    """The merged architecture, the id collisions renamed, and notes on what the merge could not decide."""
    archs = [_architecture(p) for p in provinces]
    _check_inputs(archs, code)
    renames, collisions = _plan_renames(archs)
    notes: list[Msg] = []
    records: list[MergeRecord] = []
    parts: dict[str, list[Any]] = defaultdict(list)
    conforms: dict[str, Conformance] = {}
    goals: list[Label] = []
    pilots: list[str] = []
    for arch in archs:
        rw = _Rewriter(arch.code, renames)
        prog = arch.programme
        records.append(_record(arch, code, effective, basis, notes))
        parts["documents"] += [rw.element(d, rw.document) for d in prog.documents]
        parts["phases"] += [rw.element(ph, rw.phase) for ph in prog.phases]
        parts["solution_groups"] += [rw.element(g, rw.group) for g in prog.solution_groups]
        parts["viewpoints"] += [rw.element(v, rw.viewpoint) for v in prog.viewpoints]
        parts["milestones"] += [rw.element(m, rw.milestone) for m in prog.milestones]
        goals += [_prefixed(arch.province.name, g) for g in prog.goals]
        if prog.pilot is not None:
            pilots.append(f"{prog.pilot.vi} ({arch.province.name.vi})")
        for conf in arch.conforms_to:
            conforms.setdefault(conf.framework, conf.model_copy(update={"source": rw.src(conf.source)}))
        parts["sources"] += [rw.element(s, rw.source) for s in arch.sources]
        parts["domains"] += [rw.element(d, rw.domain) for d in arch.domains]
        parts["components"] += [rw.element(c, rw.entity, domain=rw.opt(rw.domain, c.domain)) for c in arch.components]
        parts["relationships"] += [
            rw.element(
                r,
                source_id=rw.entity.get(r.source_id, r.source_id),
                target_id=rw.entity.get(r.target_id, r.target_id),
            )
            for r in arch.relationships
        ]
        parts["projects"] += [
            rw.element(
                p,
                rw.entity,
                domain=rw.opt(rw.domain, p.domain),
                phase=rw.opt(rw.phase, p.phase),
                delivers=tuple(rw.entity.get(d, d) for d in p.delivers),
            )
            for p in arch.projects
        ]
        parts["indicators"] += [rw.element(i) for i in arch.indicators]
        parts["not_applicable"] += [rw.element(n) for n in arch.not_applicable]
        parts["waivers"] += [
            rw.element(w, subject=code if w.subject == arch.code else rw.entity.get(w.subject, w.subject))
            for w in arch.waivers
        ]
    periods = [a.programme.period for a in archs if a.programme.period is not None]
    visions = [a.programme.vision_year for a in archs if a.programme.vision_year is not None]
    former_names = ", ".join(a.province.name.vi for a in archs)
    programme = Programme(
        name=programme_name or _programme_name(name, archs),
        documents=tuple(parts["documents"]),
        period=Period(start=min(p.start for p in periods), end=max(p.end for p in periods)) if periods else None,
        vision_year=max(visions) if visions else None,
        phases=tuple(sorted(parts["phases"], key=lambda ph: (ph.period.start, ph.period.end, ph.id))),
        pilot=Label(vi="; ".join(pilots)) if pilots else None,
        solution_groups=tuple(parts["solution_groups"]),
        goals=tuple(goals),
        viewpoints=tuple(parts["viewpoints"]),
        milestones=tuple(parts["milestones"]),
    )
    former_notes = " | ".join(f"{a.code}: {a.provenance_note}" for a in archs if a.provenance_note)
    merged = ProvinceArchitecture(
        province=Province(code=code, name=name, history=AdministrativeHistory(formed_from=tuple(records))),
        programme=programme,
        conforms_to=tuple(conforms.values()),
        provenance_note=(
            f"Generated by `ictarch merge` from the models of {former_names} (effective {effective.isoformat()}); "
            f"every element records its former province in `origin`; the programme's period spans the former "
            f"programmes'. Former models: {former_notes}"
            if former_notes
            else f"Generated by `ictarch merge` from the models of {former_names} (effective {effective.isoformat()});"
            f" every element records its former province in `origin`."
        ),
        sources=tuple(parts["sources"]),
        domains=tuple(parts["domains"]),
        components=tuple(parts["components"]),
        relationships=tuple(parts["relationships"]),
        projects=tuple(parts["projects"]),
        indicators=tuple(parts["indicators"]),
        not_applicable=tuple(parts["not_applicable"]),
        waivers=tuple(parts["waivers"]),
    )
    notes.extend(_not_applicable_notes(merged))
    if len(conforms) < sum(len(a.conforms_to) for a in archs):
        notes.append(msg("merge.note-frameworks-once"))
    return merged, tuple(collisions), tuple(notes)


def _check_inputs(archs: Sequence[ProvinceArchitecture], code: str) -> None:
    if len(archs) < 2:
        raise MergeError(msg("merge.too-few", n=len(archs)))
    seen: set[str] = set()
    for a in archs:
        if a.code in seen:
            raise MergeError(msg("merge.twice", code=a.code))
        seen.add(a.code)
    if not re.match(ID_PATTERN, code) or len(code) > 120:
        raise MergeError(msg("config.bad-province-code", code=code))


def _record(
    arch: ProvinceArchitecture, code: str, effective: dt.date, basis: str | None, notes: list[Msg]
) -> MergeRecord:
    """The new province's record of one former province, from what the former model says of the merger."""
    said = arch.province.history.merged_into
    if said is None:
        notes.append(msg("merge.note-no-merged-into", former=arch.code, code=code))
    else:
        if said.province != code:
            notes.append(msg("merge.note-other-province", former=arch.code, said=said.province, code=code))
        if said.effective != effective:
            notes.append(msg("merge.note-other-date", former=arch.code, said=said.effective, effective=effective))
    return MergeRecord(
        province=arch.code,
        name=arch.province.name,
        effective=effective,
        basis=basis or (said.basis if said and said.basis else MERGE_BASIS),
        provenance=said.provenance if said is not None else Provenance.UNVERIFIED,
        note=f"merged by `ictarch merge`; elements from {arch.code} carry origin: {arch.code}",
    )


def _prefixed(province: Label, goal: Label) -> Label:
    """A former programme's goal, prefixed with its province so that it keeps its provenance."""
    return Label(vi=f"{province.vi}: {goal.vi}", en=f"{province.en or province.vi}: {goal.en}" if goal.en else None)


def _programme_name(name: Label, archs: Sequence[ProvinceArchitecture]) -> Label:
    vi = ", ".join(a.province.name.vi for a in archs)
    en = ", ".join(a.province.name.en or a.province.name.vi for a in archs)
    return Label(
        vi=f"Kiến trúc ICT phát triển đô thị thông minh {name.vi} (hợp nhất từ {vi})",
        en=f"Smart-city ICT architecture of {name.en or name.vi} (consolidated from {en})",
    )


def _not_applicable_notes(arch: ProvinceArchitecture) -> list[Msg]:
    realized = {r for c in arch.components for r in c.realizes}
    return [
        msg("merge.note-not-applicable", component=na.component, former=na.origin)
        for na in arch.not_applicable
        if na.component in realized
    ]


# --------------------------------------------------------------------------- consolidation


def workspace_of(arch: ProvinceArchitecture, catalogue: ReferenceCatalogue) -> Workspace:
    """A workspace holding only ``arch`` (in memory: no files, no positions)."""
    return Workspace(catalogue, [LoadedArchitecture(arch, Path(arch.code), SourceMap())])


DuplicationRunner = Callable[[Workspace, ArchGraph, dt.date], tuple[Finding, ...]]
"""Runs the duplicate-investment checks on a workspace (a hook, so that tests may replace the engine)."""


def run_duplication_checks(workspace: Workspace, graph: ArchGraph, run_date: dt.date) -> tuple[Finding, ...]:
    """The findings of the check engine's 'duplication' group (ICT201-ICT205) on ``workspace``."""
    registry = default_registry()
    config = resolve_config(registry, select=["duplication"])
    generated_at = dt.datetime.combine(run_date, dt.time(), tzinfo=dt.UTC)
    report = run(workspace, config=config, registry=registry, graph=graph, run_date=run_date, generated_at=generated_at)
    return report.findings


def merge(
    provinces: Sequence[ProvinceArchitecture | LoadedArchitecture],
    catalogue: ReferenceCatalogue,
    *,
    code: str,
    name: Label,
    effective: dt.date = MERGE_DATE,
    basis: str | None = None,
    programme_name: Label | None = None,
    run_date: dt.date | None = None,
    checks: DuplicationRunner | None = run_duplication_checks,
) -> tuple[ProvinceArchitecture, MergeReport]:
    """Merge former provinces into the province ``code``; return its architecture and the consolidation report.

    ``checks`` runs the duplicate-investment checks on the merged model (None: not run); ``run_date``
    (default: ``effective``) is the date waivers are judged against.
    """
    archs = [_architecture(p) for p in provinces]
    merged, collisions, notes = merge_architectures(
        archs, code=code, name=name, effective=effective, basis=basis, programme_name=programme_name
    )
    ws = workspace_of(merged, catalogue)
    graph = build_graph(ws)
    findings = checks(ws, graph, run_date or effective) if checks is not None else ()
    report = MergeReport(
        province=code,
        name=name,
        effective=effective,
        former=tuple(a.code for a in archs),
        collisions=collisions,
        groups=consolidation_groups(graph, code),
        totals=province_totals(merged, [(a.code, a.province.name) for a in archs]),
        findings=tuple(findings),
        checks_run=checks is not None,
        notes=notes,
    )
    return merged, report
