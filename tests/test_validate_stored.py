"""``validate`` of models unchanged since they were validated answers from the model cache's entries.

:mod:`ictarch.loading.stored` reads what ``validate`` shows of a province (code, counts, files, NFC notes) from
the head of its entry, without loading the model or importing pydantic. These tests hold that such a run prints
byte for byte what ``--no-cache`` prints, that it really loads nothing, and that every case it cannot vouch for
(an edited file, a file a glob now matches, another reference file, a damaged or older entry, a province code
given twice, a path that names nothing) goes to the full load, which prints what ``--no-cache`` prints.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.cli import validate as validate_module
from ictarch.loading import examples_root, reference_root

Outcome = tuple[int, str, str]


def _validate(cache: Path | None, *args: str) -> Outcome:
    env = {"COLUMNS": "120", "ICTARCH_CACHE_DIR": str(cache) if cache else ""}
    options = ["--no-color", *(["--no-cache"] if cache is None else [])]
    result = CliRunner(env=env).invoke(main, [*options, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times ``validate`` went to the full load."""
    calls: list[int] = []
    full = validate_module._validated

    def counted(settings: object, paths: tuple[Path, ...]) -> object:
        calls.append(1)
        return full(settings, paths)  # type: ignore[arg-type]

    monkeypatch.setattr(validate_module, "_validated", counted)
    return calls


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_unchanged_models_print_what_no_cache_prints_without_loading_them(
    tmp_path: Path, loads: list[int], fmt: str, lang: str
) -> None:
    args = ("--lang", lang, "--format", fmt, "validate", str(examples_root()))
    expected = _validate(None, *args)
    assert expected[0] == 0 and "quang-tri" in expected[1]
    assert _validate(tmp_path, *args) == expected
    assert loads == [1, 1], "--no-cache and the first run load the models"
    assert _validate(tmp_path, *args) == expected
    assert loads == [1, 1], "the second run loaded nothing"
    if fmt == "json":
        shown = json.loads(expected[1])["provinces"]
        assert len(shown) == 8 and all(p["components"] > 0 and p["files"] for p in shown)


def test_the_nfc_note_is_printed_from_the_entry(tmp_path: Path, loads: list[int]) -> None:
    model = tmp_path / "models" / "quang-tri"
    shutil.copytree(examples_root() / "quang-tri", model)
    part = model / "components.yaml"
    part.write_text(unicodedata.normalize("NFD", part.read_text(encoding="utf-8")), encoding="utf-8")
    expected = _validate(None, "validate", str(model))
    assert expected[0] == 0 and "NFC" in expected[2]
    _validate(tmp_path / "cache", "validate", str(model))
    assert _validate(tmp_path / "cache", "validate", str(model)) == expected
    assert loads == [1, 1]


def _model(tmp_path: Path) -> Path:
    """A copy of a shipped model whose components are included by a pattern."""
    model = tmp_path / "models" / "quang-tri"
    shutil.copytree(examples_root() / "quang-tri", model)
    main_file = model / "province.yaml"
    main_file.write_text(
        main_file.read_text(encoding="utf-8").replace("  - components.yaml\n", "  - comp*.yaml\n"), encoding="utf-8"
    )
    return model


EXTRA = """ictarch: 1
components:
  - id: quang-tri.extra-app
    name: {vi: "Ứng dụng thêm", en: "Extra app"}
    kind: stakeholder
    realizes: [ictrf.L1]
    status: existing
"""


def _head(cache: Path) -> Path:
    (head,) = cache.glob("*.head.json")
    return head


def _rewrite_head(cache: Path, change: Callable[[dict[str, object]], None]) -> None:
    head = _head(cache)
    data = json.loads(head.read_bytes())
    change(data)
    head.write_text(json.dumps(data), encoding="utf-8")


def _summary(**values: object) -> Callable[[dict[str, object]], None]:
    def change(head: dict[str, object]) -> None:
        summary = head["summary"]
        assert isinstance(summary, dict)
        summary.update(values)
        for key in [k for k, v in values.items() if v is None]:
            del summary[key]

    return change


