"""The line reader reads what PyYAML reads: the same data (types included), the same positions in the same order,
the same NFC flag, and a text it is not sure of goes to PyYAML, which gives the same errors at the same places.
Differential, base install (``ICTARCH_YAML_PARSER=base``: the line reader, then PyYAML) against PyYAML alone, over
every shipped model, both generators' models, the fuzz corpus, YAML 1.1 values in every place a scalar stands,
edge texts, and texts generated at random (hypothesis); and end to end, ``check`` byte for byte."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import national
from benchmarks.fuzz_models import HOSTILE_SCALARS, MUTATIONS, hostile_texts, mutated_texts, shipped_files
from benchmarks.generate import generate
from cli import main as main_command
from ictarch.loading import examples_root
from ictarch.loading.line_reader import line_read
from ictarch.loading.yaml_doc import parse_yaml
from ictarch.yaml_parser import ENV


def _parse(text: str, parser: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv(ENV, parser)
    return parse_yaml(text, "f.yaml")


def same(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Read ``text`` both ways and compare everything; whether the line reader read it."""
    slow, slow_diags = _parse(text, "pyyaml", monkeypatch)
    mine, my_diags = _parse(text, "base", monkeypatch)
    assert repr(my_diags) == repr(slow_diags), text
    read = line_read(text)
    if read is not None:
        assert slow is not None and not slow_diags, f"read a text PyYAML refuses: {text!r}"
    if slow is None or mine is None:
        assert slow is None and mine is None, text
        return read is not None
    assert repr(mine.data) == repr(slow.data), text  # repr: 1 and True, 1.0 and 1, a date and its text told apart
    assert list(mine.positions.items()) == list(slow.positions.items()), text  # the order too: source maps follow it
    assert mine.normalized == slow.normalized, text
    return read is not None


def test_every_shipped_file_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    files = shipped_files()
    assert len(files) >= 20
    read = [same(f.read_text(encoding="utf-8"), monkeypatch) for f in files]
    assert sum(read) >= 10, "the shipped files without block scalars are the line reader's"


def test_generated_models_are_read_by_the_line_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "a", 3, 40, 7, clean=False)
    generate(tmp_path / "b", 2, 60, 8, clean=True)
    national.generate(tmp_path / "n", 3, 60, 20260701)
    national.generate(tmp_path / "m", 2, 150, 7)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert len(files) > 20
    assert all(same(f.read_text(encoding="utf-8"), monkeypatch) for f in files), "generated models are plain block YAML"


