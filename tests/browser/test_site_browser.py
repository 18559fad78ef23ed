"""The review report in a real browser (headless Chromium): pages load cleanly, filters and search change
the visible rows, the language switch changes the labels, diagrams show and zoom, injected markup runs
nothing, the pages read without JavaScript and print on A4, and a screenshot of the overview is kept in
tests/artifacts/."""

from __future__ import annotations

import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import ARTIFACTS, Tab
from tests.conftest import ROOT

PROVINCE_PAGES = ("index", "findings", "gap-map", "layered", "roadmap", "egov", "components")


def _visible_rows(page: Any) -> list[dict[str, str]]:
    return list(
        page.eval_on_selector_all(
            "table.findings tbody tr:not([data-empty])",
            "rows => rows.filter(r => !r.hidden).map(r => ({severity: r.dataset.severity, family: r.dataset.family,"
            " layer: r.dataset.layer, text: r.textContent}))",
        )
    )


def test_every_page_loads_without_errors_or_requests_outside_the_site(tab: Tab, seeds: Path) -> None:
    names = ["index.html", "national.html"]
    codes = sorted(p.name for p in seeds.iterdir() if (p / "index.html").is_file())
    for code in codes:
        names += [f"{code}/{page}.html" for page in PROVINCE_PAGES]
        names.append(next(p.relative_to(seeds).as_posix() for p in sorted((seeds / code / "components").iterdir())))
    for name in names:
        page = tab.open(seeds, name)
        assert page.locator("main h1").first.is_visible(), name
        assert page.locator("html").get_attribute("class") == "js", f"{name}: the script ran"
    assert not tab.errors, tab.errors[:5]
    assert not tab.requests, tab.requests[:5]
    assert len(codes) >= 4 and len(names) == 2 + 8 * len(codes)


