"""YAML with positions: parse one document safely and remember where every key and item starts.

Nothing here reads files; :mod:`ictarch.loading.files` does, and hands the text over.
"""

from __future__ import annotations

import functools
import operator
import re
import types
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from ictarch import errors
from ictarch.errors import Diagnostic, Location
from ictarch.i18n import Msg, msg
from ictarch.yaml_parser import fast_loader, line_reader_on

try:  # the libyaml C parser when present; same safe semantics, several times faster
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, resolving each distinct plain scalar of a document once.

    The composer asks the resolver for the tag of every scalar, keys included: a national model has
    about a million, most of them the same few keys and words, and each answer is a pure function of
    the text (no path resolvers are registered). Answers are those of :meth:`BaseResolver.resolve`.
    """

    _text_tag: str = _Base.DEFAULT_SCALAR_TAG

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[str, str] = {}
        resolvers = self.yaml_implicit_resolvers
        # a plain scalar whose first character starts no implicit type is text, with no pattern to try
        self._typed_starts = frozenset(resolvers) if None not in resolvers else None
        # a merge key is a plain '<<' or a tag: a text with neither has no mapping to flatten
        self.may_merge = "<<" in stream or "!" in stream
        if not self.yaml_path_resolvers:  # the composer tells the resolver of every node it enters and leaves:
            self.descend_resolver = operator.is_  # with no path resolvers both do nothing, here in C
            self.ascend_resolver = int
            # and asks it the tag of every scalar: an answer already given is given again in C, without a call
            self.resolve = functools.lru_cache(maxsize=None)(self._resolve)  # type: ignore[method-assign,assignment]

    def dispose(self) -> None:
        super().dispose()
        self.__dict__.pop("resolve", None)  # the cache refers back to the loader: no cycle is left

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        return self._resolve(kind, value, implicit)

    def _resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        if not implicit[0]:  # quoted: text
            return self._text_tag
        starts = self._typed_starts
        if starts is not None and value[:1] not in starts:
            return self._text_tag
        tag = self._tags.get(value)
        if tag is None:
            tag = self._tags[value] = super().resolve(kind, value, implicit)
        return tag


PathKey = tuple[str | int, ...]
"""A path inside a document: keys and list indexes."""

MAX_NODES = 5_000_000
"""Bound on constructed nodes so that alias expansion ("billion laughs") cannot exhaust memory."""


def format_path(path: Sequence[str | int]) -> str:
    """``('components', 3, 'security_level')`` → ``components[3].security_level``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class YamlDocument:
    """A parsed file: the data and where every mapping key and sequence item starts."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]]
    normalized: bool = False
    """The text arrived decomposed (NFD, as some keyboards send Vietnamese) and was read composed (NFC)."""

    def locate(self, path: PathKey) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, col = self.positions.get(probe, (1, 1))
        return Location(self.file, line, col, format_path(path))


class _Builder:
    """Turns a composed node tree into plain data, recording positions and duplicate keys."""

    def __init__(self, file: str, loader: _Loader) -> None:
        self.file = file
        self.loader = loader
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.diagnostics: list[Diagnostic] = []
        self.normalized = False

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if type(node) is yaml.ScalarNode:
            return self._scalar(node)
        if node.tag not in _COLLECTION_TAGS:
            raise yaml.constructor.ConstructorError(
                None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        out = []
        positions = self.positions
        for i, item in enumerate(node.value):
            here = (*path, i)
            mark = item.start_mark
            positions[here] = (mark.line + 1, mark.column + 1)
            if type(item) is not _SCALAR:
                out.append(self.build(item, here))
            elif item.tag == _STR_TAG and (text := item.value).isascii():  # most items: plain text
                out.append(text)
            else:
                out.append(self._scalar(item))
        return out

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        pairs = node.value
        if self.loader.may_merge and _MERGE_TAG in [k.tag for k, _ in pairs]:
            self.loader.flatten_mapping(node)  # resolves '<<' merge keys
            pairs = node.value
        out: dict[Any, Any] = {}
        positions = self.positions
        # the scalars' common case (ASCII text) inline: a national model has about a million of them
        for key_node, value_node in pairs:
            if type(key_node) is not _SCALAR:
                key = self.build(key_node, path)
            elif key_node.tag == _STR_TAG and (key := key_node.value).isascii():
                pass
            else:
                key = self._scalar(key_node)
            mark = key_node.start_mark
            here = (mark.line + 1, mark.column + 1)
            if type(key) is not str:
                key = self._odd_key(key, here, path)
            if key in out:
                self._duplicate(key, here, path, pairs)
                continue
            at = (*path, key)
            positions[at] = here
            if type(value_node) is not _SCALAR:
                out[key] = self.build(value_node, at)
            elif value_node.tag == _STR_TAG and (text := value_node.value).isascii():
                out[key] = text
            else:
                out[key] = self._scalar(value_node)
        return out

    def _odd_key(self, key: Any, here: tuple[int, int], path: PathKey) -> str:
        if not isinstance(key, str):
            self.diagnostics.append(
                Diagnostic(
                    errors.SCHEMA,
                    msg("load.key-not-text", key=repr(key)),
                    Location(self.file, *here, format_path(path)),
                    expected=msg("load.field-name"),
                    hint=msg("load.quote-key"),
                )
            )
            return str(key)
        return key

    def _duplicate(self, key: str, here: tuple[int, int], path: PathKey, pairs: list[Any]) -> None:
        scratch = _Builder(self.file, self.loader)  # reads the keys again without recording anything
        first = next(
            k.start_mark
            for k, _ in pairs
            if (built := scratch._text(k) if type(k) is _SCALAR else scratch.build(k, path)) == key
            or (not isinstance(built, str) and str(built) == key)
        )
        line, column = first.line + 1, first.column + 1
        self.diagnostics.append(
            Diagnostic(
                errors.DUPLICATE_KEY,
                msg("load.duplicate-key", key=key),
                Location(self.file, *here, format_path((*path, key))),
                expected=msg("load.key-once"),
                hint=msg("load.remove-or-rename"),
                related=Location(self.file, line, column, format_path((*path, key))),
            )
        )

    def _text(self, node: yaml.ScalarNode) -> Any:
        """A scalar: plain text (most of them) without a call to the constructor."""
        text = node.value
        if node.tag == _STR_TAG and text.isascii():
            return text
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG:  # most scalars: the constructor would only return the text
            text: str = node.value
            if not text.isascii() and not unicodedata.is_normalized("NFC", text):
                # 'ế' typed as 'e' + U+0302 + U+0301 on some systems: the text, not the file's escapes
                self.normalized = True
                return unicodedata.normalize("NFC", text)
            return text
        constructor = self.loader.yaml_constructors.get(node.tag) or self.loader.yaml_constructors[None]
        try:
            value = constructor(self.loader, node)
            if isinstance(value, types.GeneratorType):  # constructors of collections fill in two steps
                built = next(value)
                for _ in value:
                    pass
                value = built
        except yaml.MarkedYAMLError:
            raise
        except Exception as exc:  # PyYAML's converters raise ValueError, KeyError, AttributeError, ...
            self.diagnostics.append(self._unreadable(node, exc))
            return node.value
        return value

    def _unreadable(self, node: yaml.ScalarNode, exc: Exception) -> Diagnostic:
        """A scalar whose tag (written, or implied by how it looks) its converter rejects: ``2025-02-30``,
        ``0x_``, ``!!int abc``, ``!!bool maybe``."""
        kind = node.tag.rsplit(":", 1)[-1]
        words = _SCALAR_WORDS.get(kind, f"a !!{kind} value")
        message = f"{node.value!r} is not a valid {words.removeprefix('a ')}"
        if kind == "timestamp" and isinstance(exc, ValueError) and str(exc):
            message += f": {exc}"  # "day is out of range for month" says which part is wrong
        elif kind not in _SCALAR_WORDS:
            message += f" ({type(exc).__name__}: {exc})"
        implied = self.loader.resolve(yaml.ScalarNode, node.value, (True, False))
        written = implied != node.tag
        hint = (
            f"correct the value, or remove the tag !!{kind}"
            if written
            else f"correct the value, or put it in quotes to keep it as text (YAML reads it as {words})"
            if kind in _SCALAR_WORDS
            else "correct the value, or put it in quotes to keep it as text"
        )
        start = node.start_mark
        return Diagnostic(
            errors.YAML_SYNTAX,
            message,
            Location(self.file, start.line + 1, start.column + 1),
            expected=_SCALAR_EXPECTED.get(kind),
            hint=hint,
        )


_SCALAR_WORDS = {"timestamp": "a date or time", "int": "a whole number", "float": "a number", "bool": "boolean"}
_SCALAR_EXPECTED = {
    "timestamp": "a real date, YYYY-MM-DD (or a time, YYYY-MM-DD HH:MM:SS)",
    "int": "digits, or 0x, 0o or 0b followed by digits",
    "float": "a number such as 1.5",
    "bool": "true or false",
}


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")
"""An alias token (``*name``); without one a document cannot expand beyond its own size."""

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR = yaml.ScalarNode
_MERGE_TAG = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document has once aliases are expanded, computed without expanding them.

    A recursive alias counts as unbounded.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        kids = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(MAX_NODES + 1, 1 + sum(sizes[id(k)] for k in kids))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes or any(id(k) in open_nodes for k in kids):
            return MAX_NODES + 1
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(root)]


_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message_id)
    for pattern, message_id in (
        (r"^did not find expected '-' indicator$", "yaml.expected-dash"),
        (r"^did not find expected key$", "yaml.expected-key"),
        (r"^mapping values are not allowed (?:here|in this context)$", "yaml.mapping-values"),
        (r"^could not find expected ':'$", "yaml.expected-colon"),
        (r"^found character.* that cannot start any token$", "yaml.bad-character"),
        (r"^expected (?P<expected>.+), but found (?P<found>.+)$", "yaml.expected-found"),
        (r"^did not find expected (?P<expected>.+)$", "yaml.did-not-find"),
        (r"^found undefined alias.*$", "yaml.undefined-alias"),
        (r"^found unexpected end of stream$", "yaml.end-of-stream"),
        (r"^found unexpected (?P<what>.+)$", "yaml.unexpected"),
        (r"^found unknown escape character (?P<what>.+)$", "yaml.unknown-escape"),
        (r"^found duplicate anchor (?P<what>.+); first occurrence$", "yaml.duplicate-anchor"),
        (r"^expected (?P<expected>.+), but got (?P<found>.+)$", "yaml.expected-found"),
    )
)
"""PyYAML's problems, said in the catalogue's words; the parts it quotes from the file are kept."""

_CONTEXTS = re.compile(r"^while (?:scanning|parsing|constructing) (?:an? |for the )?(?P<what>.+)$")


def yaml_problem(problem: str | None) -> Msg:
    """PyYAML's ``problem`` as a catalogue message; text it does not know is kept as written."""
    text = (problem or "").strip()
    for pattern, message_id in _PROBLEMS:
        m = pattern.match(text)
        if m:
            return msg(message_id, **{k: tuple((v or "").split(" or ")) for k, v in m.groupdict().items()})
    return msg("yaml.other", detail=text) if text else msg("yaml.invalid")


