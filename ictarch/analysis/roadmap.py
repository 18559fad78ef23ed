"""Conformance over time: which gaps close, and which findings remain, as the projects complete.

``ictarch roadmap PATH`` replays a province's programme from the as-is model to the target.

Availability
    A component is *available* in year Y when it exists (``status: existing``), or when a project
    delivering it has completed by the end of Y. A project completes in its ``end_year``; without
    one, at the end of its phase's period; without a phase, in its ``start_year``; a project with
    none of these is undated. A component delivered by several projects is available from the first
    one to complete. Retired components are never available; planned or in-progress components
    that no dated project delivers never become available, and are listed in the notes.

Years
    The first point is the as-is model (existing components only). Then one point per year from the
    start of the programme's period to its end, widened to include every project's completion year;
    without a period, the span of the phases and the projects.

The model of a year
    The target model restricted to what is available: its components, the relationships between
    them (and to national platforms), the projects completed by then (with only what they deliver;
    projects that deliver nothing are kept, as in the target), and the waivers whose subject is
    still there. Statuses are kept as written. The check engine runs on it as on any model, with
    ICT902 (unused waiver) left out: a waiver for a component not delivered yet is not unused.

Incrementally
    Only distinct years are computed (a year in which no component becomes available repeats the one
    before). The checks that read one component alone, or only the province's declarations, run
    once on the final model and each year keeps the findings on what is available
    (:mod:`ictarch.analysis.roadmap_checks`); the others rerun on each distinct year's model. A
    timeline stores each distinct finding once and a year as indices into them, so memory does not
    grow with the number of years. What a year resolves and introduces is compared only among the
    findings about what changed. ``incremental=False`` reruns every check every year and compares
    all findings (the reference the tests compare against).

Coverage metric, per coverage-required layer of the declared ICT reference framework
    The same figure as the check report's coverage table and ICT106: the share of the layer's
    reference components a province is expected to build (not national-level, not declared not
    applicable) that available components realize, rounded to a whole percent. A layer that lists
    no such reference components (the cross-cutting systems, the operations centre) counts 100%
    when an available component is placed in it, else 0%. A layer is *covered* when an available
    component is placed in it (realizes it or one of its components). Layers declared not
    applicable are left out. *Overall* is the mean of the layers' percentages.

Pure: the renderers (:mod:`ictarch.analysis.roadmap_render`) return text or data, and
:mod:`exporters.roadmap_chart` draws the chart.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ictarch.analysis.diff import FindingsDiff, compare_findings
from ictarch.analysis.roadmap_checks import COMPONENT_SCOPED, FindingPool, once_codes
from ictarch.checks import default_registry
from ictarch.checks.registry import Registry
from ictarch.config import Config, resolve_config
from ictarch.findings import Finding, LayerCoverage, Status
from ictarch.graph import DEPENDENCY_RELATIONS
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.common import Label
from ictarch.models.province import Investment, Lifecycle, ProvinceArchitecture
from ictarch.models.reference import FrameworkKind, ReferenceCatalogue
from ictarch.runner import UNUSED_WAIVER, run

SKIPPED_CHECKS = ("ICT902",)
"""Left out of every year's run: a waiver for a component not delivered yet is not unused."""

_DEPENDENCY_TYPES = frozenset(r.value for r in DEPENDENCY_RELATIONS)


@dataclass(frozen=True)
class LayerInfo:
    id: str
    name: Label
    kind: str


@dataclass(frozen=True)
class LayerPoint:
    """One layer in one year."""

    layer: str
    covered: bool
    percent: int
    components: tuple[str, ...]
    realized: tuple[str, ...]
    """Expected reference components of the layer that available components realize."""
    expected: tuple[str, ...]


