"""The diagram pages of a province (gap map, layered architecture, roadmap, e-government linkage) and the
national comparison. Each diagram comes with its content as text: tables for the grids, the project
list for the roadmap, the component list for the others."""

from __future__ import annotations

from exporters.site.context import (
    SiteContext,
    component_path,
    components_path,
    findings_path,
    national_path,
    overview_path,
    view_path,
)
from exporters.site.diagrams import draw
from exporters.site.layout import code, gap_badge, heading, label, money, page, section, table, title_of
from exporters.site.markup import Child, Html, both, el, href, join, pair, t, text_pair
from exporters.views import Cell, GridView, Table, View
from ictarch.graph import province_node
from ictarch.rule_docs import family_of

INTROS = {
    "gap-map": (
        "Các thành phần của khung tham chiếu ICT theo lớp: đã có, còn thiếu, trùng lặp hoặc không áp dụng.",
        "The ICT reference framework's components by layer: covered, missing, duplicated or not applicable.",
    ),
    "layered": (
        "Các thành phần của tỉnh trong các lớp của khung tham chiếu, hệ thống xuyên suốt bên cạnh, "
        "thành phần chưa gắn lớp và nền tảng quốc gia bên dưới.",
        "The province's components in the reference layers, cross-cutting systems beside them, unplaced "
        "components and national platforms below.",
    ),
    "roadmap": (
        "Các dự án theo năm và lĩnh vực, với các dự án mà chúng phụ thuộc; phụ thuộc vào hạng mục bàn giao muộn "
        "hơn được tô đỏ.",
        "Projects on a time axis by domain, with the projects they depend on; a dependency on something delivered "
        "later is red.",
    ),
    "egov": (
        "Những gì kết nối với nền tảng tích hợp (LGSP), cổng dịch vụ công và các nền tảng quốc gia.",
        "What connects to the integration platform (LGSP), the public-service portal and the national platforms.",
    ),
}


def _cell_content(vi: Cell, en: Cell) -> Html:
    parts: list[Child] = [pair(vi.text.strip(), en.text.strip())]
    if vi.detail:
        parts += [el("br"), el("small", pair(vi.detail, en.detail))]
    if vi.status:
        short = len(vi.text.strip()) <= 4 and not vi.detail
        parts += [" " if short else el("br"), gap_badge(vi.status)]
    return join(parts)


def grid_table(vi: Table, en: Table, *, header_row: bool) -> Html:
    """A table of a grid view (gap map, national comparison) in both languages; statuses as icon and word."""
    rows_vi = list(vi.rows)
    rows_en = list(en.rows)
    head: list[Html] = []
    if header_row and rows_vi:
        head = [pair(a.text, b.text) for a, b in zip(rows_vi[0], rows_en[0], strict=True)]
        rows_vi, rows_en = rows_vi[1:], rows_en[1:]
    width = max((len(r) for r in vi.rows), default=1)
    body = []
    for row_vi, row_en in zip(rows_vi, rows_en, strict=True):
        cells = []
        for i, (a, b) in enumerate(zip(row_vi, row_en, strict=True)):
            attrs: dict[str, str | int | bool | None] = {}
            if a.rowspan > 1:
                attrs["rowspan"] = str(a.rowspan)
            if len(row_vi) == 1 and width > 1:
                attrs["colspan"] = str(width)
            cls = (
                " ".join(
                    c for c in (f"gap gap-{a.status}" if a.status else "", "sub" if a.text.startswith(" ") else "") if c
                )
                or None
            )
            if a.header or (i == 0 and header_row):
                cells.append(el("th", _cell_content(a, b), scope="row", class_=cls, attrs=attrs))
            else:
                cells.append(el("td", _cell_content(a, b), class_=cls, attrs=attrs))
        body.append(el("tr", cells))
    caption = pair(vi.title, en.title)
    if head:
        return table(caption, head, body, cls="grid")
    return el("div", el("table", el("caption", caption), el("tbody", body), class_="grid"), class_="table-wrap")


def _grid_tables(views: dict[str, View | None], header_row: bool) -> Html:
    vi, en = views.get("vi"), views.get("en")
    if not isinstance(vi, GridView) or not isinstance(en, GridView):
        return Html("")
    return join(grid_table(a, b, header_row=header_row) for a, b in zip(vi.tables, en.tables, strict=True))


def _component_links(ctx: SiteContext, code_: str, path: str) -> dict[str, str]:
    return {
        province_node(code_, c.id): href(path, component_path(code_, c.id))
        for c in ctx.province(code_).architecture.components
    }


