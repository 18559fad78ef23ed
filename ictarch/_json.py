"""Reading the caches' own JSON entries quickly: orjson where it is installed, the standard library otherwise.

A run that reuses stored results reads tens of megabytes of them; orjson parses them into the same Python
values several times faster, for entries whose numbers are counts and positions: orjson reads an integer
beyond 64 bits as a float, so an entry that may hold any number a model holds (a finding's message
arguments) is read with the standard library. What orjson refuses (NaN) the standard library reads.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson as _fast
except ImportError:  # pragma: no cover - a base dependency; the standard library stays the fallback
    _fast = None  # type: ignore[assignment]


def loads(data: bytes) -> Any:
    """The value of the JSON text ``data`` (UTF-8); ValueError when it is not JSON."""
    if _fast is not None:
        try:
            return _fast.loads(data)
        except ValueError:
            pass  # what orjson refuses, the standard library may read (or says why not)
    return json.loads(data)
