"""The message catalogues: complete in both languages, placeholders that agree, no entry unused, every
message renderable; and the formats of values (money, numbers, dates) each language writes."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from ictarch.i18n import (
    LANGS,
    Msg,
    catalogue,
    format_date,
    join_and,
    msg,
    placeholders,
    positional,
    render,
    render_arg,
    t,
)
from ictarch.models.field_docs import ENUM, FIELD
from ictarch.money import format_number, format_vnd
from tests.conftest import ROOT

LOCALE = ROOT / "ictarch" / "locale"
SITE = ROOT / "exporters" / "site"
SOURCES = [ROOT / "cli.py", *sorted((ROOT / "ictarch").rglob("*.py")), *sorted((ROOT / "exporters").rglob("*.py"))]


def test_the_catalogues_are_plain_yaml_mappings_of_text() -> None:
    for lang in LANGS:
        data = yaml.safe_load((LOCALE / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data, f"{lang}.yaml maps ids to texts"
        bad = [k for k, v in data.items() if not isinstance(v, str) or not v.strip()]
        assert not bad, f"{lang}.yaml: empty or non-text entries {bad}"


RULE = "rule."
"""Rule documentation: the Vietnamese text is in vi.yaml, the English one is the check's docstring."""


HELP = "help."
"""Help of commands and options: the Vietnamese text is in vi.yaml, the English one is the code's (click's help)."""


def _messages(lang: str) -> dict[str, str]:
    return {k: v for k, v in catalogue(lang).items() if not k.startswith((RULE, HELP))}


def test_every_message_has_a_vietnamese_and_an_english_text() -> None:
    vi, en = set(_messages("vi")), set(_messages("en"))
    assert not vi - en, f"no English text for {sorted(vi - en)}"
    assert not en - vi, f"no Vietnamese text for {sorted(en - vi)}"


def test_both_texts_of_a_message_use_the_same_placeholders() -> None:
    differ = {
        key: (sorted(placeholders(catalogue("vi")[key])), sorted(placeholders(catalogue("en")[key])))
        for key in _messages("vi")
        if placeholders(catalogue("vi")[key]) != placeholders(catalogue("en")[key])
    }
    assert not differ, f"placeholders differ (vi, en): {differ}"


def test_both_texts_of_a_message_format_a_placeholder_the_same_way_where_it_matters() -> None:
    """A budget is money in both languages, a date a date: the kinds of value agree."""
    kinds = ("vnd", "date", "num", "and", "or", "list", "semi")

    def specs(text: str) -> set[tuple[str, str]]:
        return {
            (name, spec.partition(":")[0])
            for _lit, name, spec, _conv in string.Formatter().parse(text)
            if name and spec and spec.partition(":")[0] in kinds
        }

    differ = [k for k in _messages("vi") if specs(catalogue("vi")[k]) != specs(catalogue("en")[k])]
    assert not differ, f"a placeholder is formatted differently in vi and en: {differ}"


