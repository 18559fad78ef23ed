"""Messages as data, rendered in the reader's language at the edge.

A message is an id and named arguments (:class:`Msg`); its text lives in one catalogue per language,
``ictarch/locale/vi.yaml`` and ``ictarch/locale/en.yaml``, which a translator edits without touching
code. Placeholders are named, ``{component}``, and may carry a format that depends on the language:

    ``{budget:vnd}``      an amount in đồng: ``1,5 tỷ đồng`` / ``1.5 billion VND``
    ``{n:num}``           a number with thousands separators: ``12.500`` / ``12,500``
    ``{day:date}``        an ISO date: ``31/12/2026`` / ``2026-12-31``
    ``{items:and}``       a list joined with the last "và" / "and"
    ``{items:or}``        a list joined with the last "hoặc" / "or"
    ``{items:list}``      a list joined with commas
    ``{items:semi}``      a list joined with semicolons
    ``{n:plural:a:b}``    ``n`` followed by word ``a`` when n is 1, else ``b`` (English plurals)

An argument may itself be a :class:`Msg` (a phrase rendered in the same language) or a tuple of
arguments. A plain string stands for text that has no catalogue entry yet and is shown as written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ictarch.money import format_number, format_vnd

if TYPE_CHECKING:
    import yaml

    SAFE_LOADER: type[yaml.SafeLoader]
    """libyaml's safe loader where PyYAML has it: the same values, twenty times faster than the pure-Python one."""

Lang: TypeAlias = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = "vi"


def __getattr__(name: str) -> Any:
    """``SAFE_LOADER``, made on first use: PyYAML is imported only by what reads YAML (``ictarch --help`` does not)."""
    if name == "SAFE_LOADER":
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        globals()["SAFE_LOADER"] = loader
        return loader
    raise AttributeError(f"module 'ictarch.i18n' has no attribute {name!r}")


Arg: TypeAlias = "str | int | float | bool | Msg | tuple[Arg, ...] | None"


