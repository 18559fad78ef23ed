"""A province's smart-city ICT architecture as authored by its architects.

The main file holds the identity and the programme; lists (components, projects, ...) may be
split into fragment files named by ``include``.
"""

import datetime as dt
from enum import StrEnum

from pydantic import Field

from ictarch.models.common import CheckCode, Identifier, Label, Period, Provenance, SourceRef, Strict, Year

ORIGIN = "Former province this element came from (set by `ictarch merge`); absent in authored models."


class Source(Strict):
    """A document the model's facts were taken from (a decision, a news article, a seed text)."""

    id: Identifier
    title: Label
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None
    note: str | None = None
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Fact(Strict):
    """Where a province fact comes from and how sure it is."""

    source: SourceRef | None = Field(default=None, description="The source stating it; required unless illustrative.")
    provenance: Provenance = Provenance.ILLUSTRATIVE


class MergeRecord(Strict):
    """The administrative event that merged provinces (Vietnam, 1 July 2025)."""

    province: Identifier = Field(description="Code of the province on the other side of the merge.")
    name: Label
    effective: dt.date
    basis: str | None = Field(default=None, description="The legal act, e.g. 'Nghị quyết 202/2025/QH15'.")
    provenance: Provenance = Provenance.UNVERIFIED
    note: str | None = None


class AdministrativeHistory(Strict):
    formed_from: tuple[MergeRecord, ...] = Field(default=(), description="Former provinces merged into this one.")
    merged_into: MergeRecord | None = Field(default=None, description="The province this one became part of.")


class Province(Strict):
    code: Identifier = Field(description="Stable code of the province, e.g. 'quang-tri'.")
    name: Label
    history: AdministrativeHistory = AdministrativeHistory()


class ProgrammeDocumentKind(StrEnum):
    SCHEME = "scheme"
    ICT_ARCHITECTURE = "ict-architecture"
    EGOV_ARCHITECTURE = "egov-architecture"
    PLAN = "plan"
    RESOLUTION = "resolution"
    DIRECTIVE = "directive"
    INDICATOR_SET = "indicator-set"


class ProgrammeDocument(Strict):
    """A provincial document of the programme: the scheme, the ICT architecture, plans."""

    id: Identifier
    number: str | None = Field(default=None, description="Official number, e.g. '1765/QĐ-UBND'; null if not known.")
    date: dt.date | None = None
    kind: ProgrammeDocumentKind
    title: Label
    period: Period | None = None
    vision_year: Year | None = None
    version: str | None = None
    cites: tuple[Identifier, ...] = Field(default=(), description="Reference documents it cites.")
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Phase(Strict):
    id: Identifier
    name: Label
    period: Period
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Conformance(Strict):
    """A framework version the architecture declares it conforms to or links to."""

    framework: Identifier
    note: str | None = None
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE


class Domain(Strict):
    """A smart-city domain (lĩnh vực) of the programme."""

    id: Identifier
    name: Label
    declared_project_count: int | None = Field(
        default=None, ge=0, description="Number of component projects the programme document states."
    )
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class ComponentKind(StrEnum):
    APPLICATION = "application"
    PLATFORM = "platform"
    PORTAL = "portal"
    DATABASE = "database"
    INFRASTRUCTURE = "infrastructure"
    NETWORK = "network"
    SENSOR_NETWORK = "sensor-network"
    CENTRE = "centre"
    SECURITY = "security"
    SERVICE = "service"
    CHANNEL = "channel"
    STAKEHOLDER = "stakeholder"


class Lifecycle(StrEnum):
    EXISTING = "existing"
    IN_PROGRESS = "in-progress"
    PLANNED = "planned"
    RETIRED = "retired"


class Hosting(StrEnum):
    PROVINCIAL_DATA_CENTRE = "provincial-data-centre"
    NATIONAL_DATA_CENTRE = "national-data-centre"
    GOVERNMENT_CLOUD = "government-cloud"
    COMMERCIAL_CLOUD = "commercial-cloud"
    ON_PREMISES = "on-premises"
    EDGE = "edge"
    NOT_APPLICABLE = "not-applicable"


class IntegrationPath(StrEnum):
    LGSP = "lgsp"
    NATIONAL_PLATFORM = "national-platform"
    DIRECT = "direct"
    NONE = "none"


class OpenData(Strict):
    licence: str | None = None
    format: str | None = None
    update_frequency: str | None = None


class Dataset(Strict):
    id: Identifier
    name: Label
    personal_data: bool = False
    sensitive_personal_data: bool | None = Field(
        default=None,
        description=(
            "Whether its personal data include sensitive personal data (dữ liệu cá nhân nhạy cảm: health, biometrics, "
            "images of identity papers...; Law 91/2025/QH15 Điều 2, list in Decree 356/2025/NĐ-CP Điều 4); a "
            "criterion of the security level. Null when not known."
        ),
    )
    open_data: OpenData | None = Field(default=None, description="Present when the dataset is published as open data.")


class ImpactAssessment(Strict):
    """The personal-data processing impact assessment (hồ sơ đánh giá tác động xử lý dữ liệu cá nhân) of a system."""

    reference: str = Field(min_length=1, description="Number or title of the assessment dossier.")
    date: dt.date | None = Field(default=None, description="When it was drawn up or last updated.")
    note: str | None = None


