"""Map an ArchiMate Open Exchange Format file to a province model (plain data, then validated).

The file is read safely by :mod:`ictarch.exchange.oef` (no DTD, no entity, no network).

Files written by ``ictarch export --format archimate`` come back unchanged: their ``ictarch:*``
properties carry every field. Files from other tools are mapped by ArchiMate type; what has no
ictarch equivalent is kept as a component tag where it can be, and reported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ictarch._memory import bulk_build
from ictarch.errors import Location, ModelLoadError
from ictarch.exchange.oef import Extras, read_exchange_extras
from ictarch.exchange.vocabulary import (
    KIND_TYPES,
    PREFIX,
    PROJECT_TYPE,
    PROVINCE_RELATIONS,
    RELATION_CHOICES,
    Concept,
    ExchangeModel,
    LangText,
)
from ictarch.i18n import DEFAULT_LANG, Msg, Text, msg, render
from ictarch.loading import format_path, validation_diagnostics
from ictarch.models.common import ID_PATTERN, Label
from ictarch.models.province import Component, Domain, Investment, ProvinceArchitecture, Relationship

IMPORT_KINDS: dict[str, str] = {
    **{t: k for k, t in KIND_TYPES.items()},
    "ApplicationCollaboration": "application",
    "Artifact": "database",
    "Equipment": "infrastructure",
    "Path": "network",
    "TechnologyService": "service",
    "ApplicationService": "service",
    "TechnologyInterface": "channel",
    "BusinessRole": "stakeholder",
    "Stakeholder": "stakeholder",
    "BusinessCollaboration": "stakeholder",
}
"""ictarch kind of each ArchiMate element type a component may have (files from other tools)."""

FOREIGN_RELATIONS: dict[str, tuple[str, bool]] = {
    "Serving": ("serves", False),
    "Flow": ("data_flow", False),
    "Access": ("depends_on", False),
    "Assignment": ("hosted_on", True),
}
"""ictarch relation of each ArchiMate relationship type between two components, and whether the ends swap."""

OWN_VIEW = "v-layered"
"""The identifier of the view ``ictarch export --format archimate`` writes."""

_ID = re.compile(ID_PATTERN)


# --------------------------------------------------------------------------- field decoding


def _unwrap(annotation: Any) -> list[Any]:
    """The member types of an annotation: Optional and Annotated removed."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg) if t is not type(None)]
    return [annotation]


def _kind_of(model: type[BaseModel], name: str) -> str:
    members = _unwrap(model.model_fields[name].annotation)
    if members == [Label]:
        return "label"
    scalar = all(isinstance(t, type) and (issubclass(t, str | int | bool | dt.date | Enum)) for t in members)
    return "scalar" if scalar else "json"


def label(texts: tuple[LangText, ...]) -> dict[str, str] | None:
    """A bilingual label from texts by language; the first text stands in for a missing Vietnamese one."""
    if not texts:
        return None
    by_lang = {lang: value for lang, value in texts if lang in ("vi", "en")}
    out = {"vi": by_lang.get("vi", texts[0][1])}
    if "en" in by_lang:
        out["en"] = by_lang["en"]
    return out


def decode_fields(
    model: type[BaseModel], props: tuple[tuple[str, tuple[LangText, ...]], ...], report: list[Msg], owner: Text
) -> dict[str, Any]:
    """The fields of ``model`` found among ``ictarch:<field>`` properties, keyed by their YAML names."""
    by_key = {f.alias or n: n for n, f in model.model_fields.items()}
    out: dict[str, Any] = {}
    for key, values in props:
        if not key.startswith(PREFIX) or not values:
            continue
        name = key.removeprefix(PREFIX)
        if name not in by_key:
            if name not in _MAPPED_ELSEWHERE:
                report.append(msg("import.not-a-field", owner=owner, key=key, model=model.__name__))
            continue
        kind = _kind_of(model, by_key[name])
        if kind == "label":
            out[name] = label(values)
        elif kind == "scalar":
            out[name] = values[0][1]
        else:
            try:
                out[name] = json.loads(values[0][1])
            except json.JSONDecodeError as exc:
                report.append(msg("import.not-json", owner=owner, key=key, error=exc.msg))
    return out


