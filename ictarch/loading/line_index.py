"""Where every key and item of a text read by the fast path starts, found by scanning its lines.

yaml-rs gives no positions, and composing the text again with libyaml to find them costs more than the
parse the fast path saves. The models architects write, and those ictarch generates, keep to a small
part of YAML whose structure shows line by line: block mappings and sequences (indentless ones too),
``- key: value`` items, one-line plain and quoted scalars, one-line flow collections
(``{vi: "…", en: "…"}``, ``[a, b]``), comments and blank lines. For such a text the scanner here gives the
positions libyaml's composer gives (1-based line and column of every mapping key and sequence item, and
of the document), with a regular expression or two per line.

It is sure or it says no: anything outside that part (a multi-line scalar, a flow collection over
several lines, a key or value it cannot read whole, an empty item) returns None and the text goes to
PyYAML. And what it found is checked against the data yaml-rs read: the same keys and items, in the same
order, or None. The fast path's screens (:mod:`~ictarch.loading.fast_yaml`) have already sent away
anchors, tags, block scalars, tabs, escapes and the like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import accumulate, chain, islice, repeat
from typing import Any

Path = tuple[str | int, ...]
Positions = dict[Path, tuple[int, int]]

_PLAIN_START = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`]"""
"""A character that starts a plain scalar in either context (``-``, ``?``, ``:`` starting one are left out)."""

_KEY = re.compile(rf"""(?:({_PLAIN_START}[^#\n]*?)|'((?:[^'\n]|'')*)'|"([^"\n]*)")[ ]*:(?:[ ]+|$)""")
"""A block mapping key and its colon: plain (no ``#``), single- or double-quoted (no escapes: screened)."""

_BLOCK_SCALAR = re.compile(
    rf"""(?:(?:{_PLAIN_START}|[-?:](?=\S))[^:#\n]*+(?:(?::(?=\S)|(?<=\S)\#)[^:#\n]*+)*+"""
    r"""|'(?:[^'\n]++|'')*+'[ ]*|"[^"\n]*+"[ ]*)"""
    r"(?:(?<=[ ])\#.*)?"
)
"""A one-line scalar in block context, up to a comment: plain (no ``: ``) or quoted."""

_QUOTED = r"'(?:[^'\n]++|'')*+'|" + r'"[^"\n]*"'
_SCALAR = rf"(?:{_QUOTED}|{_PLAIN_START}[^,\[\]{{}}:#\n]*+)"
"""A scalar in a flow collection: quoted, or plain without ``,[]{}:#`` (with the spaces after it)."""


def _flow(inner: str) -> str:
    pair = rf"{_SCALAR}[ ]*:[ ]+{inner}[ ]*"
    item = rf"{inner}[ ]*"
    return rf"(?:{_SCALAR}|\{{[ ]*\}}|\[[ ]*\]|\{{[ ]*{pair}(?:,[ ]*{pair})*\}}|\[[ ]*{item}(?:,[ ]*{item})*\])"


_FLAT_FLOW = re.compile(rf"({_flow(_SCALAR)})[ ]*(?:(?<=[ ])\#.*)?")
"""The same, for a flow collection of scalars (most of them): a shorter pattern, tried first."""

_PLAIN = rf"{_PLAIN_START}[^,\[\]{{}}:#\n]*+"
_PLAIN_FLOW = re.compile(
    rf"(\{{[ ]*{_PLAIN}[ ]*:[ ]+{_PLAIN}(?:,[ ]*{_PLAIN}[ ]*:[ ]+{_PLAIN})*\}}|\[[ ]*{_PLAIN}(?:,[ ]*{_PLAIN})*\])[ ]*"
)
"""A part of what :data:`_FLAT_FLOW` reads, read faster: plain scalars only, no comment after (most flow values
of a generated model: ``{from: a, to: b, type: c}``)."""


@cache
def _flow_value() -> re.Pattern[str]:
    """A one-line flow collection, nested three deep at most, and what may follow it on its line
    (compiled on first use: the pattern is long)."""
    return re.compile(rf"({_flow(_flow(_flow(_SCALAR)))})[ ]*(?:(?<=[ ])\#.*)?")


_TO_ENTRY = re.compile(
    r"""(?:[^'"{\[,\n]++|'(?:[^'\n]++|'')*+'|"[^"\n]*+"|[{\[][ ]*[\]}])*+[{\[,][ ]*(?=[^ \]}])"""
    r"""|(?:[^'"{\[,\n]++|'(?:[^'\n]++|'')*+'|"[^"\n]*+"|[{\[][ ]*[\]}])++\Z"""
)
"""In a flow collection: the text up to where its next key or item starts (after ``{``, ``[`` or ``,``;
quoted text and empty collections passed over), then the rest. The matches follow one another without a
gap, so their lengths add up to the columns of the keys and items."""