def _projects_table(ctx: SiteContext, code_: str, path: str) -> Html:
    arch = ctx.province(code_).architecture
    rows = []
    for p in sorted(arch.projects, key=lambda p: (p.start_year or 0, p.domain or "", p.id)):
        domain = ctx.domain_name(code_, p.domain) if p.domain else None
        delivers: list[Child] = []
        for comp_id in p.delivers:
            comp = ctx.component(code_, comp_id)
            if comp is not None:
                delivers.append(el("li", el("a", label(comp.name), href=href(path, component_path(code_, comp_id)))))
        rows.append(
            el(
                "tr",
                el("th", label(p.name), " ", code(p.id), scope="row"),
                el("td", label(domain) if domain else (code(p.domain) if p.domain else "—")),
                el("td", code(p.phase) if p.phase else "—"),
                el("td", f"{p.start_year or '?'}–{p.end_year or '?'}"),
                el("td", money(p.budget_vnd), class_="num"),
                el("td", el("ul", delivers, class_="compact") if delivers else "—"),
            )
        )
    head = [t("projects"), t("domain"), t("phase"), t("years"), t("budget"), t("delivers")]
    return section(t("projects"), table(t("projects-caption"), head, rows), id_="projects")


def view_page(ctx: SiteContext, code_: str, key: str) -> str:
    path = view_path(code_, key)
    s = ctx.summaries[code_]
    links = _component_links(ctx, code_, path)
    drawn = draw(ctx, code_, key, links)
    vi, en = INTROS[key]
    parts: list[Child] = [heading(join(t(key), ": ", label(s.name)), pair(vi, en)), drawn.html]
    if key == "gap-map":
        parts.append(section(t("text-alternative"), _grid_tables(drawn.views, header_row=False), id_="as-text"))
    elif key == "roadmap":
        parts.append(_projects_table(ctx, code_, path))
    else:
        parts.append(
            el("p", el("a", t("component-list-link"), href=href(path, components_path(code_))), class_="callout")
        )
    return page(
        ctx,
        path,
        title_of(key, s.name),
        parts,
        crumbs=[(label(s.name), overview_path(code_)), (t(key), None)],
        province=code_,
        current=key,
    )


# --------------------------------------------------------------------------- national comparison


CROSS_PROVINCE_LIMIT = 200
"""Beyond this many near-identical applications, the national page counts them per province instead of
listing them: each province's findings page lists its own."""


def _cross_province(ctx: SiteContext, path: str) -> Html:
    """The near-identical applications across provinces (ICT204): listed when few, counted per province when
    many. Costs the ICT204 findings and their members (the provinces holding a component come from the index);
    counting them reads no finding."""
    counts = {c: n for c in ctx.codes if (n := ctx.index.counted(c).by_check["ICT204"])}
    if not counts:
        return Html("")
    if sum(counts.values()) > CROSS_PROVINCE_LIMIT:
        return _cross_province_counts(ctx, path, counts)
    found = [f for c in counts for f in ctx.findings(c) if f.code == "ICT204"]
    rows = []
    for f in found:
        assert f.province is not None
        comp = ctx.component(f.province, f.subject)
        subject: Child = code(f.subject)
        if comp is not None:
            subject = join(
                el("a", label(comp.name), href=href(path, component_path(f.province, f.subject))), " ", code(f.subject)
            )
        rows.append(
            el(
                "tr",
                el(
                    "th",
                    el("a", label(ctx.summaries[f.province].name), href=href(path, findings_path(f.province))),
                    scope="row",
                ),
                el("td", subject),
                el("td", both(f.message)),  # counts and samples the members in the other provinces
            )
        )
    return section(
        t("cross-province"),
        table(t("cross-province-caption"), [t("province"), t("component"), t("message")], rows),
        id_="cross-province",
    )


def _cross_province_counts(ctx: SiteContext, path: str, counts: dict[str, int]) -> Html:
    rows = [
        el(
            "tr",
            el(
                "th",
                el("a", label(ctx.summaries[c].name), href=href(path, overview_path(c))),
                " ",
                code(c),
                scope="row",
            ),
            el("td", str(counts[c]), class_="num"),
            el("td", el("a", t("show-findings"), href=href(path, f"{findings_path(c)}#family={family_of('ICT204')}"))),
        )
        for c in counts
    ]
    return section(
        t("cross-province"),
        el("p", t("cross-province-many", n=sum(counts.values())), class_="hint"),
        table(t("cross-province-counts-caption"), [t("province"), t("cross-province-count"), t("findings")], rows),
        id_="cross-province",
    )


def national_page(ctx: SiteContext) -> str:
    path = national_path()
    views = ctx.nation.national_views()
    vi_view, en_view = views["vi"], views["en"]
    coverage_vi, duplicates_vi = vi_view.tables
    coverage_en, duplicates_en = en_view.tables
    provinces = el(
        "ul",
        [
            el("li", el("a", label(ctx.summaries[c].name), href=href(path, overview_path(c))), " ", code(c))
            for c in ctx.codes
        ],
        class_="inline-list",
    )
    parts: list[Child] = [
        heading(t("national"), provinces),
        section(t("national-coverage"), grid_table(coverage_vi, coverage_en, header_row=True), id_="coverage"),
        section(t("national-duplicates"), grid_table(duplicates_vi, duplicates_en, header_row=True), id_="duplicates"),
        _cross_province(ctx, path),
    ]
    return page(ctx, path, text_pair("national"), parts, crumbs=[(t("national"), None)])
