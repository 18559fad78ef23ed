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
    solution groups, indicators, waivers, not-applicable declarations) records the former province
    it came from in ``origin``.

Ids
    An id is kept when it is unique across the inputs (in its namespace: components and projects
    share one, as in the loader; domains, phases, sources, programme documents and solution groups
    each have their own). Every copy of an id used by two or more former provinces is renamed to
    ``<former-code>.<id>``, or ``<former-code>--<id>`` when the id already starts with
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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ictarch.checks import default_registry
from ictarch.checks.duplication import fold, name_tokens
from ictarch.config import resolve_config
from ictarch.errors import IctarchError
from ictarch.findings import Finding
from ictarch.graph import ArchGraph, Relation, build_graph, province_node
from ictarch.loading import LoadedArchitecture, SourceMap, Workspace
from ictarch.models.common import ID_PATTERN, Label, Period, Provenance, SourceRef
from ictarch.models.province import (
    AdministrativeHistory,
    Component,
    ComponentKind,
    Conformance,
    Investment,
    Lifecycle,
    MergeRecord,
    Programme,
    Province,
    ProvinceArchitecture,
)
from ictarch.models.reference import CapabilityLevel, ReferenceCatalogue
from ictarch.money import format_vnd
from ictarch.runner import run

MERGE_DATE = dt.date(2025, 7, 1)
"""The date the 2025 arrangement of provinces took effect."""
MERGE_BASIS = "Nghị quyết 202/2025/QH15"
"""The National Assembly resolution on the arrangement of provincial-level units (2025)."""

CRITERIA = ("lifecycle status", "most recent delivering project", "dependents", "budget", "id")
"""The criteria of a recommendation, in the order they are applied."""

APPLICATION_KINDS = frozenset(
    {
        ComponentKind.APPLICATION,
        ComponentKind.PORTAL,
        ComponentKind.DATABASE,
        ComponentKind.PLATFORM,
        ComponentKind.CHANNEL,
        ComponentKind.SERVICE,
    }
)
"""Kinds of components compared as domain applications (software, not stakeholders, networks or sensors)."""

NAME_SIMILARITY = 0.5
"""Jaccard similarity of two names' meaningful words at or above which two domain applications are one system."""

_STATUS_RANK = {Lifecycle.EXISTING: 0, Lifecycle.IN_PROGRESS: 0, Lifecycle.PLANNED: 1, Lifecycle.RETIRED: 2}


class MergeError(IctarchError):
    """The inputs of a merge are unusable (fewer than two provinces, a province given twice, a bad code)."""


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
) -> tuple[ProvinceArchitecture, tuple[Collision, ...], tuple[str, ...]]:
    """The merged architecture, the id collisions renamed, and notes on what the merge could not decide."""
    archs = [_architecture(p) for p in provinces]
    _check_inputs(archs, code)
    renames, collisions = _plan_renames(archs)
    notes: list[str] = []
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
        notes.append(
            "frameworks declared by several former provinces are declared once (the first declaration is kept)"
        )
    return merged, tuple(collisions), tuple(notes)


def _check_inputs(archs: Sequence[ProvinceArchitecture], code: str) -> None:
    if len(archs) < 2:
        raise MergeError(f"a merge needs at least two provinces; {len(archs)} given")
    seen: set[str] = set()
    for a in archs:
        if a.code in seen:
            raise MergeError(f"province '{a.code}' is given twice")
        seen.add(a.code)
    if not re.match(ID_PATTERN, code) or len(code) > 120:
        raise MergeError(f"'{code}' is not a valid province code: use letters, digits, '.', '-' and '_'")


def _record(
    arch: ProvinceArchitecture, code: str, effective: dt.date, basis: str | None, notes: list[str]
) -> MergeRecord:
    """The new province's record of one former province, from what the former model says of the merger."""
    said = arch.province.history.merged_into
    if said is None:
        notes.append(f"{arch.code} does not record that it merged into {code} (history.merged_into is absent)")
    else:
        if said.province != code:
            notes.append(f"{arch.code} records that it merged into '{said.province}', not '{code}'")
        if said.effective != effective:
            notes.append(
                f"{arch.code} records the merger as effective {said.effective.isoformat()}, not {effective.isoformat()}"
            )
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


def _not_applicable_notes(arch: ProvinceArchitecture) -> list[str]:
    realized = {r for c in arch.components for r in c.realizes}
    return [
        f"{na.component} is declared not applicable by {na.origin} but realized by the merged model: "
        f"the new province should withdraw or re-approve the declaration"
        for na in arch.not_applicable
        if na.component in realized
    ]


