"""Which checks a roadmap year must rerun, and a pool that stores each distinct finding of a timeline once.

Year N+1 of a roadmap differs from year N only by the components the projects completed in between
deliver (and what comes with them: their relationships, those projects, the waivers on them). A
check whose finding about a component reads only that component (its own fields and the facts of
the shared index, which are the component's own) gives, in any year, exactly the findings of the
final model about the components available that year; a check that reads only the province's
declarations (frameworks, programme documents), which every year keeps as written, gives the same
findings every year. Those run once, on the final model, and each year takes its share. The others
read sets of components (coverage, capability groups, name statistics, the dependency graph,
projects) and rerun on each distinct year's model. A code not listed here reruns: unknown is safe.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ictarch.findings import Finding

COMPONENT_SCOPED = frozenset({"ICT501", "ICT502", "ICT503", "ICT504", "ICT505", "ICT506", "ICT507"})
"""Findings with a component as subject, computed from that component alone (security levels, owners, data)."""
PROVINCE_SCOPED = frozenset({"ICT301", "ICT302", "ICT601"})
"""Findings on the province's declarations (e-government framework, cited documents), the same every year."""


def once_codes(enabled: Iterable[str]) -> frozenset[str]:
    """The enabled codes a roadmap computes once instead of every year."""
    return frozenset(enabled) & (COMPONENT_SCOPED | PROVINCE_SCOPED)


def _identity(f: Finding) -> object:
    try:
        hash(f)
    except TypeError:  # a message argument that is a list: compare by the message's key instead
        return (f.code, f.severity, f.status, f.province, f.subject, f.related, f.location, f.message_key)
    return f


@dataclass
class FindingPool:
    """Every distinct finding of one timeline, stored once; a year is an array of indices into it."""

    findings: list[Finding] = field(default_factory=list)
    _index: dict[object, int] = field(default_factory=dict)

    def indices(self, findings: Sequence[Finding]) -> array[int]:
        out = array("l")
        for f in findings:
            key = _identity(f)
            i = self._index.get(key)
            if i is None:
                i = self._index[key] = len(self.findings)
                self.findings.append(f)
            out.append(i)
        return out

    def get(self, indices: Sequence[int]) -> tuple[Finding, ...]:
        pool = self.findings
        return tuple(pool[i] for i in indices)
