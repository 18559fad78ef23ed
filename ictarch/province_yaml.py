"""A province architecture as YAML text: a main file and fragment files, ready to be written (pure, no I/O).

The layout is the one the shipped models use: ``province.yaml`` holds the identity, the programme
and the small lists, and names in ``include`` the fragments that hold the long ones
(``components.yaml``, ``relationships.yaml``, ``projects.yaml``). Fields at their default value
are left out. Loading the files back with the loader gives the same model, with ``include`` naming
the fragments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from ictarch.loading import MAIN_FILE
from ictarch.models.province import ProvinceArchitecture
from ictarch.schema import SCHEMA_BASE

FRAGMENTS: dict[str, str] = {
    "components.yaml": "components",
    "relationships.yaml": "relationships",
    "projects.yaml": "projects",
}
"""Fragment file → the list it holds."""

MAIN_ORDER = (
    "province",
    "provenance_note",
    "programme",
    "conforms_to",
    "sources",
    "domains",
    "indicators",
    "not_applicable",
    "waivers",
)
"""Keys of the main file, in the order people read them."""


def as_written(arch: ProvinceArchitecture) -> ProvinceArchitecture:
    """The model as :func:`dump_province` lays it out and the loader reads it back: ``include`` names the fragments."""
    return arch.model_copy(update={"include": tuple(FRAGMENTS)})


_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML was built with it: the same text, about five times faster on a merged model."""


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


def _header(schema: str, comment: Sequence[str]) -> str:
    lines = [f"# yaml-language-server: $schema={schema}", *(f"# {c}".rstrip() for c in comment)]
    return "\n".join(lines) + "\n"


def dump_province(
    arch: ProvinceArchitecture, *, schema_base: str = SCHEMA_BASE, comment: Sequence[str] = ()
) -> dict[str, str]:
    """File name → YAML text of the model: ``province.yaml`` and the fragments of :data:`FRAGMENTS`.

    Each file begins with the ``# yaml-language-server: $schema=`` line (``schema_base`` is a URL or
    a path relative to the files' folder, without the trailing slash) and the ``comment`` lines.
    An ``include`` already in ``arch`` is replaced by the fragments.
    """
    data = arch.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    main: dict[str, Any] = {"ictarch": 1}
    main.update((k, data[k]) for k in MAIN_ORDER if k in data)
    main["include"] = list(FRAGMENTS)
    out = {MAIN_FILE: _header(f"{schema_base}/province-model/v1.json", comment) + _yaml(main)}
    for file, key in FRAGMENTS.items():
        fragment = {"ictarch": 1, key: data.get(key, [])}
        out[file] = _header(f"{schema_base}/province-fragment/v1.json", comment) + _yaml(fragment)
    return out