@pytest.mark.parametrize("value", HOSTILE_SCALARS)
def test_every_hostile_scalar_reads_the_same(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for text in hostile_texts(value):
        same(text, monkeypatch)


def test_fuzz_corpus_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    kinds: set[str] = set()
    read = sum(same(text, monkeypatch) for text in mutated_texts(random.Random(20261205), 300, kinds))
    assert kinds == set(MUTATIONS)
    assert read, "some mutated texts stay the line reader's"


YAML_11 = [
    "yes", "Yes", "YES", "no", "NO", "on", "On", "off", "OFF", "y", "n", "true", "True", "tRUE", "false", "null",
    "Null", "nULL", "~", "0755", "0o17", "0x1F", "0b101", "1_000", "1:20", "1:20.5", "190:20:30", "2025-07-01",
    "2025-07-01 10:00:00", "2025-07-01T10:00:00Z", "2025-02-30", "1e3", "1E3", "1.0E+3", "1.0e3", "1.5", "-1.5",
    "+1", "-0", "00", "09", ".5", "1.", ".inf", "-.Inf", ".nan", "=", "12 trạm", "3.14.15", "x - 1", "0.5.1",
    "12:30", "+", "+.5", "1,5", "99999999999999999999", "-x", ":x", "?x", "a#b", "a #b", "'q'", '"q"', "'it''s'",
    "''", '""', "Te\u0302\u0301t", "a b  ", "x: y", "[a]", "{a: b}", "[]", "{}",
]  # fmt: skip


@pytest.mark.parametrize("value", YAML_11)
def test_yaml_11_values_read_as_pyyaml_reads_them_wherever_they_stand(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in (
        f"k: {value}\n",
        f"- {value}\n",
        f"k:\n  - {value}\n  - x\n",
        f"k: [{value}, x]\n",
        f"k: {{a: {value}, b: x}}\n",
        f"k: {{a: [{value}]}}\n",
        f"{value}: 1\n",
        f"k: {{{value}: 1}}\n",
        f"- k: {value}\n  j: {value}  # c\n",
    ):
        same(text, monkeypatch)


EDGES = [
    "a:\n- x\n- y\nb: 1\n",
    "a:\n  - id: x\n    tags:\n    - t\n    n: 2\n  - id: y\n",
    "- - x\n",
    "-\n  a: 1\n  b: 2\n-\n  - z\n",
    "- a\n-\n- b\n",
    "- a\n-\n",
    "k:   # a comment\n    deep: {x: [1, {y: 'it''s', z: \"a, b\"}], e: [], f: {}}  # c, d\n",
    "'quoted key': 1\n\"other\" : 2\nplain key  : 3\n",
    "a: {b: [c, d], e: {f: [g, {h: i}]}}\n",
    "a: [b,\n  c]\n",
    "a: {b: c} d\n",
    "a: x\n  b: y\n",
    "a: plain\n  continued\n",
    "a: 'x' # c\nb: \"y\"\n",
    'tên: {vi: "Người dân", en: x}\nsau: [đất, nước]\n',
    "te\u0302n: {vi: x}\n",
    "a: {te\u0302\u0301n: x, b: y}\n",
    "a: b#c\nd: e # f: g\n",
    "  a: 1\n  b:\n    - c\n",
    "a: 1\n b: 2\n",
    "a:\n  x: [1, {y: z}]\n  w:\n  - x: [1, {y: z}]\nb:\n  x: [1, {y: z}]\n",
    "a:\n- k\n- k\nb:\n  - k\n  - k\n",
    "- {from: a, to: b c,  type: d}  \n- [x,   y z]\n- {a: b} # c\n- [a, 'b']\n",
    "- {a: b, c}\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 1\na: 2\n",
    "a: 1\nb:\n  c: 1\n  c: 2\n",
    "a: {x: 1, x: 2}\n",
    "a: {x: 1, 'x': 2}\n",
    "yes: 1\n",
    "1: a\n",
    "~: a\n",
    "a:\n",
    "a:\nb:\n",
    "a: ''\nb: ' x '\n",
    "a: -\n",
    "a: b: c\n",
    "a: b:\n",
    "[a, b]\n",
    "{a: b}\n",
    "just text\n",
    "",
    "# only a comment\n",
    "\n\n",
    "a: 1",
    "a: [ ]\nb: { }\n",
    "a: [x, ]\n",
    "a: {b: }\n",
    "- [a, [b, [c, [d]]]]\n",
    "a: 'x''y' z\n",
    'a: "x" "y"\n',
    "a: x\n\n\n  \nb: y\n",
    "a:\n  # c\n  b: 1\n",
    "a:\n\n  b: 1\n",
    "- a: 1\n  - b\n",
    "- a: 1\n -b: 2\n",
    "a:\n  - b\n  c: 1\n",
    "a:\n- b\nc:\n- d\n  - e\n",
    # what only the yaml-rs path screens: the line reader refuses the line itself, or types it as PyYAML does
    "a: |\n  x\n  y\nb: 1\n",
    "a: >-\n  x\n\n  y\n",
    "- |\n  x\n- >\n  y\n",
    "a: b | c\nd: e > f\ng: [h|i, j>k]\n",
    "[a, b]: c\n",
    "{a: 1}: c\n",
    "- {a: 1}: c\n",
    "- [a] : c\n",
    "a: {[b]: c}\n",
    "a: [{b: c}: d]\n",
    "a: {b: [c]: d}\n",
    "a: 0755\nb: 1e3\nc: +.5\nd: 0o17\ne: 1:20\nf: [0755, 1e3, -.5, 1E+3]\ng: {h: 0x1F, i: 0b101}\n",
    "0755: a\n1e3: b\n",
    "<<: {a: 1}\n",
    "a: <<\n",
    "a: {<<: b}\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_texts_read_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    same(text, monkeypatch)


def test_the_line_reader_reads_the_plain_block_style_and_leaves_the_rest() -> None:
    assert line_read("a: 1\nb: [x, y]\n") == (
        {"a": 1, "b": ["x", "y"]},
        {("a",): (1, 1), ("b",): (2, 1), ("b", 0): (2, 5), ("b", 1): (2, 8), (): (1, 1)},
        False,
    )
    assert line_read("# nothing\n") == (None, {}, False)
    for text in ("a: 1\na: 2\n", "yes: 1\n", "a: 2025-02-30\n", "- a\n-\n", "a: x\n  y\n", "a: &x 1\nb: *x\n"):
        assert line_read(text) is None, text
    data, _, normalized = line_read("t\u00ean: Te\u0302\u0301t\n") or (None, None, False)
    assert data == {"tên": "Tết"} and normalized
    read = line_read("- [1, 2]\n- [1, 2]\n- {a: []}\n- {a: []}\n")
    assert read is not None and read[0] == [[1, 2], [1, 2], {"a": []}, {"a": []}]
    first, second, third, fourth = read[0]
    assert first is not second and third["a"] is not fourth["a"], "a line met again gives collections of its own"


_KEYS = st.sampled_from(["a", "b", "id", "name", "kind", "tên", "te\u0302n", "'q k'", '"d k"', "yes", "1", "x y"])
_SCALARS = st.sampled_from([*YAML_11, "plain text", "p01.app-00001", "Sở Khoa học", "'a, b'", '"x: y"', "a # c"])


def _leaf(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 4:
        items = draw(st.lists(_SCALARS, max_size=3))
        return "[" + ", ".join(items) + "]"
    if kind == 5:
        pairs = draw(st.lists(st.tuples(_KEYS, _SCALARS), max_size=3))
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    return draw(_SCALARS)


@st.composite
def _block(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> str:
    """A block mapping or sequence, its lines at ``indent``, with comments, blank lines and odd spacing."""
    sequence = draw(st.booleans())
    lines: list[str] = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 4))):
        head = f"{pad}- " if sequence else f"{pad}{draw(_KEYS)}:{draw(st.sampled_from([' ', '  ']))}"
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            step = draw(st.sampled_from([1, 2, 4] if sequence else [0, 2, 4]))
            inner = draw(_block(indent + step if step else indent, depth + 1))
            if sequence and draw(st.booleans()):
                first, _, rest = inner.lstrip(" ").partition("\n")
                lines.append(f"{pad}- {first}" + (f"\n{rest}" if rest else ""))  # "- key: value" items
            else:
                lines.append(head.rstrip(" "))
                lines.append(inner)
        else:
            lines.append(head + _leaf(draw) + draw(st.sampled_from(["", "  ", " # note", "#x"])))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", f"{pad}# comment", "# c"])))
    return "\n".join(lines)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_block())
def test_generated_texts_read_as_pyyaml_reads_them(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    same(text + "\n", monkeypatch)


def _check(args: list[str], parser: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv(ENV, parser)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = CliRunner().invoke(main_command, args)
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_check_output_is_byte_identical_with_and_without_the_line_reader(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    national.generate(tmp_path / "n", 3, 80, 20260701)
    generate(tmp_path / "g", 2, 40, 11, clean=False, dangling=False)
    for model in (examples_root(), tmp_path / "n", tmp_path / "g"):
        args = ["--no-cache", "--no-color", "--lang", "en", "check", "--format", fmt, str(model)]
        slow = _check(args, "pyyaml", monkeypatch)
        assert slow[0] in (0, 1) and slow[1]
        assert _check(args, "base", monkeypatch) == slow


def test_load_errors_are_the_same_with_and_without_the_line_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "g", 2, 40, 5, clean=False, dangling=True)  # dangling links: load errors in each file
    args = ["--no-cache", "--no-color", "--lang", "en", "validate", str(tmp_path / "g")]
    slow = _check(args, "pyyaml", monkeypatch)
    assert slow[0] == 2
    assert _check(args, "base", monkeypatch) == slow
