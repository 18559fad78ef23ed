"""Validated, frozen models of the reference frameworks and of province architectures."""

from ictarch.models.common import Label, Period, Provenance, SourceRef
from ictarch.models.province import (
    Component,
    ComponentKind,
    Domain,
    Investment,
    Lifecycle,
    ProvinceArchitecture,
    ProvinceFragment,
    Relationship,
    RelationType,
    Waiver,
)
from ictarch.models.reference import (
    Framework,
    FrameworkKind,
    Layer,
    Obligation,
    ReferenceCatalogue,
    ReferenceComponent,
    ReferenceDocument,
    ReferenceFile,
)

__all__ = [
    "Component",
    "ComponentKind",
    "Domain",
    "Framework",
    "FrameworkKind",
    "Investment",
    "Label",
    "Layer",
    "Lifecycle",
    "Obligation",
    "Period",
    "Provenance",
    "ProvinceArchitecture",
    "ProvinceFragment",
    "ReferenceCatalogue",
    "ReferenceComponent",
    "ReferenceDocument",
    "ReferenceFile",
    "RelationType",
    "Relationship",
    "SourceRef",
    "Waiver",
]