@dataclass(frozen=True)
class RoadmapPoint:
    """The state of the architecture at the end of one year (or as-is, before the programme)."""

    year: int | None
    """None for the as-is model."""
    available: tuple[str, ...]
    delivered: tuple[str, ...]
    """Components available now and not at the previous point."""
    completed: tuple[str, ...]
    """Projects completing in this year."""
    layers: tuple[LayerPoint, ...]
    pool: FindingPool = field(default_factory=FindingPool, repr=False, compare=False)
    """The timeline's distinct findings, shared by its points."""
    open: array[int] = field(default_factory=lambda: array("l"), repr=False)
    """Indices into ``pool`` of the open findings, in the order the checks give them."""
    layers_closed: tuple[str, ...] = ()
    """Layers covered now and not at the previous point."""
    references_closed: tuple[str, ...] = ()
    """Expected reference components realized now and not at the previous point."""
    resolved: tuple[Finding, ...] = ()
    introduced: tuple[Finding, ...] = ()
    waiting: tuple[tuple[str, str], ...] = ()
    """(available component, component it depends on that is not available yet)."""

    @property
    def label(self) -> str:
        return "as-is" if self.year is None else str(self.year)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Open findings (not waived) of the model of this year."""
        return self.pool.get(self.open)

    @property
    def overall(self) -> int:
        """Mean of the layers' percentages (0 without layers)."""
        return round(sum(lp.percent for lp in self.layers) / len(self.layers)) if self.layers else 0

    @property
    def covered(self) -> int:
        return sum(1 for lp in self.layers if lp.covered)

    def layer(self, layer_id: str) -> LayerPoint:
        return next(lp for lp in self.layers if lp.layer == layer_id)


