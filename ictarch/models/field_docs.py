"""What each field and each enumeration value of the YAML formats means, in Vietnamese and English.

The JSON Schemas take their descriptions from here (``ictarch.schema``), so that an editor shows
them on completion and hover. The texts live in the message catalogues, beside every other text a
translator edits (``field.<key>`` and ``enum.<Enum>.<value>`` in ``ictarch/locale/{vi,en}.yaml``); the
example values are data, in ``field_examples.yaml``. A key is ``Model.field`` or, for a field that
means the same in every model, the bare ``field``; a model's own key wins.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

from ictarch.i18n import SAFE_LOADER, catalogue, t

FIELD = "field."
ENUM = "enum."
RULE_SWITCH = "RuleSwitch"
"""The pseudo-enumeration of a rule's setting in the configuration file besides its severities."""


class Doc(NamedTuple):
    vi: str
    en: str
    examples: tuple[Any, ...] = ()


@cache
def _examples() -> dict[str, tuple[Any, ...]]:
    text = resources.files("ictarch").joinpath("models", "field_examples.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=SAFE_LOADER) or {}
    return {key: tuple(values) for key, values in data.items()}


@cache
def fields() -> dict[str, Doc]:
    """Every field's description, by key, in catalogue order."""
    examples = _examples()
    return {
        mid[len(FIELD) :]: Doc(t(mid, "vi"), t(mid, "en"), examples.get(mid[len(FIELD) :], ()))
        for mid in catalogue("vi")
        if mid.startswith(FIELD)
    }


@cache
def enums() -> dict[str, dict[str, tuple[str, str]]]:
    """Every enumeration value's description: enumeration → value → (Vietnamese, English)."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for mid in catalogue("vi"):
        if mid.startswith(ENUM):
            name, _, value = mid[len(ENUM) :].partition(".")
            out.setdefault(name, {})[value] = (t(mid, "vi"), t(mid, "en"))
    return out


def enum_docs(name: str) -> dict[str, tuple[str, str]]:
    """The values of one enumeration (``Severity``, ``Lifecycle``, ... or ``RuleSwitch``)."""
    return enums().get(name, {})


def field_doc(model: str, field: str) -> Doc | None:
    """The model's own entry for the field, else the shared one."""
    docs = fields()
    return docs.get(f"{model}.{field}") or docs.get(field)


def text(vi: str, en: str) -> str:
    """The description an editor shows: Vietnamese first, then English."""
    return f"{vi}\n\n(EN) {en}"
