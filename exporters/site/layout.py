"""The frame of every page (head, header, navigation, footer) and the small pieces pages share:
severity badges, coverage statuses, amounts of money, tables with captions."""

from __future__ import annotations

import base64
import hashlib
import posixpath
from collections.abc import Sequence
from importlib import resources

from exporters.site.context import (
    VIEW_PAGES,
    SiteContext,
    components_path,
    findings_path,
    home_path,
    national_path,
    overview_path,
    view_path,
)
from exporters.site.markup import (
    LANGS,
    Child,
    Html,
    el,
    href,
    i18n_attrs,
    join,
    pair,
    raw,
    t,
    text_pair,
)
from ictarch.models.common import Label
from ictarch.money import format_vnd
from ictarch.version import __version__


def _script_nonce() -> str:
    """The nonce that lets the site's own script run: a digest of its text, so the same site is built
    byte for byte the same, and a script element that did not come from the page frame never runs."""
    text = resources.files("exporters.site").joinpath("assets", "site.js").read_bytes()
    return base64.b64encode(hashlib.sha256(text).digest()).decode()[:24]


SCRIPT_NONCE = _script_nonce()
CSP = (
    f"default-src 'none'; script-src 'nonce-{SCRIPT_NONCE}'; style-src 'self' file:; img-src 'self' file: data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
"""Only the script element the page frame writes may run (not any file: URL, as ``'self'`` would let a
page opened from disk do); no inline script or handler runs, whatever a model contains. ``connect-src
'self'`` lets the site's own script hear of changes from ``ictarch serve``, and nothing else."""

SEVERITY_ICONS = {"critical": "✖", "high": "▲", "medium": "◆", "low": "▼", "info": "ℹ"}
STATUS_ICONS = {"failed": "●", "waived": "✔", "error": "✖"}
GAP_ICONS = {"covered": "✔", "missing": "✖", "duplicated": "⚠", "not-applicable": "∅"}
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


def label(value: Label | None) -> Html:
    """A model name in both languages (one span when it has no English)."""
    if value is None:
        return t("none")
    return pair(value.vi, value.en)


def badge(kind: str, value: str, icon: str, text_key: str) -> Html:
    """An icon and a word: colour is never the only signal."""
    return el(
        "span",
        el("span", icon, class_="icon", aria_hidden="true"),
        " ",
        t(text_key),
        class_=f"badge {kind}-{value}",
    )


def severity_badge(severity: str) -> Html:
    return badge("sev", severity, SEVERITY_ICONS.get(severity, "•"), f"sev-{severity}")


def status_badge(status: str) -> Html:
    return badge("st", status, STATUS_ICONS.get(status, "•"), f"st-{status}")


def gap_badge(status: str) -> Html:
    return badge("gap", status, GAP_ICONS.get(status, "•"), f"gap-{status}")


def money(amount: int | None) -> Html:
    """An amount of đồng (tỷ đồng / triệu đồng), written the Vietnamese and the English way."""
    if not amount:
        return Html("—")
    return pair(format_vnd(amount, "vi"), format_vnd(amount, "en"))


def table(
    caption: Html, head: Sequence[Html], rows: Sequence[Child], *, cls: str = "", attrs: dict[str, str] | None = None
) -> Html:
    """A table with a caption and column headers (``scope="col"``), in a scrollable region."""
    return el(
        "div",
        el(
            "table",
            el("caption", caption),
            el("thead", el("tr", [el("th", h, scope="col") for h in head])),
            el("tbody", rows),
            class_=cls or None,
            attrs=attrs,
        ),
        class_="table-wrap",
    )


def code(text: str) -> Html:
    return el("code", text)


def section(title: Html, *children: Child, id_: str | None = None, level: int = 2) -> Html:
    return el("section", el(f"h{level}", title, id=id_), *children, aria_labelledby=id_)


# --------------------------------------------------------------------------- the page frame


def _lang_switch(lang: str) -> Html:
    buttons = [
        el(
            "button",
            name,
            type="button",
            lang=code_,
            class_="one-lang",
            aria_pressed="true" if code_ == lang else "false",
            attrs={"data-set-lang": code_},
        )
        for code_, name in (("vi", "Tiếng Việt"), ("en", "English"))
    ]
    return el(
        "div",
        buttons,
        class_="lang-switch",
        role="group",
        hidden=True,
        attrs=i18n_attrs(lang, aria_label="lang-switch"),
    )


def _province_nav(ctx: SiteContext, path: str, code: str, current: str) -> Html:
    """The tabs of a province's pages, made once per folder, province and current tab."""
    key = ("tabs", posixpath.dirname(path), code, current)
    made = ctx.frames.get(key)
    if made is None:
        made = ctx.frames[key] = _make_province_nav(ctx, path, code, current)
    return made


def _make_province_nav(ctx: SiteContext, path: str, code: str, current: str) -> Html:
    items = [("overview", overview_path(code)), ("findings", findings_path(code))]
    items += [(view, view_path(code, view)) for view in VIEW_PAGES]
    items.append(("components", components_path(code)))
    links = []
    for key, target in items:
        here = key == current
        links.append(el("li", el("a", t(key), href=href(path, target), aria_current="page" if here else None)))
    return el("nav", el("ul", links), class_="tabs", attrs=i18n_attrs(ctx.lang, aria_label="nav-province"))


def _breadcrumb(ctx: SiteContext, path: str, crumbs: Sequence[tuple[Html, str | None]]) -> Html:
    items = [el("li", el("a", t("home"), href=href(path, home_path())))]
    for i, (text, target) in enumerate(crumbs):
        last = i == len(crumbs) - 1
        if target is None or last:
            items.append(el("li", el("span", text, aria_current="page" if last else None)))
        else:
            items.append(el("li", el("a", text, href=href(path, target))))
    return el("nav", el("ol", items), class_="breadcrumb", attrs=i18n_attrs(ctx.lang, aria_label="nav-breadcrumb"))


def _footer(ctx: SiteContext) -> Html:
    made = ctx.frames.get(("footer",))
    if made is None:
        made = ctx.frames[("footer",)] = _make_footer(ctx)
    return made


def _make_footer(ctx: SiteContext) -> Html:
    report = ctx.report
    bits: list[Child] = [t("generated-by", version=__version__)]
    if ctx.options.generated_at is not None:
        bits += [" ", t("generated-at", when=ctx.options.generated_at.strftime("%Y-%m-%d %H:%M UTC"))]
    if report.profile:
        bits += [" · ", t("profile", profile=report.profile)]
    vi, en = text_pair(f"sev-{report.fail_on.value}")
    fail_vi, _ = text_pair("fail-on", severity=vi)
    _, fail_en = text_pair("fail-on", severity=en)
    bits += [" · ", pair(fail_vi, fail_en)]
    return el("footer", el("p", bits), el("p", t("no-js"), class_="no-js-note"), class_="site-footer")


def page(
    ctx: SiteContext,
    path: str,
    title: tuple[str, str],
    body: Child,
    *,
    crumbs: Sequence[tuple[Html, str | None]] = (),
    province: str | None = None,
    current: str = "",
) -> str:
    """A whole HTML document. ``title`` is (vi, en); the page opens in the site's default language."""
    lang = ctx.lang
    assert lang in LANGS
    vi_title, en_title = (f"{title[0]} · ictarch", f"{title[1]} · ictarch")
    top, bottom, header = _frame(ctx, path)
    nav: list[Child] = [_breadcrumb(ctx, path, crumbs)] if crumbs else []
    if province is not None:
        nav.append(_province_nav(ctx, path, province, current))
    return "".join(
        [
            top,
            el("title", vi_title if lang == "vi" else en_title, attrs={"data-vi": vi_title, "data-en": en_title}),
            bottom,
            header,
            el("div", nav, class_="nav-wrap") if nav else "",
            el("main", body, id="main", tabindex="-1"),
            _footer(ctx),
            "</body></html>\n",
        ]
    )


def _frame(ctx: SiteContext, path: str) -> tuple[Html, Html, Html]:
    """What every page of a folder repeats: the document's start up to its title, the rest of its head and
    the start of its body, and the site header. Made once per folder."""
    folder = posixpath.dirname(path)
    keys = (("top", folder), ("bottom", folder), ("header", folder))
    if keys[0] not in ctx.frames:
        lang = ctx.lang
        top = join(
            raw(f'<!DOCTYPE html>\n<html lang="{lang}" data-lang="{lang}"><head>'),
            raw('<meta charset="utf-8">'),
            el("meta", name="viewport", content="width=device-width, initial-scale=1"),
            el("meta", http_equiv="Content-Security-Policy", content=CSP),
            el("meta", name="generator", content=f"ictarch {__version__}"),
        )
        bottom = join(
            el("link", rel="stylesheet", href=href(path, "assets/site.css")),
            el("script", src=href(path, "assets/site.js"), nonce=SCRIPT_NONCE, defer=True),
            raw("</head><body>"),
            el("a", t("skip"), href="#main", class_="skip-link"),
        )
        header = el(
            "header",
            el(
                "div",
                el("a", "ictarch", class_="brand one-lang", lang="en", href=href(path, home_path())),
                el("span", t("site-short"), class_="brand-sub"),
                _lang_switch(lang),
                class_="bar",
            ),
            class_="site-header",
        )
        ctx.frames.update(zip(keys, (top, bottom, header), strict=True))
    return ctx.frames[keys[0]], ctx.frames[keys[1]], ctx.frames[keys[2]]


def pager(ctx: SiteContext, path: str, targets: Sequence[str], current: int, rows: int) -> Html | None:
    """Links to every page of a paged table (``targets``, from page 1) and what the page shows; None for one page."""
    if len(targets) < 2:
        return None
    size = ctx.options.page_size
    first = (current - 1) * size + 1
    last = min(current * size, rows)
    links = [
        el(
            "li",
            el("a", str(n), href=href(path, target), aria_current="page" if n == current else None),
        )
        for n, target in enumerate(targets, start=1)
    ]
    return el(
        "nav",
        el("p", t("page-rows", first=first, last=last, total=rows, size=size)),
        el("ul", links),
        class_="pager",
        attrs=i18n_attrs(ctx.lang, aria_label="nav-pages"),
    )


def heading(title: Html, *sub: Child) -> Html:
    return el("header", el("h1", title), el("p", sub, class_="lead") if sub else None, class_="page-head")


def title_of(key: str, name: Label | None = None) -> tuple[str, str]:
    """A page title (vi, en): the label, and the province's name when given."""
    vi, en = text_pair(key)
    if name is None:
        return vi, en
    return f"{name.vi} — {vi}", f"{name.en or name.vi} — {en}"


def national_link(ctx: SiteContext, path: str) -> Html | None:
    if len(ctx.codes) < 2:
        return None
    return el("p", el("a", t("national-link"), href=href(path, national_path())), class_="callout")
