"""The national frameworks as data: documents, frameworks, layers, components, principles,
capabilities, indicator sets and crosswalks.

A reference file may hold any of these sections; all files of a reference folder merge into one
:class:`ReferenceCatalogue`.
"""

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

from pydantic import Field

from ictarch.models.common import CheckCode, Identifier, Label, Provenance, SourceRef, Strict


class DocumentStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"
    GUIDANCE = "guidance"
    TRIAL = "trial"


class DocumentKind(StrEnum):
    LAW = "law"
    RESOLUTION = "resolution"
    DECREE = "decree"
    DECISION = "decision"
    CIRCULAR = "circular"
    OFFICIAL_LETTER = "official-letter"
    REGULATION = "regulation"
    STANDARD = "standard"
    INTERNATIONAL = "international"
    PUBLICATION = "publication"
    """A published statement (a ministry's speech reported by the government portal, a provincial news item)."""


class DocumentSection(Strict):
    """An article, section or part of a document that the data or a check cites, with what is known of it.

    A citation names the document's own division (``Điều 9``, ``Phần II``, ``§II.3``), never the section
    of a secondary source; ``quote`` holds the Vietnamese text only where it was read in a source.
    """

    ref: str = Field(min_length=1, description="The division as the document numbers it, e.g. 'Điều 9', '§II.3'.")
    title: str | None = Field(default=None, description="Its heading in the document, in Vietnamese.")
    quote: str | None = Field(default=None, description="Vietnamese text of the clause, only where it was read.")
    provenance: Provenance = Field(description="How sure the heading and the quote are.")
    sources: tuple[str, ...] = Field(default=(), description="Where the heading or text was read (URL or title).")
    note: str | None = None


class ReferenceDocument(Strict):
    """An official document, with its place in the supersession chain."""

    id: Identifier
    number: str = Field(description="Official number, e.g. '829/QĐ-BTTTT'.")
    date: dt.date | None = Field(description="Date of issue; null only where it is unknown.")
    kind: DocumentKind
    issuer: Label
    title: Label
    status: DocumentStatus
    effective: dt.date | None = None
    supersedes: tuple[Identifier, ...] = Field(default=(), description="Documents this one replaces.")
    superseded_by: tuple[Identifier, ...] = Field(default=(), description="Documents that replace this one.")
    amends: tuple[Identifier, ...] = ()
    amended_by: tuple[Identifier, ...] = ()
    provenance: Provenance
    sources: tuple[str, ...] = Field(default=(), description="Where the facts were read (portals, libraries).")
    sections: tuple[DocumentSection, ...] = Field(
        default=(), description="The articles, sections or parts that the data and the checks may cite."
    )
    note: str | None = None

    def section(self, cited: str) -> DocumentSection | None:
        """The listed section a citation points at: the longest ``ref`` the citation starts with.

        'Điều 9 khoản 2' points at 'Điều 9', '§II.3.1' at '§II.3'; 'Điều 10' does not point at 'Điều 1'.
        """
        best: DocumentSection | None = None
        for sec in self.sections:
            points = cited == sec.ref or (cited.startswith(sec.ref) and not cited[len(sec.ref)].isalnum())
            if points and (best is None or len(sec.ref) > len(best.ref)):
                best = sec
        return best


class FrameworkKind(StrEnum):
    ICT_REFERENCE = "ict-reference"
    EGOV_ARCHITECTURE = "egov-architecture"
    NATIONAL_DIGITAL_ARCHITECTURE = "national-digital-architecture"
    DATA_ARCHITECTURE = "data-architecture"


class LayerKind(StrEnum):
    LAYER = "layer"
    CROSS_CUTTING = "cross-cutting"
    CENTRE = "centre"
    REFERENCE_MODEL = "reference-model"
    BUILDING_BLOCK = "building-block"


class Obligation(StrEnum):
    MANDATORY = "mandatory"
    CONDITIONAL = "conditional"
    OPTIONAL = "optional"


