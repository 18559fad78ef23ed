"""The live preview's rebuild: only what a change affects, and the same pages as a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.editor.preview import Preview, error_page, with_live
from ictarch.loading import load_catalogue, reference_root

ROOT = Path(__file__).resolve().parents[2]


def _preview(*mains: Path) -> Preview:
    catalogue, _ = load_catalogue(reference_root())
    registry = default_registry()
    return Preview(list(mains), catalogue, registry, resolve_config(registry), draw=None)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Ứng dụng di động Quảng Trị trực tuyến", "Ứng dụng Quảng Trị số"),  # a name: its page and its neighbours'
        ("    security_level: 2\n    integration: lgsp\n", "    integration: lgsp\n"),  # a finding appears
    ],
)
def test_a_rebuild_equals_a_full_build_and_redraws_few_component_pages(tmp_path: Path, old: str, new: str) -> None:
    folder = tmp_path / "quang-tri"
    shutil.copytree(ROOT / "province_models" / "quang-tri", folder)
    main = folder / "province.yaml"
    live = _preview(main)
    live.build()
    first = dict(live.files)
    components = folder / "components.yaml"
    text = components.read_text(encoding="utf-8")
    assert old in text
    components.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = live.build([main])
    fresh = _preview(main)
    fresh.build()
    assert live.files == fresh.files  # byte for byte what a full build gives
    assert "quang-tri/components/quang-tri.citizen-app.html" in changed
    pages = [p for p in first if "/components/" in p]
    assert 0 < len([p for p in changed if "/components/" in p]) < len(pages) / 2
    assert changed == sorted(p for p in first if first[p] != live.files[p])


def test_with_several_provinces_only_the_changed_ones_pages_are_rebuilt(tmp_path: Path) -> None:
    for name in ("quang-tri", "kon-tum"):
        shutil.copytree(ROOT / "province_models" / name, tmp_path / name)
    mains = [tmp_path / "quang-tri" / "province.yaml", tmp_path / "kon-tum" / "province.yaml"]
    live = _preview(*mains)
    live.build()
    components = tmp_path / "quang-tri" / "components.yaml"
    text = components.read_text(encoding="utf-8")
    components.write_text(text.replace("Ứng dụng di động Quảng Trị trực tuyến", "Ứng dụng số", 1), encoding="utf-8")
    changed = live.build([mains[0]])
    fresh = _preview(*mains)
    fresh.build()
    assert live.files == fresh.files
    assert changed and not any(p.startswith("kon-tum/") for p in changed)


def test_a_model_that_stops_loading_shows_its_errors_then_comes_back(tmp_path: Path) -> None:
    folder = tmp_path / "quang-tri"
    shutil.copytree(ROOT / "province_models" / "quang-tri", folder)
    main = folder / "province.yaml"
    live = _preview(main)
    live.build()
    components = folder / "components.yaml"
    text = components.read_text(encoding="utf-8")
    components.write_text(text.replace("realizes: [ictrf.L1]", "realizes: [ictrf.nope]", 1), encoding="utf-8")
    assert live.build([main]) == ["*"]
    page = live.page("quang-tri/index.html")
    assert page is not None and "ICT005" in page and "ictrf.nope" in page
    assert live.page("assets/site.js") is not None  # the script that reloads the page when fixed
    components.write_text(text, encoding="utf-8")
    assert live.build([main]) == ["*"]
    page = live.page("quang-tri/index.html")
    assert page is not None and "ictarch-load-errors" not in page


def test_error_page_escapes_and_the_live_meta_is_added_once() -> None:
    from ictarch.errors import Diagnostic, Location

    page = error_page([Diagnostic("ICT003", "<script>x</script>", Location("a.yaml", 1, 2))])
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert with_live(page).count('name="ictarch-live"') == 1