# --------------------------------------------------------------------------- consolidation


def workspace_of(arch: ProvinceArchitecture, catalogue: ReferenceCatalogue) -> Workspace:
    """A workspace holding only ``arch`` (in memory: no files, no positions)."""
    return Workspace(catalogue, [LoadedArchitecture(arch, Path(arch.code), SourceMap())])


def unprefixed(item_id: str, origin: str | None) -> str:
    """The id an element had in its former province, undoing :func:`merge`'s renaming."""
    if origin is None:
        return item_id
    for prefix in (f"{origin}--", f"{origin}."):
        if item_id.startswith(prefix):
            return item_id[len(prefix) :]
    return item_id


def consolidation_groups(graph: ArchGraph, code: str) -> tuple[ConsolidationGroup, ...]:
    """Groups of components of several former provinces that the merged province ``code`` needs once.

    Shared platforms: components providing the same single-instance, province-level capability of the
    reference frameworks (through what they realize or the e-government components they link to).
    Applications: components of other kinds with a domain, grouped when they come from different former
    provinces, belong to the same domain (by its id in the former model), have the same kind, realize the
    same reference items and link the same e-government components, and have near-identical names.
    """
    arch: ProvinceArchitecture = graph.entity(f"province:{code}")
    cat = graph.workspace.catalogue
    single = _single_instance_capabilities(cat)
    live = [c for c in arch.components if c.status is not Lifecycle.RETIRED]
    by_capability: dict[str, list[Component]] = defaultdict(list)
    platforms: set[str] = set()
    for comp in live:
        caps = graph.capability_of(province_node(code, comp.id), via=(Relation.REALIZES, Relation.LINKS_TO)) & single
        for cap in sorted(caps):
            by_capability[cap].append(comp)
        if caps:
            platforms.add(comp.id)
    groups: list[ConsolidationGroup] = []
    for cap, members in sorted(by_capability.items()):
        if len({m.origin for m in members}) < 2:
            continue
        found = cat.capabilities.get(cap)
        title = f"{found.name.vi} — {found.name.en}" if found and found.name.en else (found.name.vi if found else cap)
        groups.append(_group(graph, code, "shared-platform", cap, title, members))
    domains = {d.id: d for d in arch.domains}
    ignore = _place_words(arch)
    buckets: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], list[Component]] = defaultdict(list)
    for comp in live:
        if comp.id in platforms or comp.kind not in APPLICATION_KINDS or comp.domain is None:
            continue
        dom = domains.get(comp.domain)
        key = unprefixed(comp.domain, dom.origin if dom else comp.origin)
        buckets[(key, comp.kind.value, tuple(sorted(comp.realizes)), tuple(sorted(comp.egov_links)))].append(comp)
    for (domain, _kind, realizes, links), members in sorted(buckets.items()):
        if len({m.origin for m in members}) < 2:
            continue
        for cluster in _similar_clusters(members, ignore):
            refs = ", ".join([*realizes, *links]) or "no reference item"
            names = sorted({m.name.vi for m in cluster})
            title = f"{domain}: {' / '.join(names)}"
            groups.append(_group(graph, code, "application", f"{domain}: {refs}", title, cluster))
    return tuple(groups)


def _single_instance_capabilities(cat: ReferenceCatalogue) -> set[str]:
    """Capabilities of single-instance reference items that a province provides (not national ones)."""
    items: Iterable[Any] = (*cat.layers.values(), *cat.components.values())
    national = {c.id for c in cat.capabilities.values() if c.provided_at is CapabilityLevel.NATIONAL}
    return {i.capability for i in items if i.single_instance and i.capability} - national


def _place_words(arch: ProvinceArchitecture) -> set[str]:
    """Folded words of the province names (new and former), which say nothing about what a system does."""
    names = [arch.province.name.vi, *(r.name.vi for r in arch.province.history.formed_from)]
    return {w for n in names for w in re.findall(r"\w+", fold(n))}


def _similar_clusters(members: list[Component], ignore: set[str]) -> list[list[Component]]:
    """Clusters of members linked by near-identical names across different former provinces."""
    tokens = {m.id: name_tokens(m.name.vi, ignore) for m in members}
    parent = {m.id: m.id for m in members}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ordered = sorted(members, key=lambda m: m.id)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a.origin == b.origin:
                continue
            ta, tb = tokens[a.id], tokens[b.id]
            if ta and tb and len(ta & tb) / len(ta | tb) >= NAME_SIMILARITY:
                ra, rb = root(a.id), root(b.id)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[str, list[Component]] = defaultdict(list)
    for m in ordered:
        clusters[root(m.id)].append(m)
    return [c for _, c in sorted(clusters.items()) if len({m.origin for m in c}) > 1]


