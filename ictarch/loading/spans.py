"""Spans: where each scalar of a YAML text starts and ends, for editors.

The loader keeps where a key or an item starts; an editor also needs where an id ends, to underline
it, rename it or complete it. This walks the composed node tree (no values are constructed, no tags
resolved beyond what composing does), so it is safe on any text and cheap enough to run per keystroke.
A text that does not compose gives no spans: the loader reports why.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import yaml

from ictarch.loading.yaml_doc import PathKey

try:  # the libyaml C parser when present, as in yaml_doc
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Span:
    """A region of a text: 0-based line and column of its start and of the position after its end."""

    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


@dataclass(frozen=True)
class ScalarSpan:
    """One scalar value of a document: its path, its text and where it stands."""

    path: PathKey
    value: str
    span: Span


@dataclass
class DocumentSpans:
    """Every scalar value of one document, and the span of every mapping or list (by path)."""

    scalars: list[ScalarSpan]
    nodes: dict[PathKey, Span]
    keys: dict[PathKey, Span]
    """The span of each mapping key, under the path of its value."""

    def at(self, line: int, column: int) -> ScalarSpan | None:
        """The scalar value under a 0-based position, if any (scalars are sorted by start)."""
        i = bisect.bisect_right(self.scalars, (line, column), key=lambda s: (s.span.line, s.span.column))
        if i and self.scalars[i - 1].span.contains(line, column):
            return self.scalars[i - 1]
        return None


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line, start.column, end.line, end.column)


def document_spans(text: str) -> DocumentSpans:
    """The spans of a YAML text; empty when the text is not well-formed YAML."""
    out = DocumentSpans([], {}, {})
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return out
    finally:
        loader.dispose()
    if root is None:
        return out
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its spans are those of its anchor
            continue
        seen.add(id(node))
        out.nodes[path] = _span(node)
        if isinstance(node, yaml.ScalarNode):
            out.scalars.append(ScalarSpan(path, str(node.value), _span(node)))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    child = (*path, str(key_node.value))
                    out.keys[child] = _span(key_node)
                    stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((item, (*path, i)) for i, item in enumerate(node.value)))
    out.scalars.sort(key=lambda s: (s.span.line, s.span.column))
    return out
