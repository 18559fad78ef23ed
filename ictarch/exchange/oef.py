"""Read an ArchiMate Open Exchange Format file safely into the exchange model (no mapping yet).

The XML is parsed with expat directly: a document type declaration (DTD) is refused before any entity
can be declared, so no external entity is fetched, no file or URL is read, and nothing expands beyond
the text that is there. Exchange files never need a DTD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

from ictarch import errors as codes
from ictarch.errors import Diagnostic, Location, ModelLoadError
from ictarch.exchange.vocabulary import (
    NS,
    XML_NS,
    XSI,
    Concept,
    ExchangeModel,
    LangText,
)
from ictarch.i18n import Text, msg

MAX_BYTES = 64 * 1024 * 1024
"""Largest exchange file accepted."""


class _Refused(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


SUPPORTED_ENCODINGS = "UTF-8, UTF-16, ISO-8859-1, US-ASCII, or a single-byte code page such as windows-1258"
"""The encodings an exchange file may declare: those expat reads, and the single-byte ones Python knows."""

_DECLARED_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")


def _refusal(file: str, message: Text, line: int = 1, column: int = 1, hint: Text | None = None) -> ModelLoadError:
    return ModelLoadError([Diagnostic(codes.FILE, message, Location(file, line, column), hint=hint)])


def check_size(size: int, file: str) -> None:
    """Refuse, naming the file, an exchange file larger than :data:`MAX_BYTES` (before reading it, when the
    caller knows its size)."""
    if size > MAX_BYTES:
        raise _refusal(
            file,
            msg("oef.too-large", file=file, mib=f"{MAX_BYTES // (1024 * 1024)} MiB ({size / 2**20:.0f}"),
            hint=msg("oef.split"),
        )


def parse_xml(data: bytes, file: str) -> tuple[ET.Element, dict[str, int]]:
    """The document's root, and the line of each element that has an ``identifier``; DTDs are refused.

    A first pass with expat refuses any document type declaration and notes where each identifier
    stands; only a document that passed it is built into a tree, by the C parser of ElementTree
    (several times faster than building it from Python callbacks).
    """
    check_size(len(data), file)
    lines: dict[str, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(_name: str, attrs: dict[str, str]) -> None:
        identifier = attrs.get("identifier")
        if identifier is not None and identifier not in lines:
            lines[identifier] = parser.CurrentLineNumber

    def refuse_doctype(*_args: object) -> None:
        raise _Refused("oef.doctype")

    def refuse_entity(*_args: object) -> None:
        raise _Refused("oef.entity-declaration")

    def refuse_external(*_args: object) -> int:
        raise _Refused("oef.external-entity")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise _refusal(
            file,
            msg("oef.refused", what=msg(exc.what)),
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
            hint=msg("oef.refused-hint"),
        ) from None
    except expat.ExpatError as exc:
        raise _refusal(
            file, msg("oef.not-well-formed", detail=str(expat.ErrorString(exc.code))), exc.lineno, exc.offset + 1
        ) from None
    except (LookupError, ValueError):  # an encoding pyexpat does not know, or a multi-byte one it cannot read
        declared = _DECLARED_ENCODING.match(data)
        name = declared.group(1).decode("ascii", "replace") if declared else "its declared encoding"
        raise _refusal(
            file,
            f"{file} declares the encoding '{name}', which cannot be read; supported: {SUPPORTED_ENCODINGS}",
            hint='save the file as UTF-8 (encoding="UTF-8" in the XML declaration)',
        ) from None
    try:
        root = ET.fromstring(data)  # the same bytes, known by now to hold no DTD and to be well-formed
    except ET.ParseError as exc:  # pragma: no cover - the first pass reads the same bytes
        line, column = exc.position
        detail = str(expat.ErrorString(exc.code))
        raise _refusal(file, msg("oef.not-well-formed", detail=detail), line, column + 1) from None
    return root, lines


# --------------------------------------------------------------------------- reading the exchange model


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _texts(el: ET.Element, tag: str) -> tuple[LangText, ...]:
    return tuple((child.get(f"{{{XML_NS}}}lang"), child.text or "") for child in el.findall(_tag(tag)))


def _type(el: ET.Element) -> str:
    return (el.get(f"{{{XSI}}}type") or "").rsplit(":", 1)[-1]


@dataclass(frozen=True)
class Extras:
    """What an exchange file carries that :class:`ExchangeModel` does not: the access type of Access
    relationships and the views (diagrams), by identifier."""

    access_types: dict[str, str]
    views: tuple[tuple[str, tuple[LangText, ...]], ...]


def read_exchange(data: bytes, file: str) -> tuple[ExchangeModel, dict[str, int]]:
    """The elements, relationships and properties of an exchange file, and the line of each concept."""
    model, lines, _beyond = read_exchange_extras(data, file)
    return model, lines


def read_exchange_extras(data: bytes, file: str) -> tuple[ExchangeModel, dict[str, int], Extras]:
    root, lines = parse_xml(data, file)
    if root.tag != _tag("model"):
        raise ModelLoadError(
            [
                Diagnostic(
                    codes.FILE,
                    msg("oef.not-exchange", root=root.tag),
                    Location(file, 1, 1),
                    expected=msg("oef.model-in-namespace", namespace=NS),
                )
            ]
        )
    definitions = {}
    for pd in root.iterfind(f"{_tag('propertyDefinitions')}/{_tag('propertyDefinition')}"):
        name = pd.find(_tag("name"))
        identifier = pd.get("identifier", "")
        definitions[identifier] = (name.text or identifier) if name is not None else identifier

    def properties(el: ET.Element) -> tuple[tuple[str, tuple[LangText, ...]], ...]:
        out = []
        for prop in el.iterfind(f"{_tag('properties')}/{_tag('property')}"):
            ref = prop.get("propertyDefinitionRef", "")
            out.append((definitions.get(ref, ref), _texts(prop, "value")))
        return tuple(out)

    def concept(el: ET.Element) -> Concept:
        return Concept(
            el.get("identifier", ""),
            _type(el),
            _texts(el, "name"),
            _texts(el, "documentation"),
            properties(el),
            el.get("source"),
            el.get("target"),
        )

    relationships = list(root.iterfind(f"{_tag('relationships')}/{_tag('relationship')}"))
    beyond = Extras(
        {r.get("identifier", ""): r.get("accessType", "") for r in relationships if r.get("accessType")},
        tuple(
            (view.get("identifier", ""), _texts(view, "name"))
            for view in root.iterfind(f"{_tag('views')}/{_tag('diagrams')}/{_tag('view')}")
        ),
    )
    return (
        ExchangeModel(
            identifier=root.get("identifier", ""),
            names=_texts(root, "name"),
            documentation=_texts(root, "documentation"),
            properties=properties(root),
            elements=tuple(concept(e) for e in root.iterfind(f"{_tag('elements')}/{_tag('element')}")),
            relationships=tuple(concept(r) for r in relationships),
        ),
        lines,
        beyond,
    )
