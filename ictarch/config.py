"""Which checks run and how severe their findings are: the configuration file and its resolution.

``ictarch.yaml`` (beside the models, or named by ``--config``) is read by the loader and validated
by :class:`ConfigFile`::

    ictarch: 1
    profile: draft                 # a built-in (draft, approval) or user-defined profile
    fail_on: high
    rules:                         # per code, name or group: a severity, 'off', or {enabled, severity}
      ICT106: off
      duplication: medium
      gap.layer.uncovered: {severity: critical}
    profiles:
      ministry-review:
        extends: approval
        fail_on: medium
        rules: {linkage: high}

Resolution, done once into a frozen :class:`Config`: a profile supplies defaults, the file's own
settings always win over it, and the command line wins over both. For each check the setting is
its own default, then the profile's rules (those it extends first), then the file's ``rules``; a
later layer changes only what it states (a severity keeps an earlier 'off'). Within the merged
rules the most specific key wins, field by field: code > name > group (a check's last-listed group
first). ``--select`` and ``--skip`` then narrow the
enabled checks; ``fail_on`` comes from the command line, else the file, else the profile, else
``high``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from ictarch import check_inputs
from ictarch.errors import ConfigError, Diagnostic, Location, SelectorError
from ictarch.findings import Severity
from ictarch.i18n import msg
from ictarch.loading.diagnostics import validation_diagnostics
from ictarch.loading.files import display_name, read_yaml


class RuleSpec(Protocol):
    """What resolving a configuration reads of a check (:class:`ictarch.checks.spec.CheckSpec` has it)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def groups(self) -> tuple[str, ...]: ...
    @property
    def severity(self) -> Severity: ...


class Registry(Protocol):
    """What resolving a configuration needs of the check registry (:class:`ictarch.checks.registry.Registry`).

    A protocol, so that the configuration does not import the checks, which read it.
    """

    def __iter__(self) -> Iterator[RuleSpec]: ...

    def select(self, patterns: Iterable[str], globs: bool = True) -> list[str]: ...


CONFIG_FILE = check_inputs.CONFIG_FILE


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


Level = Annotated[Severity, BeforeValidator(_lower)]
"""A severity name in any case: ``high``, ``HIGH``."""


class RuleSetting(_Strict):
    """Turn a check on or off and set its severity."""

    enabled: bool | None = Field(default=None, description="False turns the check off; unset keeps it as it was.")
    severity: Level | None = None

    def over(self, earlier: RuleSetting | None) -> RuleSetting:
        """This setting layered on an earlier one: only what this one states changes."""
        if earlier is None:
            return self
        return RuleSetting(
            enabled=self.enabled if self.enabled is not None else earlier.enabled,
            severity=self.severity or earlier.severity,
        )


def _rule(value: Any) -> Any:
    """Shorthands: ``off``/``false`` and ``on``/``true`` switch a check; any other text is a severity."""
    if isinstance(value, bool):
        return {"enabled": value}
    if isinstance(value, str):
        text = value.strip().lower()
        return {"enabled": text == "on"} if text in ("off", "on") else {"severity": text}
    return value


_LEVELS = [s.value for s in Severity]


