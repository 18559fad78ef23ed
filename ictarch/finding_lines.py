"""Findings as lines of JSON, read back as the same findings: how a command keeps many findings compact until
it reads them, one province at a time, and how the cache keeps them (JSON, never pickle).

A line holds every field of a finding (its message as catalogue id and arguments, not rendered), so reading it
gives a finding equal to the one written. A string in JSON holds no line break (it is written ``\\n``), so a
text of several findings splits at its line breaks into theirs. The location's file stands after
``"file": "`` as :mod:`ictarch.report_blocks` expects of a part's texts, so that stored parts are moved with
their models' folder.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from ictarch import _json
from ictarch.errors import Location
from ictarch.findings import Finding, LayerCoverage, Severity, Status
from ictarch.i18n import Msg

FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
_LOCATION_FIELDS = tuple(f.name for f in dataclasses.fields(Location))
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
"""Default separators: a location's file stands after ``"file": "``."""


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding as JSON values (enums are strings, tuples lists), without ``dataclasses.asdict``'s deep copies."""
    data = {name: getattr(f, name) for name in FINDING_FIELDS}
    loc = f.location
    data["location"] = None if loc is None else {name: getattr(loc, name) for name in _LOCATION_FIELDS}
    data["message"] = f.message.to_json() if isinstance(f.message, Msg) else f.message
    return data


def finding_from_json(f: dict[str, Any]) -> Finding:
    """The finding :func:`finding_json` gave (KeyError, ValueError or TypeError for anything else)."""
    loc, message = f["location"], f["message"]
    return Finding(
        code=f["code"],
        name=f["name"],
        severity=_SEVERITIES[f["severity"]],
        status=_STATUSES[f["status"]],
        message=Msg.from_json(message) if isinstance(message, dict) else message,
        province=f["province"],
        subject=f["subject"],
        related=tuple(f["related"]),
        location=Location(loc["file"], loc["line"], loc["column"], loc["path"]) if loc else None,
        reference=f["reference"],
        waiver_reason=f["waiver_reason"],
        baselined=f["baselined"],
    )


_SEVERITIES = {s.value: s for s in Severity}
_STATUSES = {s.value: s for s in Status}


def coverage_from_json(c: dict[str, Any]) -> LayerCoverage:
    return LayerCoverage(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in c.items()})  # type: ignore[arg-type]


def render_lines(findings: Sequence[Finding]) -> bytes:
    """The findings, a line each (UTF-8), with their message's key (:meth:`~ictarch.i18n.Msg.key`): what sorts and
    compares findings, computed once where they were made and not again where they are read."""
    encode = _ENCODER.encode
    return "".join([encode(_line(f)) + "\n" for f in findings]).encode("utf-8")


def _line(f: Finding) -> dict[str, Any]:
    data = finding_json(f)
    if isinstance(f.message, Msg):
        data["key"] = f.message.key()
        if _wide(f.message):
            data["wide"] = True  # read by the standard library: orjson would read the number as a float
    return data


_LOW, _HIGH = -(2**63), 2**64
"""The integers orjson reads exactly."""


def _wide(value: object) -> bool:
    """Whether a message holds an integer orjson reads as a float."""
    if isinstance(value, Msg):
        return any(_wide(v) for v in value.args.values())
    if type(value) is int:
        return not _LOW <= value < _HIGH
    if type(value) is tuple:
        return any(_wide(v) for v in value)
    return False


def count_lines(text: bytes) -> tuple[int, int]:
    """How many findings :func:`render_lines` wrote in ``text``, and how many of them are waived, without reading
    them: ``"status": "waived"`` stands nowhere else in a line (a quote in a string is escaped)."""
    return text.count(b"\n"), text.count(b'"status": "waived"')


def split_lines(text: bytes, n: int) -> list[bytes] | None:
    """The text of each of the ``n`` findings :func:`render_lines` wrote in ``text``; None when it holds another
    number of them."""
    lines = text.split(b"\n")
    if len(lines) != n + 1 or lines[-1]:
        return None
    return [line + b"\n" for line in lines[:-1]]


def read_lines(text: bytes) -> list[Finding]:
    """The findings of texts :func:`render_lines` wrote, joined: read as one JSON array, by orjson (twice as fast
    as the standard library), but for a line marked ``wide``: a message argument may be any number a model holds,
    and orjson reads an integer beyond 64 bits as a float."""
    if not text:
        return []
    values = _json.loads(b"[" + text[:-1].replace(b"\n", b",") + b"]")
    lines: list[bytes] = []
    found = []
    for i, value in enumerate(values):
        if value.get("wide"):  # a number orjson reads as a float: the line read again, exactly
            lines = lines or text.split(b"\n")
            value = json.loads(lines[i])
        finding = finding_from_json(value)
        if type(key := value.get("key")) is str and isinstance(finding.message, Msg):
            object.__setattr__(finding.message, "_key", key)  # as a pickled message carries it
        found.append(finding)
    return found


def coverage_line(c: LayerCoverage) -> str:
    """A coverage row as JSON (:func:`read_coverage` reads it)."""
    return json.dumps(dataclasses.asdict(c), ensure_ascii=False)


def read_coverage(text: str) -> LayerCoverage:
    return coverage_from_json(json.loads(text))
