"""The home page (provinces at a glance) and each province's overview: programme, scorecard, frameworks."""

from __future__ import annotations

from exporters.site.context import (
    SiteContext,
    component_path,
    findings_path,
    home_path,
    overview_path,
)
from exporters.site.findings import findings_table, rules_section
from exporters.site.layout import (
    SEVERITY_ORDER,
    code,
    heading,
    label,
    money,
    national_link,
    page,
    section,
    severity_badge,
    status_badge,
    table,
    title_of,
)
from exporters.site.markup import Child, Html, el, href, join, one_lang, pair, t, text_pair
from ictarch.findings import Severity, Status
from ictarch.models.province import Component, ProvinceArchitecture


def coverage_percent(ctx: SiteContext, code_: str) -> int | None:
    """Share of the expected reference components of the ICT framework layers that the province realizes."""
    expected = realized = 0
    for c in ctx.coverage.get(code_, []):
        expected += len(c.expected)
        realized += len(set(c.realized) & set(c.expected))
    return round(100 * realized / expected) if expected else None


def _percent(value: int | None) -> Html:
    if value is None:
        return Html("—")
    return join(el("meter", f"{value}%", min="0", max="100", value=str(value), aria_hidden="true"), " ", f"{value}%")


def severity_counts(ctx: SiteContext, code_: str | None) -> dict[str, tuple[int, int]]:
    """Severity → (open, accepted) findings (counted without reading the province's findings)."""
    counts = ctx.index.counted(code_)
    return {s: (counts.opened[Severity(s)], counts.accepted[Severity(s)]) for s in SEVERITY_ORDER}


# --------------------------------------------------------------------------- home


def home_page(ctx: SiteContext) -> str:
    path = home_path()
    rows = []
    for c in ctx.codes:
        s = ctx.summaries[c]
        counts = severity_counts(ctx, c)
        open_cells = [el("td", str(counts[sev][0]), class_="num") for sev in SEVERITY_ORDER]
        rows.append(
            el(
                "tr",
                el("th", el("a", label(s.name), href=href(path, overview_path(c))), " ", code(c), scope="row"),
                el("td", str(s.component_count), class_="num"),
                el("td", str(s.project_count), class_="num"),
                el("td", money(s.budget_total), class_="num"),
                el("td", _percent(coverage_percent(ctx, c)), class_="num"),
                open_cells,
                el("td", el("a", t("findings"), href=href(path, findings_path(c)))),
            )
        )
    head = [
        t("province"),
        t("components-count"),
        t("projects-count"),
        t("budget-total"),
        t("ict-coverage"),
        *(severity_badge(sev) for sev in SEVERITY_ORDER),
        t("findings"),
    ]
    body: list[Child] = [
        heading(t("site-title"), t("home-intro", n=len(ctx.codes))),
        national_link(ctx, path),
        section(
            t("provinces"),
            el("p", t("severity-columns"), class_="hint"),
            table(t("provinces-caption"), head, rows, cls="provinces"),
            id_="provinces",
        ),
    ]
    unassigned = ctx.findings(None)
    if unassigned:
        body.append(section(t("unassigned-findings"), findings_table(ctx, path, unassigned, None), id_="unassigned"))
        body.append(rules_section(ctx, unassigned))
    return page(ctx, path, text_pair("site-title"), body)


# --------------------------------------------------------------------------- overview


def overview_page(ctx: SiteContext, code_: str) -> str:
    path = overview_path(code_)
    s = ctx.summaries[code_]
    arch = ctx.province(code_).architecture
    body = [
        heading(join(label(s.name), " ", el("small", code(code_))), *_history(arch)),
        _key_figures(ctx, code_),
        el("div", el("div", _severity_table(ctx, code_, path)), el("div", _frameworks(ctx, code_)), class_="columns"),
        _programme(ctx, code_),
        section(
            t("scorecard"),
            _coverage(ctx, code_, path),
            _deviations(ctx, code_, path),
            _budgets(ctx, code_),
            id_="scorecard",
        ),
    ]
    return page(
        ctx,
        path,
        title_of("overview", s.name),
        body,
        crumbs=[(label(s.name), None)],
        province=code_,
        current="overview",
    )


