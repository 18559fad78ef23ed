"""The check catalogue: ``docs/checks.md`` and ``ictarch checks`` are generated from the registry.

Regenerate the committed file with ``ictarch checks --markdown > docs/checks.md``; a test fails
when it drifts.
"""

from __future__ import annotations

from ictarch.checks._retired import RETIRED
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckSpec
from ictarch.models.reference import ReferenceCatalogue
from ictarch.rule_docs import SECTIONS, anchor

REGENERATE = "ictarch checks --markdown > docs/checks.md"
FENCED = ("Anti-pattern", "Best practice")


def reference_of(spec: CheckSpec, catalogue: ReferenceCatalogue) -> str:
    doc = catalogue.documents.get(spec.reference_document)
    return f"{doc.number if doc else spec.reference_document}, {spec.reference_clause}"


def explain(spec: CheckSpec, catalogue: ReferenceCatalogue) -> str:
    """A check's documentation as Markdown: summary, facts, then its docstring sections."""
    sections = spec.sections
    out = [
        f"## {spec.code} {spec.name}",
        "",
        sections[""],
        "",
        f"- Severity: {spec.severity.value}",
        f"- Groups: {', '.join(spec.groups)}",
        f"- Precision: {spec.precision}",
        f"- Reference: {reference_of(spec, catalogue)} (`{spec.reference_document}`)",
    ]
    if spec.engine:
        out.append("- Computed by the runner after the other checks.")
    for header in SECTIONS:
        body = sections.get(header, "")
        out += ["", f"### {header}", ""]
        out.append(f"```yaml\n{body}\n```" if header in FENCED else body)
    return "\n".join(out) + "\n"


def render_markdown(registry: Registry, catalogue: ReferenceCatalogue) -> str:
    """The whole catalogue: an index table, then each check's documentation, then retired codes."""
    lines = [
        "# Conformance checks",
        "",
        f"<!-- Generated from the check registry by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "Codes are stable (`ICT` + family digit + two digits) and never reused; select checks by code, name,",
        "group or glob (`ictarch check --select duplication --skip ICT205`). Severity is each check's default;",
        "profiles (`draft`, `approval`) and `ictarch.yaml` may change it.",
        "",
        "| Code | Name | Severity | Groups | Summary |",
        "|---|---|---|---|---|",
    ]
    for spec in registry:
        title = spec.title.replace("|", "\\|")
        link = f"[{spec.code}](#{anchor(spec.code)})"
        lines.append(f"| {link} | `{spec.name}` | {spec.severity.value} | {', '.join(spec.groups)} | {title} |")
    lines += ["", "Groups: " + "; ".join(f"`{g}` ({len(c)})" for g, c in registry.groups.items()) + ".", ""]
    for spec in registry:
        lines += [f'<a id="{anchor(spec.code)}"></a>', "", explain(spec, catalogue)]
    lines.append("## Retired codes")
    lines.append("")
    if RETIRED:
        lines += [f"- {code}: {why}" for code, why in sorted(RETIRED.items())]
    else:
        lines.append("None yet.")
    return "\n".join(lines) + "\n"
