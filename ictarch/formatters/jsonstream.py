"""JSON written piece by piece, byte for byte as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it.

A report of a national model holds hundreds of thousands of findings: the formatters write each one to
the output as they reach it, instead of building one document and one string of hundreds of megabytes.
:func:`encode` gives the text of one value nested ``level`` deep in an indented document, so that the
pieces join into exactly the document ``json.dumps`` would have written; it is the standard library's
algorithm without its generators (strings are escaped by the same C function).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any, AnyStr

try:
    import orjson as _fast
except ImportError:  # pragma: no cover - a base dependency; the standard library's algorithm stays the fallback
    _fast = None  # type: ignore[assignment]

Write = Callable[[str], object]
"""Where a formatter writes its text: ``stream.write``, ``list.append``..."""

INDENT = "  "


def _float(value: float, null_nonfinite: bool) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    if null_nonfinite:
        return "null"  # as pydantic's JSON mode writes it
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None or isinstance(key, int | float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


Default = Callable[[Any], Any]
"""Turns a value JSON has no type for into one it has (as ``json.dumps(default=...)``)."""


def _no_default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def encode(value: Any, level: int = 0, *, null_nonfinite: bool = False, default: Default = _no_default) -> str:
    """``value`` as indented JSON, its inner lines indented for ``level`` enclosing containers.

    ``null_nonfinite`` writes NaN and infinities as ``null`` (what a pydantic model dumped in JSON mode
    holds), else as the standard library writes them; ``default`` as in ``json.dumps``.
    """
    out: list[str] = []
    _Encoder(out, null_nonfinite, default).encode(value, level)
    return "".join(out)


class _Encoder:
    """The standard library's indented encoding, dispatching on the exact type first (the common case)."""

    def __init__(self, out: list[str], nulls: bool, default: Default) -> None:
        self.out, self.nulls, self.default = out, nulls, default

    def encode(self, value: Any, level: int) -> None:
        kind = type(value)
        if kind is str:
            self.out.append(encode_basestring(value))
        elif kind is dict:
            self.object(value, level)
        elif kind is list or kind is tuple:
            self.array(value, level)
        elif kind is int:
            self.out.append(int.__repr__(value))
        else:
            self.other(value, level)

    def other(self, value: Any, level: int) -> None:
        if isinstance(value, Exact):
            _Encoder(self.out, value.null_nonfinite, value.default).encode(value.value, level)
        elif isinstance(value, str):
            self.out.append(encode_basestring(value))
        elif value is None:
            self.out.append("null")
        elif value is True:
            self.out.append("true")
        elif value is False:
            self.out.append("false")
        elif isinstance(value, int):
            self.out.append(int.__repr__(value))
        elif isinstance(value, float):
            self.out.append(_float(value, self.nulls))
        elif isinstance(value, list | tuple):
            self.array(value, level)
        elif isinstance(value, dict):
            self.object(value, level)
        else:
            self.encode(self.default(value), level)

    def array(self, value: list[Any] | tuple[Any, ...], level: int) -> None:
        out = self.out
        if not value:
            out.append("[]")
            return
        inner = "\n" + INDENT * (level + 1)
        if all(type(item) is str for item in value):  # ids, names: the common list, in one join
            out.append("[" + inner + ("," + inner).join(map(encode_basestring, value)) + "\n" + INDENT * level + "]")
            return
        sep = "[" + inner
        for item in value:
            out.append(sep)
            sep = "," + inner
            self.encode(item, level + 1)
        out.append("\n" + INDENT * level + "]")

    def object(self, value: dict[Any, Any], level: int) -> None:
        out = self.out
        if not value:
            out.append("{}")
            return
        inner = "\n" + INDENT * (level + 1)
        sep = "{" + inner
        for key, item in value.items():
            name = encode_basestring(key if type(key) is str else _key(key))
            if type(item) is str:
                out.append(sep + name + ": " + encode_basestring(item))
            else:
                out.append(sep + name + ": ")
                self.encode(item, level + 1)
            sep = "," + inner
        out.append("\n" + INDENT * level + "}")


@dataclass(frozen=True)
class Exact:
    """A value :func:`encode_items` writes with the standard library's algorithm (floats as ``repr``, NaN, types
    JSON has none for), ``depth`` containers deep inside its item (an item's member is 1 deep)."""

    value: Any
    depth: int
    null_nonfinite: bool = False
    default: Default = _no_default