def _history(arch: ProvinceArchitecture) -> list[Child]:
    out: list[Child] = []
    hist = arch.province.history
    if hist.merged_into:
        out.append(t("merged-into", code=hist.merged_into.province, date=hist.merged_into.effective.isoformat()))
    if hist.formed_from:
        out += [" ", t("formed-from", codes=", ".join(m.province for m in hist.formed_from))]
    return out


def _figure(value: Child, key: str) -> Html:
    return el("div", el("dt", t(key)), el("dd", value), class_="figure")


def _key_figures(ctx: SiteContext, code_: str) -> Html:
    s = ctx.summaries[code_]
    counts = severity_counts(ctx, code_)
    high = counts["critical"][0] + counts["high"][0]
    accepted = sum(a for _o, a in counts.values())
    return section(
        t("key-figures"),
        el(
            "dl",
            _figure(str(s.component_count), "components-count"),
            _figure(str(s.project_count), "projects-count"),
            _figure(money(s.budget_total), "budget-total"),
            _figure(_percent(coverage_percent(ctx, code_)), "ict-coverage"),
            _figure(str(high), "high-findings"),
            _figure(str(accepted), "deviations"),
            class_="figures",
        ),
        id_="key-figures",
    )


def _programme(ctx: SiteContext, code_: str) -> Html:
    arch = ctx.province(code_).architecture
    prog = arch.programme
    facts: list[Child] = [el("dt", t("programme-name")), el("dd", label(prog.name))]
    if prog.period:
        facts += [el("dt", t("period")), el("dd", f"{prog.period.start}–{prog.period.end}")]
    if prog.vision_year:
        facts += [el("dt", t("vision")), el("dd", str(prog.vision_year))]
    if prog.pilot:
        facts += [el("dt", t("pilot")), el("dd", label(prog.pilot))]
    parts: list[Child] = [el("dl", facts, class_="facts")]
    if prog.documents:
        rows = [
            el(
                "tr",
                el("td", d.number or "—"),
                el("td", d.date.isoformat() if d.date else "—"),
                el("td", code(d.kind.value)),
                el("td", label(d.title)),
                el("td", f"{d.period.start}–{d.period.end}" if d.period else "—"),
            )
            for d in prog.documents
        ]
        parts.append(table(t("documents-caption"), [t("number"), t("date"), t("kind"), t("title"), t("period")], rows))
    if prog.phases:
        rows = [
            el("tr", el("td", code(ph.id)), el("td", label(ph.name)), el("td", f"{ph.period.start}–{ph.period.end}"))
            for ph in prog.phases
        ]
        parts.append(table(t("phases-caption"), [t("id"), t("phase"), t("period")], rows))
    for key, items in (("solution-groups", [g.name for g in prog.solution_groups]), ("goals", list(prog.goals))):
        if items:
            parts.append(el("h3", t(key)))
            parts.append(el("ul", [el("li", label(i)) for i in items], class_="compact"))
    return section(t("programme"), parts, id_="programme")


def _coverage(ctx: SiteContext, code_: str, path: str) -> Html:
    by_framework: dict[str, list[Child]] = {}
    for c in ctx.coverage.get(code_, []):
        missing = [el("li", label(ctx.reference_name(m)), " ", code(m)) for m in c.missing]
        realized = len(set(c.realized) & set(c.expected))
        by_framework.setdefault(c.framework, []).append(
            el(
                "tr",
                el("th", label(ctx.layer_name(c.layer)), " ", code(c.layer), scope="row"),
                el("td", str(len(c.components)), class_="num"),
                el("td", f"{realized}/{len(c.expected)}" if c.expected else t("no-expected"), class_="num"),
                el("td", _percent(c.percent), class_="num"),
                el("td", el("ul", missing, class_="compact") if missing else "—"),
            )
        )
    tables: list[Child] = [el("h3", t("coverage-layers"), id="coverage")]
    for fw_id, rows in by_framework.items():
        name = ctx.reference_name(fw_id)
        caption = _coverage_caption(name.vi, name.en or name.vi) if name else t("coverage-caption", framework=fw_id)
        tables.append(
            table(
                caption,
                [t("layer"), t("placed"), t("realized"), t("coverage"), t("missing-items")],
                rows,
                cls="coverage",
            )
        )
    return join(tables)


