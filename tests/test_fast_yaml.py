"""The fast YAML path (the ``fast`` extra, yaml-rs) loads exactly what PyYAML loads, or leaves the text to
PyYAML: same data, same diagnostics at the same places, same positions for every key and item, same
findings at the same places, same cache. Differential, over every shipped model, the fuzz corpus and
generated models."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import national
from benchmarks.fuzz_models import HOSTILE_SCALARS, MUTATIONS, hostile_texts, mutated_texts, shipped_files
from benchmarks.generate import generate
from cli import main as main_command
from ictarch.errors import Diagnostic
from ictarch.loading import examples_root, fast_yaml, load_workspace
from ictarch.loading.line_index import line_index
from ictarch.loading.yaml_doc import YamlDocument, parse_yaml

pytest.importorskip(
    "yaml_rs",
    reason="the fast extra is not installed (pip install -e '.[fast]'): nothing to compare PyYAML with",
)


@pytest.fixture
def pyyaml_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(fast_yaml.ENV, "pyyaml")
    yield


def _render(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.render("en") if hasattr(d, "render") else repr(d) for d in diagnostics]


def _parse(text: str, parser: str, monkeypatch: pytest.MonkeyPatch) -> tuple[YamlDocument | None, list[Diagnostic]]:
    monkeypatch.setenv(fast_yaml.ENV, parser)
    return parse_yaml(text, "f.yaml")


def assert_same(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Parse ``text`` both ways and compare everything; whether the fast path read it."""
    slow, slow_diags = _parse(text, "pyyaml", monkeypatch)
    fast, fast_diags = _parse(text, "auto", monkeypatch)
    assert repr(fast_diags) == repr(slow_diags), text
    if slow is None or fast is None:
        assert slow is None and fast is None, text
        return False
    assert type(fast.data) is type(slow.data)
    assert repr(fast.data) == repr(slow.data), text  # repr: 1 and True, 1.0 and 1 told apart
    assert fast.normalized == slow.normalized
    assert fast.positions == slow.positions, text  # the line scanner's, or PyYAML's when it was not sure
    for path in list(slow.positions)[:50]:
        assert fast.locate((*path, "absent", 3)) == slow.locate((*path, "absent", 3))
    monkeypatch.setenv(fast_yaml.ENV, "auto")
    return fast_yaml.fast_read(text) is not None


def test_every_shipped_file_loads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = shipped_files()
    assert len(files) >= 20
    fast = [assert_same(f.read_text(encoding="utf-8"), monkeypatch) for f in files]
    # dates (PyYAML reads them as dates, yaml-rs as text) send most shipped files to PyYAML; the rest is fast
    assert sum(fast) >= 10, "the fast path should read the shipped files without dates or YAML 1.1 values"


def test_generated_models_load_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "a", 3, 40, 7, clean=False)
    generate(tmp_path / "b", 2, 60, 8, clean=True)
    files = sorted(tmp_path.rglob("*.yaml"))
    fast = [assert_same(f.read_text(encoding="utf-8"), monkeypatch) for f in files]
    assert all(fast), "generated models are plain YAML: the fast path reads every file"


def test_national_models_load_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    national.generate(tmp_path / "n", 3, 60, 20260701)
    national.generate(tmp_path / "m", 2, 150, 7)
    files = sorted(tmp_path.rglob("*.yaml"))
    fast = [assert_same(f.read_text(encoding="utf-8"), monkeypatch) for f in files]
    assert all(fast), "the national generator writes block YAML the line scanner is sure of"