class Component(Strict):
    """A system, platform or application of the province, and what it realizes of the frameworks."""

    id: Identifier
    name: Label
    kind: ComponentKind
    description: Label | None = None
    realizes: tuple[Identifier, ...] = Field(
        default=(), description="Reference components, or layers and systems, of the declared frameworks it realizes."
    )
    egov_links: tuple[Identifier, ...] = Field(
        default=(), description="E-government architecture components it links to."
    )
    domain: Identifier | None = None
    status: Lifecycle
    owner: Label | None = Field(default=None, description="Owning agency (cơ quan chủ quản).")
    operator: Label | None = Field(default=None, description="Operating unit (đơn vị vận hành).")
    hosting: Hosting | None = None
    citizen_facing: bool = False
    data: tuple[Dataset, ...] = ()
    security_level: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description=(
            "Approved security level (cấp độ 1-5) under Decree 331/2026/NĐ-CP Điều 11-15 (before 19/08/2026: "
            "Decree 85/2016/NĐ-CP Điều 7-11)."
        ),
    )
    online_public_service: bool | None = Field(
        default=None,
        description=(
            "Whether it provides online public services for administrative procedures (dịch vụ công trực tuyến) "
            "beyond information and forms; a criterion of the security level. Null when not known."
        ),
    )
    personal_data_subjects: int | None = Field(
        default=None,
        ge=0,
        description=(
            "How many people's personal information it processes online (data subjects, or users); a criterion of "
            "the security level. Null when not known."
        ),
    )
    impact_assessment: ImpactAssessment | None = Field(
        default=None,
        description="The personal-data processing impact assessment (Law 91/2025/QH15) of a system with personal data.",
    )
    integration: IntegrationPath | None = Field(default=None, description="How it exchanges data with other agencies.")
    tags: tuple[str, ...] = ()
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class RelationType(StrEnum):
    DEPENDS_ON = "depends_on"
    SERVES = "serves"
    DATA_FLOW = "data_flow"
    HOSTED_ON = "hosted_on"
    INTEGRATES_VIA = "integrates_via"


class Relationship(Strict):
    """A typed edge between two components (or a component and a national-level reference component)."""

    source_id: Identifier = Field(alias="from")
    target_id: Identifier = Field(alias="to")
    type: RelationType
    description: Label | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Funding(StrEnum):
    CENTRAL_BUDGET = "central-budget"
    PROVINCIAL_BUDGET = "provincial-budget"
    PPP = "ppp"
    ODA = "oda"
    SERVICE_LEASE = "service-lease"
    SOCIALISED = "socialised"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class Investment(Strict):
    """A project (dự án thành phần) that funds and delivers components."""

    id: Identifier
    name: Label
    domain: Identifier | None = None
    phase: Identifier | None = None
    budget_vnd: int | None = Field(default=None, ge=0, description="Budget in Vietnamese đồng.")
    funding: Funding = Funding.UNKNOWN
    start_year: Year | None = None
    end_year: Year | None = None
    delivers: tuple[Identifier, ...] = Field(default=(), description="Components the project delivers.")
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class IndicatorTarget(Strict):
    indicator: Identifier = Field(description="Id of a reference indicator or indicator set.")
    target: str
    year: Year | None = None
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class NotApplicable(Strict):
    """A reference component the province declares not applicable, with the justification."""

    component: Identifier
    justification: Label
    approver: str | None = None
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Waiver(Strict):
    """An accepted deviation from a check, with who accepted it and until when."""

    check: CheckCode
    subject: Identifier
    reason: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    reference: str | None = Field(default=None, description="The document that approves the deviation.")
    expires: dt.date | None = None
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class SolutionGroup(Strict):
    """A group of solutions (nhóm giải pháp) the programme names."""

    id: Identifier
    name: Label
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Viewpoint(Strict):
    """A viewpoint (quan điểm) the programme document states as the basis of its choices."""

    id: Identifier
    text: Label
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Milestone(Strict):
    """A task the programme assigns to a body with a deadline (e.g. a report due to the People's Committee)."""

    id: Identifier
    task: Label
    responsible: Label | None = Field(default=None, description="The body the task is assigned to.")
    due: dt.date = Field(description="The deadline stated by the source.")
    source: SourceRef | None = None
    provenance: Provenance = Provenance.ILLUSTRATIVE
    origin: Identifier | None = Field(default=None, description=ORIGIN)


class Programme(Strict):
    """The smart-city programme: its documents, period, vision, phases and pilot."""

    name: Label
    documents: tuple[ProgrammeDocument, ...] = ()
    period: Period | None = None
    vision_year: Year | None = None
    phases: tuple[Phase, ...] = ()
    pilot: Label | None = Field(default=None, description="Pilot city or area (thí điểm).")
    solution_groups: tuple[SolutionGroup, ...] = ()
    goals: tuple[Label, ...] = ()
    viewpoints: tuple[Viewpoint, ...] = Field(default=(), description="Viewpoints (quan điểm) the scheme states.")
    milestones: tuple[Milestone, ...] = Field(default=(), description="Tasks with deadlines the programme assigns.")


class ProvinceFragment(Strict):
    """The lists a fragment file may hold; they are appended to the main file's lists."""

    ictarch: int = Field(default=1, description="Format version of the file.")
    sources: tuple[Source, ...] = ()
    domains: tuple[Domain, ...] = ()
    components: tuple[Component, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    projects: tuple[Investment, ...] = ()
    indicators: tuple[IndicatorTarget, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    waivers: tuple[Waiver, ...] = ()


class ProvinceArchitecture(ProvinceFragment):
    """A province's smart-city ICT architecture: identity, programme, frameworks and the lists."""

    province: Province
    programme: Programme
    conforms_to: tuple[Conformance, ...] = Field(default=(), description="Framework versions it declares.")
    include: tuple[str, ...] = Field(
        default=(), description="Fragment files (globs) relative to this file; they must stay inside its folder."
    )
    provenance_note: str | None = None
    as_of: dt.date | None = Field(
        default=None,
        description=(
            "The date the model describes; when absent, the latest date of its programme documents and merge records."
        ),
    )

    @property
    def code(self) -> str:
        return self.province.code
