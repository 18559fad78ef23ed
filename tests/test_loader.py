"""The loader reports every problem at once, each at its exact file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ictarch.errors import ModelLoadError
from ictarch.i18n import render
from ictarch.loading import load_catalogue, load_workspace, parse_yaml
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE, SAMPLES

INVALID = SAMPLES / "invalid"

# (sample, [(code, line, column, path, text in the message)])
CASES = [
    (
        "three_errors.yaml",
        [
            ("ICT002", 14, 5, "components[0].status", "duplicate key 'status'"),
            ("ICT005", 15, 16, "components[0].realizes[0]", "'t.L9' is not a known reference component or layer"),
            ("ICT003", 16, 5, "components[0].securty_level", "unknown field 'securty_level'"),
        ],
    ),
    ("syntax_error.yaml", [("ICT001", 12, 9, "", "did not find expected ',' or '}'")]),
    ("bad_enum.yaml", [("ICT003", 13, 5, "components[0].status", "invalid value 'active' for 'status'")]),
    (
        "wrong_type.yaml",
        [
            ("ICT003", 14, 5, "components[0].security_level", "'security_level' has the wrong type: got str 'high'"),
            ("ICT003", 18, 5, "projects[0].budget_vnd", "'budget_vnd' has the wrong type"),
        ],
    ),
    ("missing_field.yaml", [("ICT003", 10, 5, "components[0].kind", "missing required field 'kind'")]),
    ("label_as_text.yaml", [("ICT003", 11, 5, "components[0].name", "'name' has the wrong type")]),
    (
        "duplicate_id.yaml",
        [
            ("ICT004", 14, 5, "components[1].id", "duplicate component or project id 'bad.app'"),
            ("ICT005", 19, 21, "relationships[0].to", "'bad.ghost' is not a known component"),
        ],
    ),
    (
        "include_escape",
        [
            ("ICT006", 10, 5, "include[0]", "include '../three_errors.yaml' leaves the model's folder"),
            ("ICT006", 11, 5, "include[1]", "include 'missing.yaml' matches no file"),
        ],
    ),
]


def _errors(path: Path) -> list[tuple[str, int, int, str, str]]:
    with pytest.raises(ModelLoadError) as info:
        load_workspace([path], MINI_REFERENCE)
    out = []
    for d in info.value.diagnostics:
        assert d.location is not None, d
        out.append((d.code, d.location.line, d.location.column, d.location.path, d.text("en")))
    return out


@pytest.mark.parametrize(("sample", "expected"), CASES, ids=[c[0] for c in CASES])
def test_invalid_sample_reports_exact_positions(sample: str, expected: list[tuple[str, int, int, str, str]]) -> None:
    got = _errors(INVALID / sample)
    assert len(got) == len(expected), got
    for (code, line, col, path, text), (g_code, g_line, g_col, g_path, g_msg) in zip(expected, got, strict=True):
        assert (g_code, g_line, g_col, g_path) == (code, line, col, path)
        assert text in g_msg
        assert g_msg  # message is never empty


def test_diagnostics_name_the_file() -> None:
    with pytest.raises(ModelLoadError) as info:
        load_workspace([INVALID / "three_errors.yaml"], MINI_REFERENCE)
    assert {Path(d.location.file).name for d in info.value.diagnostics if d.location} == {"three_errors.yaml"}


def test_unknown_field_suggests_the_close_name_and_lists_fields() -> None:
    with pytest.raises(ModelLoadError) as info:
        load_workspace([INVALID / "three_errors.yaml"], MINI_REFERENCE)
    unknown = next(d for d in info.value.diagnostics if d.code == "ICT003")
    assert render(unknown.hint, "en") == "did you mean 'security_level'?"
    assert unknown.expected is not None and "security_level" in render(unknown.expected, "en")


def test_enum_error_lists_allowed_values() -> None:
    with pytest.raises(ModelLoadError) as info:
        load_workspace([INVALID / "bad_enum.yaml"], MINI_REFERENCE)
    (d,) = info.value.diagnostics
    assert d.expected is not None
    for value in ("existing", "in-progress", "planned", "retired"):
        assert value in render(d.expected, "en")


def test_duplicate_id_and_duplicate_key_point_at_both_places() -> None:
    with pytest.raises(ModelLoadError) as info:
        load_workspace([INVALID / "duplicate_id.yaml"], MINI_REFERENCE)
    dup = next(d for d in info.value.diagnostics if d.code == "ICT004")
    assert dup.related is not None and (dup.related.line, dup.related.column) == (10, 5)
    with pytest.raises(ModelLoadError) as info:
        load_workspace([INVALID / "three_errors.yaml"], MINI_REFERENCE)
    key = next(d for d in info.value.diagnostics if d.code == "ICT002")
    assert key.related is not None and key.related.line == 13


def test_valid_fragmented_model_loads_with_positions_in_the_fragment() -> None:
    ws = load_workspace([MINI_PROVINCE], MINI_REFERENCE)
    (p,) = ws.provinces
    assert p.code == "mini"
    assert [c.id for c in p.architecture.components] == ["mini.lgsp", "mini.portal", "mini.soc"]
    loc = p.locate("mini.portal", "status")
    assert loc is not None and Path(loc.file).name == "components.yaml" and loc.line == 16
    proj = p.locate("mini.p.apps")
    assert proj is not None and Path(proj.file).name == "province.yaml" and proj.line == 34


def test_error_in_a_fragment_points_into_the_fragment(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    text = (MINI_PROVINCE / "province.yaml").read_text(encoding="utf-8")
    (model / "province.yaml").write_text(text, encoding="utf-8")
    frag = (
        (MINI_PROVINCE / "components.yaml")
        .read_text(encoding="utf-8")
        .replace("security_level: 3", "security_level: 9")
    )
    (model / "components.yaml").write_text(frag, encoding="utf-8")
    (d,) = _errors(model)
    assert d[0] == "ICT003" and d[3] == "components[0].security_level" and d[1] == 11
    assert "less than or equal to 5" in d[4]


def test_fragment_may_not_carry_identity(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "province.yaml").write_text((MINI_PROVINCE / "province.yaml").read_text(encoding="utf-8"), "utf-8")
    (model / "components.yaml").write_text(
        (MINI_PROVINCE / "components.yaml").read_text(encoding="utf-8") + "programme: {name: {vi: x}}\n", "utf-8"
    )
    got = _errors(model)
    assert [(g[0], g[3]) for g in got] == [("ICT003", "programme")]
    assert "cannot stand in a fragment file" in got[0][4]


def test_duplicate_key_is_never_silently_dropped() -> None:
    doc, diags = parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert doc is not None and doc.data == {"a": 1, "b": 2}  # the first value is kept, and it is an error
    assert [(d.code, d.location.line if d.location else 0) for d in diags] == [("ICT002", 3)]
    # PyYAML alone would keep the last value without a word:
    assert yaml.safe_load("a: 1\nb: 2\na: 3\n") == {"a": 3, "b": 2}


def test_alias_bomb_is_rejected() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for name in "bcdefghij":
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        prev = name
    doc, diags = parse_yaml(bomb, "bomb.yaml")
    assert doc is None
    assert diags[0].code == "ICT001" and "nodes" in diags[0].text("en")


def test_non_utf8_and_missing_files_are_clean_errors(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("tên: Quảng Trị".encode("utf-16"))
    got = _errors(bad)
    assert got[0][0] == "ICT007" and "not UTF-8" in got[0][4]
    with pytest.raises(ModelLoadError) as info:
        load_workspace([tmp_path / "nope"], MINI_REFERENCE)
    assert info.value.diagnostics[0].code == "ICT007"


def test_unsafe_tags_are_not_executed(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text("province: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    got = _errors(evil)
    assert got[0][0] == "ICT001" and "python/object/apply" in got[0][4]


def test_non_text_keys_are_reported(tmp_path: Path) -> None:
    doc, diags = parse_yaml("yes: 1\n2: b\n", "k.yaml")
    assert doc is not None
    assert [d.code for d in diags] == ["ICT003", "ICT003"]
    assert "quote the key" in render(diags[0].hint or "", "en")


def test_reference_catalogue_errors_are_collected(tmp_path: Path) -> None:
    ref = tmp_path / "ref"
    ref.mkdir()
    text = (MINI_REFERENCE / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "capability: cap.integration\n            source: {document: doc.ref, section",
        "capability: cap.integrashun\n            source: {document: doc.ref, section",
    )
    text = text.replace("supersedes: [doc.egov1]", "supersedes: [doc.egov0]")
    (ref / "mini.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ModelLoadError) as info:
        load_catalogue(ref)
    messages = sorted(d.text("en") for d in info.value.diagnostics)
    assert len(messages) == 2
    assert "'cap.integrashun' is not a known capability" in messages[0]
    assert "'doc.egov0' is not a known reference document" in messages[1]
    assert all(d.location is not None and d.location.line > 1 for d in info.value.diagnostics)


def test_reference_duplicate_ids_across_files(tmp_path: Path) -> None:
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "a.yaml").write_text((MINI_REFERENCE / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (ref / "b.yaml").write_text(
        "documents:\n  - id: doc.ref\n    number: x\n    date: null\n    kind: decision\n"
        "    issuer: {vi: a}\n    title: {vi: b}\n    status: current\n    provenance: verified\n",
        encoding="utf-8",
    )
    with pytest.raises(ModelLoadError) as info:
        load_catalogue(ref)
    (d,) = info.value.diagnostics
    assert d.code == "ICT004" and d.location is not None and Path(d.location.file).name == "b.yaml"
    assert d.related is not None and Path(d.related.file).name == "a.yaml"


def test_recursive_alias_is_rejected() -> None:
    doc, diags = parse_yaml("a: &a [1, *a]\n", "loop.yaml")
    assert doc is None and diags[0].code == "ICT001"


def test_shared_aliases_within_bounds_are_accepted() -> None:
    doc, diags = parse_yaml("base: &b {vi: Tỉnh}\nname: *b\nother: *b\n", "ok.yaml")
    assert not diags and doc is not None and doc.data["other"] == {"vi": "Tỉnh"}


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_an_include_naming_a_pipe_or_a_folder_is_refused_with_its_place_and_never_waited_on(
    tmp_path: Path, kind: str
) -> None:
    import os
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    model = tmp_path / "mini"
    shutil.copytree(MINI_PROVINCE, model)
    main = model / "province.yaml"
    text = main.read_text(encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(model / "parts.yaml")
    else:
        (model / "parts.yaml").mkdir()
    lines = text.splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.startswith("include:"))
    lines.insert(at + 1, "  - parts.yaml\n")
    main.write_text("".join(lines), encoding="utf-8")
    options = ["--no-cache", "--no-color", "--reference", str(MINI_REFERENCE)]
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())", *options, "validate", str(model)],
        capture_output=True,
        text=True,
        timeout=60,  # reading a FIFO would block for ever
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr
    what = "một đường ống có tên (FIFO)" if kind == "fifo" else "một thư mục"
    assert f"province.yaml:{at + 2}:5: ICT006 include 'parts.yaml' chỉ đến " in done.stderr
    assert f"parts.yaml, đây là {what}; không đọc" in done.stderr


def test_decomposed_vietnamese_is_read_composed_with_one_note(tmp_path: Path) -> None:
    """Text typed as NFD (base letters and combining marks) is read as NFC, so the same name compares equal
    and every output carries the composed form; the run says so once, on stderr, and still exits 0."""
    import json
    import shutil
    import unicodedata

    from click.testing import CliRunner

    from cli import main

    model = tmp_path / "mini"
    shutil.copytree(MINI_PROVINCE, model)
    for name in ("province.yaml", "components.yaml"):
        path = model / name
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", (model / "province.yaml").read_text(encoding="utf-8"))
    env = {"ICTARCH_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the second run comes from the cache and says the same
        result = CliRunner().invoke(
            main, ["--reference", str(MINI_REFERENCE), "--format", "json", "show", str(model)], env=env
        )
        assert result.exit_code == 0, result.output
        assert result.stderr.count("lưu ý: 2 tệp chứa văn bản Unicode dạng tách (NFD)") == 1, result.stderr
        assert "province.yaml" in result.stderr and "components.yaml" in result.stderr
        assert unicodedata.is_normalized("NFC", result.stdout) and "Tỉnh Thử" in result.stdout
        json.loads(result.stdout)
    plain = CliRunner().invoke(main, ["--reference", str(MINI_REFERENCE), "validate", str(MINI_PROVINCE)])
    assert plain.exit_code == 0 and "lưu ý:" not in plain.stderr


def test_a_model_path_naming_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "model.yaml")
    with pytest.raises(ModelLoadError) as info:
        load_workspace([tmp_path / "model.yaml"], MINI_REFERENCE)
    (diagnostic,) = info.value.diagnostics
    assert "is a named pipe (FIFO), not a model file; it is not read" in diagnostic.text("en")
    assert "là một đường ống có tên (FIFO), không phải tệp mô hình; không đọc" in diagnostic.text("vi")


def test_composing_touches_the_text_not_the_escapes_that_wrote_it() -> None:
    """A combining mark after an escape ("\\P" then U+0301) must not compose with the escape's letter."""
    doc, diagnostics = parse_yaml('name: "a\\P\u0301e\u0302\u0301"\n', "x.yaml")
    assert diagnostics == [] and doc is not None
    assert doc.data == {"name": "a\u2029\u0301ế"} and doc.normalized