@pytest.mark.parametrize("value", HOSTILE_SCALARS)
def test_every_hostile_scalar_reads_the_same(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for text in hostile_texts(value):
        assert_same(text, monkeypatch)


def test_fuzz_corpus_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    kinds: set[str] = set()
    for text in mutated_texts(random.Random(20251203), 250, kinds):
        assert_same(text, monkeypatch)
    assert kinds == set(MUTATIONS)


YAML_11 = [
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "n", "true", "True",
    "TRUE", "tRUE", "false", "null", "Null", "NULL", "nULL", "~", "", "0755", "0o17", "0x1F", "0b101", "1_000",
    "1:20", "1:20.5", "190:20:30", "2025-07-01", "2025-07-01 10:00:00", "2025-07-01T10:00:00Z", "2025-02-30",
    "1e3", "1E3", "1.0E+3", "1.0e3", "1.5", "-1.5", "+1", "-0", "00", "09", ".5", "1.", ".inf", "-.Inf", ".nan", "=",
    "1.0e+3", "<<", "12 trạm", "3.14.15", "-", "- x", "x - 1", "0.5.1", "12:30", "+", "+.5", "1,5",
    "99999999999999999999",
]  # fmt: skip


@pytest.mark.parametrize("value", YAML_11)
def test_yaml_11_values_read_as_pyyaml_reads_them(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for text in (
        f"a: {value}\n",
        f"a: [{value}, x]\n",
        f"- {value}\n",
        f"a: {{b: {value}}}\n",
        f"{value}: x\n",
        f"a:\n  {value}: x\n",
        f"a: '{value}'\n",
        f'a: "{value}"\n',
        f"{value}\n",
        f"a: |\n  {value}\n",
    ):
        assert_same(text, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "a:\n  b: 1\n  c: 2\n  b: 3\n",
        "- {id: x, id: y}\n",
        "t\u1ebft: 1\nte\u0302\u0301t: 2\n",  # alike once composed (NFC)
        "a: 1\n---\nb: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: b: c\n",
        "a: [1, 2\n",
        "a:\n\t- x\n",
        "a: 'x\r\ny'\r\n",
        "\ufeffa: 1\n",
        'a: "\\x41\\u1ebf"\n',
        "a: x\x85y\n",
        "a: \x07\n",
        "? [a]\n: 1\n",
        "[a]: 1\n",
        "{a: 1}: 2\n",
        "[a]  : 1\n",  # a flow key with spaces before its colon
        "x: {a: [b]} :\n",
        "a: &x [1]\nb: *x\n",
        "a: [+.5, -.5]\n",
        "a: >-\n  folded\n  text\n\n  more\nb: |+\n  kept\n\n",
        "a: plain\n  continued\n  on lines\n",
        "a: ' quoted\n  over lines '\n",
        "k" * 1030 + ": 1\n",
        "a: x # comment\n# only a comment\n",
        "",
        "# nothing\n",
        "- a\n- - b\n  - c\n- {x: [1, 2.5, -3]}\n",
        "name: Te\u0302\u0301t\n",  # decomposed Vietnamese, read composed
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
    ],
)
def test_edge_texts_read_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same(text, monkeypatch)


SCANNED = [  # block YAML the line scanner gives positions for: (text, whether it is sure of it)
    ("a:\n- x\n- y\nb: 1\n", True),  # an indentless sequence
    ("a:\n  - id: x\n    tags:\n    - t\n    n: 2\n  - id: y\n", True),
    ("- - x\n", False),
    ("-\n  a: 1\n  b: 2\n-\n  - z\n", True),  # items on the lines below their dash
    ("- a\n-\n- b\n", False),  # an empty item
    ("k:   # a comment\n    deep: {x: [1, {y: 'it''s', z: \"a, b\"}], e: [], f: {}}  # c, d\n", True),
    ("'quoted key': 1\n\"other\" : 2\nplain key  : 3\n", True),
    ("a: {b: [c, d], e: {f: [g, h]}}\n", True),
    ("a: {b: [c, d], e: {f: [g, {h: i}]}}\n", False),  # deeper than the scanner reads
    ("a: [b,\n  c]\n", False),
    ("a: {b: c} d\n", False),
    ("a: x\n  b: y\n", False),
    ("a: 'x' # c\nb: \"y\"\n", True),
    ('t\u00ean: {vi: "Ng\u01b0\u1eddi d\u00e2n", en: x}\nsau: [\u0111\u1ea5t, n\u01b0\u1edbc]\n', True),
    ("te\u0302n: {vi: x}\n", True),  # a decomposed key, read composed
    ("a: {te\u0302\u0301n: x, b: y}\n", True),  # columns count the decomposed characters, as libyaml does
    ('a: ["Nghi\u1ec7m, \u0111\u1ea5t", \u0111\u1ea5t, x]\n', True),
    ("a: b#c\nd: e # f: g\n", True),
    ("  a: 1\n  b:\n    - c\n", True),  # an indented document
    ("a: 1\n b: 2\n", False),
    # a line read once stands the same wherever it repeats: its places come from where it stands
    ("a:\n  x: [1, {y: z}]\n  w:\n  - x: [1, {y: z}]\nb:\n  x: [1, {y: z}]\n", True),
    ("a:\n- k\n- k\nb:\n  - k\n  - k\n", True),
    ("- {from: a, to: b c,  type: d}  \n- [x,   y z]\n- {a: b} # c\n- [a, 'b']\n", True),
    ("- {a: b, c}\n", False),  # a key without a value: left to PyYAML
    ("a:\n  b: 1\n c: 2\n", False),
]


@pytest.mark.parametrize(("text", "scanned"), SCANNED)
def test_the_line_scanner_gives_libyaml_positions_or_none(
    text: str, scanned: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = assert_same(text, monkeypatch)
    loaded = fast_yaml.fast_load(text)
    if loaded is not None:
        positions = line_index(text, loaded[0])
        assert (positions is not None) == scanned, text
        assert fast == scanned


def test_the_line_scanner_checks_what_it_found_against_the_data() -> None:
    text = "a: 1\nb: [x, y]\n"
    assert line_index(text, {"a": 1, "b": ["x", "y"]}) == {("a",): (1, 1), ("b",): (2, 1), ("b", 0): (2, 5),
                                                           ("b", 1): (2, 8), (): (1, 1)}  # fmt: skip
    assert line_index(text, {"a": 1, "b": ["x"]}) is None
    assert line_index(text, {"a": 1, "c": ["x", "y"]}) is None
    assert line_index(text, {"b": ["x", "y"], "a": 1}) is None
    assert line_index("# only a comment\n", None) == {}


def test_duplicate_keys_are_still_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, diags = _parse("components:\n  - id: a\n    name: x\n    name: y\n", "auto", monkeypatch)
    assert doc is not None and diags
    where = diags[0].location
    assert diags[0].code == "ICT004" or "duplicate" in repr(diags[0]).lower()
    assert where is not None and (where.line, where.column) == (4, 5)


def test_yaml_11_values_are_read_as_pyyaml_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, diags = _parse("a: yes\nb: 0755\nc: 1:20\nd: 2025-07-01\ne: off\n", "auto", monkeypatch)
    assert not diags and doc is not None
    assert repr(doc.data) == "{'a': True, 'b': 493, 'c': 80, 'd': datetime.date(2025, 7, 1), 'e': False}"


def test_the_parser_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fast_yaml.ENV, raising=False)
    assert fast_yaml.parser_name().startswith("ictarch line reader, yaml-rs ")
    assert fast_yaml.fast_load("a: 1\n") == ({"a": 1}, False)
    monkeypatch.setenv(fast_yaml.ENV, "base")  # what a base install reads with: the extra left aside
    assert fast_yaml.parser_name().startswith("ictarch line reader, PyYAML ")
    assert fast_yaml.fast_load("a: 1\n") is None
    monkeypatch.setenv(fast_yaml.ENV, "pyyaml")
    assert fast_yaml.parser_name().startswith("PyYAML ")
    assert fast_yaml.fast_load("a: 1\n") is None
    result = CliRunner().invoke(main_command, ["--version"])
    assert result.exit_code == 0 and "PyYAML" in result.output and "yaml-rs" not in result.output
    monkeypatch.setenv(fast_yaml.ENV, "auto")
    result = CliRunner().invoke(main_command, ["--version"])
    assert result.exit_code == 0 and "yaml-rs" in result.output


def _source_map_locations(paths: list[Path], parser: str, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    monkeypatch.setenv(fast_yaml.ENV, parser)
    ws = load_workspace(paths, jobs=1)
    out: list[object] = []
    for loaded in ws.provinces:
        smap = loaded.source_map
        for entity in sorted(smap.entities()):
            out.append((entity, smap.locate(entity)))
            for field in ("id", "name", "realizes", "from", "0", "nothing"):
                out.append((entity, field, smap.locate(entity, field), smap.locate(entity, field, 0)))
    return out


def test_source_maps_point_at_the_same_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "g", 2, 40, 3, clean=True)
    models = [examples_root(), tmp_path / "g"]
    slow = _source_map_locations(models, "pyyaml", monkeypatch)
    fast = _source_map_locations(models, "auto", monkeypatch)
    assert len(slow) > 1000
    assert fast == slow


def _check_output(args: list[str], parser: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv(fast_yaml.ENV, parser)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = CliRunner().invoke(main_command, args)
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_check_output_is_byte_identical_with_and_without_the_extra(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "g", 2, 40, 11, clean=False, dangling=False)
    for model in (examples_root(), tmp_path / "g"):
        args = ["--no-cache", "--no-color", "--lang", "en", "check", "--format", fmt, str(model)]
        slow = _check_output(args, "pyyaml", monkeypatch)
        fast = _check_output(args, "auto", monkeypatch)
        assert slow[0] in (0, 1) and ":" in slow[1]
        assert fast == slow


def test_load_errors_are_the_same_with_and_without_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "g", 2, 40, 5, clean=False, dangling=True)  # dangling links: load errors in each file
    args = ["--no-cache", "--no-color", "--lang", "en", "validate", str(tmp_path / "g")]
    slow = _check_output(args, "pyyaml", monkeypatch)
    fast = _check_output(args, "auto", monkeypatch)
    assert slow[0] == 2
    assert fast == slow


def test_cache_entries_serve_either_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "g", 2, 40, 9, clean=False, dangling=False)
    monkeypatch.setenv("ICTARCH_CACHE_DIR", str(tmp_path / "cache"))
    base = ["--no-color", "--lang", "en", "check", "--format", "json", str(tmp_path / "g")]
    reference = _check_output(["--no-cache", *base], "pyyaml", monkeypatch)
    for writer, reader in (("auto", "pyyaml"), ("pyyaml", "auto"), ("auto", "auto")):
        for entry in (tmp_path / "cache").glob("*") if (tmp_path / "cache").exists() else []:
            entry.unlink()
        assert _check_output(base, writer, monkeypatch) == reference  # cold: writes the entries
        assert list((tmp_path / "cache").glob("*.map.json"))
        assert _check_output(base, reader, monkeypatch) == reference  # warm: served from them


def test_the_json_the_implicit_patterns_search_has_every_string_and_refuses_what_json_refuses() -> None:
    from ictarch.loading.fast_yaml import _as_json

    data = {"a": ["yes", 'say "no"', "C:\\x", 1, 1.5, True], "b": {"vi": "Sở Khoa học"}}
    assert json.loads(_as_json(data)) == data
    assert re.findall(r'"(?:[^"\\]|\\.)*"', _as_json(data)) == re.findall(
        r'"(?:[^"\\]|\\.)*"', json.dumps(data, ensure_ascii=False)
    ), "the same strings, written alike"
    assert json.loads(_as_json({"a": None})) == {"a": None}
    for refused in ({"a": float("nan")}, {"a": [float("inf")]}):
        with pytest.raises(ValueError):
            _as_json(refused)
    with pytest.raises(TypeError):
        _as_json({5: "x"})