@cache
def _literals() -> tuple[frozenset[str], tuple[str, ...]]:
    """String constants of the code, and the literal heads of f-strings (``f"severity.{x}"`` → ``severity.``)."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    direction_values: set[tuple[str, str]] = set()
    for path in SOURCES:
        site = SITE in path.parents  # the site names its labels without the "site." of their ids
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(f"site.{node.value}" if site else node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    if site and head.value.endswith("-"):
                        prefixes.add(f"site.{head.value}")
                    elif "." in head.value:
                        prefixes.add(head.value)
                tail = node.values[-1]
                if site and isinstance(head, ast.FormattedValue) and isinstance(tail, ast.Constant):
                    for name in ast.walk(head.value):  # f"{direction}-caption" with direction a literal
                        if isinstance(name, ast.Name):
                            direction_values.add((name.id, str(tail.value)))
    for var, suffix in direction_values:
        constants.update(c + suffix for c in list(constants) if c.startswith("site.") and var)
    return frozenset(constants), tuple(sorted(prefixes))


def test_every_check_has_its_documentation_in_both_languages() -> None:
    """English in the docstring (title, Rationale), Vietnamese in the catalogue; no entry for an unknown code."""
    from ictarch.checks import default_registry

    registry = default_registry()
    missing = [
        f"{RULE}{spec.code}.{part}"
        for spec in registry
        for part in ("title", "rationale")
        if f"{RULE}{spec.code}.{part}" not in catalogue("vi")
    ]
    assert not missing, f"Vietnamese rule documentation missing: {missing}"
    assert all(spec.title and spec.sections.get("Rationale") for spec in registry)
    codes = {spec.code for spec in registry}
    stray = [k for k in catalogue("vi") if k.startswith(RULE) and k.split(".")[1] not in codes]
    assert not stray, f"documentation of checks that do not exist: {stray}"
    assert not [k for k in catalogue("en") if k.startswith(RULE)], "English rule documentation is the docstring"


def test_every_catalogue_entry_is_used_by_the_code() -> None:
    constants, prefixes = _literals()
    # the schema descriptions are read by prefix; tests/test_editor.py checks each names a real field;
    # click's own texts are found by their English wording (tests/test_cli_language.py)
    prefixes = (*prefixes, FIELD, ENUM, "click.")
    unused = [k for k in catalogue("vi") if k not in constants and not k.startswith(prefixes)]
    assert not unused, f"catalogue entries no code uses (remove them from both catalogues): {unused}"


def test_every_message_id_the_code_names_is_in_the_catalogue() -> None:
    """Ids written in full in ``msg("...")`` / ``t("...")`` calls exist."""
    missing = set()
    for path in SOURCES:
        prefix = "site." if SITE in path.parents else ""
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("msg", "t", "tr")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and prefix + node.args[0].value not in catalogue("vi")
            ):
                missing.add(f"{path.relative_to(ROOT)}:{node.lineno} {node.args[0].value}")
    assert not missing, f"message ids missing from the catalogue: {sorted(missing)}"


def _sample(spec: str) -> object:
    kind = spec.partition(":")[0]
    return {
        "vnd": 1_500_000_000,
        "num": 12_500,
        "date": "2026-12-31",
        "plural": 2,
        "and": ("alpha.lgsp", "beta.lgsp"),
        "list": ("alpha.lgsp", "beta.lgsp"),
        "semi": ("alpha.lgsp", "beta.lgsp"),
        "or": ("alpha.lgsp", "beta.lgsp"),
    }.get(kind, "mẫu")


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_renders_with_sample_arguments(lang: str) -> None:
    for key, text in catalogue(lang).items():
        args = {name: _sample(spec) for _lit, name, spec, _conv in string.Formatter().parse(text) if name}
        out = render(msg(key, **args), lang)  # type: ignore[arg-type]
        assert out.strip(), key
        assert "{" not in out.replace("{{", "") or "{" in text.replace("{", "", 0), key
        for name, value in args.items():
            if value == "mẫu":
                assert "mẫu" in out, f"{key}: {name} not shown"


def test_messages_render_in_each_language_with_formatted_values() -> None:
    message = msg("report.verdict-fail", n=3, severity=msg("severity.high"))
    assert render(message, "vi") == "3 phát hiện từ mức cao trở lên: mã thoát 1"
    assert render(message, "en") == "3 at or above high: exit 1"
    assert t("report.head", "en", provinces="x", checks=1) == "ictarch check: x — 1 check"
    assert t("report.head", "en", provinces="x", checks=2) == "ictarch check: x — 2 checks"
    assert render("text without an entry", "vi") == "text without an entry"


def test_a_message_is_data_its_json_keeps_id_and_arguments() -> None:
    message = msg("report.verdict-fail", n=3, severity=msg("severity.high"))
    assert message.to_json() == {
        "id": "report.verdict-fail",
        "args": {"n": 3, "severity": {"id": "severity.high", "args": {}}},
    }
    assert message == Msg("report.verdict-fail", {"n": 3, "severity": msg("severity.high")})
    assert hash(message) == hash(msg("report.verdict-fail", n=3, severity=msg("severity.high")))
    assert msg("x", items=["b", "a"]).args["items"] == ("b", "a"), "lists kept in order, as tuples"


def test_sarif_strings_number_the_placeholders_in_order() -> None:
    assert positional("{a} và {b:vnd}, lại {a}") == ("{0} và {1}, lại {0}", ["a", "b"])
    assert positional("tỷ lệ {{x}} {n}") == ("tỷ lệ {{x}} {0}", ["n"])
    message = msg("report.junit-below", severity=msg("severity.low"), detail="d")
    assert render_arg(message, "severity", "vi") == "thấp"


def test_money_as_provincial_documents_write_it() -> None:
    assert format_vnd(95_000_000_000) == "95 tỷ đồng"
    assert format_vnd(1_500_000_000) == "1,5 tỷ đồng"
    assert format_vnd(1_234_500_000_000) == "1.234,5 tỷ đồng"
    assert format_vnd(500_000_000) == "500 triệu đồng"
    assert format_vnd(95_000_000_000, "en") == "95 billion VND"
    assert format_vnd(1_234_500_000_000, "en") == "1,234.5 billion VND"
    assert format_vnd(None) == "—"
    assert format_number(12_500) == "12.500" and format_number(12_500, "en") == "12,500"


def test_dates_are_dd_mm_yyyy_in_vietnamese_iso_in_english() -> None:
    assert format_date(dt.date(2026, 7, 1)) == "01/07/2026"
    assert format_date("2026-07-01", "en") == "2026-07-01"
    assert join_and(["a", "b", "c"]) == "a, b và c" and join_and(["a", "b"], "en") == "a and b"


def _glossary() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", text, re.MULTILINE)
    return [(vi.strip(), en.strip()) for vi, en in rows if vi.strip() not in ("Tiếng Việt", "---")]


def test_the_catalogue_follows_the_glossary() -> None:
    """Where an English text uses a glossary term, its Vietnamese text uses the glossary's Vietnamese term."""
    pairs = _glossary()
    assert len(pairs) >= 15, "docs/glossary.md lists the terms in a table"
    wrong = []
    for key, text in catalogue("en").items():
        if key.startswith("click."):  # click's wording: "exit" there is to leave, not an exit code
            continue
        en = re.sub(r"\{[^{}]*\}|'[^']*'|`[^`]*`", " ", text)  # placeholders and quoted code are not words
        vi = catalogue("vi")[key].lower()
        for term_vi, term_en in pairs:
            if re.search(rf"\b{re.escape(term_en.lower())}\b", en.lower()) and term_vi.lower() not in vi:
                wrong.append(f"{key}: '{term_en}' should be '{term_vi}'")
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_is_in_the_package_data() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*.yaml"' in text and Path(LOCALE / "vi.yaml").is_file()


