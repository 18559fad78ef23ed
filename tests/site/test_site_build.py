"""The review report without a browser: the files it writes, their HTML, links, escaping, both languages,
determinism, the diagrams and their failure path, and the ``ictarch report`` command."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html import escape, unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from exporters.site import SiteOptions, build_site
from exporters.site.diagrams import inline_svg
from exporters.site.i18n import LABELS
from exporters.site.layout import money
from exporters.site.markup import Html, el, href, pair, t
from ictarch.analysis.summary import ProvinceSummary, summarize
from ictarch.errors import ExportError
from ictarch.findings import Finding, Report
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import load_workspace
from ictarch.runner import run_checks
from ictarch.safe_write import MANIFEST
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE, ROOT
from tests.site.support import HAS_DOT, SEEDS, XSS_PROVINCE, pages, read, seed_model

needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed (apt-get install graphviz)")
SEED_CODES = sorted(p.parent.name for p in SEEDS.glob("*/province.yaml"))
PAGES_PER_PROVINCE = ("index", "findings", "gap-map", "layered", "roadmap", "egov", "components")


# --------------------------------------------------------------------------- the files


def test_the_seed_site_has_every_page(seeds: Path) -> None:
    files = {p.relative_to(seeds).as_posix() for p in seeds.rglob("*") if p.is_file()}
    assert {"index.html", "national.html", "assets/site.css", "assets/site.js"} <= files
    for code in SEED_CODES:
        for name in PAGES_PER_PROVINCE:
            assert f"{code}/{name}.html" in files
        ws = load_workspace([SEEDS / code])
        for comp in ws.provinces[0].architecture.components:
            assert f"{code}/components/{comp.id}.html" in files
    assert not [f for f in files - {MANIFEST} if not f.endswith((".html", ".css", ".js"))], "no other kind of file"


def test_pages_are_well_formed_html(seeds: Path) -> None:
    for name, html in pages(seeds).items():
        assert html.startswith('<!DOCTYPE html>\n<html lang="vi" data-lang="vi">'), name
        page = read(html)
        assert not page.errors, f"{name}: {page.errors[:5]}"
        assert not page.duplicate_ids, f"{name}: duplicate ids {page.duplicate_ids[:5]}"


def test_every_internal_link_resolves_to_a_generated_file_and_anchor(seeds: Path) -> None:
    site = pages(seeds)
    ids = {name: read(html).ids for name, html in site.items()}
    checked = 0
    for name, html in site.items():
        for link in read(html).links:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:", link), f"{name}: external or scripted link {link!r}"
            path, _, fragment = link.partition("#")
            target = (Path(name).parent / path).as_posix() if path else name
            target = os.path.normpath(target).replace(os.sep, "/")
            assert (seeds / target).is_file(), f"{name}: {link!r} points at a missing file"
            if fragment and "=" not in fragment:
                assert fragment in ids[target], f"{name}: {link!r} names a missing anchor"
            checked += 1
    assert checked > 1000


def test_the_site_loads_nothing_from_elsewhere(seeds: Path) -> None:
    for name, html in pages(seeds).items():
        page = read(html)
        assert page.scripts == ["../" * name.count("/") + "assets/site.js"], name
        assert 'http-equiv="Content-Security-Policy"' in html
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), name
        assert "@import" not in html and "url(http" not in html
    css = (seeds / "assets" / "site.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(", css), "the style sheet loads nothing"
    assert "@page" in css and "A4" in css, "print styles for A4"


def test_only_the_sites_own_script_may_run(seeds: Path) -> None:
    script = (seeds / "assets" / "site.js").read_bytes()
    nonce = base64.b64encode(hashlib.sha256(script).digest()).decode()[:24]
    for name, html in pages(seeds).items():
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy, name
        directives = dict(d.strip().partition(" ")[::2] for d in unescape(policy.group(1)).split(";"))
        assert directives["script-src"] == f"'nonce-{nonce}'", f"{name}: any script but the site's own may run"
        assert f'src="{"../" * name.count("/")}assets/site.js" nonce="{nonce}"' in html, name


def test_every_page_carries_both_languages_in_pairs(seeds: Path) -> None:
    for name, html in pages(seeds).items():
        sequence = read(html).lang_sequence
        vi_spans = [d for lang, d in sequence if lang == "vi"]
        en_spans = [d for lang, d in sequence if lang == "en"]
        assert len(vi_spans) > 10, name
        assert len(vi_spans) == len(en_spans), f"{name}: {len(vi_spans)} Vietnamese and {len(en_spans)} English labels"
    overview = (seeds / "quang-tri" / "index.html").read_text(encoding="utf-8")
    for key in ("overview", "scorecard", "frameworks", "coverage-layers", "budget-domain", "findings-by-severity"):
        vi, en = LABELS[key]
        assert f'<span lang="vi">{vi}</span><span lang="en">{en}</span>' in overview, key


def test_labels_have_both_languages() -> None:
    for key, (vi, en) in LABELS.items():
        assert vi.strip() and en.strip(), key
        assert vi.count("{") == en.count("{"), f"{key}: the two sides fill different values"


def test_the_style_sheet_hides_the_other_language() -> None:
    from exporters.site import asset

    css = asset("site.css")
    assert 'html[data-lang="vi"] [lang="en"]:not(.one-lang)' in css
    assert 'html[data-lang="en"] [lang="vi"]:not(.one-lang)' in css


def _quang_tri() -> tuple[ProvinceSummary, list[Finding], ArchGraph]:
    graph, report = seed_model()
    summary = summarize(graph.workspace.province("quang-tri"), graph)
    return summary, [f for f in report.findings if f.province == "quang-tri"], graph


def test_the_overview_holds_programme_scorecard_and_frameworks(seeds: Path) -> None:
    html = (seeds / "quang-tri" / "index.html").read_text(encoding="utf-8")
    text = " ".join(read(html).text)
    summary, findings, _graph = _quang_tri()
    for number, _date, _vi, _en in summary.documents:
        assert number in text
    assert summary.period and f"{summary.period[0]}–{summary.period[1]}" in text
    assert str(summary.vision_year) in text
    for fw in summary.frameworks:
        assert fw.framework_id in text and fw.document_number in text
    assert str(money(summary.budget_total)) in html, "the budget, written both ways"
    assert any(not fw.current for fw in summary.frameworks), "the seed declares a superseded framework"
    assert 'class="is-superseded"' in html, "the superseded framework is marked"
    assert "Đã được thay thế" in text and "Superseded" in text
    assert re.search(r"<meter [^>]+>\d+%</meter> \d+%", html), "ICT coverage as a number, not only a bar"
    for sev in {f.severity.value for f in findings}:
        assert f'href="findings.html#severity={sev}"' in html


def test_the_findings_page_has_a_filterable_semantic_table(seeds: Path) -> None:
    html = (seeds / "quang-tri" / "findings.html").read_text(encoding="utf-8")
    assert "<caption>" in html and '<th scope="col">' in html
    rows = re.findall(
        r'<tr data-severity="([a-z]+)" data-family="([a-z]+)" data-layer="([^"]+)" '
        r'data-domain="([^"]+)" data-status="([a-z]+)">',
        html,
    )
    _summary, findings, _graph = _quang_tri()
    assert len(rows) == len(findings) > 10
    assert {r[0] for r in rows} == {f.severity.value for f in findings}
    assert any(r[2].startswith("ictrf.") for r in rows) and any(r[3] == "e-government" for r in rows)
    for control in ("severity", "family", "layer", "domain", "status"):
        assert f'<label for="filter-{control}">' in html and f'id="filter-{control}"' in html
    assert '<label for="filter-q">' in html
    for f in findings:
        assert f'id="rule-{f.code}"' in html, "the rules cited are explained on the page"
        assert escape(f.reference) in html, "the clause the rule enforces"
        assert escape(f.text("vi")) in html
    assert "Anti-pattern" in html and "Best practice" in html
    assert "province_models/quang-tri/" in html, "the YAML location"
    assert "▲" in html and "cao" in html and "high" in html, "severity is an icon and a word, not only a colour"


def test_component_pages_show_dependencies_dependents_projects_and_findings(seeds: Path) -> None:
    _summary, findings, graph = _quang_tri()
    about = {f.subject for f in findings}
    shown = 0
    for node in graph.components("quang-tri"):
        comp_id = graph.info(node).entity_id
        html = (seeds / "quang-tri" / "components" / f"{comp_id}.html").read_text(encoding="utf-8")
        for anchor in ('id="dependencies"', 'id="dependents"', 'id="projects"', 'id="findings"'):
            assert anchor in html
        for other in graph.dependencies(node) + graph.dependents(node):
            info = graph.info(other)
            if info.province == "quang-tri":
                assert f'href="{info.entity_id}.html"' in html, f"{comp_id}: {info.entity_id} links to its page"
        for project in graph.deliverers(node):
            assert graph.info(project).entity_id in html, f"{comp_id}: the project that delivers it"
        for f in findings:
            if f.subject == comp_id:
                assert escape(f.text("vi")) in html, f"{comp_id}: the finding about it"
        shown += comp_id in about and bool(graph.deliverers(node)) and bool(graph.dependents(node))
    assert shown, "some component has dependents, a project and a finding"


def test_the_national_comparison_covers_every_province(seeds: Path) -> None:
    html = (seeds / "national.html").read_text(encoding="utf-8")
    for code in SEED_CODES:
        assert f'href="{code}/index.html"' in html
    assert 'id="coverage"' in html and 'id="duplicates"' in html and 'id="cross-province"' in html
    _graph, report = seed_model()
    across = [f for f in report.findings if f.code == "ICT204"]
    assert across, "the seeds build near-identical applications in several provinces"
    for f in across:
        assert f.subject in html, "near-identical applications across provinces"
    assert "gap-missing" in html and "còn thiếu" in html and "missing" in html


@needs_dot
def test_diagrams_are_inline_svg_with_a_label(seeds: Path) -> None:
    for view in ("gap-map", "layered", "roadmap", "egov"):
        html = (seeds / "quang-tri" / f"{view}.html").read_text(encoding="utf-8")
        svgs = re.findall(r"<svg [^>]*>", html)
        assert len(svgs) == 2, f"{view}: one SVG per language"
        for tag in svgs:
            assert 'role="img"' in tag and 'aria-label="' in tag and "viewBox" in tag
            assert " width=" not in tag and " height=" not in tag
        assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<!--" not in html
        assert 'class="zoom-toolbar" hidden' in html
    layered = (seeds / "quang-tri" / "layered.html").read_text(encoding="utf-8")
    assert 'href="components/quang-tri.lgsp.html" tabindex="-1"' in layered, "nodes link to component pages"


# --------------------------------------------------------------------------- escaping


HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "<script>", "<img src=x", "<svg onload")


def test_model_text_is_escaped_everywhere(hostile: Path) -> None:
    site = pages(hostile)
    assert "xss/components/xss.lgsp.html" in site
    for name, html in site.items():
        for bad in HOSTILE:
            assert bad not in html, f"{name} holds {bad!r} unescaped"
        assert not re.search(r"<(iframe|style|svg onload|b on)", html), name
        page = read(html)
        assert not page.errors, f"{name}: {page.errors[:3]}"
        assert all(s.endswith("assets/site.js") for s in page.scripts), f"{name}: a script element from the model"
        assert not [link for link in page.links if link.lower().startswith("javascript:")], name
    component = site["xss/components/xss.lgsp.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in component
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in component


def test_the_markup_builder_escapes_text_and_attributes() -> None:
    assert el("td", "<b>&") == "<td>&lt;b&gt;&amp;</td>"
    assert el("a", "x", href='"><script>') == '<a href="&quot;&gt;&lt;script&gt;">x</a>'
    assert el("td", Html("<b>ok</b>")) == "<td><b>ok</b></td>"
    assert el("input", hidden=True, value=None, disabled=False) == "<input hidden>"
    assert pair("<i>", "<u>") == '<span lang="vi">&lt;i&gt;</span><span lang="en">&lt;u&gt;</span>'
    assert pair("Tỉnh", None) == '<span lang="vi" class="one-lang">Tỉnh</span>'
    assert t("home") == '<span lang="vi">Trang chủ</span><span lang="en">Home</span>'
    assert href("a/components/x.html", "a/index.html#top") == "../index.html#top"
    with pytest.raises(TypeError):
        el("td", True)


SVG = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- a comment --><svg width="100pt" height="50pt" viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<g id="graph0" class="graph"><title>g</title>
<script>alert(2)</script><foreignObject><div>x</div></foreignObject>
<g id="p:c1" class="node"><title>p:c1</title><g id="a_p:c1"><a xlink:href="javascript:alert(3)" xlink:title="&lt;b&gt;">
<polygon fill="url(#grad)" points="0,0 1,1" onclick="alert(4)"/><text x="1" y="2">&lt;script&gt;</text></a></g></g>
</g></svg>"""


