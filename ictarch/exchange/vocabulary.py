"""The ArchiMate 3.1 Open Exchange Format as ictarch maps it: the vocabulary import and export share.

Namespaces, the ArchiMate type of each component kind, the relationship table, the ArchiMate types
tried for each ictarch relation, and the exchange model (elements, relationships, organisations,
views) that :mod:`exporters.archimate` writes and :mod:`ictarch.exchange.reader` reads. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
PREFIX = "ictarch:"
FORMAT = "1"

KIND_TYPES: dict[str, str] = {
    "application": "ApplicationComponent",
    "platform": "SystemSoftware",
    "portal": "ApplicationInterface",
    "database": "DataObject",
    "infrastructure": "Node",
    "network": "CommunicationNetwork",
    "sensor-network": "Device",
    "centre": "Facility",
    "security": "TechnologyService",
    "service": "BusinessService",
    "channel": "BusinessInterface",
    "stakeholder": "BusinessActor",
}
"""ArchiMate element type of each component kind."""

PROJECT_TYPE = "WorkPackage"
GROUP_TYPE = "Grouping"

# The rows of the ArchiMate 3.2 relationship table (Archi's relationships.xml, MIT) for the element types
# above: source type, then the allowed relationship letters towards each type of _TABLE_TYPES, in order.
# tests/exporters/test_archimate_exchange.py checks the excerpt against
# ../shared/schemas/archimate-oef/relationships.xml.
_TABLE_TYPES = (*KIND_TYPES.values(), PROJECT_TYPE, GROUP_TYPE)
_TABLE = """
ApplicationComponent cfgorstv fotv cfgortv ao fotv fotv fotv fotv fotv fortv fortv fotv o acfginorstv
SystemSoftware fortv cfgiorstv fortv ao fotv fotv fotv fotv fiortv fortv fortv fotv o acfginorstv
ApplicationInterface fotv fotv cfgostv ao fotv fotv fotv fotv fotv fortv fortv fotv o acfginorstv
DataObject o o o cgos o o o o o o o o o cgnors
Node fortv cfgiortv fortv ao cfgiostv fotv cfgiortv cfgiotv fiortv fiortv fiortv fiotv io acfginorstv
CommunicationNetwork fortv fgiortv fortv ao fortv cfgostv fgortv fortv fiortv fortv fortv fortv o acfginorstv
Device fortv cfgiortv fortv ao fotv fotv cfgostv fotv fiortv fortv fortv fotv o acfginorstv
Facility fortv cfgiortv fortv ao cfgiotv fotv cfgiortv cfgiostv fiortv fiortv fiortv fiotv io acfginorstv
TechnologyService fotv fotv fotv ao fotv fotv fotv fotv cfgostv fortv fotv fotv o acfgnorstv
BusinessService fotv fotv fotv ao fotv fotv fotv fotv fotv cfgostv fotv fotv o acfgnorstv
BusinessInterface fotv fotv fotv ao fotv fotv fotv fotv fotv fiotv cfgostv fotv o acfginorstv
BusinessActor fotv fotv fotv ao fotv fotv fotv fotv fotv fiortv cfgiotv cfgostv io acfginorstv
WorkPackage or or or or or or or or or or or or cfgost acfgnorst
Grouping cfgorstv cfgiorstv cfgorstv acgors cfgiorstv cfgorstv cfgiorstv cfgiorstv cfgiorstv cfgiorstv cfgiorstv cfgiorstv cfgiost acfginorstv
"""  # noqa: E501
ALLOWED: dict[tuple[str, str], str] = {
    (row.split()[0], target): letters
    for row in _TABLE.strip().splitlines()
    for target, letters in zip(_TABLE_TYPES, row.split()[1:], strict=True)
}
LETTERS = {
    "Access": "a",
    "Composition": "c",
    "Flow": "f",
    "Aggregation": "g",
    "Assignment": "i",
    "Influence": "n",
    "Association": "o",
    "Realization": "r",
    "Specialization": "s",
    "Triggering": "t",
    "Serving": "v",
}

RELATION_CHOICES: dict[str, tuple[tuple[str, bool], ...]] = {
    "depends_on": (("Serving", True), ("Access", False)),
    "serves": (("Serving", False),),
    "data_flow": (("Flow", False),),
    "hosted_on": (("Assignment", True), ("Serving", True)),
    "integrates_via": (("Serving", True), ("Flow", False)),
    "realizes": (("Realization", False),),
    "egov_links": (("Association", False),),
    "delivers": (("Realization", False),),
    "domain": (("Aggregation", False),),
    "part_of": (("Aggregation", True),),
}
"""For each ictarch relation, the ArchiMate types to try in order, and whether the ends swap ("A depends on B"
is "B serves A"). The first the relationship table allows wins; Association is always allowed."""

PROVINCE_RELATIONS = ("depends_on", "serves", "data_flow", "hosted_on", "integrates_via")
"""The relationship types of a province model."""
FIELD_RELATIONS = ("realizes", "egov_links", "delivers", "domain")
"""Relations that stand for a field of a component or project; their targets are also in its properties."""


def choose(relation: str, source_type: str, target_type: str) -> tuple[str, bool]:
    """The ArchiMate relationship type for ``relation`` between two element types, and whether it is reversed."""
    for typ, reverse in RELATION_CHOICES[relation]:
        pair = (target_type, source_type) if reverse else (source_type, target_type)
        if LETTERS[typ] in ALLOWED.get(pair, ""):
            return typ, reverse
    return "Association", False


# --------------------------------------------------------------------------- the exchange model


LangText = tuple[str | None, str]
"""A text and its language (None: no xml:lang)."""


@dataclass(frozen=True)
class Concept:
    """An element, or a relationship when ``source`` and ``target`` are set."""

    identifier: str
    type: str
    names: tuple[LangText, ...] = ()
    documentation: tuple[LangText, ...] = ()
    properties: tuple[tuple[str, tuple[LangText, ...]], ...] = ()
    source: str | None = None
    target: str | None = None

    def prop(self, key: str) -> str | None:
        """The first value of a property."""
        for k, values in self.properties:
            if k == key and values:
                return values[0][1]
        return None


@dataclass(frozen=True)
class ViewNode:
    identifier: str
    x: int
    y: int
    w: int
    h: int
    element: str | None = None
    label: tuple[LangText, ...] = ()
    fill: str | None = None
    children: tuple[ViewNode, ...] = ()


@dataclass(frozen=True)
class Connection:
    identifier: str
    relationship: str
    source: str
    target: str


@dataclass(frozen=True)
class ExchangeView:
    identifier: str
    names: tuple[LangText, ...]
    nodes: tuple[ViewNode, ...]
    connections: tuple[Connection, ...]


@dataclass(frozen=True)
class Folder:
    labels: tuple[LangText, ...]
    refs: tuple[str, ...] = ()
    folders: tuple[Folder, ...] = ()


@dataclass(frozen=True)
class ExchangeModel:
    identifier: str
    names: tuple[LangText, ...]
    documentation: tuple[LangText, ...] = ()
    properties: tuple[tuple[str, tuple[LangText, ...]], ...] = ()
    elements: tuple[Concept, ...] = ()
    relationships: tuple[Concept, ...] = ()
    organizations: tuple[Folder, ...] = ()
    views: tuple[ExchangeView, ...] = field(default=())