class ReferenceComponent(Strict):
    """A logical component a province architecture realizes."""

    id: Identifier
    name: Label
    description: Label | None = None
    obligation: Obligation = Obligation.OPTIONAL
    condition: Label | None = Field(default=None, description="When a conditional component is required.")
    single_instance: bool = Field(
        default=False, description="A province should run one shared instance (a second one is duplicate investment)."
    )
    national_level: bool = Field(
        default=False, description="Provided at national level: a province reuses it and must not rebuild it."
    )
    capability: Identifier | None = Field(default=None, description="Capability class used to detect duplicates.")
    extension: bool = Field(
        default=False, description="Not an item of the official text: a toolkit extension, clearly marked."
    )
    source: SourceRef
    provenance: Provenance


class Layer(Strict):
    """A layer, cross-cutting system, centre or reference model of a framework, in the framework's order."""

    id: Identifier
    order: int = Field(ge=0)
    kind: LayerKind = LayerKind.LAYER
    name: Label
    description: Label | None = None
    coverage_required: bool = Field(
        default=False, description="A province architecture must place at least one component in this layer."
    )
    capability: Identifier | None = Field(
        default=None, description="Capability class of the layer as a whole (e.g. the IOC)."
    )
    single_instance: bool = Field(default=False, description="A province should run one instance of this system.")
    components: tuple[ReferenceComponent, ...] = ()
    source: SourceRef
    provenance: Provenance


class SharingScope(StrEnum):
    NATIONAL = "national"
    PARTY = "party"
    NATIONAL_ASSEMBLY = "national-assembly"
    FATHERLAND_FRONT = "fatherland-front"
    MINISTRY = "ministry"
    PROVINCE = "province"
    COMMUNE = "commune"
    GRASSROOTS = "grassroots"


class Framework(Strict):
    """One version of a national framework issued by a reference document."""

    id: Identifier
    kind: FrameworkKind
    version: str
    name: Label
    document: Identifier = Field(description="Id of the reference document that issues this version.")
    supersedes: tuple[Identifier, ...] = ()
    superseded_by: tuple[Identifier, ...] = ()
    layers: tuple[Layer, ...] = ()
    sharing_scopes: tuple[SharingScope, ...] = ()
    data_layers: tuple[Label, ...] = Field(default=(), description="Data layers (national data architecture).")
    source: SourceRef
    provenance: Provenance
    note: str | None = None


class CapabilityLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    COMMUNE = "commune"
    SECTOR = "sector"


class Capability(Strict):
    """A capability class; where it is provided decides whether a province may build it."""

    id: Identifier
    name: Label
    provided_at: CapabilityLevel
    provider: Label | None = Field(default=None, description="The national system that provides it, if any.")
    source: SourceRef
    provenance: Provenance


class Principle(Strict):
    """A guiding principle or general requirement, and the checks that enforce it."""

    id: Identifier
    name: Label
    text: Label
    enforced_by: tuple[CheckCode, ...] = Field(default=(), description="Codes of the checks that enforce it.")
    source: SourceRef
    provenance: Provenance


class Scoring(StrEnum):
    PASS_FAIL = "pass-fail"
    RATIO = "ratio"
    WEIGHTED = "weighted"
    UNKNOWN = "unknown"


class Indicator(Strict):
    id: Identifier
    code: str | None = None
    name: Label
    group: str | None = None
    level: str | None = None
    unit: str | None = None
    source: SourceRef
    provenance: Provenance


class IndicatorSet(Strict):
    """A national or international indicator set; an unknown structure is stated, not invented."""

    id: Identifier
    name: Label
    document: Identifier | None = None
    scoring: Scoring
    levels: tuple[Label, ...] = ()
    groups: tuple[Label, ...] = ()
    structure_known: bool = Field(description="False when the groups and indicators could not be verified.")
    indicator_count: int | None = Field(default=None, ge=0, description="Count stated by the source, if any.")
    indicators: tuple[Indicator, ...] = ()
    source: SourceRef
    provenance: Provenance
    note: str | None = None


class MappingRelation(StrEnum):
    EQUIVALENT = "equivalent"
    PART_OF = "part-of"
    OVERLAPS = "overlaps"


class MappingBasis(StrEnum):
    SOURCE = "source"
    INFERENCE = "inference"


class CrosswalkMapping(Strict):
    """A correspondence between items of two frameworks; inferred ones say so."""

    source_item: Identifier = Field(alias="from")
    target_item: Identifier = Field(alias="to")
    relation: MappingRelation
    basis: MappingBasis
    note: str | None = None
    source: SourceRef
    provenance: Provenance


