"""The findings page: a real table with filters (severity, family, layer, domain, status) and a text search,
and the explanation of every rule it cites. The rows carry their facets as ``data-`` attributes; the
script filters them, and without it the whole table reads as it is."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from functools import cache

from exporters.site.context import (
    SiteContext,
    component_path,
    findings_path,
    overview_path,
    page_count,
    page_rows,
)
from exporters.site.layout import (
    SEVERITY_ORDER,
    code,
    heading,
    label,
    page,
    pager,
    section,
    severity_badge,
    status_badge,
    table,
    title_of,
)
from exporters.site.markup import (
    Child,
    Html,
    attrs_text,
    both,
    el,
    href,
    i18n_attrs,
    join,
    one_lang,
    option,
    pair,
    t,
    text_pair,
)
from ictarch.findings import Finding, RuleInfo, Status
from ictarch.rule_docs import FAMILY_ORDER, localized, localized_title

STATUS_ORDER = ("failed", "waived", "error")


def _location(f: Finding) -> Html:
    loc = f.location
    if loc is None:
        return Html("—")
    return join(code(f"{loc.file}:{loc.line}:{loc.column}"), el("br"), code(loc.path) if loc.path else None)


def _subject(ctx: SiteContext, path: str, f: Finding) -> Html:
    if not f.subject:
        return Html("—")
    if f.province and ctx.component(f.province, f.subject) is not None:
        comp = ctx.component(f.province, f.subject)
        assert comp is not None
        return join(
            el("a", code(f.subject), href=href(path, component_path(f.province, f.subject))),
            el("br"),
            label(comp.name),
        )
    return code(f.subject)


@cache
def _badges(severity: str, status: str) -> Html:
    return join(severity_badge(severity), el("br"), status_badge(status))


def _rule_cell(ctx: SiteContext, path: str, check: str, family: str, rules_page: str | None) -> Html:
    """The rule's code, linked to its explanation, and its family: the same for the rows of a folder's pages."""
    key = ("rule-cell", posixpath.dirname(path), check, family, rules_page or "")
    made = ctx.frames.get(key)
    if made is None:
        target = f"{rules_page}#rule-{check}" if rules_page else f"#rule-{check}"
        anchor = el("a", code(check), href=href(path, target) if rules_page else target, attrs=_see_rule(ctx, check))
        made = ctx.frames[key] = join(anchor, el("br"), el("span", t(f"fam-{family}"), class_="family"))
    return made


def _rule_title(ctx: SiteContext, check: str) -> Html:
    """The rule's title under a finding's message (nothing for a finding of an unknown rule)."""
    key = ("rule-title", check)
    made = ctx.frames.get(key)
    if made is None:
        rule = ctx.rules.get(check)
        made = Html("")
        if rule:
            title = pair(localized_title(rule.code, rule.title, "vi"), rule.title)
            made = el("p", t("explanation"), ": ", title, class_="rule-title")
        ctx.frames[key] = made
    return made


def _see_rule(ctx: SiteContext, check: str) -> dict[str, str | int | bool | None]:
    vi, en = text_pair("see-rule", code=check)
    return {
        "title": vi if ctx.lang == "vi" else en,
        "data-title-vi": vi,
        "data-title-en": en,
        "data-i18n-attrs": "title",
    }


def findings_table(
    ctx: SiteContext,
    path: str,
    findings: Sequence[Finding],
    province: str | None,
    *,
    filterable: bool = False,
    caption: str = "findings-caption",
) -> Html:
    """The findings as a table; rule codes link to the rules section of the province's findings page."""
    rules_page = None if filterable else (findings_path(province) if province else None)
    rows: list[Child] = []
    for f in findings:
        facets = ctx.facets(f)
        message = both(f.message)
        if f.status is Status.WAIVED and f.waiver_reason:
            message = join(message, el("br"), el("em", t("accepted-because", reason=f.waiver_reason)))
        opening = attrs_text(
            {
                "data-severity": f.severity.value,
                "data-family": facets.family,
                "data-layer": facets.layer or "-",
                "data-domain": facets.domain or "-",
                "data-status": f.status.value,
            }
        )
        rows.append(
            Html(
                f"<tr{opening}><td>{_badges(f.severity.value, f.status.value)}</td>"
                f"<td>{_rule_cell(ctx, path, f.code, facets.family, rules_page)}</td>"
                f"<td>{message}{_rule_title(ctx, f.code)}</td>"
                f"<td>{_subject(ctx, path, f)}</td>"
                f'<td class="location">{_location(f)}</td>'
                f"<td>{one_lang(f.reference) if f.reference else '—'}</td></tr>"
            )
        )
    if filterable:
        rows.append(
            el("tr", el("td", t("no-match"), colspan="6"), class_="no-match", hidden=True, attrs={"data-empty": "1"})
        )
    head = [t("severity"), t("check"), t("message"), t("subject"), t("location"), t("reference")]
    attrs = {"data-filterable": "findings"} if filterable else None
    return table(t(caption), head, rows, cls="findings", attrs=attrs)


