"""The component list of a province and one page per component: its facts, what it depends on, what
depends on it, the projects that deliver it and the findings about it."""

from __future__ import annotations

import posixpath
from functools import cache

from exporters.site.context import SiteContext, component_path, components_path, overview_path, page_count, page_rows
from exporters.site.findings import findings_table
from exporters.site.index import INDIRECT_LIMIT, nearest_reach
from exporters.site.layout import code, heading, label, money, page, pager, section, table, title_of
from exporters.site.markup import Child, Html, el, href, join, one_lang, t
from exporters.style import has_text, text
from ictarch.findings import Status
from ictarch.graph import ArchGraph, NodeKind, province_node
from ictarch.models.province import Component
from ictarch.models.reference import ReferenceComponent


@cache
def word(key: str) -> Html:
    """A word of the diagrams' style table (kinds, statuses, relations) in both languages (a few dozen: made once)."""
    if not has_text(key):
        return code(key)
    return join(el("span", text(key, "vi"), lang="vi"), el("span", text(key, "en"), lang="en"))


def components_page_count(ctx: SiteContext, code_: str) -> int:
    return page_count(len(ctx.index.components_by_province.get(code_, [])), ctx.options.page_size)


def components_page(ctx: SiteContext, code_: str, number: int = 1) -> str:
    """Page ``number`` of the component list of a province: ``page_size`` rows, by layer and id.

    Costs its rows and the findings about them (from the index); the order is sorted once per province."""
    path = components_path(code_, number)
    s = ctx.summaries[code_]
    everything = ctx.component_order(code_)
    targets = [components_path(code_, n) for n in range(1, page_count(len(everything), ctx.options.page_size) + 1)]
    rows = []
    for c in page_rows(everything, number, ctx.options.page_size):
        layer = ctx.component_layer(code_, c.id)
        domain = ctx.domain_name(code_, c.domain) if c.domain else None
        open_count = sum(
            1 for f in ctx.index.findings_about(code_, c.id) if f.subject == c.id and f.status is not Status.WAIVED
        )
        rows.append(
            el(
                "tr",
                el(
                    "th",
                    el("a", label(c.name), href=href(path, component_path(code_, c.id))),
                    el("br"),
                    code(c.id),
                    scope="row",
                ),
                el("td", word(c.kind.value)),
                el("td", word(c.status.value)),
                el("td", label(ctx.layer_name(layer)) if layer else t("no-layer")),
                el("td", label(domain) if domain else (code(c.domain) if c.domain else "—")),
                el("td", str(open_count), class_="num"),
            )
        )
    head = [t("component"), t("kind"), t("status"), t("layer"), t("domain"), t("open-findings")]
    nav = pager(ctx, path, targets, number, len(everything))
    body = [
        heading(join(t("components"), ": ", label(s.name))),
        nav,
        table(t("components-caption"), head, rows, cls="components"),
        nav,
    ]
    return page(
        ctx,
        path,
        title_of("components", s.name),
        body,
        crumbs=[(label(s.name), overview_path(code_)), (t("components"), None)],
        province=code_,
        current="components",
    )


CELL_CACHE = 50_000
"""Node cells kept for reuse: the pages of a folder link the same nodes the same way (bounded memory)."""


def _node_cell(ctx: SiteContext, graph: ArchGraph, path: str, node: str, folder: str | None = None) -> Html:
    """A province component (linked to its page) or a reference item (national platform) by name and id.

    The same for every page of a folder (``folder``, the page's), so made once per folder and node while the
    cache has room."""
    key = (posixpath.dirname(path) if folder is None else folder, node)
    cell = ctx.cells.get(key)
    if cell is None:
        if len(ctx.cells) >= CELL_CACHE:
            ctx.cells.clear()
        cell = ctx.cells[key] = _make_node_cell(graph, path, node)
    return cell


def _make_node_cell(graph: ArchGraph, path: str, node: str) -> Html:
    info = graph.info(node)
    if info.kind == NodeKind.COMPONENT and info.province:
        comp: Component = graph.entity(node)
        return join(
            el("a", label(comp.name), href=href(path, component_path(info.province, info.entity_id))),
            " ",
            code(info.entity_id),
        )
    obj = graph.entity(node)
    tag = t("national-platform") if isinstance(obj, ReferenceComponent) and obj.national_level else t("reference-item")
    return join(
        label(getattr(obj, "name", None)), " ", code(info.entity_id), " ", el("span", "(", tag, ")", class_="hint")
    )


_INDIRECT = el("td", t("indirect"), class_="hint")