def _coverage_caption(vi_name: str, en_name: str) -> Html:
    vi, _ = text_pair("coverage-caption", framework=vi_name)
    _, en = text_pair("coverage-caption", framework=en_name)
    return pair(vi, en)


def _severity_table(ctx: SiteContext, code_: str, path: str) -> Html:
    counts = severity_counts(ctx, code_)
    rows = []
    for sev in SEVERITY_ORDER:
        opened, accepted = counts[sev]
        target = f"{findings_path(code_)}#severity={sev}"
        rows.append(
            el(
                "tr",
                el("th", severity_badge(sev), scope="row"),
                el("td", str(opened), class_="num"),
                el("td", str(accepted), class_="num"),
                el("td", str(opened + accepted), class_="num"),
                el("td", el("a", t("show-findings"), href=href(path, target)) if opened + accepted else "—"),
            )
        )
    return section(
        t("findings-by-severity"),
        table(
            t("findings-by-severity-caption"),
            [t("severity"), t("open"), t("accepted"), t("total"), t("findings")],
            rows,
            cls="severities",
        ),
        id_="by-severity",
    )


def _deviations(ctx: SiteContext, code_: str, path: str) -> Html:
    arch = ctx.province(code_).architecture
    waived = [f for f in ctx.findings(code_) if f.status is Status.WAIVED]
    parts: list[Child] = [el("h3", t("deviations"), id="deviations")]
    if waived:
        rows = [
            el(
                "tr",
                el("td", status_badge("waived")),
                el("td", code(f.code)),
                el("td", _subject_link(ctx, path, code_, f.subject)),
                el("td", one_lang(f.waiver_reason or "")),
            )
            for f in waived
        ]
        parts.append(table(t("deviations-caption"), [t("status"), t("check"), t("subject"), t("reason")], rows))
    else:
        parts.append(el("p", t("no-deviations")))
    if arch.waivers:
        parts.append(el("p", t("waivers-declared", n=len(arch.waivers)), class_="hint"))
    if arch.not_applicable:
        rows = [
            el(
                "tr",
                el("td", label(ctx.reference_name(na.component)), " ", code(na.component)),
                el("td", label(na.justification)),
                el("td", na.approver or "—"),
            )
            for na in arch.not_applicable
        ]
        parts.append(table(t("not-applicable-caption"), [t("reference"), t("justification"), t("approver")], rows))
    return join(parts)


def _subject_link(ctx: SiteContext, path: str, code_: str, subject: str) -> Html:
    comp: Component | None = ctx.component(code_, subject)
    if comp is None:
        return code(subject)
    return el("a", code(subject), href=href(path, component_path(code_, subject)))