def _fold(text: str) -> str:
    """Text without Vietnamese diacritics, as a reader types it on a keyboard without them."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def _until(page: Any, expression: str, timeout: float = 5.0) -> None:
    """Wait until ``expression`` is true in the page (page.wait_for_function evaluates strings with eval,
    which the site's Content-Security-Policy rightly forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(20)


def _options(page: Any, control: str) -> list[str]:
    values = page.eval_on_selector_all(f"{control} option", "os => os.map(o => o.value)")
    return [v for v in values if v not in ("", "-")]


def test_filters_and_search_change_the_visible_rows(tab: Tab, seeds: Path) -> None:
    page = tab.open(seeds, "quang-tri/findings.html")
    assert page.locator("form.filters").is_visible()
    total = len(_visible_rows(page))
    assert total == page.locator("table.findings tbody tr[data-severity]").count() > 10
    severity = _options(page, "#filter-severity")[0]
    page.select_option("#filter-severity", severity)
    rows = _visible_rows(page)
    assert 0 < len(rows) < total and {r["severity"] for r in rows} == {severity}
    assert page.locator("#findings-count .n-shown").first.inner_text() == str(len(rows))
    assert f"#severity={severity}" in page.url, "the filter is kept in the address, to share it"
    family = rows[0]["family"]
    page.select_option("#filter-family", family)
    assert {(r["severity"], r["family"]) for r in _visible_rows(page)} == {(severity, family)}
    page.click("button[type=reset]")
    _until(page, "document.querySelectorAll('table.findings tbody tr[hidden]').length === 1")
    assert len(_visible_rows(page)) == total
    layer = _options(page, "#filter-layer")[0]
    page.select_option("#filter-layer", layer)
    rows = _visible_rows(page)
    assert rows and {r["layer"] for r in rows} == {layer}
    page.click("button[type=reset]")
    subject = page.locator("table.findings tbody tr[data-severity] td:nth-child(4) a code").last.inner_text()
    page.fill("#filter-q", subject)
    rows = _visible_rows(page)
    assert rows and all(subject in r["text"] for r in rows) and len(rows) < total
    accented = next(w for r in _visible_rows(page) for w in r["text"].split() if _fold(w) != w.lower())
    page.fill("#filter-q", _fold(accented))  # typed without diacritics, still found
    assert _visible_rows(page)
    page.fill("#filter-q", "no such finding anywhere")
    assert not _visible_rows(page)
    assert page.locator("tr.no-match").is_visible()


def test_filters_work_from_the_keyboard_and_from_a_link(tab: Tab, seeds: Path) -> None:
    page = tab.open(seeds, "quang-tri/findings.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter-severity":
            break
    else:
        pytest.fail("the severity filter is not reachable with Tab")
    page.keyboard.press("ArrowDown")
    chosen = page.eval_on_selector("#filter-severity", "s => s.value")
    assert chosen, "the arrow key chose a severity"
    rows = _visible_rows(page)
    assert rows and {r["severity"] for r in rows} == {chosen}
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-family"
    page = tab.open(seeds, "quang-tri/index.html")
    link = page.locator("table.severities a[href*='#severity=']").last
    severity = str(link.get_attribute("href")).rsplit("=", 1)[1]
    link.click()
    page.wait_for_url(f"**/findings.html#severity={severity}")
    assert page.eval_on_selector("#filter-severity", "s => s.value") == severity
    assert {r["severity"] for r in _visible_rows(page)} == {severity}


def test_a_malformed_address_fragment_leaves_the_filters_working(tab: Tab, seeds: Path) -> None:
    page = tab.open(seeds, "quang-tri/findings.html")
    severities = {r["severity"] for r in _visible_rows(page)}
    severity = sorted(severities)[0]
    page.goto((seeds / "quang-tri" / "findings.html").resolve().as_uri() + f"#severity=%E0%A4%A&family=%&x={severity}")
    page.wait_for_load_state("load")
    assert {r["severity"] for r in _visible_rows(page)} == severities, "a malformed fragment filters nothing"
    page.select_option("#filter-severity", severity)
    assert {r["severity"] for r in _visible_rows(page)} == {severity}, "the filters still work"
    page.evaluate("window.location.hash = 'severity=%E0%A4%A'")
    page.select_option("#filter-severity", severity)
    assert {r["severity"] for r in _visible_rows(page)} == {severity}
    assert not tab.errors, tab.errors[:5]


def test_a_script_the_site_did_not_write_does_not_run(tab: Tab, seeds: Path, tmp_path: Path) -> None:
    """A file: script next to the site (or anywhere on disk) is refused by the policy, not only inline ones."""
    (tmp_path / "foreign.js").write_text("document.title = 'foreign';", encoding="utf-8")
    page = tab.open(seeds, "quang-tri/index.html")
    added = (
        "(() => { const s = document.createElement('script'); s.src = arguments_src; document.head.appendChild(s); })()"
    ).replace("arguments_src", repr((tmp_path / "foreign.js").resolve().as_uri()))
    page.evaluate(added)
    page.wait_for_timeout(300)
    assert page.title() != "foreign"
    assert page.locator("html").get_attribute("class") == "js", "the site's own script ran"
    tab.errors.clear()


def test_the_language_switch_changes_every_label_and_is_remembered(tab: Tab, seeds: Path) -> None:
    page = tab.open(seeds, "quang-tri/findings.html")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("nav.tabs a[aria-current=page]").inner_text() == "Phát hiện"
    assert page.locator("label[for=filter-severity]").inner_text() == "Mức độ"
    assert page.locator("#filter-severity option").first.inner_text() == "Tất cả"
    assert "Phát hiện" in page.title()
    page.click("[data-set-lang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[data-set-lang=en]").get_attribute("aria-pressed") == "true"
    assert page.locator("nav.tabs a[aria-current=page]").inner_text() == "Findings"
    assert page.locator("label[for=filter-severity]").inner_text() == "Severity"
    assert page.locator("#filter-severity option").first.inner_text() == "All"
    assert page.locator("#filter-q").get_attribute("placeholder") == "code, name, text…"
    assert page.locator("nav.tabs").get_attribute("aria-label") == "Pages of the province"
    assert page.title().startswith("Quang Tri province — Findings")
    visible_vi = page.evaluate(
        "[...document.querySelectorAll('main [lang=vi]:not(.one-lang)')].filter(e => e.offsetParent !== null).length"
    )
    assert visible_vi == 0, "no Vietnamese label stays visible in English"
    page = tab.open(seeds, "quang-tri/index.html")
    assert page.locator("html").get_attribute("lang") == "en", "the choice carries over to the next page"
    assert page.locator("#key-figures").inner_text() == "Key figures"
    page.click("[data-set-lang=vi]")
    assert page.locator("#key-figures").inner_text() == "Số liệu chính"


def test_diagrams_are_visible_and_zoom_and_pan(tab: Tab, seeds: Path) -> None:
    for view in ("gap-map", "layered", "roadmap", "egov"):
        page = tab.open(seeds, f"quang-tri/{view}.html")
        shown = page.locator("figure.diagram[lang=vi] svg.graph")
        assert shown.is_visible(), view
        box = shown.bounding_box()
        assert box and box["width"] > 400 and box["height"] > 100, view
        assert not page.locator("figure.diagram[lang=en] svg.graph").is_visible(), f"{view}: one language at a time"
        assert page.locator("figure.diagram[lang=vi] svg.graph text").count() > 5
    page = tab.open(seeds, "quang-tri/layered.html")
    svg = page.locator("figure.diagram[lang=vi] svg.graph")
    home = svg.get_attribute("viewBox")
    page.click("figure.diagram[lang=vi] button[data-zoom=in]")
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != home
    assert float(zoomed.split()[2]) < float(home.split()[2])
    page.focus("figure.diagram[lang=vi] .viewport")
    page.keyboard.press("ArrowRight")
    assert svg.get_attribute("viewBox") != zoomed, "arrow keys pan"
    page.keyboard.press("+")
    assert float(svg.get_attribute("viewBox").split()[2]) < float(zoomed.split()[2])
    box = page.locator("figure.diagram[lang=vi] .viewport").bounding_box()
    assert box
    before = svg.get_attribute("viewBox")
    page.mouse.move(box["x"] + 8, box["y"] + 8)  # the drawing's margin: no node or link there
    page.mouse.down()
    page.mouse.move(box["x"] + 108, box["y"] + 58, steps=5)
    page.mouse.up()
    assert svg.get_attribute("viewBox") != before, "dragging pans"
    page.keyboard.press("0")
    assert svg.get_attribute("viewBox") == home
    link = page.locator("figure.diagram[lang=vi] svg a[href='components/quang-tri.lgsp.html']")
    assert link.count() == 1, "a node links to its component page"


def test_injected_markup_runs_nothing_and_shows_as_text(tab: Tab, hostile: Path) -> None:
    names = sorted(p.relative_to(hostile).as_posix() for p in hostile.rglob("*.html"))
    for name in names:
        page = tab.open(hostile, name)
        assert page.evaluate("document.querySelectorAll('script').length") == 1, name
        injected = "document.querySelectorAll('main img, main iframe, main style, main svg[onload]').length"
        assert page.evaluate(injected) == 0, name
    assert not tab.dialogs, f"a script from the model ran: {tab.dialogs}"
    page = tab.open(hostile, "xss/components/xss.lgsp.html")
    assert page.locator("main h1").inner_text() == "<script>alert(1)</script>"
    assert '"><img src=x onerror=alert(2)>' in page.locator("p.description").inner_text()
    page.click("[data-set-lang=en]")
    page = tab.open(hostile, "xss/index.html")
    assert 'Province "><img src=x onerror=alert(2)>' in page.locator("main h1").inner_text()
    assert not tab.dialogs
    assert not tab.errors, tab.errors[:5]


def test_pages_read_without_javascript(browser: Any, seeds: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((seeds / "quang-tri" / "findings.html").resolve().as_uri())
        rows = page.locator("table.findings tbody tr:not([data-empty])")
        total = rows.count()
        assert total > 10 and rows.nth(total - 1).is_visible(), "every finding reads"
        assert not page.locator("form.filters").is_visible(), "filters need JavaScript and stay out of the way"
        assert page.locator("h1").inner_text() == "Phát hiện: Quảng Trị"
        assert not page.locator("h1 [lang=en]").first.is_visible(), "the other language stays hidden"
        assert page.locator(".no-js-note").is_visible()
        page.goto((seeds / "quang-tri" / "layered.html").resolve().as_uri())
        assert page.locator("figure.diagram[lang=vi] svg.graph").is_visible()
        assert not page.locator(".zoom-toolbar").first.is_visible()
    finally:
        context.close()


CONTRAST = """() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = el => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0.5) return c; } return [255, 255, 255, 1]; };
  const worst = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent && el.tagName !== 'BODY') continue;
    if (el.closest('svg, meter')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    checked += 1;
    const style = getComputedStyle(el);
    const a = lum(parse(style.color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      worst.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
    }
  }
  return {worst, checked};
}"""


CONTRAST_PAGES = ["quang-tri/index.html", "quang-tri/findings.html", "national.html", "quang-tri/gap-map.html"]


@pytest.mark.parametrize("name", CONTRAST_PAGES)
def test_text_has_sufficient_contrast(tab: Tab, seeds: Path, name: str) -> None:
    page = tab.open(seeds, name)
    for lang in ("vi", "en"):
        page.click(f"[data-set-lang={lang}]")
        result = page.evaluate(CONTRAST)
        assert result["checked"] > 50, f"{name} ({lang}): the check saw too little text"
        assert result["worst"] == [], f"{name} ({lang})"


def test_print_styles_give_a_clean_a4_report(tab: Tab, seeds: Path) -> None:
    page = tab.open(seeds, "quang-tri/index.html")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".nav-wrap", ".lang-switch"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#scorecard").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "overview.pdf"), format="A4", print_background=True)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000


def test_a_screenshot_of_the_overview_is_saved(tab: Tab, seeds: Path) -> None:
    page = tab.open(seeds, "quang-tri/index.html")
    page.click("[data-set-lang=en]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "overview.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not tab.errors


def test_the_documented_screenshot_command_writes_a_png(browser: Any, seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "overview.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(seeds), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