def _select(ctx: SiteContext, name: str, key: str, choices: Sequence[tuple[str, str, str]]) -> Html:
    control = f"filter-{name}"
    options = [option("", *text_pair("all"), ctx.lang), *(option(v, vi, en, ctx.lang) for v, vi, en in choices)]
    return el(
        "div",
        el("label", t(key), for_=control),
        el("select", options, id=control, name=name, attrs={"data-filter": name}),
        class_="field",
    )


def _filters(ctx: SiteContext, code_: str, findings: Sequence[Finding]) -> Html:
    facets = [ctx.facets(f) for f in findings]
    severities = [s for s in SEVERITY_ORDER if any(f.severity.value == s for f in findings)]
    families = [fam for fam in FAMILY_ORDER if any(x.family == fam for x in facets)]
    layers = sorted({x.layer for x in facets if x.layer}, key=_layer_order(ctx))
    domains = sorted({x.domain for x in facets if x.domain})
    statuses = [s for s in STATUS_ORDER if any(f.status.value == s for f in findings)]

    def named(items: Sequence[str], prefix: str) -> list[tuple[str, str, str]]:
        return [(i, *text_pair(f"{prefix}{i}")) for i in items]

    def layer_choice(layer_id: str) -> tuple[str, str, str]:
        name = ctx.layer_name(layer_id)
        return (layer_id, name.vi if name else layer_id, (name.en or name.vi) if name else layer_id)

    def domain_choice(domain_id: str) -> tuple[str, str, str]:
        name = ctx.domain_name(code_, domain_id)
        return (domain_id, name.vi if name else domain_id, (name.en or name.vi) if name else domain_id)

    no_layer = ("-", *text_pair("no-layer"))
    no_domain = ("-", *text_pair("no-domain"))
    search_id = "filter-q"
    total = len(findings)
    counter = el(
        "p",
        _counter(total),
        class_="count",
        aria_live="polite",
        id="findings-count",
    )
    return el(
        "form",
        el("h2", t("filters"), class_="visually-hidden", id="filters-title"),
        el(
            "div",
            _select(ctx, "severity", "severity", named(severities, "sev-")),
            _select(ctx, "family", "family", named(families, "fam-")),
            _select(ctx, "layer", "layer", [*(layer_choice(x) for x in layers), no_layer]),
            _select(ctx, "domain", "domain", [*(domain_choice(x) for x in domains), no_domain]),
            _select(ctx, "status", "status", named(statuses, "st-")),
            el(
                "div",
                el("label", t("search"), for_=search_id),
                el(
                    "input",
                    type="search",
                    id=search_id,
                    name="q",
                    autocomplete="off",
                    attrs={"data-filter": "q", **i18n_attrs(ctx.lang, placeholder="search-placeholder")},
                ),
                class_="field search",
            ),
            el("div", el("button", t("reset"), type="reset"), class_="field actions"),
            class_="fields",
        ),
        counter,
        class_="filters",
        role="search",
        hidden=True,
        aria_labelledby="filters-title",
        attrs={"data-filters-for": "findings"},
    )