def _rule_value_schema() -> dict[str, Any]:
    """The JSON Schema of a rule setting, described for editors from the one field catalogue."""
    from ictarch.models.field_docs import RULE_SWITCH, enum_docs, field_doc, text

    def described(model: str, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        doc = field_doc(model, name)
        return {**schema, "description": text(doc.vi, doc.en), "examples": list(doc.examples)} if doc else schema

    values = {**enum_docs("Severity"), **enum_docs(RULE_SWITCH)}
    choices = [*_LEVELS, "off", "on"]
    return {
        "anyOf": [
            {"enum": choices, "enumDescriptions": [text(*values[c]) for c in choices]},
            {"type": "boolean"},
            {
                "type": "object",
                "properties": {
                    "enabled": described("RuleSetting", "enabled", {"type": "boolean"}),
                    "severity": described("RuleSetting", "severity", {"enum": _LEVELS}),
                },
                "additionalProperties": False,
            },
        ],
        "description": text(
            "Mức nghiêm trọng, 'off', 'on', hoặc {enabled, severity}.",
            "A severity, 'off', 'on', or {enabled, severity}.",
        ),
    }


RuleValue = Annotated[
    RuleSetting,
    BeforeValidator(_rule),
    WithJsonSchema(_rule_value_schema()),
]
"""A severity name, 'off' (YAML reads a bare off as false), 'on', or a mapping ``{enabled, severity}``."""


class Profile(_Strict):
    """A named set of rule settings and a failure threshold, chosen with ``--profile``."""

    description: str | None = None
    extends: str | None = Field(default=None, description="A profile this one starts from.")
    fail_on: Level | None = None
    rules: dict[str, RuleValue] = Field(default_factory=dict, description="Per code, name or group.")


class ConfigFile(_Strict):
    """The contents of ``ictarch.yaml``."""

    ictarch: int = Field(default=1, description="Format version of the file.")
    profile: str | None = Field(default=None, description="Profile used when --profile is not given.")
    fail_on: Level | None = None
    rules: dict[str, RuleValue] = Field(default_factory=dict, description="Per code, name or group.")
    select: tuple[str, ...] = Field(default=(), description="Only these codes, names, groups or globs.")
    skip: tuple[str, ...] = Field(default=(), description="Never these codes, names, groups or globs.")
    profiles: dict[str, Profile] = Field(default_factory=dict)


def _at(severity: Severity) -> RuleSetting:
    return RuleSetting(severity=severity)


BUILTIN_PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        "draft": Profile(
            description="While an architecture is being written: gaps are warnings.",
            fail_on=Severity.HIGH,
            rules={"gap": _at(Severity.MEDIUM), "ICT105": _at(Severity.LOW), "ICT106": _at(Severity.INFO)},
        ),
        "approval": Profile(
            description="Before the provincial People's Committee approves it: gaps block.",
            fail_on=Severity.MEDIUM,
            rules={"gap": _at(Severity.HIGH), "ICT105": _at(Severity.HIGH), "ICT106": _at(Severity.INFO)},
        ),
    }
)


@dataclass(frozen=True)
class Config:
    """The resolved policy of one run: which checks are on, their severities, the failure threshold."""

    enabled: frozenset[str]
    severities: Mapping[str, Severity]
    fail_on: Severity = Severity.HIGH
    profile: str | None = None

    def severity(self, code: str) -> Severity:
        return self.severities[code]


Locate = Callable[[tuple[str | int, ...]], Location]


def find_config(paths: Iterable[Path]) -> Path | None:
    """The ``ictarch.yaml`` beside the models: in the first model folder (or a file's folder), or its parent
    (found by :mod:`ictarch.check_inputs`, which a warm check reads without importing this module)."""
    return check_inputs.find_config(list(paths))


def load_config(path: Path) -> tuple[ConfigFile, Locate]:
    """Read and validate a configuration file (``ictarch.yaml``).

    Returns the :class:`ConfigFile` and a function locating a path inside the file (for errors found
    while resolving it); every problem is one :class:`~ictarch.errors.ConfigError` listing each at
    file:line:column. The command line calls this and passes the result on: loading never reads it.
    """
    doc, diagnostics = read_yaml(path)
    if doc is not None and not diagnostics:
        try:
            return ConfigFile.model_validate(doc.data if doc.data is not None else {}), doc.locate
        except ValidationError as exc:
            diagnostics = validation_diagnostics(exc, ConfigFile, doc.locate)
    raise ConfigError(
        msg("config.invalid", path=display_name(path)), diagnostics=sorted(diagnostics, key=Diagnostic.sort_key)
    )