def line_index(text: str, data: Any) -> Positions | None:
    """The positions libyaml would give every key and item of ``text`` (whose data yaml-rs read as
    ``data``), or None when the text is not one the scanner is sure of."""
    nfc = not text.isascii()
    coords: list[tuple[int, int]] = []  # where each key and item starts, in the order of the text
    keys: list[tuple[int, str]] = []  # block keys by their place in coords: checked against the data
    items: list[tuple[int, int]] = []  # block items likewise
    root: tuple[int, int] | None = None
    frames: list[list[int]] = []  # [indent, is sequence, items so far]
    pending: tuple[int, bool] | None = None  # the column of a key or dash whose value may follow below
    shapes: dict[str, _Shape | None] = {}  # most lines repeat one another (``    kind: application``)
    for number, line in enumerate(text.split("\n"), 1):
        try:
            shape = shapes[line]
        except KeyError:
            shape = shapes[line] = _shape(line, nfc)
        if shape is None:
            return None
        indent, dash, item_at, key, value_at, entries = shape
        if indent < 0:
            continue  # blank, or a comment
        frame = frames[-1] if frames else _NO_FRAME
        at = indent
        if pending is not None or dash or frame[0] != indent or frame[1]:  # else a key below a key: most lines
            nested = False
            if pending is not None:
                column, after_dash = pending
                pending = None
                nested = indent > column or (not after_dash and indent == column and dash)
                if nested:
                    frames.append([indent, dash, 0])  # the value: a block below its key or dash
                    if after_dash:
                        coords.append((number, indent + 1))
                elif after_dash:
                    return None  # an empty item: libyaml places it after the dash
            if nested:
                pass
            elif root is None:
                frames.append([indent, dash, 0])
                root = (number, indent + 1)
            else:
                while frames and (frames[-1][0] > indent or (frames[-1][1] and frames[-1][0] == indent and not dash)):
                    frames.pop()
                if not frames or frames[-1][0] != indent:
                    return None  # deeper than its block (a continued scalar) or out of the document
            frame = frames[-1]
            if frame[1] != dash:
                return None
            if dash:
                items.append((len(coords), frame[2]))
                frame[2] += 1
                if item_at < 0:
                    pending = (indent, True)
                    continue
                at = item_at
                coords.append((number, at + 1))
                if key is None:
                    coords.extend(zip(repeat(number), entries, strict=False))
                    continue
                frames.append([at, False, 0])  # "- key: value": a mapping starts in the item
        keys.append((len(coords), key))  # type: ignore[arg-type]  # a line without a dash has a key
        coords.append((number, at + 1))
        if value_at < 0:
            pending = (at, False)
        elif entries:
            coords.extend(zip(repeat(number), entries, strict=False))
    if pending is not None and pending[1]:
        return None
    if root is None:
        return {} if data is None else None
    paths: list[Path] = []
    if type(data) is dict or type(data) is list:
        _paths(data, (), paths)
    if len(paths) != len(coords):
        return None
    if not all(paths[i][-1] == key for i, key in keys) or not all(paths[i][-1] == n for i, n in items):
        return None
    positions = dict(zip(paths, coords, strict=True))
    positions[()] = root
    return positions


_NO_FRAME = [-1, 1, 0]
"""Stands for the frame above the document's first line: no line matches it."""

_Shape = tuple[int, bool, int, str | None, int, tuple[int, ...]]
"""What one line holds: its indentation (-1: blank or a comment); whether it is an item (``- ``); where the
item's content starts (-1: on the lines below); its key (None: an item without one); where the key's value
starts (-1: on the lines below); the columns (1-based) of the keys and items of a flow value."""

_BLANK: _Shape = (-1, False, -1, None, -1, ())


def _shape(line: str, nfc: bool) -> _Shape | None:
    """The shape of one line, or None when the scanner is not sure of it."""
    body = line.lstrip(" ")
    if not body or body[0] == "#":
        return _BLANK
    indent = at = len(line) - len(body)
    dash = body[0] == "-" and (len(body) == 1 or body[1] == " ")
    if dash:
        at += 1
        while at < len(line) and line[at] == " ":
            at += 1
        if at == len(line) or line[at] == "#":
            return indent, True, -1, None, -1, ()
        if line[at] == "-" and (at + 1 == len(line) or line[at + 1] == " "):
            return None  # "- - x": a sequence in an item on one line
    key = _KEY.match(line, at)
    if key is None:
        if not dash:
            return None
        entries = _value(line, at)
        return None if entries is None else (indent, True, at, None, -1, entries)
    end = key.end()
    if end == len(line) or line[end] == "#":
        return indent, dash, at, _key_text(key, nfc), -1, ()
    entries = _value(line, end)
    return None if entries is None else (indent, dash, at, _key_text(key, nfc), end, entries)


def _key_text(match: re.Match[str], nfc: bool) -> str:
    plain, single, double = match.groups()
    key = plain if plain is not None else single.replace("''", "'") if single is not None else double
    if nfc and not key.isascii():
        key = unicodedata.normalize("NFC", key)
    return key


def _value(line: str, at: int) -> tuple[int, ...] | None:
    """The columns (1-based) of the keys and items of the value that starts at ``at`` and fills the rest
    of the line; None when it is not one whole value."""
    if line[at] not in "[{":
        return () if _BLOCK_SCALAR.fullmatch(line, at) is not None else None
    plain = _PLAIN_FLOW.fullmatch(line, at)
    if plain is not None:  # no quotes to pass over, no collection inside: each entry follows "{", "[" or ","
        columns = []
        column = at + 2
        for part in line[at + 1 : plain.end(1) - 1].split(","):
            columns.append(column + len(part) - len(part.lstrip(" ")))
            column += len(part) + 1
        return tuple(columns)
    whole = _FLAT_FLOW.fullmatch(line, at) or _flow_value().fullmatch(line, at)
    if whole is None:
        return None
    parts = _TO_ENTRY.findall(line, at, whole.end(1))
    return tuple(islice(accumulate(chain((at + 1,), map(len, parts))), 1, len(parts)))  # not the end of the rest


def _paths(value: dict[str, Any] | list[Any], path: Path, out: list[Path]) -> None:
    append = out.append
    for key, item in value.items() if type(value) is dict else enumerate(value):
        here = (*path, key)
        append(here)
        kind = type(item)
        if kind is dict or kind is list:
            _paths(item, here, out)
