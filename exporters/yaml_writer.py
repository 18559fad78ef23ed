"""Province models as YAML text, in the layout people write by hand: sections in a fixed order, labels inline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from ictarch._memory import bulk_build
from ictarch.schema import SCHEMA_BASE

SCHEMA_URL = f"{SCHEMA_BASE}/province-model/v1.json"
ORDER = (
    "ictarch",
    "province",
    "provenance_note",
    "programme",
    "conforms_to",
    "sources",
    "domains",
    "components",
    "relationships",
    "projects",
    "indicators",
    "not_applicable",
    "waivers",
)
_LABEL_KEYS = ({"vi"}, {"vi", "en"})


class _Inline(dict[str, Any]):
    """A mapping written in flow style: ``{vi: ..., en: ...}``."""


class _InlineList(list[Any]):
    """A list of ids written in flow style: ``[a, b]``."""


if TYPE_CHECKING:
    _SafeDumper = yaml.SafeDumper
else:  # libyaml's emitter when PyYAML was built with it: the same text, several times faster
    _SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):
    """Safe YAML; text that a plain or single-quoted scalar could alter is written double-quoted."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolved: dict[tuple[Any, ...], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The implicit tag of a scalar, remembered: a model repeats its kinds, statuses and agencies."""
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        key = (value, tuple(implicit) if isinstance(implicit, list) else implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag


def _inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _inline_list(dumper: yaml.SafeDumper, data: _InlineList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_RISKY = ("\r", "\x85", "\u2028", "\u2029", "\ufeff", "\t")


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if data.isprintable():  # most text: no control, format or separator character at all
        return dumper.represent_str(data)
    if any(ch in _RISKY or (ch != "\n" and not ch.isprintable()) for ch in data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_str(data)


_Dumper.add_representer(_Inline, _inline)
_Dumper.add_representer(_InlineList, _inline_list)
_Dumper.add_representer(str, _text)


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        shaped = {k: _shape(v) for k, v in value.items()}
        if set(shaped) in _LABEL_KEYS and all(isinstance(v, str) for v in shaped.values()):
            return _Inline(shaped)
        if set(shaped) == {"start", "end"}:
            return _Inline(shaped)
        return shaped
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, str) and "\n" not in v and len(v) < 80 for v in value):
            return _InlineList(value)
        return [_shape(v) for v in value]
    return value


def dump_province_yaml(data: dict[str, Any], schema: str = SCHEMA_URL) -> str:
    """A province model (plain data, as the importer returns it) as YAML text with the schema header."""
    ordered = {"ictarch": data.get("ictarch", 1)}
    ordered.update((k, data[k]) for k in ORDER if k in data and k != "ictarch" and data[k] not in ([], None))
    ordered.update((k, v) for k, v in data.items() if k not in ordered and v not in ([], None))
    with bulk_build():  # the node tree holds no cycles worth collecting; see ictarch._memory
        body = yaml.dump(
            _shape(ordered), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False
        )
    return f"# yaml-language-server: $schema={schema}\n{body}"