def test_graphviz_svg_is_cleaned_before_it_is_inlined() -> None:
    out = inline_svg(SVG, "fig-vi", 'Title "<x>"', {"p:c1": "components/c1.html"})
    assert out.startswith("<svg ") and "<?xml" not in out and "DOCTYPE" not in out and "comment" not in out
    assert "script>" not in out.replace("&lt;script&gt;", "") and "foreignObject" not in out
    assert "onload" not in out and "onclick" not in out and "javascript:" not in out
    assert 'id="fig-vi-p:c1"' in out and 'fill="url(#fig-vi-grad)"' in out
    assert 'href="components/c1.html" tabindex="-1"' in out
    assert 'role="img" aria-label="Title &quot;&lt;x&gt;&quot;"' in out
    assert 'width="100pt"' not in out and 'viewBox="0 0 100 50"' in out
    assert "&lt;script&gt;" in out and 'xlink:title="&lt;b&gt;"' in out


# --------------------------------------------------------------------------- diagrams, determinism


def _mini_inputs() -> tuple[ArchGraph, Report]:
    ws = load_workspace([MINI_PROVINCE, XSS_PROVINCE], MINI_REFERENCE)
    graph = build_graph(ws)
    report = run_checks(ws, graph, run_date=dt.date(2025, 1, 1), generated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    return graph, report


def test_a_failing_renderer_leaves_a_notice_and_the_rest_of_the_site() -> None:
    graph, report = _mini_inputs()
    calls: list[str] = []

    def broken(dot: str) -> bytes:
        calls.append(dot)
        raise ExportError("the Graphviz program 'dot' was not found on PATH; install Graphviz")

    files = build_site(graph, report, broken)
    assert calls, "the renderer was asked"
    for view in ("gap-map", "layered", "roadmap", "egov"):
        html = files[f"mini/{view}.html"]
        assert "<svg" not in html
        assert 'class="notice" role="note"' in html and "was not found on PATH" in html
        assert "Không vẽ được sơ đồ" in html and "The diagram could not be drawn" in html
    assert "mini/components/mini.lgsp.html" in files and "national.html" in files
    without = build_site(graph, report, None)
    assert "no renderer" in without["mini/layered.html"]


def test_the_site_is_deterministic_and_states_no_time_unless_given() -> None:
    graph, report = _mini_inputs()
    first = build_site(graph, report, None)
    second = build_site(graph, report, None)
    assert first == second
    assert "2025" not in first["index.html"].split("<footer", 1)[1]
    when = dt.datetime(2025, 3, 4, 5, 6, tzinfo=dt.UTC)
    stamped = build_site(graph, report, None, SiteOptions(generated_at=when))
    assert "2025-03-04 05:06 UTC" in stamped["index.html"]


def test_the_default_language_is_an_option() -> None:
    graph, report = _mini_inputs()
    files = build_site(graph, report, None, SiteOptions(lang="en"))
    assert files["index.html"].startswith('<!DOCTYPE html>\n<html lang="en" data-lang="en">')
    assert '<option value="" data-vi="Tất cả" data-en="All">All</option>' in files["mini/findings.html"]
    with pytest.raises(ValueError, match="language"):
        build_site(graph, report, None, SiteOptions(lang="fr"))


@needs_dot
def test_two_runs_under_different_hash_seeds_write_identical_sites(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "ICTARCH_CACHE_DIR": str(tmp_path / f"cache-{seed}")}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "cli", "--reference", str(MINI_REFERENCE), "report", str(MINI_PROVINCE),
             str(XSS_PROVINCE), "-o", str(out)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------------------- the command


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_report_writes_the_site_and_exits_0_despite_findings(tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, output = _invoke("--reference", str(MINI_REFERENCE), "report", str(MINI_PROVINCE), "-o", str(out))
    assert code == 0, output
    assert (out / "index.html").is_file() and (out / "mini" / "findings.html").is_file()
    assert not (out / "national.html").exists(), "one province: no national comparison"
    assert "mở " in output and "index.html" in output
    code, output = _invoke("--reference", str(MINI_REFERENCE), "report", str(MINI_PROVINCE), "-o", str(out))
    assert code == 2 and "--force" in output
    code, output = _invoke(
        "--reference", str(MINI_REFERENCE), "report", str(MINI_PROVINCE), "-o", str(out), "--force", "--fail-on", "low"
    )
    assert code == 1, output


def test_report_rejects_invalid_input_with_exit_2(tmp_path: Path) -> None:
    code, output = _invoke("report", str(tmp_path / "nowhere"), "-o", str(tmp_path / "site"))
    assert code == 2 and "không tìm thấy" in output
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, output = _invoke("report", str(MINI_PROVINCE), "-o", str(tmp_path / "file"))
    assert code == 2
    code, output = _invoke("report", str(MINI_PROVINCE))
    assert code == 2 and "--output" in output
    assert not (tmp_path / "site").exists()


def test_report_force_keeps_the_site_consistent_and_touches_nothing_the_user_put_there(tmp_path: Path) -> None:
    out, ref = tmp_path / "site", ("--reference", str(MINI_REFERENCE))
    code, output = _invoke(*ref, "report", str(XSS_PROVINCE), str(MINI_PROVINCE), "-o", str(out))
    assert code == 0, output
    assert (out / "xss" / "index.html").is_file() and (out / "national.html").is_file()
    (out / "notes.md").write_text("the reviewer's notes", encoding="utf-8")
    (out / "xss" / "mine.txt").write_text("the reviewer's file", encoding="utf-8")
    code, output = _invoke(*ref, "report", str(MINI_PROVINCE), "-o", str(out), "--force")
    assert code == 0, output
    assert not (out / "xss" / "index.html").exists(), "an earlier province's pages are removed"
    assert not (out / "national.html").exists() and not (out / "xss" / "components").exists()
    assert "đã xóa" in output
    assert (out / "notes.md").read_text(encoding="utf-8") == "the reviewer's notes"
    assert (out / "xss" / "mine.txt").read_text(encoding="utf-8") == "the reviewer's file"
    listed = set(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"])
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk - listed == {MANIFEST, "notes.md", "xss/mine.txt"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="xss/' not in index, "the home page lists only the provinces of this report"


def test_report_force_never_writes_through_a_link(tmp_path: Path) -> None:
    out, elsewhere, ref = tmp_path / "site", tmp_path / "elsewhere", ("--reference", str(MINI_REFERENCE))
    elsewhere.mkdir()
    (elsewhere / "precious.html").write_text("precious", encoding="utf-8")
    code, output = _invoke(*ref, "report", str(MINI_PROVINCE), "-o", str(out))
    assert code == 0, output
    (out / "mini" / "findings.html").unlink()
    (out / "mini" / "findings.html").symlink_to(elsewhere / "precious.html")
    code, output = _invoke(*ref, "--no-color", "report", str(MINI_PROVINCE), "-o", str(out), "--force")
    assert code == 2 and "là một liên kết tượng trưng" in output and "Traceback" not in output
    assert (elsewhere / "precious.html").read_text(encoding="utf-8") == "precious"
    shutil.rmtree(out / "mini" / "components")
    (out / "mini" / "components").symlink_to(elsewhere, target_is_directory=True)
    (out / "mini" / "findings.html").unlink()
    code, output = _invoke(*ref, "--no-color", "report", str(MINI_PROVINCE), "-o", str(out), "--force")
    assert code == 2 and "là một liên kết tượng trưng" in output and "Traceback" not in output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["precious.html"]


def test_report_takes_the_language_and_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    out = tmp_path / "site"
    code, output = _invoke(
        "--reference", str(MINI_REFERENCE), "report", str(MINI_PROVINCE), "-o", str(out), "--lang", "en"
    )
    assert code == 0, output
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.startswith('<!DOCTYPE html>\n<html lang="en" data-lang="en">')
    assert "2025-01-01 00:00 UTC" in home


def test_the_readme_documents_the_report_and_its_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Review report" in readme
    assert "ictarch report province_models/ -o site/" in readme
    assert "python3 scripts/screenshot.py site/ docs/overview.png" in readme
    assert "![" in readme and "docs/overview.png" in readme
    png = ROOT / "docs" / "overview.png"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_without_graphviz_writes_the_site_with_notices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "site"
    code, output = _invoke("--reference", str(MINI_REFERENCE), "report", str(MINI_PROVINCE), "-o", str(out))
    assert code == 0, output
    assert "Graphviz 'dot' was not found" in output and "không vẽ được một sơ đồ" in output
    layered = (out / "mini" / "layered.html").read_text(encoding="utf-8")
    assert "<svg" not in layered and 'class="notice"' in layered and "apt-get install graphviz" in layered
