"""The committed JSON Schemas match the models, and shipped files and invalid samples agree with them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from ictarch.errors import ModelLoadError
from ictarch.loading import load_workspace
from ictarch.schema import SCHEMAS, json_schema, render
from tests.conftest import MINI_REFERENCE, ROOT, SAMPLES

SCHEMA_DIR = ROOT / "schemas"
HEADER = "# yaml-language-server: $schema="


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_has_not_drifted(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render(name), f"schemas/{name} is stale: run `ictarch schema --out schemas` and commit"


def _jsonable(value: Any) -> Any:
    """YAML dates become ISO strings, as an editor's YAML language server sees them."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _shipped_yaml() -> list[Path]:
    folders = ("reference_framework", "province_models", "examples", "tests/fixtures")
    return sorted(p for d in folders for p in (ROOT / d).rglob("*.yaml"))


def _validator(header_target: str, yaml_file: Path) -> jsonschema.Draft202012Validator:
    schema_path = (yaml_file.parent / header_target).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_there_are_shipped_files() -> None:
    assert len(_shipped_yaml()) >= 3


@pytest.mark.parametrize("path", _shipped_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_yaml_names_its_schema_and_validates(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(HEADER), f"{path} must begin with '{HEADER}...'"
    target = first[len(HEADER) :].strip()
    assert (path.parent / target).resolve().is_file(), f"{path}: schema {target} does not exist"
    data = _jsonable(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = sorted(_validator(target, path).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


STRUCTURAL = ["bad_enum.yaml", "wrong_type.yaml", "missing_field.yaml", "label_as_text.yaml", "three_errors.yaml"]


@pytest.mark.parametrize("sample", STRUCTURAL)
def test_invalid_samples_are_rejected_by_schema_and_loader(sample: str) -> None:
    path = SAMPLES / "invalid" / sample
    data = _jsonable(yaml.safe_load(path.read_text(encoding="utf-8")))
    schema = json_schema("province-model/v1.json")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)), f"the schema accepts {sample}"
    with pytest.raises(ModelLoadError):
        load_workspace([path], MINI_REFERENCE)
