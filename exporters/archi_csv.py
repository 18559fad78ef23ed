"""The three CSV files that Archi imports (File > Import > CSV): elements.csv, relations.csv, properties.csv.

Archi's format: every field quoted, CRLF line ends, UTF-8; the model itself is the first row of
elements.csv (type ``ArchimateModel``) and owns the model's properties. Names and documentation are
in Vietnamese; the English texts follow as ``<key>@en`` properties.
"""

from __future__ import annotations

import csv
import io

from ictarch.exchange.vocabulary import Concept, ExchangeModel, LangText

ELEMENTS_HEADER = ("ID", "Type", "Name", "Documentation", "Specialization")
RELATIONS_HEADER = ("ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization")
PROPERTIES_HEADER = ("ID", "Key", "Value")
FILES = ("elements.csv", "relations.csv", "properties.csv")


def _main(texts: tuple[LangText, ...]) -> str:
    """The Vietnamese text (or the first one)."""
    return next((v for lang, v in texts if lang == "vi"), texts[0][1] if texts else "")


def _others(key: str, texts: tuple[LangText, ...]) -> list[tuple[str, str]]:
    """The texts of the other languages as ``key@lang`` pairs."""
    main = next((i for i, (lang, _v) in enumerate(texts) if lang == "vi"), 0)
    return [(f"{key}@{lang or 'und'}", v) for i, (lang, v) in enumerate(texts) if i != main]


def _csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def _property_rows(owner: str, concept: Concept | ExchangeModel) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    rows.extend((owner, k, v) for k, v in _others("name", concept.names))
    rows.extend((owner, k, v) for k, v in _others("documentation", concept.documentation))
    for key, values in concept.properties:
        if values:
            rows.append((owner, key, _main(values)))
            rows.extend((owner, k, v) for k, v in _others(key, values))
    return rows


def to_archi_csv(model: ExchangeModel) -> dict[str, str]:
    """File name → text of the three files."""
    elements: list[tuple[str, ...]] = [
        ELEMENTS_HEADER,
        (model.identifier, "ArchimateModel", _main(model.names), _main(model.documentation), ""),
    ]
    elements.extend((e.identifier, e.type, _main(e.names), _main(e.documentation), "") for e in model.elements)
    relations: list[tuple[str, ...]] = [RELATIONS_HEADER]
    relations.extend(
        (
            r.identifier,
            f"{r.type}Relationship",
            _main(r.names),
            _main(r.documentation),
            r.source or "",
            r.target or "",
            "",
        )
        for r in model.relationships
    )
    properties: list[tuple[str, ...]] = [PROPERTIES_HEADER, *_property_rows(model.identifier, model)]
    for concept in (*model.elements, *model.relationships):
        properties.extend(_property_rows(concept.identifier, concept))
    return dict(zip(FILES, (_csv(elements), _csv(relations), _csv(properties)), strict=True))
