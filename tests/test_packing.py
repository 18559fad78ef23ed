"""What a command keeps compressed in memory reads back as it was, with lz4 and with the zlib fallback."""

from __future__ import annotations

import zlib

import pytest

from ictarch import _packing
from ictarch._packing import pack, unpack

TEXTS = [
    b"",
    b"x",
    "Hệ thống quản lý văn bản và điều hành\n".encode() * 5000,
    bytes(range(256)) * 300,  # what does not compress
    b'{"code": "ICT204", "related": []}\n' * 100_000,
]


@pytest.mark.parametrize("data", TEXTS, ids=lambda d: f"{len(d)} bytes")
def test_packed_bytes_read_back_as_they_were(data: bytes) -> None:
    packed = pack(data)
    assert unpack(packed) == data
    if len(data) > 10_000 and data[:256] != bytes(range(256)):
        assert len(packed) < len(data) / 5, "repetitive text is compressed"


def test_lz4_is_used_where_installed_and_zlib_read_back_all_the_same() -> None:
    pytest.importorskip("lz4.frame")
    data = TEXTS[2]
    assert pack(data)[:4] == b"\x04\x22\x4d\x18", "an lz4 frame"
    assert unpack(zlib.compress(data, 1)) == data, "a zlib stream is told apart by its first bytes"


def test_without_lz4_zlib_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_packing, "_lz4", lambda: None)
    data = TEXTS[4]
    packed = pack(data)
    assert zlib.decompress(packed) == data
    assert unpack(packed) == data