def test_a_text_given_in_both_languages_by_its_source_renders_each() -> None:
    from ictarch.i18n import bilingual

    both = bilingual("Loại thành phần.", "Kind of component.")
    assert render(both, "vi") == "Loại thành phần." and render(both, "en") == "Kind of component."


def test_a_message_key_kept_on_the_message_changes_neither_equality_hashing_nor_a_pickled_copy() -> None:
    import dataclasses
    import json
    import pickle

    from ictarch.findings import message_key

    inner = msg("finding.more.components", n=4)
    args = {"name": "A", "own": "", "provinces": 1}
    first = msg("finding.ICT204", component="a", others=("x", "y"), what=inner, n=2, **args)
    second = msg("finding.ICT204", component="a", others=("x", "y"), what=inner, n=2, **args)
    expected = json.dumps(first.to_json(), sort_keys=True, ensure_ascii=False)
    assert first.key() == expected and message_key(first) == expected
    assert first == second and hash(first) == hash(second)  # one with its key kept, one without
    copy = pickle.loads(pickle.dumps(first))
    assert copy == first and copy.key() == expected and copy._key == expected, "the copy carries the key"
    assert "_key" not in repr(first)
    changed = dataclasses.replace(first, args={**first.args, "n": 3})
    assert changed._key is None and changed.key() != first.key(), "a message made from it computes its own key"
    assert render(copy, "en") == render(second, "en")
    other = msg("finding.ICT204", component="b", others=("x", "y"), what=inner, n=2, **args)
    assert other.key() != first.key()


def _argument_for(spec: str) -> Any:
    kind = spec.partition(":")[0]
    if kind in ("num", "vnd", "plural"):
        return 12500
    if kind == "date":
        return "2026-12-31"
    if kind in ("and", "or", "list", "semi"):
        return ("a", msg("value.none"), 3)
    return msg("value.none") if spec == "" else "x"


@pytest.mark.parametrize("lang", LANGS)
def test_a_message_and_its_arguments_are_rendered_once_as_render_and_render_arg_give_them(lang: str) -> None:
    """SARIF's message text and arguments: every catalogue message with arguments of each format."""
    from ictarch.i18n import _compiled, render_arg, render_with_arguments

    compared = 0
    for message_id, template in catalogue(lang).items():
        compiled = _compiled(message_id, lang)
        if compiled is None:
            continue
        args = {name: _argument_for(spec) for name, spec in compiled.specs}
        message = Msg(message_id, args)
        names = positional(template)[1]
        assert render_with_arguments(message, lang) == (
            render(message, lang),
            [render_arg(message, name, lang) for name in names],
        ), message_id
        compared += bool(args)
    assert compared > 300


def test_a_placeholder_with_two_formats_is_rendered_as_render_and_render_arg_give_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ictarch import i18n

    texts = {**i18n.catalogue("en"), "test.two-formats": "{n:num} items ({n}) of {who}"}
    monkeypatch.setattr(i18n, "catalogue", lambda lang: texts)
    try:
        message = Msg("test.two-formats", {"n": 12500, "who": "p01"})
        compiled = i18n._compiled("test.two-formats", "en")
        assert compiled is not None and not compiled.uniform
        assert i18n.render_with_arguments(message, "en") == ("12,500 items (12500) of p01", ["12,500", "p01"])
    finally:
        i18n._compiled.cache_clear()


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"text": 'quote " backslash \\ tab \t newline \n bell \x07 đồng 🙂 \u2028'},
        {"n": 0, "big": 10**30, "negative": -5, "yes": True, "no": False, "none": None},
        {"ratio": 0.1, "nan": float("nan"), "inf": float("inf")},
        {"items": ("a", 1, None, ("nested", True), msg("finding.more.components", n=3)), "empty": ()},
        {"z": "last", "a": "first", "M": "capital", "é": "accent", "_": "underscore"},
        {"day": dt.date(2026, 12, 3), "kind": dt.date(2026, 1, 1)},
        {"level": __import__("ictarch.findings", fromlist=["Severity"]).Severity.HIGH},
        {"phrase": msg("finding.ICT204.national", capability="cap.x 'Tên'"), "n": 2},
    ],
)
def test_a_message_key_is_the_sorted_json_of_the_message_whatever_its_arguments(args: dict[str, object]) -> None:
    import json

    inner = msg("finding.ICT204.own", others=args.get("items", ("x",)))
    message = msg("finding.ICT204", what=inner, **args)
    assert message.key() == json.dumps(message.to_json(), sort_keys=True, ensure_ascii=False)
    json.loads(message.key())  # and it is JSON
