"""Under the default language no English sentence reaches a reviewer; under ``--lang en`` no Vietnamese
prose does (names and official titles aside). Scans the outputs of ``check``, ``explain``, ``checks``,
``frameworks``, ``validate`` on the invalid samples, ``show``, ``impact`` and ``roadmap`` on every shipped
model; ``merge``'s consolidation report (Markdown and text); the diagrams of every view (DOT and Mermaid)
and the roadmap's chart; exporter and usage errors; and the ``--help`` of the group and every command."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import VIEWS, main
from ictarch.checks import default_registry
from ictarch.loading import load_workspace
from tests.conftest import ROOT
from tests.language_scan import wrong_language

MODELS = sorted(p for p in (ROOT / "province_models").iterdir() if p.is_dir() and (p / "province.yaml").is_file())
INVALID = sorted((ROOT / "tests" / "samples" / "invalid").iterdir())


@cache
def _names() -> tuple[str, ...]:
    """Every name and title of the shipped models and reference data, in both languages."""
    ws = load_workspace([ROOT / "province_models"])
    texts: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if (k in ("vi", "en") and isinstance(v, str)) or (
                    k in ("title", "name", "provider", "section", "note") and isinstance(v, str)
                ):
                    texts.add(v)
                else:
                    walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    for p in ws.provinces:
        walk(p.architecture.model_dump(mode="json"))
    walk([f.model_dump(mode="json") for f in ws.catalogue.files])
    return tuple(texts)


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["--no-color", *args], env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code in (0, 1, 2), result.output
    return result.stdout + result.stderr


def _outputs(lang: str) -> dict[str, str]:
    head = ("--lang", lang)
    out = {f"validate {p.name}": _run(*head, "validate", str(p)) for p in INVALID}
    for model in MODELS:
        out[f"check {model.name}"] = _run(*head, "check", str(model))
        out[f"show {model.name}"] = _run(*head, "show", str(model))
        out[f"roadmap {model.name}"] = _run(*head, "roadmap", str(model))
    out["impact"] = _run(*head, "impact", "quang-tri.lgsp", str(ROOT / "province_models" / "quang-tri"))
    out["checks"] = _run(*head, "checks")
    out["frameworks"] = _run(*head, "frameworks")
    for spec in default_registry():
        out[f"explain {spec.code}"] = _run(*head, "explain", spec.code)
    out.update(_help(head))
    out.update(_merge_and_diagrams(head))
    return out


def _help(head: tuple[str, ...]) -> dict[str, str]:
    out = {"--help": _run(*head, "--help")}
    for name in sorted(main.commands):  # type: ignore[attr-defined]
        out[f"{name} --help"] = _run(*head, name, "--help")
    out["usage error"] = _run(*head, "check", "--bogus") + _run(*head, "impact") + _run(*head, "chekc")
    return out


def _merge_and_diagrams(head: tuple[str, ...]) -> dict[str, str]:
    qt, qb = str(ROOT / "province_models" / "quang-tri"), str(ROOT / "province_models" / "quang-binh")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("markdown", "text"):
            merged = str(Path(tmp) / f"merged-{fmt}")
            args = ("merge", qt, qb, "--into", "quang-tri-2025", "--name-vi", "Quảng Trị", "-o", merged)
            out[f"merge {fmt}"] = _run(*head, *args, "--format", fmt)
        chart = Path(tmp) / "chart.svg"
        out["roadmap chart"] = _run(*head, "roadmap", qt, "--chart", str(chart)) + chart.read_text(encoding="utf-8")
    for view in VIEWS:
        focus = ("--focus", "quang-tri.lgsp") if view == "impact" else ()
        for fmt in ("dot", "mermaid"):
            out[f"diagram {view} {fmt}"] = _run(*head, "diagram", view, qt, "--format", fmt, *focus)
    out["exporter errors"] = "\n".join(
        [
            _run(*head, "diagram", "impact", qt),
            _run(*head, "diagram", "impact", qt, "--focus", "kind:platform"),
            _run(*head, "diagram", "layered", str(ROOT / "province_models")),
            _run(*head, "export", "--format", "archimate", str(ROOT / "province_models")),
        ]
    )
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_prose_in_the_other_language(lang: str) -> None:
    found = {name: lines for name, text in _outputs(lang).items() if (lines := wrong_language(text, lang, _names()))}
    shown = "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines[:3])
    assert not found, f"{sum(len(v) for v in found.values())} lines in the other language:\n{shown}"


def test_the_heuristic_tells_the_languages_apart() -> None:
    english = "the waiver of ICT201 for x is unused: remove it from waivers"
    vietnamese = "miễn trừ ICT201 cho x không còn được sử dụng: xóa khỏi waivers"
    assert wrong_language(english, "vi") == [english] and wrong_language(vietnamese, "vi") == []
    assert wrong_language(vietnamese, "en") == [vietnamese] and wrong_language(english, "en") == []
    name = "Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh và các sở"
    assert wrong_language(name, "en") == [name] and wrong_language(name, "en", [name]) == []
    assert Path(__file__).name == "test_language.py"
