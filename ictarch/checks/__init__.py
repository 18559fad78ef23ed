"""The conformance checks, listed explicitly: importing a module registers nothing.

Families (the hundreds digit of the code): ICT1xx gaps against the reference framework, ICT2xx
duplicate investment, ICT3xx linkage to e-government and shared platforms, ICT4xx dependency and
roadmap integrity, ICT5xx security and governance, ICT6xx currency of cited documents, ICT9xx
waivers. A new check is a function in its family's module (or a module named after the family, as
``security_levels``), decorated with :func:`check`, added to :data:`ALL_CHECKS`, with a case file
``tests/checks/cases/ICTnnn.yaml``.
"""

from __future__ import annotations

from ictarch.checks import (
    currency,
    duplication_capability,
    duplication_names,
    duplication_national,
    gaps,
    integrity,
    linkage,
    security,
    security_levels,
    waivers,
)
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, CheckSpec, check

ALL_CHECKS = (
    gaps.layer_uncovered,
    gaps.mandatory_missing,
    gaps.cross_cutting_missing,
    gaps.centre_missing,
    gaps.not_applicable_invalid,
    gaps.layer_coverage_info,
    duplication_capability.same_capability_same_province,
    duplication_capability.investment_overlap,
    duplication_national.national_rebuilt,
    duplication_national.cross_province,
    duplication_names.similar_names,
    duplication_capability.inherited_duplicates,
    duplication_capability.same_capability_unverified,
    linkage.egov_undeclared,
    linkage.egov_superseded,
    linkage.portal_unreachable,
    linkage.point_to_point,
    linkage.ioc_direct,
    linkage.provincial_login,
    integrity.dependency_cycle,
    integrity.dependency_later,
    integrity.dependency_retired,
    integrity.component_unfunded,
    integrity.project_empty,
    security_levels.level_missing,
    security_levels.level_below_minimum,
    security.owner_missing,
    security.open_data_incomplete,
    security_levels.level_unclassifiable,
    security.impact_assessment_missing,
    security.owner_defunct,
    currency.document_superseded,
    waivers.waiver_expired,
    waivers.waiver_unused,
)


def default_registry() -> Registry:
    """The registry of the built-in checks (built on each call: there is no global registry)."""
    return Registry.from_checks(ALL_CHECKS)


__all__ = ["ALL_CHECKS", "CheckContext", "CheckSpec", "Registry", "check", "default_registry"]