class Reorganisation(Strict):
    """A state body that ceased to exist on a date, and the body that took over its duties."""

    id: Identifier
    former: Label = Field(description="The body that no longer exists, e.g. 'Sở Thông tin và Truyền thông'.")
    aliases: tuple[str, ...] = Field(
        default=(), description="Other spellings an owner or operator may use (abbreviations such as 'Sở TT&TT')."
    )
    successor: Label = Field(description="The body that took over its duties.")
    effective: dt.date = Field(description="The first day the former body no longer exists.")
    note: str | None = None
    source: SourceRef
    provenance: Provenance


class ReferenceFile(Strict):
    """What one YAML file of a reference folder may contain."""

    ictarch: int = Field(default=1, description="Format version of the file.")
    documents: tuple[ReferenceDocument, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    principles: tuple[Principle, ...] = ()
    indicator_sets: tuple[IndicatorSet, ...] = ()
    crosswalks: tuple[CrosswalkMapping, ...] = ()
    reorganisations: tuple[Reorganisation, ...] = Field(
        default=(), description="State bodies merged or dissolved, with their successors (the 2025 reorganisation)."
    )


class ReferenceCatalogue:
    """All reference files merged and indexed by id; built once by the loader, read by everyone else."""

    def __init__(self, files: tuple[ReferenceFile, ...]) -> None:
        self.files = files
        self.documents: dict[str, ReferenceDocument] = {}
        self.frameworks: dict[str, Framework] = {}
        self.layers: dict[str, Layer] = {}
        self.components: dict[str, ReferenceComponent] = {}
        self.capabilities: dict[str, Capability] = {}
        self.principles: dict[str, Principle] = {}
        self.indicator_sets: dict[str, IndicatorSet] = {}
        self.indicators: dict[str, Indicator] = {}
        self.crosswalks: tuple[CrosswalkMapping, ...] = tuple(m for f in files for m in f.crosswalks)
        self.reorganisations: tuple[Reorganisation, ...] = tuple(r for f in files for r in f.reorganisations)
        self.layer_framework: dict[str, str] = {}
        self.component_layer: dict[str, str] = {}
        for f in files:
            self.documents.update((d.id, d) for d in f.documents)
            self.capabilities.update((c.id, c) for c in f.capabilities)
            self.principles.update((p.id, p) for p in f.principles)
            for s in f.indicator_sets:
                self.indicator_sets[s.id] = s
                self.indicators.update((i.id, i) for i in s.indicators)
            for fw in f.frameworks:
                self.frameworks[fw.id] = fw
                for layer in fw.layers:
                    self.layers[layer.id] = layer
                    self.layer_framework[layer.id] = fw.id
                    for comp in layer.components:
                        self.components[comp.id] = comp
                        self.component_layer[comp.id] = layer.id

    def framework_of(self, item_id: str) -> Framework | None:
        """The framework a layer or component belongs to."""
        layer_id = self.component_layer.get(item_id, item_id)
        fw_id = self.layer_framework.get(layer_id)
        return self.frameworks.get(fw_id) if fw_id else None

    def layer_of(self, component_id: str) -> Layer | None:
        layer_id = self.component_layer.get(component_id)
        return self.layers.get(layer_id) if layer_id else None

    def is_current(self, framework_id: str) -> bool:
        fw = self.frameworks[framework_id]
        return not fw.superseded_by

    def successors(self, framework_id: str) -> list[str]:
        """The chain of frameworks that replace ``framework_id``, nearest first."""
        return _replacements(framework_id, self.frameworks)

    def document_successors(self, document_id: str) -> list[str]:
        """The chain of documents that replace ``document_id``, nearest first."""
        return _replacements(document_id, self.documents)


def _replacements(item_id: str, items: Mapping[str, Framework | ReferenceDocument]) -> list[str]:
    """Follow ``superseded_by`` breadth first from ``item_id``, each replacement once."""
    chain: list[str] = []
    seen = {item_id}
    frontier = list(items[item_id].superseded_by) if item_id in items else []
    while frontier:
        nxt = frontier.pop(0)
        if nxt in seen or nxt not in items:
            continue
        seen.add(nxt)
        chain.append(nxt)
        frontier.extend(items[nxt].superseded_by)
    return chain