_MAPPED_ELSEWHERE = frozenset({"role", "ref", "relation", "id", "format"})
"""``ictarch:*`` properties that say how a concept maps (read by the mapper) rather than a field."""


# --------------------------------------------------------------------------- mapping to a province


@dataclass(frozen=True)
class ImportResult:
    """A province model as plain data, ready to be written as YAML, and what could not be mapped."""

    data: dict[str, Any]
    report: tuple[Msg, ...]

    def lines(self, lang: str = DEFAULT_LANG) -> list[str]:
        """What could not be mapped, one line per message, in ``lang``."""
        return [render(m, lang) for m in self.report]


def _relationship_owner(concept: Concept) -> Msg:
    return msg(
        "import.relationship",
        identifier=concept.identifier,
        type=concept.type,
        source=concept.source,
        target=concept.target,
    )


def slug(text_: str) -> str:
    """An id from a name: ASCII letters and digits, dashes between words."""
    plain = unicodedata.normalize("NFKD", text_.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(ch for ch in plain if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()
    return out or "imported"


class _Ids:
    """Ids given so far, and the next number to try after each base id (so that a thousand elements
    of the same name cost a thousand steps, not half a million)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        candidate, n = wanted, self.next.get(wanted, 2)
        while candidate in self.taken:
            candidate, n = f"{wanted}-{n}", n + 1
        self.next[wanted] = n
        self.taken.add(candidate)
        return candidate


def _entity_id(concept: Concept, taken: _Ids) -> str:
    wanted = concept.prop(PREFIX + "id") or concept.identifier
    return taken.claim(wanted if _ID.match(wanted) and len(wanted) <= 120 else slug(wanted))


def _name(concept: Concept) -> str:
    return next((value for _lang, value in concept.names), concept.identifier)


def _shown(values: tuple[LangText, ...]) -> str:
    """Property values or names as a reader sees them in the report: ``'Sở TT&TT'`` or ``'a' / 'b'``."""
    return " / ".join(repr(value) for _lang, value in values) or "''"


def _reversed(relation: str, archimate_type: str) -> bool:
    return any(typ == archimate_type and rev for typ, rev in RELATION_CHOICES.get(relation, ()))


class _Mapper:
    def __init__(self, model: ExchangeModel, file: str, lines: dict[str, int], beyond: Extras) -> None:
        self.model = model
        self.file = file
        self.lines = lines
        self.beyond = beyond
        self.report: list[Msg] = []
        self.taken: dict[str, _Ids] = {"entity": _Ids(), "domain": _Ids()}
        self.components: dict[str, dict[str, Any]] = {}
        self.projects: dict[str, dict[str, Any]] = {}
        self.domains: dict[str, dict[str, Any]] = {}
        self.references: dict[str, str] = {}
        self.relationships: list[tuple[str, dict[str, Any]]] = []
        self.linked: dict[tuple[str, str], list[str]] = {}
        self.defaulted_status = 0

    def run(self) -> ImportResult:
        data = self._province()
        for concept in self.model.elements:
            self._element(concept)
        for concept in self.model.relationships:
            self._relationship(concept)
        for identifier, item in (*self.components.items(), *self.projects.items()):
            for key in ("realizes", "egov_links", "delivers"):
                extra = [x for x in self.linked.get((identifier, key), []) if x not in item.get(key, [])]
                if extra:
                    item[key] = [*item.get(key, []), *extra]
        if self.defaulted_status:
            self.report.append(msg("import.no-status", n=self.defaulted_status))
        data["domains"] = list(self.domains.values())
        data["components"] = list(self.components.values())
        data["relationships"] = [r for _i, r in self.relationships]
        data["projects"] = list(self.projects.values())
        origins = {
            "domains": list(self.domains),
            "components": list(self.components),
            "projects": list(self.projects),
            "relationships": [i for i, _r in self.relationships],
        }
        return ImportResult(self._validated(data, origins), tuple(self.report))

    def _province(self) -> dict[str, Any]:
        model = self.model
        meta = decode_fields(ProvinceArchitecture, model.properties, self.report, msg("import.the-model"))
        for key, values in model.properties:
            if not key.startswith(PREFIX):
                self.report.append(msg("import.model-property", key=key, values=_shown(values)))
        own = PREFIX + "province" in {k for k, _v in model.properties}
        for identifier, names in self.beyond.views:
            if own and identifier == OWN_VIEW:
                continue  # the layered view ictarch exports, drawn again from the model
            self.report.append(
                msg("import.view", name=next((v for _l, v in names), identifier), identifier=identifier)
            )
        for key in ("components", "relationships", "projects", "domains", "include"):
            meta.pop(key, None)
        if "province" not in meta:
            name = label(model.names) or {"vi": model.identifier or "imported"}
            meta["province"] = {"code": slug(name.get("en") or name["vi"]), "name": name}
            self.report.append(msg("import.no-province", code=meta["province"]["code"]))
        if "programme" not in meta:
            meta["programme"] = {"name": label(model.documentation) or meta["province"]["name"]}
        return meta

    def _element(self, concept: Concept) -> None:
        role = concept.prop(PREFIX + "role")
        if role == "reference":
            ref = concept.prop(PREFIX + "ref")
            if ref:
                self.references[concept.identifier] = ref
            return
        if role == "component" or (role is None and concept.type in IMPORT_KINDS):
            self.components[concept.identifier] = self._component(concept, ictarch=role is not None)
        elif role == "project" or (role is None and concept.type == PROJECT_TYPE):
            self.projects[concept.identifier] = self._entity(concept, Investment, msg("entity.project"))
        elif role == "domain":
            self.domains[concept.identifier] = self._entity(concept, Domain, msg("entity.domain"), "domain")
        else:
            self.report.append(
                msg(
                    "import.no-kind",
                    name=_name(concept),
                    type=concept.type or "—",
                    identifier=concept.identifier,
                    kind=concept.type or msg("import.untyped"),
                )
            )

    def _owner(self, concept: Concept) -> str:  # a name and an id: the same in every language
        return f"'{_name(concept)}' ({concept.identifier})"

    def _entity(self, concept: Concept, model: type[BaseModel], what: Msg, namespace: str = "entity") -> dict[str, Any]:
        fields = decode_fields(model, concept.properties, self.report, self._owner(concept))
        fields.pop("id", None)
        item: dict[str, Any] = {"id": _entity_id(concept, self.taken[namespace]), "name": label(concept.names)}
        if item["name"] is None:
            item["name"] = {"vi": concept.identifier}
            self.report.append(msg("import.no-name", what=what, identifier=concept.identifier))
        item.update(fields)
        foreign = [k for k, _v in concept.properties if not k.startswith(PREFIX)]
        if foreign:
            self.report.append(msg("import.foreign-properties", what=what, owner=self._owner(concept), keys=foreign))
        return item

    def _component(self, concept: Concept, ictarch: bool) -> dict[str, Any]:
        owner = self._owner(concept)
        fields = decode_fields(Component, concept.properties, self.report, owner)
        fields.pop("id", None)
        item: dict[str, Any] = {"id": _entity_id(concept, self.taken["entity"]), "name": label(concept.names)}
        if item["name"] is None:
            item["name"] = {"vi": concept.identifier}
            self.report.append(msg("import.no-name", what=msg("entity.component"), identifier=concept.identifier))
        if concept.documentation:
            item["description"] = label(concept.documentation)
        item.update(fields)
        item.setdefault("kind", IMPORT_KINDS.get(concept.type, "application"))
        if "status" not in item:
            item["status"] = "existing"
            self.defaulted_status += 1
        tags = list(item.get("tags", []))
        if not ictarch and KIND_TYPES.get(item["kind"]) != concept.type:
            tags.append(f"archimate:{concept.type}")
        for key, values in concept.properties:
            if not key.startswith(PREFIX):
                tags.append(f"{key}={values[0][1] if values else ''}")
                self.report.append(msg("import.kept-as-tag", owner=owner, key=key))
        if tags:
            item["tags"] = tags
        return item

    def _end(self, identifier: str | None) -> tuple[str, str | None]:
        """What a relationship end is (component, project, domain, reference, unmapped) and its ictarch id."""
        if identifier is None:
            return "unmapped", None
        for role, pool in (("component", self.components), ("project", self.projects), ("domain", self.domains)):
            if identifier in pool:
                return role, pool[identifier]["id"]
        if identifier in self.references:
            return "reference", self.references[identifier]
        return "unmapped", None

    def _relationship(self, concept: Concept) -> None:
        relation = concept.prop(PREFIX + "relation")
        source, target = concept.source, concept.target
        if relation is None:
            relation, swap = self._foreign(concept)
        else:
            swap = _reversed(relation, concept.type)
        if swap:
            source, target = target, source
        (src_role, src_id), (tgt_role, tgt_id) = self._end(source), self._end(target)
        roles = (src_role, tgt_role)
        if relation == "part_of":
            return
        if relation in PROVINCE_RELATIONS and roles in (("component", "component"), ("component", "reference")):
            names = msg("import.relationship-id", identifier=concept.identifier)
            item = decode_fields(Relationship, concept.properties, self.report, names)
            item.update({"from": src_id, "to": tgt_id, "type": relation})
            self._relationship_extras(concept, item, relation)
            self.relationships.append((concept.identifier, item))
        elif (relation, roles) in (
            ("realizes", ("component", "reference")),
            ("egov_links", ("component", "reference")),
            ("delivers", ("project", "component")),
        ):
            self.linked.setdefault((str(source), relation), []).append(str(tgt_id))
        elif relation == "domain" and roles in (("domain", "component"), ("domain", "project")):
            pool = self.components if tgt_role == "component" else self.projects
            pool[str(target)].setdefault("domain", src_id)
        else:
            self.report.append(msg("import.no-equivalent", owner=_relationship_owner(concept)))

    def _relationship_extras(self, concept: Concept, item: dict[str, Any], relation: str) -> None:
        """Keep the description (or the name, when there is no description); report, one by one, the name,
        properties and access type a province relationship cannot hold."""
        owner = _relationship_owner(concept)
        if concept.documentation:
            item["description"] = label(concept.documentation)
            if concept.names:
                self.report.append(msg("import.name-not-kept", owner=owner, names=_shown(concept.names)))
        elif concept.names:
            item.setdefault("description", label(concept.names))
            self.report.append(msg("import.name-as-description", owner=owner, names=_shown(concept.names)))
        for key, values in concept.properties:
            if not key.startswith(PREFIX):
                self.report.append(msg("import.relationship-property", owner=owner, key=key, values=_shown(values)))
        access = self.beyond.access_types.get(concept.identifier)
        if access:
            self.report.append(msg("import.access-type", owner=owner, access=access, relation=relation))

    def _foreign(self, concept: Concept) -> tuple[str, bool]:
        """The ictarch relation of a relationship from another tool, from its type and the roles of its ends."""
        roles = (self._end(concept.source)[0], self._end(concept.target)[0])
        if concept.type in FOREIGN_RELATIONS and roles == ("component", "component"):
            return FOREIGN_RELATIONS[concept.type]
        if concept.type == "Realization" and roles == ("project", "component"):
            return "delivers", False
        if concept.type in ("Aggregation", "Composition") and roles[0] == "domain":
            return "domain", False
        return "", False

    def _validated(self, data: dict[str, Any], origins: dict[str, list[str]]) -> dict[str, Any]:
        def locate(path: tuple[str | int, ...]) -> Location:
            line = 1
            if len(path) > 1 and isinstance(path[0], str) and isinstance(path[1], int):
                ids = origins.get(path[0], [])
                if path[1] < len(ids):
                    line = self.lines.get(ids[path[1]], 1)
            return Location(self.file, line, 1, format_path(path))

        try:
            arch = ProvinceArchitecture.model_validate(data)
        except ValidationError as exc:
            raise ModelLoadError(validation_diagnostics(exc, ProvinceArchitecture, locate)) from None
        dumped: dict[str, Any] = plain(arch.model_dump(mode="python", by_alias=True, exclude_defaults=True))
        return dumped


def plain(value: Any) -> Any:
    """Dumped model data with enums as their values and tuples as lists, for a YAML writer."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def import_exchange(data: bytes, file: str) -> ImportResult:
    """An exchange file as a province model (plain data) and a report of what could not be mapped."""
    with bulk_build():  # the tree and the model hold no cycles; see ictarch._memory
        model, lines, beyond = read_exchange_extras(data, file)
        return _Mapper(model, file, lines, beyond).run()