def yaml_context(context: str | None) -> Msg | str:
    """PyYAML's ``context`` (``while scanning a simple key``) as a catalogue message, or ''."""
    if not context:
        return ""
    m = _CONTEXTS.match(context.strip())
    what = m.group("what").replace(" ", "-") if m else ""
    return msg("yaml.context", where=msg(f"yaml.in.{what}")) if what in _KNOWN_CONTEXTS else f" ({context})"


_KNOWN_CONTEXTS = frozenset(
    {
        "simple-key",
        "block-mapping",
        "block-collection",
        "flow-mapping",
        "flow-sequence",
        "quoted-scalar",
        "plain-scalar",
        "alias",
        "anchor",
        "tag",
        "directive",
        "block-scalar",
        "flow-node",
        "block-node",
        "node",
        "next-token",
    }
)


def _fast_read(text: str) -> tuple[Any, dict[PathKey, tuple[int, int]], bool] | None:
    """The fast path's reading of ``text`` (None: PyYAML reads it). Its module, with the regular expressions it
    compiles, is imported only where a fast parser can run: without the ``fast`` extra it costs start-up time and
    nothing else."""
    if fast_loader() is None:
        return None
    from ictarch.loading.fast_yaml import fast_read

    return fast_read(text)


def _line_read(text: str) -> tuple[Any, dict[PathKey, tuple[int, int]], bool] | None:
    """The line reader's reading of ``text`` (None: another reader reads it)."""
    if not line_reader_on():
        return None
    from ictarch.loading.line_reader import line_read

    return line_read(text)


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document safely; return it with positions, or the diagnostics that stop it.

    A text in the plain block style of the models is read line by line (:mod:`~ictarch.loading.line_reader`);
    with the ``fast`` extra, a text the fast path reads exactly as PyYAML would is read by yaml-rs, its positions
    found by :mod:`~ictarch.loading.line_index`; every other text is read here, by PyYAML. All read alike."""
    fast = _line_read(text) or _fast_read(text)
    if fast is not None:
        return YamlDocument(file, fast[0], fast[1], fast[2]), []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(file, None, {}), []
        # '*' first: a plain search, where the pattern tries every position (0.02 ms against 19 ms a province)
        if "*" in text and _ALIAS.search(text) and _expanded_size(node) > MAX_NODES:
            return None, [
                Diagnostic(
                    errors.YAML_SYNTAX,
                    msg("load.too-many-nodes", n=MAX_NODES),
                    Location(file, 1, 1),
                    hint=msg("load.recursive-aliases"),
                )
            ]
        builder = _Builder(file, loader)
        data = builder.build(node, ())
        builder.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        return YamlDocument(file, data, builder.positions, builder.normalized), builder.diagnostics
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        return None, [
            Diagnostic(
                errors.YAML_SYNTAX,
                msg("load.yaml-syntax", problem=yaml_problem(exc.problem), context=yaml_context(exc.context)),
                loc,
                hint=msg("load.yaml-hint"),
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(errors.YAML_SYNTAX, msg("load.yaml-error", detail=str(exc)), Location(file, 1, 1))]
    finally:
        loader.dispose()
