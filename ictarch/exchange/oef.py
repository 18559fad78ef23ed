"""Read an ArchiMate Open Exchange Format file safely into the exchange model (no mapping yet).

The XML is parsed with expat directly: a document type declaration (DTD) is refused before any entity
can be declared, so no external entity is fetched, no file or URL is read, and nothing expands beyond
the text that is there. Exchange files never need a DTD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
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

MAX_BYTES = 64 * 1024 * 1024
"""Largest exchange file accepted."""


class _Refused(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _qname(name: str) -> str:
    return "{" + name if "}" in name else name


def parse_xml(data: bytes, file: str) -> tuple[ET.Element, dict[str, int]]:
    """The document's root, and the line of each element that has an ``identifier``; DTDs are refused."""
    if len(data) > MAX_BYTES:
        raise ModelLoadError(
            [Diagnostic(codes.FILE, f"{file} is larger than {MAX_BYTES // (1024 * 1024)} MiB; not read")]
        )
    builder = ET.TreeBuilder()
    lines: dict[str, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def start(name: str, attrs: dict[str, str]) -> None:
        identifier = attrs.get("identifier")
        if identifier is not None:
            lines.setdefault(identifier, parser.CurrentLineNumber)
        builder.start(_qname(name), {_qname(k): v for k, v in attrs.items()})

    def refuse_doctype(*_args: object) -> None:
        raise _Refused("a document type declaration (<!DOCTYPE ...>)")

    def refuse_entity(*_args: object) -> None:
        raise _Refused("an entity declaration (<!ENTITY ...>)")

    def refuse_external(*_args: object) -> int:
        raise _Refused("a reference to an external entity")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_qname(name))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise ModelLoadError(
            [
                Diagnostic(
                    codes.FILE,
                    f"refused: the file holds {exc.what}; exchange files need none, and entities can read "
                    "other files or expand without bound",
                    Location(file, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1),
                    hint="remove the DOCTYPE and any entity declarations, or export the file again",
                )
            ]
        ) from None
    except expat.ExpatError as exc:
        raise ModelLoadError(
            [
                Diagnostic(
                    codes.FILE,
                    f"not well-formed XML: {expat.ErrorString(exc.code)}",
                    Location(file, exc.lineno, exc.offset + 1),
                )
            ]
        ) from None
    return builder.close(), lines


# --------------------------------------------------------------------------- reading the exchange model


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _texts(el: ET.Element, tag: str) -> tuple[LangText, ...]:
    return tuple((child.get(f"{{{XML_NS}}}lang"), child.text or "") for child in el.findall(_tag(tag)))


def _type(el: ET.Element) -> str:
    return (el.get(f"{{{XSI}}}type") or "").rsplit(":", 1)[-1]


def read_exchange(data: bytes, file: str) -> tuple[ExchangeModel, dict[str, int]]:
    """The elements, relationships and properties of an exchange file, and the line of each concept."""
    root, lines = parse_xml(data, file)
    if root.tag != _tag("model"):
        raise ModelLoadError(
            [
                Diagnostic(
                    codes.FILE,
                    f"not an ArchiMate exchange file: the root element is <{root.tag}>",
                    Location(file, 1, 1),
                    expected=f"<model> in the namespace {NS}",
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

    return (
        ExchangeModel(
            identifier=root.get("identifier", ""),
            names=_texts(root, "name"),
            documentation=_texts(root, "documentation"),
            properties=properties(root),
            elements=tuple(concept(e) for e in root.iterfind(f"{_tag('elements')}/{_tag('element')}")),
            relationships=tuple(concept(r) for r in root.iterfind(f"{_tag('relationships')}/{_tag('relationship')}")),
        ),
        lines,
    )
