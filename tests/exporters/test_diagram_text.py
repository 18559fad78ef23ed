"""Labels are escaped and wrapped for each text format; fixed texts exist in both languages."""

from __future__ import annotations

import pytest

from exporters.dot import html, quote, wrap
from exporters.mermaid import _task_name, escape
from exporters.style import NODE_STYLES, STATUS_STYLES, has_text, text


def test_dot_quoting_and_html_escaping() -> None:
    assert quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    assert html('<b>&"') == "&lt;b&gt;&amp;&quot;"


def test_dot_labels_wrap_at_word_boundaries_and_escape_each_line() -> None:
    assert wrap("Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)") == "Nền tảng tích hợp, chia<BR/>sẻ dữ liệu (LGSP)"
    assert wrap("a<b " * 3, 6) == "a&lt;b<BR/>a&lt;b<BR/>a&lt;b"
    assert wrap("x" * 30, 10) == "xxxxxxxxxx<BR/>xxxxxxxxxx<BR/>xxxxxxxxxx"
    assert wrap("") == ""


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [('say "hi"', "say #quot;hi#quot;"), ("#1 | <x> & `y`", "#35;1 #124; #lt;x#gt; #amp; #96;y#96;"), ("a\nb", "a b")],
)
def test_mermaid_labels_use_entity_codes(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_gantt_task_names_avoid_separators_and_keywords() -> None:
    assert _task_name("Dự án: giai đoạn 1; #2") == "Dự án꞉ giai đoạn 1, №2"
    assert _task_name("click here") == "‣ click here"
    assert _task_name("  ") == "-"


def test_every_kind_status_and_fixed_text_has_both_languages() -> None:
    for key in [*NODE_STYLES, *STATUS_STYLES]:
        if key != "placeholder":
            assert text(key, "vi") and text(key, "en"), key
    assert has_text("legend") and not has_text("no-such-text")
    assert (text("legend", "vi"), text("legend", "en")) == ("Chú giải", "Legend"), "from the catalogue"
    assert text("collapsed", "en", n=200, unit="components", limit=150, by="layer").startswith(
        "Collapsed: 200 components exceed"
    )