def _member(graph: ArchGraph, code: str, comp: Component) -> GroupMember:
    node = province_node(code, comp.id)
    projects: list[Investment] = [graph.entity(p) for p in graph.deliverers(node)]
    budgets = [p.budget_vnd for p in projects if p.budget_vnd is not None]
    ends = [p.end_year for p in projects if p.end_year is not None]
    return GroupMember(
        component=comp.id,
        province=comp.origin or "?",
        name=comp.name.vi,
        kind=comp.kind.value,
        status=comp.status.value,
        security_level=comp.security_level,
        projects=tuple(p.id for p in projects),
        budget_vnd=sum(budgets) if budgets else None,
        latest_end_year=max(ends) if ends else None,
        dependents=sum(1 for n in graph.dependents(node) if n.startswith(f"{code}:")),
    )


def _rank(m: GroupMember) -> tuple[int, int, int, int, str]:
    """Lower is better: in use before planned, then most dependents (the least to migrate), newest
    delivering project, largest budget, then id."""
    return (
        _STATUS_RANK[Lifecycle(m.status)],
        -m.dependents,
        -(m.latest_end_year or 0),
        -(m.budget_vnd or 0),
        m.component,
    )


def _group(
    graph: ArchGraph, code: str, kind: str, key: str, title: str, comps: Iterable[Component]
) -> ConsolidationGroup:
    members = sorted((_member(graph, code, c) for c in comps), key=_rank)
    keep, others = members[0], members[1:]
    return ConsolidationGroup(
        kind=kind,
        key=key,
        title=title,
        members=tuple(members),
        keep=keep.component,
        migrate=tuple(m.component for m in others),
        reasoning=_reasoning(keep, others),
    )


def _facts(m: GroupMember) -> str:
    end = f"latest project ends {m.latest_end_year}" if m.latest_end_year else "no dated project"
    budget = format_vnd(m.budget_vnd, missing="no budget stated")
    return f"{m.status}; {end}; {_dependents(m.dependents)}; {budget}"


def _why(keep: GroupMember, other: GroupMember) -> str:
    """The first criterion that sets ``keep`` before ``other``, named, with both values."""
    a, b = _rank(keep), _rank(other)
    if a[0] != b[0]:
        return f"lifecycle status ({keep.component} is {keep.status}, {other.component} is {other.status})"
    if a[1] != b[1]:
        return f"dependents, the least to migrate ({_dependents(keep.dependents)} against {other.dependents})"
    if a[2] != b[2]:
        theirs = f"in {other.latest_end_year}" if other.latest_end_year else "has no dated project"
        return (
            f"most recent delivering project ({keep.component}'s ends in {keep.latest_end_year}, "
            f"{other.component}'s {theirs})"
        )
    if a[3] != b[3]:
        theirs = format_vnd(other.budget_vnd, missing="no budget stated")
        return f"budget ({format_vnd(keep.budget_vnd)} against {theirs})"
    return "id (every other criterion ties)"


def _reasoning(keep: GroupMember, others: Sequence[GroupMember]) -> str:
    parts = [f"Keep {keep.component} from {keep.province} ({_facts(keep)})."]
    for o in others:
        parts.append(f"Migrate {o.component} from {o.province} ({_facts(o)}) to it: decided by {_why(keep, o)}.")
    return " ".join(parts)


def _dependents(n: int) -> str:
    return f"{n} dependent{'' if n == 1 else 's'}"


def _totals(arch: ProvinceArchitecture, former: Sequence[tuple[str, Label]]) -> tuple[ProvinceTotals, ...]:
    out = []
    for code, name in former:
        projects = [p for p in arch.projects if p.origin == code]
        out.append(
            ProvinceTotals(
                province=code,
                name=name.vi,
                components=sum(1 for c in arch.components if c.origin == code),
                projects=len(projects),
                budget_vnd=sum(p.budget_vnd or 0 for p in projects),
                unbudgeted_projects=sum(1 for p in projects if p.budget_vnd is None),
            )
        )
    return tuple(out)


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
        totals=_totals(merged, [(a.code, a.province.name) for a in archs]),
        findings=tuple(findings),
        checks_run=checks is not None,
        notes=notes,
    )
    return merged, report


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
