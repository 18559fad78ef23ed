"""Sites the review-report tests share, built once per test session with ``ictarch report``, and an HTML
reader that checks nesting and collects links, ids and language spans."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.findings import Report
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import load_workspace
from ictarch.runner import run_checks
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE, ROOT

HERE = Path(__file__).resolve().parent
XSS_PROVINCE = HERE / "fixtures" / "xss"
SEEDS = ROOT / "province_models"
HAS_DOT = shutil.which("dot") is not None and shutil.which("neato") is not None

_BUILT: dict[str, Path] = {}
_MODELS: dict[str, tuple[ArchGraph, Report]] = {}


def seed_model() -> tuple[ArchGraph, Report]:
    """The graph and the check report of the shipped provinces, as ``ictarch report`` computes them: tests
    derive their expectations from these, so that they follow changes to the models and checks."""
    if "seeds" not in _MODELS:
        ws = load_workspace([SEEDS])
        graph = build_graph(ws)
        _MODELS["seeds"] = (graph, run_checks(ws, graph))
    return _MODELS["seeds"]


def build(name: str, factory: pytest.TempPathFactory, *args: str) -> Path:
    """The site ``name``, built once per session by ``ictarch [options] report ARGS -o DIR``."""
    if name not in _BUILT:
        out = factory.mktemp(f"site-{name}") / "site"
        head = [a for a in args if a.startswith("--reference")]
        rest = [a for a in args if not a.startswith("--reference")]
        result = CliRunner().invoke(main, [*head, "report", *rest, "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        _BUILT[name] = out
    return _BUILT[name]


def seed_site(factory: pytest.TempPathFactory) -> Path:
    """Every shipped province: eight overviews and the national comparison."""
    return build("seeds", factory, str(SEEDS))


def xss_site(factory: pytest.TempPathFactory) -> Path:
    """The hostile model (names full of markup) beside the mini province, on the test reference."""
    return build("xss", factory, f"--reference={MINI_REFERENCE}", str(XSS_PROVINCE), str(MINI_PROVINCE))


VOID = {"meta", "link", "input", "br", "img", "hr", "col", "area", "base", "embed", "source", "track", "wbr"}


@dataclass
class Page:
    """What an HTML page holds, as the reader saw it."""

    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[str] = field(default_factory=list)
    lang_sequence: list[tuple[str, int]] = field(default_factory=list)
    """(lang, depth) of each element with a lang attribute, not marked one-lang, in document order."""
    errors: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    """The src of every script element (inline ones as '')."""
    text: list[str] = field(default_factory=list)


class Reader(HTMLParser):
    """Checks that every element closes where it should, and collects links, ids and language spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, closed=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID and not self.in_svg:
            self.page.errors.append(f"self-closing <{tag}/> outside SVG")
        self._open(tag, attrs, closed=True)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        values = dict(attrs)
        for name in ("href", "src", "xlink:href"):
            if values.get(name):
                self.page.links.append(str(values[name]))
        if tag == "script":
            self.page.scripts.append(values.get("src") or "")
        element_id = values.get("id")
        if element_id:
            if element_id in self.page.ids:
                self.page.duplicate_ids.append(element_id)
            self.page.ids.add(element_id)
        lang = values.get("lang")
        if lang and tag != "html" and "one-lang" not in (values.get("class") or "").split():
            self.page.lang_sequence.append((lang, len(self.stack)))
        if not closed:
            self.stack.append(tag)
            if tag == "svg":
                self.in_svg += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.page.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "svg":
            self.in_svg -= 1

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.page.text.append(data)


def read(html: str) -> Page:
    reader = Reader()
    reader.feed(html)
    reader.close()
    if reader.stack:
        reader.page.errors.append(f"unclosed: {reader.stack}")
    return reader.page


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a site by its path relative to the site."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
