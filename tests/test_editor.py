"""The JSON Schemas as an editor uses them: yaml-language-server over LSP completes fields with their
description, reference ids inside ``realizes``, and shows each enumeration value's meaning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from ictarch.models.field_docs import RULE_SWITCH, enums
from ictarch.models.field_docs import fields as field_entries
from ictarch.schema import SCHEMAS, json_schema
from tests.conftest import ROOT
from tests.lsp import LanguageServer, npm_tool

SCHEMA = ROOT / "schemas" / "province-model" / "v1.json"


def _nodes(name: str) -> dict[str, dict[str, object]]:
    """The schema's models by name, the file's own model included."""
    schema = json_schema(name)
    return {**schema.get("$defs", {}), SCHEMAS[name][0].__name__: schema}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_and_enum_value_is_described_in_both_languages(name: str) -> None:
    for model, node in _nodes(name).items():
        for prop, value in node.get("properties", {}).items():  # type: ignore[union-attr]
            vi, _, en = value.get("description", "").partition("\n\n(EN) ")
            assert vi and en and vi != en, f"{name}: {model}.{prop} needs a Vietnamese and an English description"
        if "enum" in node:
            descriptions = node.get("enumDescriptions", [])
            assert len(descriptions) == len(node["enum"]) and all(descriptions), f"{name}: values of {model}"  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_property_has_examples_that_validate(name: str) -> None:
    schema = json_schema(name)
    for model, node in _nodes(name).items():
        for prop, value in node.get("properties", {}).items():  # type: ignore[union-attr]
            assert value.get("examples"), f"{name}: {model}.{prop} has no example"
            sub = {**value, "$defs": schema.get("$defs", {})}
            for example in value["examples"]:
                errors = list(jsonschema.Draft202012Validator(sub).iter_errors(example))
                assert not errors, f"{name}: example {example!r} of {model}.{prop}: {errors[0].message}"


def test_catalogue_has_no_entry_for_a_field_that_does_not_exist() -> None:
    fields = {(m, p) for name in SCHEMAS for m, node in _nodes(name).items() for p in node.get("properties", {})}  # type: ignore[union-attr]
    names = {p for _, p in fields}
    for key in field_entries():
        model, _, prop = key.rpartition(".")
        inline = model == "RuleSetting"  # a rule's setting in ictarch.yaml, described in config.py's schema
        assert inline or (((model, prop) in fields) if model else (prop in names)), f"{key} describes no field"
    enum_nodes = {m for name in SCHEMAS for m, node in _nodes(name).items() if "enum" in node}
    assert set(enums()) - {RULE_SWITCH} <= enum_nodes


def test_reference_ids_are_offered_but_own_ids_stay_valid() -> None:
    schema = json_schema("province-model/v1.json")
    realizes = schema["$defs"]["Component"]["properties"]["realizes"]["items"]
    offered = realizes["anyOf"][0]["enum"]
    assert "ictrf.L3" in offered and "ictrf.L1.citizen_app" in offered and offered[0].startswith("ictrf.")
    checks = schema["$defs"]["Waiver"]["properties"]["check"]["anyOf"][0]
    assert "ICT501" in checks["enum"] and all(checks["enumDescriptions"])
    validator = jsonschema.Draft202012Validator(realizes)
    assert validator.is_valid("my.own.reference") and not validator.is_valid("not an id!")


@pytest.fixture
def yaml_ls(tmp_path: Path) -> LanguageServer:
    tool = npm_tool("yaml-language-server")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("yaml-language-server is missing: .ci/run installs it with npm")
        pytest.skip("yaml-language-server is not installed (npm install yaml-language-server)")
    server = LanguageServer([tool, "--stdio"], tmp_path)
    yield server  # type: ignore[misc]
    server.close()


MODEL = """# yaml-language-server: $schema={schema}
ictarch: 1
components:
  - id: my.lgsp
    name: {{vi: LGSP}}
    kind: platform
    realizes: []
    status: existing
{blank}
"""


def test_yaml_language_server_completes_fields_ids_and_values(yaml_ls: LanguageServer, tmp_path: Path) -> None:
    path = tmp_path / "province.yaml"
    text = MODEL.format(schema=SCHEMA, blank="    ")
    path.write_text(text, encoding="utf-8")
    uri = yaml_ls.open(path, text)
    fields = {
        item["label"]: json.dumps(item.get("documentation", ""), ensure_ascii=False)
        for item in yaml_ls.completion(uri, 8, 4)
    }
    assert {"security_level", "hosting", "owner", "egov_links"} <= set(fields)
    assert "Nghị định 85/2016/NĐ-CP" in fields["security_level"] and "Security level" in fields["security_level"]
    assert all("(EN)" in doc for doc in fields.values()), fields
    ids = {
        item["label"]: json.dumps(item.get("documentation", ""), ensure_ascii=False)
        for item in yaml_ls.completion(uri, 6, 15)
    }
    assert "ictrf.L3" in ids and "ictrf.L3.svc_integration" in ids
    assert "vn.ictrf.1.0" in ids["ictrf.L3"]
    hover = yaml_ls.hover(uri, 5, 5)
    assert "`platform`: Nền tảng dùng chung" in hover and "A shared platform" in hover
