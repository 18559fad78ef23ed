"""Versioned JSON Schemas of the input formats, generated from the models and committed.

Compatibility policy: adding an optional field keeps v1; renaming or removing a field, or making
one required, is a new major version with its own file.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ictarch.config import ConfigFile
from ictarch.formatters.json import JsonReport
from ictarch.models.province import ProvinceArchitecture, ProvinceFragment
from ictarch.models.reference import ReferenceFile

SCHEMA_BASE = "https://ictarch.github.io/schemas"
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "province-model/v1.json": (ProvinceArchitecture, "A province's smart-city ICT architecture (main file)."),
    "province-fragment/v1.json": (ProvinceFragment, "A fragment of a province architecture, named by 'include'."),
    "reference-framework/v1.json": (ReferenceFile, "A file of the national reference frameworks."),
    "report/v1.json": (JsonReport, "A conformance report of 'ictarch check --format json'."),
    "config/v1.json": (ConfigFile, "The configuration of the checks (ictarch.yaml)."),
}


def json_schema(name: str) -> dict[str, Any]:
    model, title = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{name}",
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render(name: str) -> str:
    """The schema as committed: sorted keys, two-space indent, trailing newline, UTF-8 text."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
