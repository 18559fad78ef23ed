"""The caches' JSON entries read with orjson give the values the standard library gives, or an error.

The entries read this way hold texts, counts and positions only (an integer beyond 64 bits would be read as
a float: the province results, whose messages may carry any number a model holds, are read as before).
"""

from __future__ import annotations

import json

import pytest

from ictarch import _json

ENTRIES = [
    '{"code":"quang-tri","runs":[[-3,"ICT204",["{\\n  \\"message\\": \\"Trùng lặp\\"\\n}"]]],"located":2}',
    '{"line":9223372036854775807,"neg":-1,"nested":{"a":[null,true,false,1.5,""]}}',
    '["\\u00e1\\u0301", "Đà Nẵng", {"": []}]',
]


@pytest.mark.parametrize("text", ENTRIES)
def test_an_entry_reads_as_the_standard_library_reads_it(text: str) -> None:
    assert _json.loads(text.encode("utf-8")) == json.loads(text)


@pytest.mark.parametrize("data", [b"{not json", b"", b'{"a": 1', b"\xff\xfe"])
def test_a_damaged_entry_is_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        _json.loads(data)