@dataclass(frozen=True)
class RoadmapTimeline:
    """A province's conformance, point by point, from the as-is model to the target."""

    province: str
    name: Label
    frameworks: tuple[str, ...]
    """The declared ICT reference frameworks whose layers are followed."""
    layers: tuple[LayerInfo, ...]
    points: tuple[RoadmapPoint, ...]
    never_available: tuple[str, ...] = ()
    """Planned or in-progress components that no dated project delivers."""
    undated_projects: tuple[str, ...] = ()
    not_applicable_layers: tuple[str, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(p.year for p in self.points if p.year is not None)


# --------------------------------------------------------------------------- computing


def completion_year(arch: ProvinceArchitecture, project: Investment) -> int | None:
    """When a project completes: its end year, else its phase's last year, else its start year."""
    if project.end_year is not None:
        return project.end_year
    phase = next((ph for ph in arch.programme.phases if ph.id == project.phase), None)
    if phase is not None:
        return phase.period.end
    return project.start_year


def availability(arch: ProvinceArchitecture) -> dict[str, int | None]:
    """The first year each component is available: None for existing ones; absent: never."""
    completion = {p.id: completion_year(arch, p) for p in arch.projects}
    out: dict[str, int | None] = {}
    for c in arch.components:
        if c.status is Lifecycle.EXISTING:
            out[c.id] = None
    for p in arch.projects:
        year = completion[p.id]
        if year is None:
            continue
        for cid in p.delivers:
            if cid in out:
                current = out[cid]
                if current is None or current <= year:
                    continue
            out[cid] = year
    retired = {c.id for c in arch.components if c.status is Lifecycle.RETIRED}
    return {cid: y for cid, y in out.items() if cid not in retired}


def programme_span(arch: ProvinceArchitecture) -> tuple[int, int] | None:
    """The years of the roadmap: the programme's period widened to every project's completion year."""
    ends = [y for p in arch.projects if (y := completion_year(arch, p)) is not None]
    period = arch.programme.period
    if period is not None:
        starts, lasts = [period.start], [period.end]
    else:
        starts = [ph.period.start for ph in arch.programme.phases]
        starts += [p.start_year for p in arch.projects if p.start_year is not None]
        lasts = [ph.period.end for ph in arch.programme.phases]
    starts += ends
    lasts += ends
    if not starts or not lasts:
        return None
    return min(starts), max(lasts)


def model_of_year(arch: ProvinceArchitecture, available: set[str], year: int | None) -> ProvinceArchitecture:
    """The target model restricted to what is available at the end of ``year`` (None: as-is)."""
    ids = {c.id for c in arch.components}

    def completed(p: Investment) -> bool:
        when = completion_year(arch, p)
        return year is not None and when is not None and when <= year

    projects = tuple(
        p.model_copy(update={"delivers": tuple(d for d in p.delivers if d in available)})
        for p in arch.projects
        if not p.delivers or completed(p)
    )
    subjects = available | {p.id for p in projects} | {arch.code}
    return arch.model_copy(
        update={
            "components": tuple(c for c in arch.components if c.id in available),
            "relationships": tuple(
                r
                for r in arch.relationships
                if r.source_id in available and (r.target_id in available or r.target_id not in ids)
            ),
            "projects": projects,
            "waivers": tuple(w for w in arch.waivers if w.subject in subjects),
        }
    )


def _layer_points(coverage: Sequence[LayerCoverage], wanted: Sequence[str]) -> tuple[LayerPoint, ...]:
    by_id = {c.layer: c for c in coverage}
    out = []
    for layer_id in wanted:
        c = by_id[layer_id]
        percent = c.percent if c.percent is not None else (100 if c.components else 0)
        realized = tuple(r for r in c.expected if r in c.realized)
        out.append(LayerPoint(layer_id, bool(c.components), percent, c.components, realized, c.expected))
    return tuple(out)


@dataclass
class _Year:
    """One distinct year's results, kept only until the next distinct year is computed."""

    layers: tuple[LayerPoint, ...]
    findings: tuple[Finding, ...]
    open: array[int]


def roadmap(
    loaded: LoadedArchitecture,
    catalogue: ReferenceCatalogue,
    *,
    run_date: dt.date,
    years: tuple[int, int] | None = None,
    config: Config | None = None,
    registry: Registry | None = None,
    incremental: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> RoadmapTimeline:
    """Replay the programme of one province year by year (see the module's notes for every rule).

    ``years`` overrides the span; ``run_date`` is the date waivers are judged against in every year;
    ``progress(done, total)`` is called after each point.
    """
    arch = loaded.architecture
    registry = registry or default_registry()
    config = config or resolve_config(registry, skip=SKIPPED_CHECKS)
    generated_at = dt.datetime.combine(run_date, dt.time(), tzinfo=dt.UTC)
    first = availability(arch)
    skip = {na.component for na in arch.not_applicable}
    frameworks = [
        catalogue.frameworks[c.framework]
        for c in arch.conforms_to
        if catalogue.frameworks[c.framework].kind is FrameworkKind.ICT_REFERENCE
    ]
    layers = [
        LayerInfo(layer.id, layer.name, layer.kind.value)
        for fw in frameworks
        for layer in fw.layers
        if layer.coverage_required and layer.id not in skip
    ]
    wanted = [layer.id for layer in layers]
    span = years or programme_span(arch)
    timeline: list[int | None] = [None, *(range(span[0], span[1] + 1) if span else ())]
    completion = {p.id: completion_year(arch, p) for p in arch.projects}
    completing: dict[int, list[str]] = {}
    for pid, y in sorted(completion.items()):
        if y is not None:
            completing.setdefault(y, []).append(pid)
    dependencies = sorted(
        {
            (r.source_id, r.target_id)
            for r in arch.relationships
            if r.type.value in _DEPENDENCY_TYPES and r.source_id in first and r.target_id in first
        }
    )

    def is_available(cid: str, year: int | None) -> bool:
        y = first[cid]
        return y is None or (year is not None and y <= year)

    once = once_codes(config.enabled) if incremental and UNUSED_WAIVER not in config.enabled else frozenset()
    each_year = replace(config, enabled=config.enabled - once)

    def check(model: ProvinceArchitecture, policy: Config) -> tuple[tuple[LayerCoverage, ...], list[Finding]]:
        ws = Workspace(catalogue, [LoadedArchitecture(model, loaded.root, loaded.source_map)])
        report = run(ws, config=policy, registry=registry, run_date=run_date, generated_at=generated_at)
        return report.coverage, [f for f in report.findings if f.status is not Status.WAIVED]

    once_findings: list[Finding] = []
    if once:
        final = timeline[-1]
        last_available = {cid for cid in first if is_available(cid, final)}
        once_findings = check(model_of_year(arch, last_available, final), replace(config, enabled=once))[1]

    pool = FindingPool()
    points: list[RoadmapPoint] = []
    previous: RoadmapPoint | None = None
    computed: _Year | None = None
    previous_findings: tuple[Finding, ...] = ()
    for done, year in enumerate(timeline, start=1):
        available = {cid for cid in first if is_available(cid, year)}
        delivered = tuple(sorted(available - set(previous.available))) if previous else ()
        if computed is None or delivered:
            coverage, found = check(model_of_year(arch, available, year), each_year)
            if once:
                found += [f for f in once_findings if f.code not in COMPONENT_SCOPED or f.subject in available]
                found.sort(key=Finding.sort_key)  # the order of a report's findings
            findings = tuple(found)
            computed = _Year(_layer_points(coverage, wanted), findings, pool.indices(findings))
        point = RoadmapPoint(
            year=year,
            available=tuple(sorted(available)),
            delivered=delivered,
            completed=tuple(completing.get(year, ())) if year is not None else (),
            layers=computed.layers,
            pool=pool,
            open=computed.open,
            waiting=tuple((a, b) for a, b in dependencies if a in available and b not in available),
        )
        if previous is not None:
            changes = (
                _compare_changed(pool, previous.open, previous_findings, computed.open, computed.findings)
                if incremental
                else compare_findings(previous_findings, computed.findings)
            )
            before = {lp.layer: lp for lp in previous.layers}
            point = _with_changes(point, before, changes.resolved, changes.introduced)
        previous_findings = computed.findings
        points.append(point)
        previous = point
        if progress is not None:
            progress(done, len(timeline))
    live = {c.id for c in arch.components if c.status is not Lifecycle.RETIRED}
    return RoadmapTimeline(
        province=arch.code,
        name=arch.province.name,
        frameworks=tuple(fw.id for fw in frameworks),
        layers=tuple(layers),
        points=tuple(points),
        never_available=tuple(sorted(live - first.keys())),
        undated_projects=tuple(sorted(p for p, y in completion.items() if y is None)),
        not_applicable_layers=tuple(
            sorted(layer.id for fw in frameworks for layer in fw.layers if layer.coverage_required and layer.id in skip)
        ),
    )


def _compare_changed(
    pool: FindingPool,
    old_open: Sequence[int],
    old: Sequence[Finding],
    new_open: Sequence[int],
    new: Sequence[Finding],
) -> FindingsDiff:
    """:func:`compare_findings` of two years, given only the findings whose subject has a finding that changed.

    compare_findings pairs findings by (code, province, subject, related) and judges each such group
    on its own; a group whose findings are all the same in both years contributes nothing resolved
    or introduced, so only the groups touched by what changed are compared.
    """
    if old_open is new_open:
        return FindingsDiff()
    changed = set(old_open).symmetric_difference(new_open)
    touched = {_group(pool.findings[i]) for i in changed}
    return compare_findings([f for f in old if _group(f) in touched], [f for f in new if _group(f) in touched])


def _group(f: Finding) -> tuple[str, str, str, tuple[str, ...]]:
    return (f.code, f.province or "", f.subject, f.related)  # compare_findings' pairing key


def _with_changes(
    point: RoadmapPoint,
    before: dict[str, LayerPoint],
    resolved: tuple[Finding, ...],
    introduced: tuple[Finding, ...],
) -> RoadmapPoint:
    closed = tuple(lp.layer for lp in point.layers if lp.covered and not before[lp.layer].covered)
    refs = tuple(r for lp in point.layers for r in lp.realized if r not in before[lp.layer].realized)
    return replace(point, layers_closed=closed, references_closed=refs, resolved=resolved, introduced=introduced)