@dataclass(frozen=True, slots=True)
class Msg:
    """A message: a catalogue id and its named arguments."""

    id: str
    args: Mapping[str, Arg] = field(default_factory=dict)
    _key: str | None = field(default=None, init=False, repr=False, compare=False)
    """:meth:`key`, once computed."""

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted((k, v) for k, v in self.args.items()))))

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return render(self, lang)

    def __reduce__(self) -> tuple[object, ...]:
        return _msg, (self.id, self.args, self._key)

    def key(self) -> str:
        """The message independent of language: id and arguments as sorted JSON, computed once per message.

        A finding's key is read to sort the report and again for its fingerprint; it is kept on the message
        (outside its fields, so equality, hashing and copies are unchanged; a pickled message carries it).
        """
        key = self._key
        if key is None:
            key = _KEY_ENCODER.encode(_msg_json(self))
            object.__setattr__(self, "_key", key)
        return key

    def to_json(self) -> dict[str, Any]:
        """``{"id": ..., "args": {...}}`` with nested messages as the same shape, tuples as lists."""
        return {"id": self.id, "args": {k: _arg_json(v) for k, v in self.args.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Msg:
        """The message :meth:`to_json` wrote."""
        return cls(str(data["id"]), {k: _arg_from_json(v) for k, v in dict(data.get("args", {})).items()})


def _msg(id: str, args: Mapping[str, Arg], key: str | None) -> Msg:
    message = Msg(id, args)
    object.__setattr__(message, "_key", key)
    return message


def _msg_json(value: object) -> dict[str, Any]:
    """A nested message as :meth:`Msg.to_json` gives it, for the key's encoder; anything else json refuses."""
    if isinstance(value, Msg):
        return {"args": dict(value.args), "id": value.id}
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_KEY_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, check_circular=False, default=_msg_json)
"""``json.dumps(message.to_json(), sort_keys=True, ensure_ascii=False)`` without building ``to_json``'s copy:
json's C encoder writes the arguments (strings, numbers, tuples as lists) itself and asks only for nested
messages. A key is computed for every finding of a run; the copy cost more than the checks that made most."""


_AS_IS = frozenset({str, int, float, bool, type(None), Msg})
"""Argument types a message keeps as they are."""

Text: TypeAlias = "Msg | str"
"""A message, or text not in the catalogue yet (shown as written in every language)."""


def msg(message_id: str, /, **args: Any) -> Msg:
    """A message with named arguments; lists are kept as tuples so that the message stays hashable."""
    for name, value in args.items():
        if type(value) not in _AS_IS:  # most arguments (ids, names, counts) are kept as they are
            args[name] = _freeze(value)
    return Msg(message_id, args)


def _freeze(value: Any) -> Arg:
    if type(value) in _AS_IS:  # most arguments: ids, names, counts
        return value  # type: ignore[no-any-return]
    if type(value) is tuple and all(type(v) in _AS_IS for v in value):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return tuple(_freeze(v) for v in items)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value  # type: ignore[no-any-return]


def _arg_json(value: Arg) -> Any:
    if isinstance(value, Msg):
        return value.to_json()
    if isinstance(value, tuple):
        return [_arg_json(v) for v in value]
    return value


def _arg_from_json(value: Any) -> Arg:
    if isinstance(value, dict):
        return Msg.from_json(value)
    if isinstance(value, list):
        return tuple(_arg_from_json(v) for v in value)
    return value  # type: ignore[no-any-return]


def lang_of(lang: str) -> Lang:
    """``lang`` as a supported language; anything else is Vietnamese, the default."""
    return "en" if lang == "en" else "vi"


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The catalogue of one language: message id → text with named placeholders.

    Read by :func:`read_flat_catalogue` when every line has the catalogue's one shape (a few ms, without
    PyYAML), else by PyYAML: the same mapping either way.
    """
    text = _catalogue_text(lang_of(lang))
    data: Any = read_flat_catalogue(text)
    if data is None:
        import yaml

        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"ictarch/locale/{lang}.yaml must map message ids to texts")
    return data


def _catalogue_text(lang: Lang) -> str:
    path = os.path.join(os.path.dirname(__file__), "locale", f"{lang}.yaml")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as file:
            return file.read()
    from importlib import resources  # a zipped install: the package's files are not on disk

    return resources.files("ictarch").joinpath("locale", f"{lang}.yaml").read_text(encoding="utf-8")


_FLAT_KEY = re.compile(r"[A-Za-z][\w@-]*(?:\.[\w@-]+)+")
"""A message id: a dotted plain scalar, which YAML never reads as a number, a boolean or null."""

_ESCAPED_TEXT = re.compile(r'(?:[^"\\]++|\\["\\/bfnrt])*+')
r"""The inside of a double-quoted text whose only escapes are the one-letter ones YAML shares with JSON
(``\"``, ``\\``, ``\n``, ``\b``...)."""

_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

_NOT_FLAT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
r"""A character YAML refuses, reads as a line break (``\x85``, ``\u2028``...) or drops (a byte order mark),
or a carriage return: a text with one is left to PyYAML."""


def read_flat_catalogue(text: str) -> dict[str, str] | None:
    """The catalogue's mapping when ``text`` is only ``id: "text"`` lines, comment lines and empty lines; else
    None (the caller reads it with PyYAML). Duplicate ids: the last wins, as with PyYAML."""
    if _NOT_FLAT.search(text):
        return None
    data: dict[str, str] = {}
    for line in text.split("\n"):
        key, colon, rest = line.partition(': "')
        if colon and rest.endswith('"') and _FLAT_KEY.fullmatch(key):
            value = rest[:-1]
            if '"' in value or "\\" in value:
                if not _ESCAPED_TEXT.fullmatch(value):
                    return None
                value = _ESCAPE.sub(lambda m: _ESCAPED[m[1]], value)
            data[key] = value
        elif line and not line.startswith("#"):
            return None
    return data


def has(message_id: str) -> bool:
    return message_id in catalogue(DEFAULT_LANG)


BILINGUAL = "@bilingual"
"""The id of a text that carries both languages itself (a field's description from the model docs)."""


def bilingual(vi: str, en: str) -> Msg:
    """A text given in both languages by its source rather than by the catalogue."""
    return Msg(BILINGUAL, {"vi": vi, "en": en})


def render(message: Text, lang: str = DEFAULT_LANG) -> str:
    """The text of a message in ``lang``; an id missing from the catalogue is a bug (KeyError)."""
    if isinstance(message, str):
        return message
    code = lang_of(lang)
    args = message.args
    if not args:
        return _without_arguments(message.id, code)
    if message.id == BILINGUAL:
        return str(args[code])
    compiled = _compiled(message.id, code)
    if compiled is None:
        return _FORMATTERS[code].vformat(catalogue(code)[message.id], (), args)
    out: list[str] = []
    formatter = _FORMATTERS[code]
    for literal, name, spec in compiled.pieces:
        out.append(literal)
        if name is not None:
            out.append(formatter.shown(args[name], spec))
    return "".join(out)


@cache
def _without_arguments(message_id: str, lang: Lang) -> str:
    """A message without arguments (a phrase inside others, a heading) rendered once per language."""
    if message_id == BILINGUAL:
        raise KeyError(lang)
    template = catalogue(lang)[message_id]
    compiled = _compiled(message_id, lang)
    if compiled is None:
        return _FORMATTERS[lang].vformat(template, (), {})
    if any(name is not None for _literal, name, _spec in compiled.pieces):
        raise KeyError(next(name for _literal, name, _spec in compiled.pieces if name is not None))
    return "".join(literal for literal, _name, _spec in compiled.pieces)


def render_with_arguments(message: Msg, lang: str = DEFAULT_LANG) -> tuple[str, list[str]]:
    """The text of a message in ``lang`` and its arguments as :func:`render_arg` gives them, in the order of
    :func:`positional`: each argument rendered once when every use of a placeholder has the same format."""
    code = lang_of(lang)
    compiled = _compiled(message.id, code) if message.id != BILINGUAL else None
    args = message.args
    if compiled is None or not compiled.uniform or not all(name in args for name in compiled.names):
        names = positional(catalogue(lang)[message.id])[1]
        return render(message, lang), [render_arg(message, name, lang) for name in names]
    formatter = _FORMATTERS[code]
    shown = {name: formatter.shown(args[name], spec) for name, spec in compiled.specs}
    text = "".join([literal + shown[name] if name is not None else literal for literal, name, _ in compiled.pieces])
    return text, [shown[name] for name in compiled.names]


@dataclass(frozen=True)
class _Template:
    """A catalogue text parsed once: (literal, placeholder name, format) pieces as ``str.format`` reads them, the
    placeholders in order of first use with their format, and whether each is used with one format only."""

    pieces: tuple[tuple[str, str | None, str], ...]
    names: tuple[str, ...]
    specs: tuple[tuple[str, str], ...]
    uniform: bool


@cache
def _compiled(message_id: str, lang: Lang) -> _Template | None:
    """The catalogue text of ``message_id`` in ``lang`` parsed once; None when a placeholder needs more than a name
    and a plain format (then ``vformat`` renders it)."""
    pieces = _fields(catalogue(lang)[message_id])
    if pieces is None:
        return None
    specs: dict[str, str] = {}
    uniform = True
    for _literal, name, spec in pieces:
        if name is not None:
            uniform = uniform and specs.setdefault(name, spec) == spec
    return _Template(pieces, tuple(specs), tuple(specs.items()), uniform)


@cache
def _fields(template: str) -> tuple[tuple[str, str | None, str], ...] | None:
    """A catalogue text parsed once: (literal, placeholder name, format) pieces, as ``str.format`` reads them;
    None when a placeholder needs more than a name and a plain format (then ``vformat`` renders it)."""
    out: list[tuple[str, str | None, str]] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            out.append((literal, None, ""))
            continue
        if not name.isidentifier() or conversion or "{" in (spec or ""):
            return None
        out.append((literal, name, spec or ""))
    return tuple(out)


def t(message_id: str, lang: str = DEFAULT_LANG, /, **args: Any) -> str:
    """Shorthand: render the message ``message_id`` with ``args`` in ``lang``."""
    return render(msg(message_id, **args), lang)


def placeholders(template: str) -> frozenset[str]:
    """The names of the placeholders of a catalogue text."""
    return frozenset(name for _lit, name, _spec, _conv in string.Formatter().parse(template) if name)


@cache
def _positional(template: str) -> tuple[str, tuple[str, ...]]:
    text, names = _number_placeholders(template)
    return text, tuple(names)


def positional(template: str) -> tuple[str, list[str]]:
    """A text with ``{0}``, ``{1}``... for its named placeholders (SARIF ``messageStrings``), and the names in order."""
    text, names = _positional(template)
    return text, list(names)


def _number_placeholders(template: str) -> tuple[str, list[str]]:
    names: list[str] = []
    out: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name:
            if name not in names:
                names.append(name)
            out.append("{" + str(names.index(name)) + "}")
    return "".join(out), names


def render_arg(message: Msg, name: str, lang: str = DEFAULT_LANG) -> str:
    """One argument of a message as the catalogue text shows it (with the format of its first use)."""
    spec = _first_specs(catalogue(lang)[message.id]).get(name, "")
    return _FORMATTERS[lang_of(lang)].format_field(message.args.get(name), spec)


@cache
def _first_specs(template: str) -> Mapping[str, str]:
    """Each placeholder's format at its first use in a catalogue text."""
    specs: dict[str, str] = {}
    for _lit, field_name, spec, _conv in string.Formatter().parse(template):
        if field_name is not None:
            specs.setdefault(field_name, spec or "")
    return specs


# --------------------------------------------------------------------------- values in each language


def format_date(value: dt.date | str, lang: str = DEFAULT_LANG) -> str:
    """``31/12/2026`` in Vietnamese (dd/mm/yyyy), ISO 8601 ``2026-12-31`` in English."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return day.strftime("%d/%m/%Y") if lang_of(lang) == "vi" else day.isoformat()


def join_and(items: list[str], lang: str = DEFAULT_LANG, conjunction: str = "and") -> str:
    """``a, b và c`` / ``a, b and c``; with ``conjunction="or"``, ``a hoặc b`` / ``a or b``."""
    if len(items) <= 1:
        return "".join(items)
    words = {"and": (" và ", " and "), "or": (" hoặc ", " or ")}[conjunction]
    word = words[0] if lang_of(lang) == "vi" else words[1]
    return ", ".join(items[:-1]) + word + items[-1]


class _Formatter(string.Formatter):
    """str.format with the formats above and arguments that are messages or tuples."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def shown(self, value: Any, format_spec: str) -> str:
        """An argument in its placeholder: most are ids and names, shown as written."""
        return value if not format_spec and type(value) is str else self.format_field(value, format_spec)

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            return self.plain(value)
        kind, _, rest = format_spec.partition(":")
        if kind in ("and", "or", "list", "semi"):
            values = value if isinstance(value, tuple) else (value,)
            items = [v if type(v) is str else self.plain(v) for v in values]
            if kind in ("list", "semi"):
                return (", " if kind == "list" else "; ").join(items)
            return join_and(items, self.lang, kind)
        if kind == "vnd":
            return format_vnd(value, self.lang, missing=_without_arguments("value.budget-unknown", self.lang))
        if kind == "num":
            return format_number(value, self.lang)
        if kind == "date":
            return format_date(value, self.lang)
        if kind == "plural":
            one, _, many = rest.partition(":")
            return f"{value} {one if value == 1 else many}"
        return format(self.plain(value), format_spec)

    def plain(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return value  # type: ignore[no-any-return]
        if kind is Msg or isinstance(value, Msg):
            return render(value, self.lang)
        if kind is tuple or isinstance(value, tuple):
            return ", ".join([v if type(v) is str else self.plain(v) for v in value])
        if value is None:
            return "—"
        return str(value)


_FORMATTERS: Mapping[Lang, _Formatter] = {lang: _Formatter(lang) for lang in LANGS}