def _profile_chain(name: str, file: ConfigFile) -> list[tuple[str, Profile, bool]]:
    """The profile and those it extends, base first, each with whether it is the file's own.

    A profile of the file shadows a built-in one of the same name.
    """
    chain: list[tuple[str, Profile, bool]] = []
    seen: list[str] = []
    current: str | None = name
    while current is not None:
        if current in seen:
            raise ConfigError(msg("config.profile-cycle", profile=name, chain=" → ".join([*seen, current])))
        seen.append(current)
        own = file.profiles.get(current)
        prof = own or BUILTIN_PROFILES.get(current)
        if prof is None:
            known = sorted({*BUILTIN_PROFILES, *file.profiles})
            hint = difflib.get_close_matches(current, known, n=1)
            raise ConfigError(
                msg("config.unknown-profile", profile=current, choices=known)
                if not hint
                else msg("config.unknown-profile-hint", profile=current, choices=known, hint=hint[0])
            )
        chain.insert(0, (current, prof, own is not None))
        current = prof.extends
    return chain


def resolve_config(
    registry: Registry,
    file: ConfigFile | None = None,
    *,
    profile: str | None = None,
    select: Iterable[str] = (),
    skip: Iterable[str] = (),
    fail_on: Severity | None = None,
    locate: Locate | None = None,
) -> Config:
    """Resolve the configuration file, profile and command-line options into a frozen :class:`Config`.

    ``select`` and ``skip`` (codes, names, groups or globs) narrow the checks the rules leave enabled.
    """
    file = file or ConfigFile()
    profile_name = profile or file.profile
    chain = _profile_chain(profile_name, file) if profile_name else []
    layers: list[tuple[tuple[str | int, ...] | None, dict[str, RuleValue]]] = [
        (("profiles", name, "rules") if own else None, prof.rules) for name, prof, own in chain
    ]
    layers.append((("rules",), file.rules))
    merged: dict[str, RuleSetting] = {}
    for path, rules in layers:
        for key, value in rules.items():
            _check_key(registry, key, (*path, key) if path is not None else None, locate)
            merged[key] = value.over(merged.get(key))
    enabled: set[str] = set()
    severities: dict[str, Severity] = {}
    for spec in registry:
        applying = _by_specificity(spec.code, spec.name, spec.groups, merged)
        severities[spec.code] = next((r.severity for r in applying if r.severity), spec.severity)
        if next((r.enabled for r in applying if r.enabled is not None), True):
            enabled.add(spec.code)
    wanted = [*file.select, *select]
    unwanted = [*file.skip, *skip]
    if wanted:
        enabled &= set(registry.select(wanted))
    if unwanted:
        enabled -= set(registry.select(unwanted))
    threshold = fail_on or file.fail_on or next((p.fail_on for _, p, _ in reversed(chain) if p.fail_on), None)
    return Config(
        enabled=frozenset(enabled),
        severities=MappingProxyType(dict(sorted(severities.items()))),
        fail_on=threshold or Severity.HIGH,
        profile=profile_name,
    )


def _by_specificity(
    code: str, name: str, groups: tuple[str, ...], merged: Mapping[str, RuleSetting]
) -> list[RuleSetting]:
    """The settings that apply to a check, most specific first: code, name, then its groups from the
    last listed (the family) to the first (``core``). Each field is taken from the first that sets it."""
    keys = [code, name, *reversed(groups)]
    return [merged[k] for k in keys if k in merged]


def _check_key(registry: Registry, key: str, path: tuple[str | int, ...] | None, locate: Locate | None) -> None:
    """A rule key must be a code, name or group (no glob): a typo would otherwise silently do nothing."""
    try:
        registry.select([key], globs=False)
    except SelectorError as exc:
        where = f"{locate(path)}: " if locate and path is not None else ""
        raise ConfigError(msg("config.at", where=where, detail=exc.message)) from None
