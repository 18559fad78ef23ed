"""Validation diagnostics: Pydantic's errors and dangling references, said so that an architect can fix them."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ictarch import errors
from ictarch.errors import Diagnostic, Location
from ictarch.i18n import Msg, Text, bilingual, msg
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


def did_you_mean(word: str, choices: Iterable[str]) -> Msg | None:
    import difflib  # only when something is misspelt

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg("load.did-you-mean", choice=match[0]) if match else None


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dict_type": "mapping",
    "tuple_type": "list",
    "list_type": "list",
}
"""Pydantic's type errors → the kind of value expected (``load.type.<kind>`` in the catalogue)."""


def entity_word(what: str) -> Text:
    """The name of a kind of entity (``reference component``) as a catalogue message."""
    key = what.replace(",", "").replace(" ", "-")
    return msg(f"entity.{key}")


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
        expected: Text | None = None
        hint: Text | None = None
        message: Text
        if kind == "extra_forbidden":
            message = msg("load.unknown-field", field=str(last))
            names = _field_names(owner) if owner else []
            expected = msg("load.expected-field-of", model=owner.__name__, fields=names) if owner else None
            hint = did_you_mean(str(last), names) or msg("load.remove-unknown")
            if " " in str(last) and value is None:
                hint = msg("load.comma-in-flow")
        elif kind == "missing":
            from ictarch.models.field_docs import field_doc  # the catalogue's field texts: only for this error

            message = msg("load.missing-field", field=str(last))
            fld = _field(owner, str(last)) if owner else None
            doc = field_doc(owner.__name__, str(last)) if owner else None
            if doc is not None:
                expected = bilingual(doc.vi, doc.en)
            elif fld is not None and fld.description:
                expected = fld.description
            hint = msg("load.add-field", field=str(last))
        elif kind == "enum":
            choices = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
            message = msg("load.invalid-enum", value=repr(value), field=str(last))
            expected = msg("load.one-of", choices=tuple(f"'{c}'" for c in choices if c))
            hint = did_you_mean(str(value), choices)
        elif kind == "string_pattern_mismatch":
            message = msg("load.pattern-mismatch", value=repr(value), field=str(last))
            expected = msg("load.text-matching", pattern=str(ctx.get("pattern")))
            hint = msg("load.id-chars")
        elif kind in _TYPE_WORDS:
            shown = f"{type(value).__name__} {value!r}" if not isinstance(value, dict | list) else type(value).__name__
            message = msg("load.wrong-type", field=str(last), got=shown)
            expected = msg(f"load.type.{_TYPE_WORDS[kind]}")
            if kind == "string_type" and not isinstance(value, dict | list):
                hint = msg("load.quote-value")
            elif kind in ("model_type", "dict_type") and isinstance(value, str):
                hint = msg("load.label-form") if owner and _is_label(owner, last) else None
        else:
            message = msg("load.other", field=str(last), detail=err["msg"])
        out.append(Diagnostic(errors.SCHEMA, message, locate(loc), expected=expected, hint=hint))
    return out


def _is_label(owner: type[BaseModel], name: str | int) -> bool:
    fld = _field(owner, str(name))
    return fld is not None and getattr(_unwrap(fld.annotation), "__name__", "") == "Label"


# --------------------------------------------------------------------------- reference catalogue


def dangling(
    what: str, target: str, choices: Iterable[str], where: Location | None, owner: str, path: str = ""
) -> Diagnostic:
    word = entity_word(what)
    return Diagnostic(
        errors.DANGLING_REFERENCE,
        msg("load.dangling", target=target, what=word, owner=owner),
        where,
        expected=msg("load.id-of", what=word),
        hint=did_you_mean(target, choices) or msg("load.define-first", what=word),
    )
