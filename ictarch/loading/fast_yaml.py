"""The fast path of YAML loading: a Rust parser (yaml-rs, the ``fast`` extra) for the texts where it is
known to read exactly what PyYAML reads, PyYAML for every other text.

yaml-rs reads YAML 1.2 and gives no positions; ictarch reads YAML 1.1 as PyYAML does and points every
error and finding at file:line:column. So a text takes the fast path only when nothing in it could be
read differently: a screen (one regular expression, run in C) sends to PyYAML every text with an
anchor, alias, tag, merge key, directive, document marker, complex key, block scalar, tab, backslash escape,
carriage return, byte-order mark or YAML 1.1 line break, a line of 1,024 characters or more, a
non-printable character, a plain ``yes``/``no``/``on``/``off`` (read as booleans by YAML 1.1 only) or
a plain value starting with a digit, a sign or a dot that is not a plain decimal number (octal
``0755``, sexagesimal ``1:20``, dates, ``1e3``, ``0x1F``, ``1_000``, ``.5``, ``.inf``). What yaml-rs then
returns is checked once more (every key a string, no two keys alike once composed to NFC) and
composed to NFC as the PyYAML path composes it. Any error, duplicate key included, is left to PyYAML,
which reports it at its place. Positions come from a line scanner (:mod:`~ictarch.loading.line_index`),
in the load workers like the parse itself; a text it is not sure of goes to PyYAML too.

Loading tries ictarch's line reader first (:mod:`~ictarch.loading.line_reader`, which reads the same texts from
the same screens and line shapes, with PyYAML's own scalar types), and this path only for the texts it leaves.
``ICTARCH_YAML_PARSER=pyyaml`` forces PyYAML everywhere, ``base`` leaves the extra aside; ``auto`` (the default)
uses yaml-rs when it is installed.

Which parser runs is chosen in :mod:`ictarch.yaml_parser` (light enough for ``ictarch --version``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Any

from ictarch.loading.line_index import line_index
from ictarch.yaml_parser import ENV, fast_loader, parser_name, requested

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a base dependency; the standard library stays the fallback
    _orjson = None  # type: ignore[assignment]

__all__ = ["ENV", "fast_load", "fast_loader", "fast_read", "parser_name", "requested"]

_SCREENS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (guard, re.compile(pattern))
    for guard, pattern in (
        # tab, CR, backslash, NEL, LS, PS, BOM and every character PyYAML refuses as non-printable
        ((), r"[^\n\x20-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"),
        (("&",), r"&(?<![^\s\[\]{},]&)\S"),  # anchor
        (("*",), r"\*(?<![^\s\[\]{},]\*)\S"),  # alias
        (("!",), r"!(?<![^\s\[\]{},]!)"),  # tag
        ((), r"\n(?:%|---|\.\.\.)"),  # directive, document marker
        (("?",), r"\?(?<![^\s\[{,]\?)(?=[ \n]|$)"),  # complex key
        ((), r"\n[^\n]{1024}"),  # a line too long for PyYAML's simple keys
    )
)
"""What sends a text to PyYAML from either reader: any match, anywhere (inside quotes too: a false alarm only
costs speed). A pattern runs only over a text that holds one of its guards (what any match holds, found faster
alone)."""

_FLOW_KEY = re.compile(r"[\]}][ ]*:(?:[ ]|\n|$)")
"""A flow collection as a key, which yaml-rs may read otherwise than PyYAML (the line reader refuses the line)."""


@cache
def _implicit_patterns() -> re.Pattern[str]:
    """A JSON string whose whole text PyYAML would read, unquoted, as something else than text: a boolean
    (``yes``), a number (``0755``, ``1:20``), a date, null, ``<<`` or ``=``. Built from PyYAML's own
    resolver, so it reads as PyYAML reads."""
    import yaml

    seen: list[str] = []
    for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values():
        for tag, regexp in resolvers:
            inner = regexp.pattern.strip().removeprefix("^").removesuffix("$")
            if tag != "tag:yaml.org,2002:yaml" and inner not in seen:
                seen.append(inner)
    first = "".join(sorted({re.escape(c) for c in yaml.SafeLoader.yaml_implicit_resolvers if c}))
    # a float key that JSON writes with an exponent and no dot ("1e-05"): PyYAML's patterns want a dot
    seen.append(r"[-+]?[0-9]+e[-+][0-9]+")
    return re.compile(f'"(?=[{first}])(?:' + "|".join(seen) + ')"', re.VERBOSE)


def _screened(text: str) -> bool:
    """Whether the text holds something yaml-rs might read otherwise than PyYAML."""
    if _constructs(text):
        return True
    return (
        (any(g in text for g in ("]:", "}:", " :")) and _FLOW_KEY.search(text) is not None)
        or _block_scalar(text)
        or _number_read_otherwise(text)
        or _number_read_otherwise("\n" + text[:63])  # a number on the first line, as if after a line break
    )


def _constructs(text: str) -> bool:
    """Whether the text holds a construct that neither the line reader nor yaml-rs reads (:data:`_SCREENS`, a
    merge key). The line reader needs no more: it types scalars with PyYAML's resolver and refuses by itself a
    line it does not know (a block scalar, a flow collection as a key)."""
    if "<<" in text:
        return True
    head = "\n" + text[:1100]  # the patterns that look behind a line break, at the very start
    return any(
        (not guards or any(g in text for g in guards)) and (screen.search(text) or screen.search(head))
        for guards, screen in _SCREENS
    )


_NUMBERS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    # numbers yaml-rs (YAML 1.2) reads as numbers and PyYAML otherwise: leading zeros (0755 is octal for
    # PyYAML), 0o17, an exponent without a dot or sign (1e3 is text for PyYAML), a sign before a dot (+.5)
    ((), re.compile(r"0(?:(?<=[\s\[{,:]0)|(?<=[\s\[{,:][-+]0))[0-9oO_]")),
    ((), re.compile(r"e(?<=[0-9.]e)[-+]?[0-9]")),  # e and E apart: a pattern led by one character runs faster
    (("E",), re.compile(r"E(?<=[0-9.]E)[-+]?[0-9]")),
    (("-.", "+."), re.compile(r"[-+](?<=[\s\[{,:][-+])\.[0-9]")),
)
_TOKEN = frozenset("0123456789.+-_")


def _number_read_otherwise(text: str) -> bool:
    """Whether such a number starts a plain scalar: after a line break and indentation, ``- ``, ``? ``, a
    colon or a flow indicator (``Nghiệm 01`` and ``12/06/2025`` are text for both). Hits are looked at here."""
    for guards, pattern in _NUMBERS:
        if guards and not any(g in text for g in guards):
            continue
        for match in pattern.finditer(text):
            start = match.start()
            while start > 0 and text[start - 1] in _TOKEN:  # back to the start of the token
                start -= 1
            if _starts_scalar(text, start):
                return True
    return False


def _starts_scalar(text: str, at: int) -> bool:
    """Whether a plain scalar may start at ``at``: nothing but spaces since an indicator or a line break."""
    j = at - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j < 0 or text[j] in "\n[{,:":
        return True
    return text[j] in "-?" and j < at - 1 and (j == 0 or text[j - 1] in " \n")


def _block_scalar(text: str) -> bool:
    """Whether a block scalar (``|``, ``>``) starts after a colon, ``- `` or ``? ``: yaml-rs reads some
    (``|`` over blank lines) otherwise than PyYAML. The characters are rare: each is looked at here."""
    if "|" not in text and ">" not in text:
        return False
    for match in _BLOCK.finditer(text):
        j = match.start() - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        if j < 0 or text[j] in ":?\n" or (text[j] == "-" and j < match.start() - 1):
            return True
    return False


_BLOCK = re.compile(r"[|>]")


class _Unsure(Exception):
    """yaml-rs's result may differ from PyYAML's: read the text with PyYAML."""


def fast_read(text: str) -> tuple[Any, dict[tuple[str | int, ...], tuple[int, int]], bool] | None:
    """The data of ``text``, the position of every key and item, and whether any string was composed to
    NFC, when the fast path reads the text exactly as PyYAML would and the line scanner is sure of its
    positions; None when PyYAML must read it."""
    loaded = fast_load(text)
    if loaded is None:
        return None
    positions = line_index(text, loaded[0])
    return None if positions is None else (loaded[0], positions, loaded[1])


def fast_load(text: str) -> tuple[Any, bool] | None:
    """The data of ``text`` and whether any string was composed to NFC, when the fast path can read it
    exactly as PyYAML would; None when PyYAML must (no fast parser, a screened construct, an error)."""
    loads = fast_loader()
    if loads is None or _screened(text):
        return None
    try:
        data = loads(text)
        normalized = [False]
        if not (text.isascii() or unicodedata.is_normalized("NFC", text)):  # else every string is composed
            data = _walk(data, normalized)
        # a string yaml-rs read that PyYAML reads, when unquoted, as a boolean, a number, a date, null:
        # quoted or not, the text cannot say at this cost, so PyYAML reads it. A key that is not text is
        # written by JSON as one of those ("5", "true", "null", "1.5", "1e-05"): PyYAML reports it
        if _implicit_patterns().search(_as_json(data)):
            return None
        return data, normalized[0]
    except Exception:  # any refusal or doubt: PyYAML reads it and says where the problem is
        return None


def _as_json(data: Any) -> str:
    """``data`` as JSON for the implicit patterns, which look only at its strings: by orjson (seven times faster on a
    model), which writes them as the standard library does; by the standard library where orjson wrote ``null``,
    as it also writes NaN and infinity (which the standard library refuses here). A key that is not text (the
    standard library writes it as text, for the patterns to find) and an integer beyond 64 bits raise TypeError in
    orjson: the text is then PyYAML's to read, as it would be after the patterns found the key."""
    if _orjson is not None:
        dumped = _orjson.dumps(data)
        if b"null" not in dumped:
            return dumped.decode("utf-8")
    return json.dumps(data, ensure_ascii=False, allow_nan=False, check_circular=False)


def _text(value: str, normalized: list[bool]) -> str:
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    normalized[0] = True
    return unicodedata.normalize("NFC", value)


def _walk(value: Any, normalized: list[bool]) -> Any:
    """The value as the PyYAML path builds it: strings composed to NFC, mappings with string keys only."""
    kind = type(value)
    if kind is str:
        return _text(value, normalized)
    if kind is dict:
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsure  # PyYAML reports a key that is not text
            key = _text(key, normalized)
            if key in out:
                raise _Unsure  # two keys alike once composed: PyYAML reports the duplicate
            out[key] = _walk(item, normalized)
        return out
    if kind is list:
        return [_walk(item, normalized) for item in value]
    if value is None or kind in (int, float, bool):
        return value
    raise _Unsure  # a type the screen should have kept away (a date, bytes, a set)