def _counter(total: int) -> Html:
    """'Showing N of M findings' in both languages; the script updates the numbers."""

    def side(lang: str) -> Html:
        vi, en = text_pair("shown", shown="\x00", total="\x01")
        template = vi if lang == "vi" else en
        before, rest = template.split("\x00")
        middle, after = rest.split("\x01")
        return el(
            "span",
            before,
            el("b", str(total), class_="n-shown"),
            middle,
            el("b", str(total), class_="n-total"),
            after,
            lang=lang,
        )

    return join(side("vi"), side("en"))


def _layer_order(ctx: SiteContext) -> Callable[[str], tuple[int, str]]:
    order: dict[str, tuple[int, str]] = {}
    for fw_id in sorted(ctx.catalogue.frameworks):
        for layer in ctx.catalogue.frameworks[fw_id].layers:
            order.setdefault(layer.id, (layer.order, layer.id))

    def key(layer_id: str) -> tuple[int, str]:
        return order.get(layer_id, (10_000, layer_id))

    return key


def rules_section(ctx: SiteContext, findings: Sequence[Finding]) -> Html:
    """Each rule cited by the findings, explained: summary, rationale, anti-pattern, best practice, reference."""
    codes = sorted({f.code for f in findings})
    articles = []
    for c in codes:
        rule: RuleInfo | None = ctx.rules.get(c)
        if rule is None:
            continue
        sections = rule.sections
        vi = localized(rule.code, rule.doc, "vi")
        parts: list[Child] = [
            el("h3", code(rule.code), " ", el("span", rule.name, class_="one-lang rule-name"), id=f"rule-{rule.code}"),
            el("p", pair(vi.get("", rule.title), sections.get("", rule.title))),
            el("p", severity_badge(rule.severity.value), " ", el("span", t(f"fam-{rule.family}"), class_="family")),
        ]
        for header, key in (
            ("Rationale", "rationale"),
            ("Anti-pattern", "anti-pattern"),
            ("Best practice", "best-practice"),
        ):
            body = sections.get(header)
            if not body:
                continue
            parts.append(el("h4", t(key)))
            if header == "Rationale":
                parts.append(el("p", pair(" ".join(vi.get(header, body).split()), " ".join(body.split()))))
            else:
                parts.append(el("pre", el("code", body), class_="yaml", tabindex="0"))
        parts += [el("h4", t("reference")), el("p", one_lang(rule.reference))]
        articles.append(el("article", parts, class_="rule"))
    return section(t("rules"), el("p", t("rules-intro"), class_="hint"), articles, id_="rules")


def findings_page_count(ctx: SiteContext, code_: str) -> int:
    return page_count(ctx.index.counted(code_).total, ctx.options.page_size)


def findings_page(ctx: SiteContext, code_: str, number: int = 1) -> str:
    """Page ``number`` of the findings of a province: ``page_size`` rows, their filters and their rules.

    Costs the rows it shows (the province's findings come from the index)."""
    path = findings_path(code_, number)
    s = ctx.summaries[code_]
    everything = ctx.findings(code_)
    findings = page_rows(everything, number, ctx.options.page_size)
    targets = [findings_path(code_, n) for n in range(1, page_count(len(everything), ctx.options.page_size) + 1)]
    nav = pager(ctx, path, targets, number, len(everything))
    if findings:
        body: list[Child] = [
            heading(join(t("findings"), ": ", label(s.name))),
            nav,
            _filters(ctx, code_, findings),
            findings_table(ctx, path, findings, code_, filterable=True),
            nav,
            rules_section(ctx, findings),
        ]
    else:
        body = [heading(join(t("findings"), ": ", label(s.name))), el("p", t("no-findings"))]
    return page(
        ctx,
        path,
        title_of("findings", s.name),
        body,
        crumbs=[(label(s.name), overview_path(code_)), (t("findings"), None)],
        province=code_,
        current="findings",
    )
