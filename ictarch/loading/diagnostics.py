"""Validation diagnostics: Pydantic's errors and dangling references, said so that an architect can fix them."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ictarch import errors
from ictarch.errors import Diagnostic, Location
from ictarch.loading.yaml_doc import PathKey


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...], tuple[X, ...] and list[X], if there is one."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel | Enum):
                return inner
    return annotation


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fld = _field(current, part)
        if fld is None:
            return None
        current = _unwrap(fld.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field(model: type[BaseModel], name: str) -> Any:
    for fname, fld in model.model_fields.items():
        if name in (fname, fld.alias):
            return fld
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [fld.alias or name for name, fld in model.model_fields.items()]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping of fields",
    "tuple_type": "a list",
    "list_type": "a list",
}


def validation_diagnostics(
    exc: ValidationError, model: type[BaseModel], locate: typing.Callable[[PathKey], Location]
) -> list[Diagnostic]:
    """Pydantic errors as diagnostics: path, position, what was expected and how to fix it."""
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc: PathKey = tuple(err["loc"])
        kind = err["type"]
        owner = _model_at(model, loc[:-1]) if loc else model
        last = loc[-1] if loc else ""
        value = err.get("input")
        ctx = err.get("ctx") or {}
        expected: str | None = None
        hint: str | None = None
        if kind == "extra_forbidden":
            message = f"unknown field '{last}'"
            names = _field_names(owner) if owner else []
            expected = f"a field of {owner.__name__}: {', '.join(names)}" if owner else None
            hint = did_you_mean(str(last), names) or "remove it, or check the format reference in the README"
            if " " in str(last) and value is None:
                hint = "a comma inside {...} separates entries: put text that contains commas in quotes"
        elif kind == "missing":
            message = f"missing required field '{last}'"
            fld = _field(owner, str(last)) if owner else None
            expected = fld.description if fld is not None and fld.description else None
            hint = f"add '{last}:' to this entry"
        elif kind == "enum":
            message = f"invalid value {value!r} for '{last}'"
            expected = f"one of {ctx.get('expected', '')}"
            choices = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
            hint = did_you_mean(str(value), choices)
        elif kind == "string_pattern_mismatch":
            message = f"{value!r} is not a valid value for '{last}'"
            expected = f"text matching {ctx.get('pattern')}"
            hint = "ids use letters, digits, '.', '-' and '_' and start with a letter or digit"
        elif kind in _TYPE_WORDS:
            shown = f"{type(value).__name__} {value!r}" if not isinstance(value, dict | list) else type(value).__name__
            message = f"'{last}' has the wrong type: got {shown}"
            expected = _TYPE_WORDS[kind]
            if kind == "string_type" and not isinstance(value, dict | list):
                hint = "put the value in quotes"
            elif kind in ("model_type", "dict_type") and isinstance(value, str):
                hint = "a label is written {vi: '...', en: '...'}" if owner and _is_label(owner, last) else None
        else:
            message = f"'{last}': {err['msg']}"
        out.append(Diagnostic(errors.SCHEMA, message, locate(loc), expected=expected, hint=hint))
    return out


def _is_label(owner: type[BaseModel], name: str | int) -> bool:
    fld = _field(owner, str(name))
    return fld is not None and getattr(_unwrap(fld.annotation), "__name__", "") == "Label"


# --------------------------------------------------------------------------- reference catalogue


def dangling(
    what: str, target: str, choices: Iterable[str], where: Location | None, owner: str, path: str = ""
) -> Diagnostic:
    return Diagnostic(
        errors.DANGLING_REFERENCE,
        f"'{target}' is not a known {what} (referenced from '{owner}')",
        where,
        expected=f"the id of a {what}",
        hint=did_you_mean(target, choices) or f"define the {what} first, or correct the id",
    )
