"""A rule's documentation: its families and the sections of its docstring, for every reader of a report.

A check's docstring is its documentation (see :mod:`ictarch.checks.spec`): a one-line summary, then
the sections ``Rationale``, ``Anti-pattern``, ``Best practice`` and ``Reference``. The report site,
SARIF and the catalogue read them through :func:`parse_sections` (or :attr:`RuleInfo.sections
<ictarch.findings.RuleInfo.sections>`) and the families through :data:`FAMILY_ORDER`, without
reaching into the check registry.
"""

from __future__ import annotations

import re
import textwrap

SECTIONS = ("Rationale", "Anti-pattern", "Best practice", "Reference")
"""The docstring sections every check has, in this order."""

_HEADER = re.compile(rf"^({'|'.join(map(re.escape, SECTIONS))}):\s*$")

FAMILIES = {
    "1": "gap",
    "2": "duplication",
    "3": "linkage",
    "4": "integrity",
    "5": "security",
    "6": "currency",
    "9": "waiver",
}
"""Check families by the hundreds digit of the code (STYLE 7.1)."""

FAMILY_ORDER = (*FAMILIES.values(), "other")
"""Every family a rule can belong to, in the order reports list them."""


DOCS_URI = "https://github.com/ictarch/ictarch/blob/main/docs/checks.md"
"""Where the catalogue of checks is published; each check has the stable anchor :func:`anchor` there."""


def anchor(code: str) -> str:
    """The stable anchor of a check in docs/checks.md: its code in lower case, whatever its heading says."""
    return code.lower()


def help_uri(code: str) -> str:
    return f"{DOCS_URI}#{anchor(code)}"


def family_of(code: str) -> str:
    """The family of a check code (``ICT201`` → ``duplication``); ``other`` when the digit has none."""
    return FAMILIES.get(code[3:4], "other")


def parse_sections(doc: str) -> dict[str, str]:
    """Split a check docstring into its summary ('') and its named sections, in the order written."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in doc.splitlines():
        m = _HEADER.match(line)
        if m:
            current = m.group(1)
            out[current] = []
        else:
            out[current].append(line)
    return {k: textwrap.dedent("\n".join(v)).strip() for k, v in out.items()}
