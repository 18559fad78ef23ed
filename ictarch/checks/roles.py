"""Roles some checks need to recognise (the integration platform, the public-service portal, the IOC).

A role is recognised from the model, never from ids: a component plays a role when it provides one
of the role's capabilities, through what it realizes or the e-government components it links to.
The capability ids live in this one table so that a reviewer can find and change them in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from ictarch.graph import ArchGraph, NodeKind, Relation
from ictarch.models.reference import Layer, LayerKind


class Role(StrEnum):
    INTEGRATION_PLATFORM = "integration-platform"
    """The LGSP (provincial) or a national data platform (NDXP, NDOP); Decree 194/2025/NĐ-CP Điều 20."""
    PUBLIC_SERVICE_PORTAL = "public-service-portal"
    """The provincial public-service portal and one-stop system, or the national portal."""
    IOC = "ioc"
    """The intelligent operations centre (Trung tâm giám sát, điều hành thông minh)."""
    NATIONAL_EID = "national-eid"
    """The national electronic identification and authentication system (VNeID); Decree 69/2024/NĐ-CP."""
    DATA_HUB = "data-hub"
    """A shared data platform an IOC may read from: a data warehouse, IoT or analytics platform."""


ROLE_CAPABILITIES: Mapping[Role, frozenset[str]] = MappingProxyType(
    {
        Role.INTEGRATION_PLATFORM: frozenset({"cap.integration_platform", "cap.national_data_sharing"}),
        Role.PUBLIC_SERVICE_PORTAL: frozenset({"cap.public_service_portal", "cap.national_public_service_portal"}),
        Role.IOC: frozenset({"cap.ioc"}),
        Role.NATIONAL_EID: frozenset({"cap.national_eid"}),
        Role.DATA_HUB: frozenset(
            {
                "cap.data_warehouse",
                "cap.iot_platform",
                "cap.data_analytics",
                "cap.national_people_data_warehouse",
                "cap.national_aggregated_data_warehouse",
            }
        ),
    }
)
"""Capability ids by role. Also a role: realizing a layer of kind ``centre`` makes a component an IOC."""


def capabilities(graph: ArchGraph, node: str) -> frozenset[str]:
    """Capabilities a node provides: a province component through what it realizes or links to,
    a reference component through its own capability."""
    info = graph.info(node)
    if info.kind in (NodeKind.REFERENCE_COMPONENT, NodeKind.LAYER):
        return frozenset(graph.info(c).entity_id for c in graph.neighbours(node, Relation.HAS_CAPABILITY))
    caps = set(graph.capability_of(node))
    for linked in graph.neighbours(node, Relation.LINKS_TO):
        caps.update(graph.info(c).entity_id for c in graph.neighbours(linked, Relation.HAS_CAPABILITY))
    return frozenset(caps)


def has_role(graph: ArchGraph, node: str, role: Role) -> bool:
    """Whether a component (or a national reference component) plays ``role``."""
    if capabilities(graph, node) & ROLE_CAPABILITIES[role]:
        return True
    if role is Role.IOC:
        return any(
            isinstance(obj := graph.entity(r), Layer) and obj.kind is LayerKind.CENTRE
            for r in graph.neighbours(node, Relation.REALIZES)
        )
    return False