def _budgets(ctx: SiteContext, code_: str) -> Html:
    s = ctx.summaries[code_]
    total = s.budget_total or 0

    def share(amount: int) -> Html:
        if not total:
            return Html("—")
        pct = round(100 * amount / total)
        return join(el("meter", f"{pct}%", min="0", max="100", value=str(pct), aria_hidden="true"), " ", f"{pct}%")

    def name_of(domain: str) -> Html:
        found = ctx.domain_name(code_, domain)
        return join(label(found), " ", code(domain)) if found else t("none") if domain == "(none)" else code(domain)

    domain_rows = [
        el(
            "tr",
            el("th", name_of(dom), scope="row"),
            el("td", str(n), class_="num"),
            el("td", str(s.declared_project_counts[dom]) if dom in s.declared_project_counts else "—", class_="num"),
            el("td", money(s.budget_by_domain.get(dom, 0)), class_="num"),
            el("td", share(s.budget_by_domain.get(dom, 0)), class_="num"),
        )
        for dom, n in s.projects_by_domain.items()
    ]
    domain_rows.append(
        el(
            "tr",
            el("th", t("total"), scope="row"),
            el("td", str(s.project_count), class_="num"),
            el("td", str(sum(s.declared_project_counts.values())) if s.declared_project_counts else "—", class_="num"),
            el("td", money(s.budget_total), class_="num"),
            el("td", "100%" if total else "—", class_="num"),
            class_="total",
        )
    )
    phase_names = {ph_id: name for ph_id, name, _a, _b in s.phases}
    phase_rows = [
        el(
            "tr",
            el(
                "th",
                join(label(phase_names[ph]), " ", code(ph))
                if ph in phase_names
                else t("none")
                if ph == "(none)"
                else code(ph),
                scope="row",
            ),
            el("td", str(n), class_="num"),
            el("td", money(s.budget_by_phase.get(ph, 0)), class_="num"),
            el("td", share(s.budget_by_phase.get(ph, 0)), class_="num"),
        )
        for ph, n in s.projects_by_phase.items()
    ]
    notes: list[Child] = []
    if s.illustrative_budgets:
        notes.append(el("p", t("illustrative-budgets", n=s.illustrative_budgets, total=s.project_count), class_="hint"))
    if s.unbudgeted_projects:
        notes.append(el("p", t("unbudgeted", n=s.unbudgeted_projects), class_="hint"))
    return join(
        el("h3", t("budget-domain"), id="budget-domain"),
        table(
            t("budget-domain-caption"),
            [t("domain"), t("projects"), t("declared-projects"), t("budget"), t("share")],
            domain_rows,
            cls="budgets",
        ),
        el("h3", t("budget-phase"), id="budget-phase"),
        table(
            t("budget-phase-caption"), [t("phase"), t("projects"), t("budget"), t("share")], phase_rows, cls="budgets"
        ),
        notes,
    )


def _framework_ref(ctx: SiteContext, framework_id: str) -> str:
    """A framework id with the number of the document that issues it."""
    fw = ctx.catalogue.frameworks.get(framework_id)
    doc = ctx.catalogue.documents.get(fw.document) if fw else None
    return f"{framework_id} ({doc.number})" if doc else framework_id


def _frameworks(ctx: SiteContext, code_: str) -> Html:
    s = ctx.summaries[code_]
    rows = []
    for f in s.frameworks:
        if f.current:
            status: Html = el(
                "span", el("span", "✔", class_="icon", aria_hidden="true"), " ", t("current"), class_="ok"
            )
        else:
            chain = " → ".join(_framework_ref(ctx, nxt) for nxt in f.superseded_by)
            status = el(
                "span",
                el("span", "⚠", class_="icon", aria_hidden="true"),
                " ",
                el("strong", t("superseded")),
                el("br"),
                t("superseded-by", ids=chain),
                class_="warning",
            )
        rows.append(
            el(
                "tr",
                el("th", label(f.name), " ", code(f.framework_id), scope="row"),
                el("td", f.version),
                el("td", f.document_number, class_="nowrap"),
                el("td", status),
                class_=None if f.current else "is-superseded",
            )
        )
    stale = [f for f in s.frameworks if not f.current]
    warning = (
        el(
            "p",
            el("span", "⚠", class_="icon", aria_hidden="true"),
            " ",
            t("superseded-warning", n=len(stale)),
            class_="callout warning",
            role="note",
        )
        if stale
        else None
    )
    return section(
        t("frameworks"),
        warning,
        table(t("frameworks-caption"), [t("framework"), t("version"), t("document"), t("status")], rows),
        id_="frameworks",
    )
