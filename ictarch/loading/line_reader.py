"""YAML read line by line: the data and the positions of a text written in the plain block style of the models,
without libyaml's node tree.

libyaml composes a node for every key and value of a text, with two marks each, and ictarch then builds the data
from them: at 34 × 2,000 components, some three million nodes, most of the time a national ``check`` spends
loading. The models architects write, and those ictarch generates, keep to a small part of YAML whose structure
shows line by line (:mod:`~ictarch.loading.line_index` says which): for such a text this module finds the
structure with the line scanner's patterns and builds the data as it goes, each plain scalar typed by PyYAML's
own resolver and constructors, so that a value reads exactly as the PyYAML path reads it (``yes`` a boolean,
``0755`` octal, ``2025-07-01`` a date).

It is sure or it says no. A text the screens of :mod:`~ictarch.loading.fast_yaml` send to PyYAML (an anchor, a
tag, a tab, a backslash, a line break other than ``\\n``...), a line the scanner is not sure of (a block scalar,
a value over several lines, an empty item), a key that is not text once typed, a key written twice, a value a
constructor refuses: the text goes to PyYAML whole, which reads it and reports any error at its place.
``tests/test_line_reader.py`` holds the data, the positions and the NFC flag equal to the PyYAML path's over
every shipped model, the fuzz corpus, generated models and generated texts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from ictarch.loading.fast_yaml import _constructs
from ictarch.loading.line_index import _KEY, _PLAIN_FLOW, _PLAIN_START, _value

Path = tuple[str | int, ...]
Positions = dict[Path, tuple[int, int]]

_PLAIN = rf"""(?:{_PLAIN_START}|[-?:](?=\S))[^:#\n]*+(?:(?::(?=\S)|(?<=\S)\#)[^:#\n]*+)*+"""
_BLOCK_VALUE = re.compile(rf"""(?:({_PLAIN})|'((?:[^'\n]++|'')*+)'[ ]*|"([^"\n]*+)"[ ]*)(?:(?<=[ ])\#.*)?""")
"""A one-line scalar in block context and what may follow it: plain (group 1, with the spaces before a comment),
single-quoted (group 2) or double-quoted (group 3, no escapes: screened)."""

_FLOW_SCALAR = re.compile(r"""'((?:[^'\n]++|'')*+)'|"([^"\n]*+)"|([^,\[\]{}:#\n]*+)""")
"""A scalar in a flow collection whose shape the scanner has checked: quoted, or plain up to ``,[]{}:#``."""

_FLOW_PLAIN = rf"{_PLAIN_START}[^,\[\]{{}}:#\n]*+"
_FLOW_ENTRY = rf"""({_FLOW_PLAIN})[ ]*:[ ]+(?:({_FLOW_PLAIN})|'((?:[^'\n]++|'')*+)'|"([^"\n]*+)")"""
_SCALAR_MAP = re.compile(rf"\{{[ ]*{_FLOW_ENTRY}[ ]*(?:,[ ]*{_FLOW_ENTRY}[ ]*)*\}}[ ]*")
"""A flow mapping of plain keys and one-line scalars, nothing after it (``name: {vi: "Hệ thống", en: x}``): read
entry by entry with :data:`_MAP_ENTRY`, without the general flow reader."""
_MAP_ENTRY = re.compile(_FLOW_ENTRY)

_MISSING = object()
"""A key's value is on the lines below (or is null)."""


class _Unsure(Exception):
    """The text is not one this module is sure of: PyYAML reads it."""


class _Scalars:
    """Plain scalars typed as the PyYAML path types them: PyYAML's resolver and constructors (each distinct
    scalar of a text is typed once, by :meth:`_Line.plain`)."""

    def __init__(self) -> None:
        self.loader = yaml.SafeLoader("")
        self.text_tag = yaml.SafeLoader.DEFAULT_SCALAR_TAG
        self.starts = frozenset(c for c in yaml.SafeLoader.yaml_implicit_resolvers if c is not None)

    def plain(self, text: str) -> Any:
        """The value of a plain scalar: text, or what its implicit type makes of it."""
        if text[:1] not in self.starts:
            return text
        tag: str = self.loader.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        if tag == self.text_tag:
            value: Any = text
        else:
            try:
                value = self.loader.yaml_constructors[tag](self.loader, yaml.ScalarNode(tag, text))
            except Exception as exc:  # a value its type refuses (2025-02-30): PyYAML reports it
                raise _Unsure from exc
        return value


_scalars: _Scalars | None = None


def _typing() -> _Scalars:
    global _scalars
    if _scalars is None:
        _scalars = _Scalars()
    return _scalars


Shape = tuple[int, bool, int, "str | None", int, tuple[int, ...], Any, tuple[Path, ...], bool]
"""A line: indentation (-1: blank or a comment), whether an item, where the item's content starts (-1: below),
its key (None: none), where the key's value starts (-1: below), the columns of a flow value's keys and items,
the value (:data:`_MISSING`: below), the paths of the flow value's keys and items, and whether a string was
composed to NFC."""

_BLANK: Shape = (-1, False, -1, None, -1, (), _MISSING, (), False)


class _Line:
    """What one line holds, read once per distinct line (most lines repeat one another)."""

    def __init__(self, scalars: _Scalars, nfc: bool) -> None:
        self.scalars = scalars
        self.nfc = nfc
        self.normalized = False
        self.plains: dict[str, tuple[Any, bool]] = {}

    def text(self, value: str) -> str:
        if self.nfc and not value.isascii() and not unicodedata.is_normalized("NFC", value):
            self.normalized = True
            return unicodedata.normalize("NFC", value)
        return value

    def key(self, match: re.Match[str]) -> str:
        plain, single, double = match.groups()
        if plain is None:
            return self.text(single.replace("''", "'") if single is not None else double)
        key = self.plain(plain)
        if type(key) is not str:
            raise _Unsure  # a key that is not text: PyYAML reports it
        return key

    def shape(self, line: str) -> Shape | None:
        self.normalized = False
        try:
            found = self._shape(line)
        except _Unsure:
            return None
        if found is None or len(found[5]) != len(found[7]):
            return None  # the scanner's columns and the paths read disagree: not sure
        return (*found, self.normalized)

    def _shape(self, line: str) -> tuple[Any, ...] | None:
        body = line.lstrip(" ")
        if not body or body[0] == "#":
            return _BLANK[:-1]
        indent = at = len(line) - len(body)
        dash = body[0] == "-" and (len(body) == 1 or body[1] == " ")
        if dash:
            at += 1
            while at < len(line) and line[at] == " ":
                at += 1
            if at == len(line) or line[at] == "#":
                return indent, True, -1, None, -1, (), _MISSING, ()
            if line[at] == "-" and (at + 1 == len(line) or line[at + 1] == " "):
                return None  # "- - x": a sequence in an item on one line
        key = _KEY.match(line, at)
        if key is None:
            if not dash:
                return None
            entries, value, paths = self.value(line, at)
            return indent, True, at, None, -1, entries, value, paths
        name = self.key(key)
        end = key.end()
        if end == len(line) or line[end] == "#":
            return indent, dash, at, name, -1, (), _MISSING, ()
        entries, value, paths = self.value(line, end)
        return indent, dash, at, name, end, entries, value, paths

    def value(self, line: str, at: int) -> tuple[tuple[int, ...], Any, tuple[Path, ...]]:
        """The value that starts at ``at`` and fills the rest of the line: the columns (1-based) and paths of a
        flow value's keys and items, in the order of the text, and the value."""
        if line[at] not in "[{":
            match = _BLOCK_VALUE.fullmatch(line, at)
            if match is None:
                raise _Unsure
            plain, single, double = match.groups()
            if plain is not None:
                return (), self.plain(plain.rstrip(" ")), ()
            return (), self.text(single.replace("''", "'") if single is not None else double), ()
        flat = _PLAIN_FLOW.fullmatch(line, at)
        if flat is not None:  # plain scalars only (most flow values): each entry follows "{", "[" or ","
            return self.flat(line[at + 1 : flat.end(1) - 1], at + 2, line[at] == "{")
        scalars = _SCALAR_MAP.fullmatch(line, at)
        if scalars is not None:
            return self.scalar_map(line, at + 1, line.rindex("}", at, scalars.end()))
        entries = _value(line, at)
        if entries is None:
            raise _Unsure
        paths: list[Path] = []
        value, end = self.flow(line, at, (), paths)
        rest = line[end:].lstrip(" ")
        if rest and rest[0] != "#":
            raise _Unsure
        return entries, value, tuple(paths)

    def plain(self, text: str) -> Any:
        """A plain scalar's value, composed to NFC when text; each distinct one worked out once per text."""
        try:
            value, changed = self.plains[text]
        except KeyError:
            before, self.normalized = self.normalized, False
            value = self.scalars.plain(text)
            if type(value) is str:
                value = self.text(value)
            changed = self.normalized
            self.normalized = before or changed
            self.plains[text] = value, changed
            return value
        if changed:
            self.normalized = True
        return value

    def flat(self, inner: str, column: int, mapping: bool) -> tuple[tuple[int, ...], Any, tuple[Path, ...]]:
        """A flow collection of plain scalars, ``inner`` what stands between its brackets from ``column``."""
        columns: list[int] = []
        paths: list[Path] = []
        pairs: dict[str, Any] = {}
        items: list[Any] = []
        for part in inner.split(","):
            text = part.strip(" ")
            columns.append(column + part.index(text[0]))
            column += len(part) + 1
            if mapping:
                written, _, value = text.partition(":")
                key = self.plain(written.rstrip(" "))
                if type(key) is not str or key in pairs:
                    raise _Unsure  # a key that is not text, or twice: PyYAML reports it
                pairs[key] = self.plain(value.lstrip(" "))
                paths.append((key,))
            else:
                paths.append((len(items),))
                items.append(self.plain(text))
        return tuple(columns), pairs if mapping else items, tuple(paths)

    def scalar_map(self, line: str, start: int, end: int) -> tuple[tuple[int, ...], Any, tuple[Path, ...]]:
        """A flow mapping that :data:`_SCALAR_MAP` matched, its entries between ``start`` and ``end``."""
        columns: list[int] = []
        paths: list[Path] = []
        pairs: dict[str, Any] = {}
        for entry in _MAP_ENTRY.finditer(line, start, end):
            written, plain, single, double = entry.groups()
            key = self.plain(written.rstrip(" "))
            if type(key) is not str or key in pairs:
                raise _Unsure  # a key that is not text, or twice: PyYAML reports it
            if plain is not None:
                pairs[key] = self.plain(plain.rstrip(" "))
            else:
                pairs[key] = self.text(single.replace("''", "'") if single is not None else double)
            columns.append(entry.start() + 1)
            paths.append((key,))
        return tuple(columns), pairs, tuple(paths)

    def flow(self, line: str, at: int, path: Path, paths: list[Path]) -> tuple[Any, int]:
        """The flow collection or scalar at ``at``, and where it ends."""
        opening = line[at]
        if opening == "[":
            items: list[Any] = []
            at = _spaces(line, at + 1)
            if line[at] == "]":
                return items, at + 1
            while True:
                here = (*path, len(items))
                paths.append(here)
                item, at = self.flow(line, at, here, paths)
                items.append(item)
                at = _spaces(line, at)
                if line[at] == "]":
                    return items, at + 1
                if line[at] != ",":
                    raise _Unsure
                at = _spaces(line, at + 1)
        if opening == "{":
            pairs: dict[str, Any] = {}
            at = _spaces(line, at + 1)
            if line[at] == "}":
                return pairs, at + 1
            while True:
                key, at, plain = self.flow_scalar(line, at)
                key = self.plain(key) if plain else self.text(key)
                if type(key) is not str or key in pairs:
                    raise _Unsure  # PyYAML reports the duplicate
                at = _spaces(line, at)
                if line[at] != ":":
                    raise _Unsure
                here = (*path, key)
                paths.append(here)
                pairs[key], at = self.flow(line, _spaces(line, at + 1), here, paths)
                at = _spaces(line, at)
                if line[at] == "}":
                    return pairs, at + 1
                if line[at] != ",":
                    raise _Unsure
                at = _spaces(line, at + 1)
        text, at, plain = self.flow_scalar(line, at)
        return (self.plain(text) if plain else self.text(text)), at

    def flow_scalar(self, line: str, at: int) -> tuple[str, int, bool]:
        match = _FLOW_SCALAR.match(line, at)
        if match is None:  # pragma: no cover - the third alternative matches anywhere
            raise _Unsure
        single, double, plain = match.groups()
        if plain is not None:
            plain = plain.rstrip(" ")
            if not plain:
                raise _Unsure  # an empty entry
            return plain, at + len(match.group(3).rstrip(" ")), True
        return (single.replace("''", "'") if single is not None else double), match.end(), False


def _spaces(line: str, at: int) -> int:
    while at < len(line) and line[at] == " ":
        at += 1
    if at == len(line):
        raise _Unsure
    return at


def line_read(text: str) -> tuple[Any, Positions, bool] | None:
    """The data of ``text``, the position of every key and item (and of the document, last), and whether a string
    was composed to NFC, as the PyYAML path gives them; None when the text is not one this module is sure of."""
    if _constructs(text):
        return None
    try:
        return _read(text)
    except _Unsure:
        return None


def _read(text: str) -> tuple[Any, Positions, bool] | None:
    reader = _Line(_typing(), not text.isascii())
    shapes: dict[str, Shape | None] = {}
    positions: Positions = {}
    normalized = False
    root: tuple[int, int] | None = None
    data: Any = None
    frames: list[list[Any]] = []  # [indent, is sequence, container, path]
    pending: tuple[int, bool, Any, str | int, Path] | None = None  # the column of a key or dash whose value is below
    for number, line in enumerate(text.split("\n"), 1):
        try:
            shape = shapes[line]
            again = True
        except KeyError:
            shape = shapes[line] = reader.shape(line)
            again = False
        if shape is None:
            return None
        indent, dash, item_at, key, value_at, entries, value, flow_paths, changed = shape
        if again and type(value) in (list, dict):
            value = _fresh(value)  # a collection read from a line met before: no two places share one
        if indent < 0:
            continue
        normalized = normalized or changed
        frame = frames[-1] if frames else None
        at = indent
        if pending is not None or dash or frame is None or frame[0] != indent or frame[1]:
            nested = False
            if pending is not None:
                column, after_dash, parent, slot, where = pending
                pending = None
                nested = indent > column or (not after_dash and indent == column and dash)
                if nested:
                    block: Any = [] if dash else {}
                    parent[slot] = block
                    frames.append([indent, dash, block, where])
                    if after_dash:
                        positions[where] = (number, indent + 1)
                elif after_dash:
                    return None  # an empty item: libyaml places it after the dash
            if nested:
                pass
            elif root is None:
                data = [] if dash else {}
                frames.append([indent, dash, data, ()])
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
                sequence: list[Any] = frame[2]
                here = (*frame[3], len(sequence))
                if item_at < 0:
                    sequence.append(None)
                    pending = (indent, True, sequence, len(sequence) - 1, here)
                    continue
                at = item_at
                positions[here] = (number, at + 1)
                if key is None:
                    sequence.append(value)
                    if entries:
                        for sub, column in zip(flow_paths, entries, strict=True):  # as many: checked when read
                            positions[(*here, *sub)] = (number, column)
                    continue
                mapping: dict[str, Any] = {}
                sequence.append(mapping)
                frames.append([at, False, mapping, here])  # "- key: value": a mapping starts in the item
                frame = frames[-1]
        assert frame is not None
        container: dict[str, Any] = frame[2]  # a line without a dash has a key
        assert key is not None
        if key in container:
            return None  # PyYAML reports the duplicate
        here = (*frame[3], key)
        positions[here] = (number, at + 1)
        if value_at < 0:
            container[key] = None
            pending = (at, False, container, key, here)
        else:
            container[key] = value
            if entries:
                for sub, column in zip(flow_paths, entries, strict=True):
                    positions[(*here, *sub)] = (number, column)
    if pending is not None and pending[1]:
        return None
    if root is None:
        return None, {}, False
    positions[()] = root
    return data, positions, normalized


def _fresh(value: Any) -> Any:
    """A value read from a line that may repeat: a collection is copied, so that no two places share one."""
    kind = type(value)
    if kind is list:
        return [_fresh(v) for v in value]
    if kind is dict:
        return {k: _fresh(v) for k, v in value.items()}
    return value