CHANGES: dict[str, Callable[[Path, Path], None]] = {
    "a file edited": lambda model, cache: (model / "projects.yaml").write_text(
        (model / "projects.yaml").read_text(encoding="utf-8") + "\n  - {id: [broken\n", encoding="utf-8"
    ),
    "a new file a pattern matches": lambda model, cache: (model / "comp-extra.yaml").write_text(
        EXTRA, encoding="utf-8"
    ),
    "the head cut short": lambda model, cache: _head(cache).write_bytes(_head(cache).read_bytes()[:-9]),
    "the head of another format": lambda model, cache: _rewrite_head(cache, lambda h: h.update(format=2)),
    "a head without counts (an older entry)": lambda model, cache: _rewrite_head(
        cache, _summary(components=None, projects=None)
    ),
    "a negative count": lambda model, cache: _rewrite_head(cache, _summary(components=-1)),
    "a count that is a boolean": lambda model, cache: _rewrite_head(cache, _summary(projects=True)),
    "a code that is not text": lambda model, cache: _rewrite_head(cache, _summary(code=7)),
    "waived checks that are not names": lambda model, cache: _rewrite_head(cache, _summary(waived=[None])),
    "files that are not names": lambda model, cache: _rewrite_head(cache, lambda h: h.update(files=[1])),
    "the model part removed": lambda model, cache: next(cache.glob("*.model.json")).unlink(),
    "the map part removed": lambda model, cache: next(cache.glob("*.map.json")).unlink(),
    "the reference entry removed": lambda model, cache: next(cache.glob("*.reference.json")).unlink(),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_what_the_entries_cannot_vouch_for_is_loaded(tmp_path: Path, loads: list[int], change: str) -> None:
    model, cache = _model(tmp_path), tmp_path / "cache"
    before = json.loads(_validate(cache, "--format", "json", "validate", str(model))[1])["provinces"][0]
    assert _validate(cache, "validate", str(model))[0] == 0 and loads == [1]
    CHANGES[change](model, cache)
    loads.clear()
    for fmt in ("text", "json"):  # a model loaded again is stored again: the second run may answer from it
        expected = _validate(None, "--format", fmt, "validate", str(model))
        assert _validate(cache, "--format", fmt, "validate", str(model)) == expected
        assert len(loads) >= 2, "the first cached run after the change went to the full load"
    if change == "a new file a pattern matches":
        (after,) = json.loads(expected[1])["provinces"]
        assert after["components"] == before["components"] + 1 and len(after["files"]) == len(before["files"]) + 1


def test_another_reference_folder_is_loaded(tmp_path: Path, loads: list[int]) -> None:
    model, cache = _model(tmp_path), tmp_path / "cache"
    reference = tmp_path / "reference"
    shutil.copytree(reference_root(), reference, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    _validate(cache, "validate", str(model))
    first = next(iter(sorted(reference.glob("*.yaml"))))
    first.write_text(first.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    expected = _validate(None, "--reference", str(reference), "validate", str(model))
    loads.clear()
    assert _validate(cache, "--reference", str(reference), "validate", str(model)) == expected
    assert expected[0] == 0 and loads == [1]


def test_a_code_given_twice_and_a_missing_path_are_reported_as_always(tmp_path: Path, loads: list[int]) -> None:
    model, cache = _model(tmp_path), tmp_path / "cache"
    twin = tmp_path / "models" / "zz-twin"
    shutil.copytree(model, twin)
    _validate(cache, "validate", str(model))
    _validate(cache, "validate", str(twin))
    for args in ((str(model), str(twin)), (str(model), str(tmp_path / "nowhere"))):
        expected = _validate(None, "validate", *args)
        loads.clear()
        assert _validate(cache, "validate", *args) == expected
        assert expected[0] == 2 and expected[2] and loads == [1]
