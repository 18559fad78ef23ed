"""The figures an architect reads first: components per layer, projects per domain and phase, budgets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ictarch.graph import ArchGraph
from ictarch.loading import LoadedArchitecture
from ictarch.models.common import Label, Provenance
from ictarch.models.reference import FrameworkKind, LayerKind


@dataclass(frozen=True)
class LayerCount:
    layer_id: str
    name: Label
    kind: LayerKind
    components: tuple[str, ...]


@dataclass(frozen=True)
class DeclaredFramework:
    framework_id: str
    name: Label
    version: str
    document_number: str
    current: bool
    superseded_by: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceSummary:
    code: str
    name: Label
    merged_into: str | None
    formed_from: tuple[str, ...]
    documents: tuple[tuple[str, str, str, str], ...]
    """(number, date, title vi, title en) of each programme document."""
    period: tuple[int, int] | None
    vision_year: int | None
    frameworks: tuple[DeclaredFramework, ...]
    layers: tuple[LayerCount, ...]
    unplaced: tuple[str, ...]
    components_by_status: dict[str, int]
    projects_by_domain: dict[str, int]
    projects_by_phase: dict[str, int]
    budget_by_domain: dict[str, int]
    budget_by_phase: dict[str, int]
    budget_total: int
    unbudgeted_projects: int
    component_count: int
    project_count: int
    declared_project_counts: dict[str, int] = field(default_factory=dict)
    solution_groups: tuple[Label, ...] = ()
    pilot: Label | None = None
    phases: tuple[tuple[str, Label, int, int], ...] = ()
    illustrative_budgets: int = 0
    """Projects whose budget is not from a source (provenance illustrative)."""


def summarize(loaded: LoadedArchitecture, graph: ArchGraph) -> ProvinceSummary:
    arch = loaded.architecture
    cat = graph.workspace.catalogue
    frameworks = []
    ict_layers: list[LayerCount] = []
    placed: set[str] = set()
    for conf in arch.conforms_to:
        fw = cat.frameworks[conf.framework]
        doc = cat.documents.get(fw.document)
        frameworks.append(
            DeclaredFramework(
                fw.id,
                fw.name,
                fw.version,
                doc.number if doc else fw.document,
                not fw.superseded_by,
                tuple(cat.successors(fw.id)),
            )
        )
        if fw.kind == FrameworkKind.ICT_REFERENCE:
            for layer in fw.layers:
                members = tuple(graph.info(n).entity_id for n in graph.members(layer.id, arch.code))
                placed.update(members)
                ict_layers.append(LayerCount(layer.id, layer.name, layer.kind, members))
    unplaced = tuple(sorted(c.id for c in arch.components if c.id not in placed))
    budget_domain: Counter[str] = Counter()
    budget_phase: Counter[str] = Counter()
    by_domain: Counter[str] = Counter()
    by_phase: Counter[str] = Counter()
    unbudgeted = 0
    for p in arch.projects:
        dom = p.domain or "(none)"
        ph = p.phase or "(none)"
        by_domain[dom] += 1
        by_phase[ph] += 1
        if p.budget_vnd is None:
            unbudgeted += 1
        else:
            budget_domain[dom] += p.budget_vnd
            budget_phase[ph] += p.budget_vnd
    hist = arch.province.history
    return ProvinceSummary(
        code=arch.code,
        name=arch.province.name,
        merged_into=hist.merged_into.province if hist.merged_into else None,
        formed_from=tuple(m.province for m in hist.formed_from),
        documents=tuple(
            (d.number or "—", d.date.isoformat() if d.date else "—", d.title.vi, d.title.en or "")
            for d in arch.programme.documents
        ),
        period=(arch.programme.period.start, arch.programme.period.end) if arch.programme.period else None,
        vision_year=arch.programme.vision_year,
        frameworks=tuple(frameworks),
        layers=tuple(ict_layers),
        unplaced=unplaced,
        components_by_status=dict(sorted(Counter(c.status.value for c in arch.components).items())),
        projects_by_domain=dict(sorted(by_domain.items())),
        projects_by_phase=dict(sorted(by_phase.items())),
        budget_by_domain=dict(sorted(budget_domain.items())),
        budget_by_phase=dict(sorted(budget_phase.items())),
        budget_total=sum(budget_domain.values()),
        unbudgeted_projects=unbudgeted,
        component_count=len(arch.components),
        project_count=len(arch.projects),
        solution_groups=tuple(g.name for g in arch.programme.solution_groups),
        pilot=arch.programme.pilot,
        phases=tuple((ph.id, ph.name, ph.period.start, ph.period.end) for ph in arch.programme.phases),
        illustrative_budgets=sum(
            1 for p in arch.projects if p.budget_vnd is not None and p.provenance == Provenance.ILLUSTRATIVE
        ),
        declared_project_counts={
            d.id: d.declared_project_count for d in arch.domains if d.declared_project_count is not None
        },
    )
