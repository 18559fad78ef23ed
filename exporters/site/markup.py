"""A tiny, escaping HTML builder: every text and attribute value is escaped unless it is already :class:`Html`.

Pages are built with :func:`el` (``el("td", name, class_="num")``), never by pasting model text into
strings: a component named ``<script>alert(1)</script>`` becomes text. Bilingual labels are pairs of
spans, ``<span lang="vi">…</span><span lang="en">…</span>``; the style sheet shows the pair member of
the page's language (``html[data-lang]``), so that a page reads without JavaScript, and the script
switches ``data-lang``. Text that exists in one language only (a check's message, a rule's
explanation, a name without translation) carries ``class="one-lang"`` and is always shown.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import TypeAlias

from exporters.site.i18n import LABELS
from ictarch.i18n import Text
from ictarch.i18n import render as render_message

LANGS = ("vi", "en")
ONE_LANG = "one-lang"
"""Class of text in one language only: never hidden by the language switch."""


class Html(str):
    """Markup that is safe to insert as it is: built by :func:`el`, or escaped."""

    __slots__ = ()


Child: TypeAlias = Html | str | int | Iterable["Child"] | None
AttrValue = str | int | bool | None

VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "col"})


def esc(value: str) -> str:
    """Text escaped for an HTML text node or a double-quoted attribute value."""
    return html.escape(value, quote=True)


def render(child: Child) -> str:
    """A child as markup: Html as it is, other text escaped, numbers as text, iterables joined."""
    kind = child.__class__
    if kind is Html:  # the common cases first: pages make millions of these
        return child  # type: ignore[return-value]
    if kind is str:
        return esc(child)  # type: ignore[arg-type]
    if kind is tuple or kind is list:
        return "".join([c if c.__class__ is Html else render(c) for c in child])  # type: ignore[union-attr]
    if child is None:
        return ""
    if isinstance(child, Html):
        return str(child)
    if isinstance(child, str):
        return esc(child)
    if isinstance(child, bool):  # a bool is an int: never print True or False by accident
        raise TypeError("a bool is not a child of an HTML element")
    if isinstance(child, int):
        return str(child)
    return "".join(render(c) for c in child)


@cache
def attr_name(key: str) -> str:
    """``class_`` → ``class``, ``aria_label`` → ``aria-label``, ``data_vi`` → ``data-vi``."""
    return key.rstrip("_").replace("_", "-")


def attrs_text(attrs: Mapping[str, AttrValue]) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = attr_name(key)
        out.append(f" {name}" if value is True else f' {name}="{esc(str(value))}"')
    return "".join(out)


def el(tag: str, *children: Child, attrs: Mapping[str, AttrValue] | None = None, **kw: AttrValue) -> Html:
    """An element; ``attrs`` holds attributes whose names are not identifiers (``{"data-vi": …}``)."""
    if attrs:
        kw.update(attrs)  # a later value wins, at the place of the first, as in {**kw, **attrs}
    opening = f"<{tag}{attrs_text(kw)}>" if kw else f"<{tag}>"
    if tag in VOID:
        return Html(opening)
    return Html(f"{opening}{render(children)}</{tag}>")


def join(*children: Child) -> Html:
    return Html(render(children))


def raw(markup: str) -> Html:
    """Markup from a trusted producer (the sanitized SVG, the page skeleton)."""
    return Html(markup)


# --------------------------------------------------------------------------- bilingual text


def pair(vi: str, en: str | None) -> Html:
    """Text in both languages; one span only when there is no translation."""
    if not en or en == vi:
        return el("span", vi, lang="vi", class_=ONE_LANG)
    return join(el("span", vi, lang="vi"), el("span", en, lang="en"))


def pair_html(vi: Child, en: Child) -> Html:
    """Markup in both languages (each side may hold links and other elements)."""
    return join(el("span", vi, lang="vi"), el("span", en, lang="en"))


def t(key: str, **values: object) -> Html:
    """A fixed label of the site in both languages, with ``{name}`` values filled in."""
    if not values:
        return _label(key)
    vi, en = text_pair(key, **values)
    return join(el("span", vi, lang="vi"), el("span", en, lang="en"))


@cache
def _label(key: str) -> Html:
    """A fixed label without values, made once (the catalogue's keys are few; pages use them by the million)."""
    vi, en = LABELS[key]
    return join(el("span", vi, lang="vi"), el("span", en, lang="en"))


def text_pair(key: str, **values: object) -> tuple[str, str]:
    vi, en = LABELS[key]
    return (vi.format(**values), en.format(**values)) if values else (vi, en)


def both(message: Text) -> Html:
    """A catalogue message in both languages; text without a catalogue entry as written."""
    if isinstance(message, str):
        return one_lang(message)
    vi, en = render_message(message, "vi"), render_message(message, "en")
    return join(el("span", vi, lang="vi"), el("span", en, lang="en"))


def one_lang(text: str, lang: str = "en") -> Html:
    """Text in one language only (check messages and rule documentation are in English)."""
    return el("span", text, lang=lang, class_=ONE_LANG)


def i18n_attrs(lang: str, **keys: str) -> dict[str, AttrValue]:
    """Attributes whose value follows the language: ``aria_label="nav-main"`` gives the value in ``lang``,
    ``data-aria-label-vi`` / ``-en`` for the switch, and ``data-i18n-attrs`` naming them."""
    out: dict[str, AttrValue] = {}
    names = []
    for key, label in keys.items():
        name = attr_name(key)
        vi, en = text_pair(label)
        out[name] = vi if lang == "vi" else en
        out[f"data-{name}-vi"] = vi
        out[f"data-{name}-en"] = en
        names.append(name)
    out["data-i18n-attrs"] = " ".join(names)
    return out


def option(value: str, vi: str, en: str, lang: str, selected: bool = False) -> Html:
    """An ``<option>``: its text cannot hold spans, so the script swaps it from ``data-vi`` / ``data-en``."""
    return el(
        "option",
        vi if lang == "vi" else en,
        value=value,
        selected=selected,
        attrs={"data-vi": vi, "data-en": en},
    )


# --------------------------------------------------------------------------- links


def href(source: str, target: str) -> str:
    """The relative link from the page ``source`` to ``target`` (both paths from the site's root)."""
    path, hash_mark, fragment = target.partition("#")
    return _relative(path, posixpath.dirname(source)) + hash_mark + fragment


@lru_cache(maxsize=4096)
def _relative(path: str, base: str) -> str:
    """``posixpath.relpath(path, base or ".")`` for paths inside the site, without asking the file system
    for the current folder (a national site makes millions of links)."""
    if not base:
        return path or "."
    here = base.split("/")
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."
