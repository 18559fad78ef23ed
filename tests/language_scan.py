"""A heuristic for prose in the wrong language, and the outputs a reviewer reads, for tests/test_language.py.

An English sentence is a line with at least three distinct English function words; Vietnamese prose
a line with at least three distinct Vietnamese function words. Names and titles from the models
and the reference data (which are Vietnamese in both languages), ids, YAML snippets in backticks and
braces, and quoted clauses are removed first: the official wording stays Vietnamese in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "of",
        "and",
        "with",
        "has",
        "have",
        "to",
        "from",
        "for",
        "which",
        "its",
        "this",
        "that",
        "be",
        "not",
        "was",
        "were",
        "will",
        "would",
        "should",
        "must",
        "add",
        "remove",
        "there",
        "their",
        "than",
        "into",
        "only",
        "each",
        "any",
        "all",
    ]
)
VIETNAMESE = frozenset(
    [
        "và",
        "của",
        "các",
        "không",
        "được",
        "cho",
        "có",
        "là",
        "trong",
        "với",
        "này",
        "những",
        "một",
        "đã",
        "chưa",
        "hoặc",
        "theo",
        "khi",
        "để",
        "từ",
        "thì",
        "nhưng",
        "bởi",
        "vì",
        "nếu",
        "đến",
    ]
)
_CODE = re.compile(r"`[^`]*`|\{[^{}]*\}|\[[^\[\]]*\]|\"[^\"]*\"|'[^']*'|“[^”]*”")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def strip(line: str, names: Iterable[str]) -> str:
    """The line without names, ids, quoted text and code."""
    for name in names:
        if name and name in line:
            line = line.replace(name, " ")
    line = _CODE.sub(" ", line)
    return " ".join(w for w in line.split() if not re.search(r"[._:/=\d-]", w) or w.endswith((".", ",", ":", ";")))


def wrong_language(text: str, lang: str, names: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` that read as prose in the other language."""
    words = ENGLISH if lang == "vi" else VIETNAMESE
    known = sorted({n for n in names if len(n) > 3}, key=len, reverse=True)
    out = []
    fenced = False
    text = _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)  # quotes that span lines
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        found = {w.lower() for w in _WORD.findall(strip(line, known))} & words
        if len(found) >= 3:
            out.append(line)
    return out
