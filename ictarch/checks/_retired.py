"""Codes of checks that were removed or renumbered, mapped to their replacement or "removed".

A code is never reassigned: the registry refuses a check whose code is listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

RETIRED: Mapping[str, str] = MappingProxyType({})