def _relations_table(ctx: SiteContext, path: str, code_: str, comp_id: str, direction: str) -> Html:
    """Every direct relation, then the nearest indirect ones up to a limit (a note says when more exist)."""
    node = province_node(code_, comp_id)
    direct = ctx.relations(code_, comp_id, "out" if direction == "dependencies" else "in")
    skip = {n for n, _rel in direct}
    graph = ctx.graph_of(code_)
    reach, more = nearest_reach(graph, node, reverse=direction == "dependents", skip=skip)
    folder = posixpath.dirname(path)
    rows: list[Child] = [
        Html(f"<tr><td>{_node_cell(ctx, graph, path, n, folder)}</td><td>{word(rel)}</td></tr>") for n, rel in direct
    ]
    rows += [Html(f"<tr><td>{_node_cell(ctx, graph, path, n, folder)}</td>{_INDIRECT}</tr>") for n in reach]
    heading_ = el("h2", t(direction), id=direction)
    if not rows:
        return join(heading_, el("p", t("nothing")))
    note = el("p", t("indirect-more", n=INDIRECT_LIMIT), class_="hint") if more else None
    return join(heading_, table(t(f"{direction}-caption"), [t("component"), t("relation")], rows), note)


def _facts(ctx: SiteContext, path: str, code_: str, c: Component) -> Html:
    def refs(items: tuple[str, ...]) -> Child:
        if not items:
            return "—"
        return el("ul", [el("li", label(ctx.reference_name(i)), " ", code(i)) for i in items], class_="compact")

    domain = ctx.domain_name(code_, c.domain) if c.domain else None
    pairs: list[tuple[str, Child]] = [
        ("id", code(c.id)),
        ("kind", word(c.kind.value)),
        ("status", word(c.status.value)),
        ("domain", join(label(domain), " ", code(c.domain or "")) if domain else (code(c.domain) if c.domain else "—")),
        ("realizes", refs(c.realizes)),
        ("egov-links", refs(c.egov_links)),
        ("owner", label(c.owner) if c.owner else "—"),
        ("operator", label(c.operator) if c.operator else "—"),
        ("hosting", code(c.hosting.value) if c.hosting else "—"),
        ("citizen-facing", t("yes") if c.citizen_facing else t("no")),
        ("security-level", str(c.security_level) if c.security_level is not None else "—"),
        ("integration", code(c.integration.value) if c.integration else "—"),
        ("tags", ", ".join(c.tags) if c.tags else "—"),
        ("provenance", code(c.provenance.value)),
    ]
    return el("dl", [join(el("dt", t(k)), el("dd", v)) for k, v in pairs], class_="facts")


def component_page(ctx: SiteContext, code_: str, comp_id: str) -> str:
    path = component_path(code_, comp_id)
    s = ctx.summaries[code_]
    c = ctx.component(code_, comp_id)
    assert c is not None
    parts: list[Child] = [
        heading(label(c.name), code(c.id)),
        el("p", label(c.description), class_="description") if c.description else None,
        section(t("component"), _facts(ctx, path, code_, c), id_="facts"),
    ]
    if c.data:
        rows = [
            el(
                "tr",
                el("td", label(d.name), " ", code(d.id)),
                el("td", t("yes") if d.personal_data else t("no")),
                el(
                    "td",
                    one_lang(", ".join(x for x in (d.open_data.licence, d.open_data.format) if x))
                    if d.open_data
                    else t("no"),
                ),
            )
            for d in c.data
        ]
        parts.append(
            section(
                t("datasets"),
                table(t("datasets-caption"), [t("datasets"), t("personal-data"), t("open-data")], rows),
                id_="datasets",
            )
        )
    parts.append(_relations_table(ctx, path, code_, c.id, "dependencies"))
    parts.append(_relations_table(ctx, path, code_, c.id, "dependents"))
    graph = ctx.graph_of(code_)
    projects = [graph.entity(p) for p in graph.deliverers(province_node(code_, c.id))]
    if projects:
        rows = [
            el(
                "tr",
                el("td", label(p.name), " ", code(p.id)),
                el(
                    "td",
                    label(ctx.domain_name(code_, p.domain))
                    if p.domain and ctx.domain_name(code_, p.domain)
                    else (p.domain or "—"),
                ),
                el("td", p.phase or "—"),
                el("td", f"{p.start_year or '?'}–{p.end_year or '?'}"),
                el("td", money(p.budget_vnd), class_="num"),
            )
            for p in projects
        ]
        parts.append(
            join(
                el("h2", t("projects"), id="projects"),
                table(
                    t("component-projects-caption"),
                    [t("projects"), t("domain"), t("phase"), t("years"), t("budget")],
                    rows,
                ),
            )
        )
    else:
        parts.append(join(el("h2", t("projects"), id="projects"), el("p", t("nothing"))))
    findings = ctx.index.findings_about(code_, c.id)
    parts.append(el("h2", t("findings"), id="findings"))
    parts.append(
        findings_table(ctx, path, findings, code_, caption="component-findings-caption")
        if findings
        else el("p", t("nothing"))
    )
    return page(
        ctx,
        path,
        (f"{c.name.vi} — {s.name.vi}", f"{c.name.en or c.name.vi} — {s.name.en or s.name.vi}"),
        parts,
        crumbs=[
            (label(s.name), overview_path(code_)),
            (t("components"), components_path(code_)),
            (label(c.name), None),
        ],
        province=code_,
        current="components",
    )