_FAST_OPTIONS = (_fast.OPT_INDENT_2 | _fast.OPT_PASSTHROUGH_DATACLASS | _fast.OPT_PASSTHROUGH_DATETIME) if _fast else 0


def encode_items(items: list[Any], level: int, *, default: Default = _no_default) -> str:
    """The items of an array nested ``level`` deep, as between the brackets of :func:`encode` of the array: each
    item on its lines, separated by a comma and a newline ('' for none). Pieces of one array join with
    ``",\n" + INDENT * (level + 1)``.

    The items hold only str, int, bool, None, lists, tuples, dicts with str keys, what ``default`` turns into
    them, and :class:`Exact` values; anything else (a float: orjson writes ``1e-05`` as ``0.00001``) must be
    wrapped in :class:`Exact`. orjson writes such items exactly as the standard library does, in C; without
    orjson, or for what it refuses (an int beyond 64 bits, a key that is not a string), :func:`encode` does.
    """
    data = _fast_items(items, level, default)
    return data.decode("utf-8") if data is not None else _items(items, level, default)


def encode_items_utf8(items: list[Any], level: int, *, default: Default = _no_default) -> bytes:
    """:func:`encode_items` in UTF-8, as a report is written: orjson's bytes as they come, never decoded."""
    data = _fast_items(items, level, default)
    return data if data is not None else _items(items, level, default).encode("utf-8")


def _fast_items(items: list[Any], level: int, default: Default) -> bytes | None:
    """What :func:`encode_items` gives, by orjson; None when orjson is absent or refuses the items."""
    if not items:
        return b""
    if _fast is None:
        return None

    def fast_default(value: Any) -> Any:
        if isinstance(value, Exact):
            return _fast.Fragment(encode(value.value, 1 + value.depth, null_nonfinite=value.null_nonfinite,
                                         default=value.default))  # fmt: skip
        return default(value)

    try:
        data = _fast.dumps(items, default=fast_default, option=_FAST_OPTIONS)
    except TypeError:  # orjson's JSONEncodeError: the standard library's algorithm writes it (or says why not)
        return None
    if level:
        data = data.replace(b"\n", b"\n" + INDENT.encode() * level)
    return data[2 + len(INDENT) * (level + 1) : -(2 + len(INDENT) * level)]


def _items(items: list[Any], level: int, default: Default) -> str:
    inner = ",\n" + INDENT * (level + 1)
    return inner.join([encode(item, level + 1, default=default) for item in items])


def write_blocks(
    write: Callable[[AnyStr], object], blocks: Iterable[AnyStr], level: int, *, encoded: bool = False
) -> None:
    """A JSON array nested ``level`` deep of the items of ``blocks``, each a text of :func:`encode_items`
    (empty ones skipped), written block by block (``[]`` when all are empty). ``encoded``: the blocks, and what
    is written, are that text in UTF-8."""
    inner = "\n" + INDENT * (level + 1)
    frame = ["[" + inner, "," + inner, "[]", "\n" + INDENT * level + "]"]
    opening, comma, empty, closing = (part.encode() for part in frame) if encoded else frame
    sep = opening
    for block in blocks:
        if block:
            write(sep)  # type: ignore[arg-type]  # of the blocks' type, as ``encoded`` says
            write(block)
            sep = comma
    write(empty if sep is opening else closing)  # type: ignore[arg-type]


def members(value: dict[str, Any], level: int, *, null_nonfinite: bool = False) -> str:
    """A non-empty object without its closing brace, so that more members can follow (``,`` and the next)."""
    if not value:
        raise ValueError("an object to continue needs a member")
    text = encode(value, level, null_nonfinite=null_nonfinite)
    return text[: -len(INDENT * level) - 2]


def write_array(write: Write, items: Any, level: int, encode_item: Callable[[Any], str]) -> None:
    """A JSON array nested ``level`` deep, its items encoded one by one as they come (``[]`` when none)."""
    inner = "\n" + INDENT * (level + 1)
    sep = "[" + inner
    for item in items:
        write(sep + encode_item(item))
        sep = "," + inner
    write("[]" if sep.startswith("[") else "\n" + INDENT * level + "]")
