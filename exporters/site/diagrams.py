"""Diagrams inlined in the pages: the views drawn by Graphviz, cleaned, and wrapped for zoom and pan.

Graphviz's SVG is parsed and written out again from an allow-list of elements and attributes: the
XML prolog, doctype and comments go, every text and value is escaped again, ids get a prefix (two
languages of a view share a page), nodes of province components link to their pages, and the root
becomes ``role="img"`` with a label. When Graphviz is missing or fails, a notice takes the diagram's
place and the rest of the site is built as usual.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from exporters.dot import to_dot
from exporters.render import incomplete, not_drawn
from exporters.site.context import VIEW_PAGES, Drawing, SiteContext
from exporters.site.markup import LANGS, Html, el, esc, i18n_attrs, join, one_lang, raw, t
from exporters.views import View, ViewOptions, build_view
from ictarch.errors import ExportError

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_NS = "{http://www.w3.org/1999/xlink}"
ELEMENTS = frozenset(
    {"svg", "g", "title", "a", "polygon", "polyline", "path", "ellipse", "circle", "rect", "line", "text", "tspan"}
)
"""What Graphviz draws with; anything else (script, foreignObject, image, style) is dropped."""
ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "viewBox",
        "transform",
        "points",
        "d",
        "x",
        "y",
        "dx",
        "dy",
        "cx",
        "cy",
        "rx",
        "ry",
        "r",
        "x1",
        "y1",
        "x2",
        "y2",
        "width",
        "height",
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "text-decoration",
        "xlink:title",
    }
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_URL_REF = re.compile(r"url\(#([^)]*)\)")


def _name(qualified: str) -> str:
    if qualified.startswith(SVG_NS):
        return qualified[len(SVG_NS) :]
    if qualified.startswith(XLINK_NS):
        return "xlink:" + qualified[len(XLINK_NS) :]
    return qualified


def inline_svg(svg: bytes, prefix: str, aria_label: str, links: Mapping[str, str]) -> Html:
    """Graphviz SVG as markup to inline in a page: cleaned, ids prefixed, component nodes linked.

    ``links`` maps a node id of the view (``province:component``) to the page it links to.
    """
    text = _COMMENT.sub("", svg.decode("utf-8"))
    start = text.find("<svg")
    if start < 0:
        raise incomplete()
    parser = ET.XMLParser()
    root = ET.fromstring(text[start:], parser=parser)
    out: list[str] = []
    _write(root, prefix, links, out, top=True, aria_label=aria_label)
    return raw("".join(out))


def _write(
    node: ET.Element, prefix: str, links: Mapping[str, str], out: list[str], *, top: bool = False, aria_label: str = ""
) -> None:
    tag = _name(node.tag)
    if tag not in ELEMENTS:
        return
    attrs: dict[str, str] = {}
    for key, value in node.attrib.items():
        name = _name(key)
        if name not in ATTRIBUTES:
            continue
        if name == "id":
            value = f"{prefix}-{value}"
        attrs[name] = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value)
    if top:
        attrs.pop("width", None)
        attrs.pop("height", None)
        attrs.update(
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "xmlns:xlink": "http://www.w3.org/1999/xlink",
                "role": "img",
                "aria-label": aria_label,
                "class": "graph",
                "preserveAspectRatio": "xMidYMid meet",
                "focusable": "false",
            }
        )
    children = list(node)
    if tag == "g" and node.get("class") == "node" and node.get("id") in links:
        target = links[str(node.get("id"))]
        for anchor in node.iter(f"{SVG_NS}a"):
            anchor.set("href", target)
            break
    if tag == "a" and node.get("href"):
        attrs["href"] = str(node.get("href"))
        attrs["tabindex"] = "-1"
    opening = "<" + tag + "".join(f' {k}="{esc(v)}"' for k, v in attrs.items())
    body = esc(node.text or "")
    if not children and not body:
        out.append(opening + "/>")
    else:
        out.append(opening + ">" + body)
        for child in children:
            _write(child, prefix, links, out)
            if child.tail:
                out.append(esc(child.tail) if child.tail.strip() else "\n")
        out.append(f"</{tag}>")


@dataclass(frozen=True)
class Drawn:
    """One view in both languages: the views (for text alternatives) and the figures to inline."""

    views: dict[str, View | None]
    html: Html


def _notice(message: str) -> Html:
    return el(
        "div",
        el("p", el("strong", t("diagram-unavailable"))),
        el("p", one_lang(message)),
        class_="notice",
        role="note",
    )


def _start(ctx: SiteContext, code: str, key: str, lang: str, pool: Executor | None) -> Drawing:
    """Build the view and hand its DOT text to the renderer: in ``pool`` when given (Graphviz then runs
    while the pages before it are built), else here and now."""
    try:
        options = ViewOptions(lang=lang, max_nodes=ctx.options.max_nodes)
        view: View | None = build_view(key, ctx.local_graph(code), (f"province:{code}",), (), options)
    except ExportError as exc:
        return Drawing(None, exc, None)
    assert view is not None
    renderer = ctx.renderer
    if renderer is None:
        return Drawing(view, not_drawn(), None)
    dot_text = to_dot(view).text
    if pool is None:
        done: Future[bytes] = Future()
        try:
            done.set_result(renderer(dot_text))
        except ExportError as exc:
            done.set_exception(exc)
        return Drawing(view, None, done)
    return Drawing(view, None, pool.submit(renderer, dot_text))


def start_drawings(ctx: SiteContext, code: str, pool: Executor | None) -> None:
    """Start every diagram of a province (:data:`VIEW_PAGES`, both languages) ahead of its pages."""
    if code in ctx.drawings:
        return
    ctx.drawings[code] = {(key, lang): _start(ctx, code, key, lang, pool) for key in VIEW_PAGES for lang in LANGS}


def draw(ctx: SiteContext, code: str, key: str, links: Mapping[str, str]) -> Drawn:
    """The view ``key`` of a province, drawn in each language, as zoomable figures (or notices).

    Uses the drawings started ahead (:func:`start_drawings`), else starts them; a province's drawings are
    let go when its last diagram page is made."""
    start_drawings(ctx, code, None)
    ahead = ctx.drawings[code]
    views: dict[str, View | None] = {}
    figures: list[Html] = []
    for lang in LANGS:
        drawing = ahead.pop((key, lang))
        view = drawing.view
        views[lang] = view
        if view is None:
            assert drawing.failure is not None
            figures.append(el("figure", _notice(drawing.failure.render(lang)), class_="diagram", lang=lang))
            continue
        caption = el("figcaption", view.title, class_="visually-hidden")
        notes = el("ul", [el("li", n) for n in view.notes], class_="view-notes") if view.notes else None
        try:
            if drawing.svg is None:
                assert drawing.failure is not None
                raise drawing.failure
            svg = inline_svg(drawing.svg.result(), f"{key}-{lang}", view.title, links)
        except ExportError as exc:
            figures.append(el("figure", caption, _notice(exc.render(lang)), notes, class_="diagram", lang=lang))
            continue
        figures.append(
            el(
                "figure",
                caption,
                _zoomable(svg, lang),
                notes,
                class_="diagram",
                lang=lang,
                id=f"{key}-{lang}",
            )
        )
    if not ahead:
        del ctx.drawings[code]
    return Drawn(views, join(figures))


def _zoomable(svg: Html, lang: str) -> Html:
    """The SVG in a focusable viewport, with zoom buttons that the script reveals."""
    buttons = [
        el("button", symbol, type="button", attrs={"data-zoom": action, **i18n_attrs(lang, aria_label=key, title=key)})
        for action, symbol, key in (("in", "+", "zoom-in"), ("out", "−", "zoom-out"), ("reset", "⟲", "zoom-reset"))
    ]
    toolbar = el("div", buttons, el("span", t("diagram-help"), class_="zoom-help"), class_="zoom-toolbar", hidden=True)
    viewport = el(
        "div", svg, class_="viewport", tabindex="0", role="group", attrs=i18n_attrs(lang, aria_label="diagram-region")
    )
    return el("div", toolbar, viewport, class_="zoom")
