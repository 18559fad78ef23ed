"""Spans and ids of a model's text, as the language server reads them."""

from __future__ import annotations

from ictarch.editor.index import build_index, token_span
from ictarch.editor.knowledge import id_context
from ictarch.loading.spans import Span, document_spans

TEXT = """components:
  - id: x.portal
    name: {vi: "Cổng, \\"dịch vụ\\"", en: 'it''s'}
    realizes: [ictrf.L1, ictrf.L2]   # comment
relationships:
  - {from: x.portal, to: x.portal, type: serves}
"""


def _span(lines: list[str], line: int, token: str) -> Span:
    start = lines[line].index(token)
    return Span(line, start, line, start + len(token))


def test_token_span_covers_scalars_and_keys_with_their_value() -> None:
    lines = TEXT.splitlines(True)
    for line, token in [
        (1, "id: x.portal"),  # a key with its value
        (2, '"Cổng, \\"dịch vụ\\""'),  # a quoted name, escapes and comma included
        (2, "'it''s'"),
        (3, "ictrf.L1"),  # up to the comma
        (3, "ictrf.L2"),  # up to the bracket, not the comment
        (5, "to: x.portal"),  # inside a flow mapping
    ]:
        expected = _span(lines, line, token)
        assert token_span(lines, line, expected.column) == expected, token
    assert token_span(lines, 40, 0) == Span(40, 0, 40, 0)


def test_index_finds_definitions_and_citations_with_exact_spans() -> None:
    index = build_index({"/m/a.yaml": TEXT})
    occ = index.definitions["x.portal"]
    assert occ.kind == "component" and occ.span == Span(1, 8, 1, 16)
    refs = index.references("x.portal")
    assert [(o.definition, o.span.line) for o in refs] == [(True, 1), (False, 5), (False, 5)]
    flow = TEXT.splitlines()[5]
    assert {o.span.column for o in refs if o.span.line == 5} == {flow.index("x.portal"), flow.rindex("x.portal")}
    assert index.id_at("/m/a.yaml", 3, 17) is not None and index.id_at("/m/a.yaml", 2, 20) is None
    assert document_spans("a: [unclosed").scalars == []


def test_id_context_reads_incomplete_yaml() -> None:
    lines = ["components:", "  - id: x", "    realizes: [ictrf.L1, ict", "    domain: ", "    egov_links:", "      - v"]
    assert id_context(lines, 2, len(lines[2])) is not None
    ctx = id_context(lines, 2, len(lines[2]))
    assert ctx is not None and (ctx.section, ctx.key, ctx.typed) == ("components", "realizes", "ict")
    ctx = id_context(lines, 3, len(lines[3]))
    assert ctx is not None and (ctx.key, ctx.typed) == ("domain", "")
    ctx = id_context(lines, 5, len(lines[5]))
    assert ctx is not None and (ctx.key, ctx.typed) == ("egov_links", "v")
    assert id_context(lines, 1, 3) is None
