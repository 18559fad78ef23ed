"""The check catalogue: ``docs/checks.md`` and ``ictarch checks`` are generated from the registry.

Regenerate the committed files with ``ictarch --lang en checks --markdown > docs/checks.md`` and
``ictarch checks --markdown > docs/checks.vi.md``; a test fails when either drifts.
"""

from __future__ import annotations

from ictarch.checks._retired import RETIRED
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckSpec
from ictarch.i18n import t
from ictarch.models.reference import ReferenceCatalogue
from ictarch.rule_docs import SECTIONS, anchor, localized, localized_title

REGENERATE = "ictarch --lang en checks --markdown > docs/checks.md"
REGENERATE_VI = "ictarch checks --markdown > docs/checks.vi.md"
FENCED = ("Anti-pattern", "Best practice")


def reference_of(spec: CheckSpec, catalogue: ReferenceCatalogue) -> str:
    doc = catalogue.documents.get(spec.reference_document)
    return f"{doc.number if doc else spec.reference_document}, {spec.reference_clause}"


def explain(spec: CheckSpec, catalogue: ReferenceCatalogue, lang: str = "en") -> str:
    """A check's documentation as Markdown in ``lang``: summary, facts, then its docstring sections."""
    sections = localized(spec.code, spec.doc, lang)
    severity = t(f"severity.{spec.severity.value}", lang)
    out = [
        f"## {spec.code} {spec.name}",
        "",
        sections[""],
        "",
        t("rules.severity", lang, severity=severity),
        t("rules.groups", lang, groups=spec.groups),
        t("rules.precision", lang, precision=t(f"rules.precision.{spec.precision}", lang)),
        t("rules.reference", lang, reference=reference_of(spec, catalogue), document=spec.reference_document),
    ]
    if spec.engine:
        out.append(t("rules.engine", lang))
    for header in SECTIONS:
        body = sections.get(header, "")
        out += ["", "### " + t(f"rules.section.{header.lower().replace(' ', '-')}", lang), ""]
        out.append(f"```yaml\n{body}\n```" if header in FENCED else body)
    return "\n".join(out) + "\n"


def render_markdown(registry: Registry, catalogue: ReferenceCatalogue, lang: str = "en") -> str:
    """The whole catalogue in ``lang``: an index table, each check's documentation, then retired codes."""
    lines = [
        t("rules.md-title", lang),
        "",
        t("rules.md-generated", lang, command=REGENERATE if lang == "en" else REGENERATE_VI),
        "",
        t("rules.md-intro", lang),
        "",
        t("rules.md-columns", lang),
        "|---|---|---|---|---|",
    ]
    for spec in registry:
        title = localized_title(spec.code, spec.title, lang).replace("|", "\\|")
        link = f"[{spec.code}](#{anchor(spec.code)})"
        severity = t(f"severity.{spec.severity.value}", lang)
        lines.append(f"| {link} | `{spec.name}` | {severity} | {', '.join(spec.groups)} | {title} |")
    groups = "; ".join(f"`{g}` ({len(c)})" for g, c in registry.groups.items())
    lines += ["", t("rules.md-groups", lang, groups=groups), ""]
    for spec in registry:
        lines += [f'<a id="{anchor(spec.code)}"></a>', "", explain(spec, catalogue, lang)]
    lines.append(t("rules.md-retired", lang))
    lines.append("")
    if RETIRED:
        lines += [f"- {code}: {why}" for code, why in sorted(RETIRED.items())]
    else:
        lines.append(t("rules.md-none-retired", lang))
    return "\n".join(lines) + "\n"
