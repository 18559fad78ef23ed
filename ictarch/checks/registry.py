"""The explicit, immutable set of checks of a run, and selection by code, name, group or glob."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType

from ictarch.checks._retired import RETIRED
from ictarch.checks.spec import CODE_PATTERN, NAME_PATTERN, CheckSpec, spec_of
from ictarch.errors import SelectorError
from ictarch.findings import FindingDraft
from ictarch.i18n import Msg, msg


class Registry:
    """Checks by code, validated once: codes and names unique and well formed, retired codes unused."""

    def __init__(self, specs: Iterable[CheckSpec], retired: Mapping[str, str] = RETIRED) -> None:
        self._retired = retired
        ordered = sorted(specs, key=lambda s: s.code)
        problems: list[str] = []
        codes: dict[str, CheckSpec] = {}
        names: dict[str, str] = {}
        for s in ordered:
            if not CODE_PATTERN.match(s.code):
                problems.append(f"{s.code}: a code is 'ICT' and three digits, the first 1-9")
            if not NAME_PATTERN.match(s.name):
                problems.append(f"{s.code}: name '{s.name}' is not dotted lower case")
            if s.code in codes:
                problems.append(f"{s.code} is used twice")
            if s.name in names:
                problems.append(f"name '{s.name}' is used by {names[s.name]} and {s.code}")
            if s.code in retired:
                problems.append(f"{s.code} is retired ({retired[s.code]}) and may not be reused")
            if not s.groups:
                problems.append(f"{s.code} has no group")
            codes[s.code] = s
            names[s.name] = s.code
        if problems:
            raise ValueError("invalid check registry: " + "; ".join(problems))
        self._by_code: Mapping[str, CheckSpec] = MappingProxyType(codes)
        self._by_name: Mapping[str, CheckSpec] = MappingProxyType({s.name: s for s in ordered})
        groups: dict[str, list[str]] = {}
        for s in ordered:
            for g in s.groups:
                groups.setdefault(g, []).append(s.code)
        self._groups: Mapping[str, tuple[str, ...]] = MappingProxyType({g: tuple(c) for g, c in sorted(groups.items())})

    @classmethod
    def from_checks(cls, checks: Iterable[Callable[..., Iterator[FindingDraft]]]) -> Registry:
        return cls(spec_of(fn) for fn in checks)

    def __iter__(self) -> Iterator[CheckSpec]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    @property
    def groups(self) -> Mapping[str, tuple[str, ...]]:
        return self._groups

    def get(self, key: str) -> CheckSpec:
        """A check by code (any case) or name; retired and unknown keys raise :class:`SelectorError`."""
        code = key.strip()
        if code.upper() in self._by_code:
            return self._by_code[code.upper()]
        if code in self._by_name:
            return self._by_name[code]
        if code.upper() in self._retired:
            raise SelectorError(msg("select.retired", code=code.upper(), why=self._retired[code.upper()]))
        raise SelectorError(self._unknown(code))

    def select(self, patterns: Iterable[str], globs: bool = True) -> list[str]:
        """Codes matching each pattern, tried as a code, a name, a group, then a glob (STYLE 7.1)."""
        found: set[str] = set()
        for raw in patterns:
            for pattern in (p.strip() for p in raw.split(",")):
                if not pattern:
                    continue
                found.update(self._match(pattern, globs))
        return sorted(found)

    def _match(self, pattern: str, globs: bool) -> list[str]:
        if pattern.upper() in self._by_code:
            return [pattern.upper()]
        if pattern in self._by_name:
            return [self._by_name[pattern].code]
        if pattern in self._groups:
            return list(self._groups[pattern])
        if globs and any(ch in pattern for ch in "*?["):
            hits = [
                s.code
                for s in self
                if fnmatch.fnmatchcase(s.code, pattern.upper()) or fnmatch.fnmatchcase(s.name, pattern)
            ]
            if hits:
                return hits
            raise SelectorError(msg("select.no-match", pattern=pattern))
        if pattern.upper() in self._retired:
            raise SelectorError(msg("select.retired", code=pattern.upper(), why=self._retired[pattern.upper()]))
        raise SelectorError(self._unknown(pattern))

    def _unknown(self, key: str) -> Msg:
        choices = [*self._by_code, *self._by_name, *self._groups]
        hint = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
        if hint:
            return msg("select.unknown-hint", key=key, hint=hint[0])
        return msg("select.unknown", key=key)
