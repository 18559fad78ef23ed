"""One selection grammar for the command line and for views.

    expression := term (' ' term)*        a space means union
    term       := atom (',' atom)*        a comma means intersection
    atom       := [N]'+'? [method ':'] value '+'?[N]

``method`` is one of :class:`SelectorMethod` (``id`` when omitted). ``+id`` adds what the
component depends on (upstream), ``id+`` what depends on it (downstream); a number bounds the
depth (``2+id``, ``id+1``). Selections range over the components and projects of a workspace and
return graph node ids, sorted.

    >>> select(graph, ["kind:platform,status:planned layer:ictrf.L3"], exclude=["tag:pilot"])
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ictarch.errors import SelectorError
from ictarch.graph import ArchGraph, Relation, ref_node
from ictarch.models.province import Component, ComponentKind, Investment, Lifecycle

RAW_SELECTOR = re.compile(
    r"^(?:(?P<up_depth>\d*)(?P<up>\+))?"
    r"(?:(?P<method>[a-z_]+):)?"
    r"(?P<value>[A-Za-z0-9][A-Za-z0-9_.\-]*?)"
    r"(?:(?P<down>\+)(?P<down_depth>\d*))?$"
)
PROJECT_KIND = "project"
"""``kind:project`` selects projects; every other kind value is a component kind."""


class SelectorMethod(StrEnum):
    ID = "id"
    KIND = "kind"
    LAYER = "layer"
    DOMAIN = "domain"
    PROVINCE = "province"
    STATUS = "status"
    TAG = "tag"
    REF = "ref"


@dataclass(frozen=True)
class Selector:
    """One atom of an expression: a method, its value and the graph expansion around the matches."""

    method: SelectorMethod
    value: str
    upstream: bool = False
    upstream_depth: int | None = None
    downstream: bool = False
    downstream_depth: int | None = None


def parse_atom(text: str) -> Selector:
    match = RAW_SELECTOR.match(text)
    if not match:
        raise SelectorError(
            f"'{text}' is not a valid selector (expected [N+][method:]value[+N], e.g. 'kind:platform' or '+my.id+2')"
        )
    raw_method = match["method"] or SelectorMethod.ID.value
    try:
        method = SelectorMethod(raw_method)
    except ValueError:
        choices = ", ".join(m.value for m in SelectorMethod)
        raise SelectorError(f"'{raw_method}' is not a valid method (choose from: {choices})") from None
    return Selector(
        method=method,
        value=match["value"],
        upstream=bool(match["up"]),
        upstream_depth=int(match["up_depth"]) if match["up_depth"] else None,
        downstream=bool(match["down"]),
        downstream_depth=int(match["down_depth"]) if match["down_depth"] else None,
    )


def parse(expression: str) -> tuple[tuple[Selector, ...], ...]:
    """An expression as a union (outer tuple) of intersections (inner tuples)."""
    terms = expression.split()
    if not terms:
        raise SelectorError("empty selection expression")
    out = []
    for term in terms:
        atoms = term.split(",")
        if any(not a for a in atoms):
            raise SelectorError(f"'{term}': an empty selector between commas")
        out.append(tuple(parse_atom(a) for a in atoms))
    return tuple(out)


# --------------------------------------------------------------------------- methods


def _universe(graph: ArchGraph) -> list[str]:
    return sorted([*graph.components(), *graph.projects()])


def _entity_ids(graph: ArchGraph, nodes: Iterable[str]) -> list[str]:
    return sorted({graph.info(n).entity_id for n in nodes})


def _near(value: str, choices: Iterable[str]) -> str:
    """A did-you-mean hint, or the list of choices when it is short."""
    pool = sorted(set(choices))
    match = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if match:
        return f"; did you mean '{match[0]}'?"
    return f" (choose from: {', '.join(pool)})" if 0 < len(pool) <= 10 else ""


def _by_id(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    found = {n for n in universe if graph.info(n).entity_id == value}
    if not found:
        raise SelectorError(f"no component or project '{value}'{_near(value, _entity_ids(graph, universe))}")
    return found


def _by_kind(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    kinds = [k.value for k in ComponentKind]
    if value == PROJECT_KIND:
        return {n for n in universe if isinstance(graph.entity(n), Investment)}
    if value not in kinds:
        raise SelectorError(f"'{value}' is not a kind (choose from: {', '.join([*kinds, PROJECT_KIND])})")
    return {n for n in universe if isinstance(c := graph.entity(n), Component) and c.kind.value == value}


def _by_status(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    statuses = [s.value for s in Lifecycle]
    if value not in statuses:
        raise SelectorError(f"'{value}' is not a status (choose from: {', '.join(statuses)})")
    return {n for n in universe if isinstance(c := graph.entity(n), Component) and c.status.value == value}


def _by_layer(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    layers = graph.workspace.catalogue.layers
    if value not in layers:
        raise SelectorError(f"'{value}' is not a reference layer{_near(value, layers)}")
    return set(graph.members(value)) & set(universe)


def _by_ref(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    cat = graph.workspace.catalogue
    if value not in cat.layers and value not in cat.components:
        hint = _near(value, [*cat.layers, *cat.components])
        raise SelectorError(f"'{value}' is not a reference layer or component{hint}")
    linked: set[str] = set()
    if ref_node(value) in graph:
        linked = set(graph.neighbours(ref_node(value), Relation.LINKS_TO, direction="in"))
    return (set(graph.realizations(value)) | linked) & set(universe)


def _by_domain(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    domains = {d.id for p in graph.workspace.provinces for d in p.architecture.domains}
    if value not in domains:
        raise SelectorError(f"'{value}' is not a domain of the models{_near(value, domains)}")
    return {n for n in universe if getattr(graph.entity(n), "domain", None) == value}


def _by_province(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    codes = [p.code for p in graph.workspace.provinces]
    if value not in codes:
        raise SelectorError(f"'{value}' is not a loaded province (choose from: {', '.join(sorted(codes))})")
    return {n for n in universe if graph.info(n).province == value}


def _by_tag(graph: ArchGraph, universe: list[str], value: str) -> set[str]:
    return {n for n in universe if value in getattr(graph.entity(n), "tags", ())}


Method = Callable[[ArchGraph, list[str], str], set[str]]
METHODS: dict[SelectorMethod, Method] = {
    SelectorMethod.ID: _by_id,
    SelectorMethod.KIND: _by_kind,
    SelectorMethod.LAYER: _by_layer,
    SelectorMethod.DOMAIN: _by_domain,
    SelectorMethod.PROVINCE: _by_province,
    SelectorMethod.STATUS: _by_status,
    SelectorMethod.TAG: _by_tag,
    SelectorMethod.REF: _by_ref,
}


def _atom(graph: ArchGraph, universe: list[str], sel: Selector) -> set[str]:
    found = METHODS[sel.method](graph, universe, sel.value)
    wanted = set(universe)
    extra: set[str] = set()
    for node in found:
        if sel.upstream:
            extra.update(graph.dependencies(node, sel.upstream_depth))
        if sel.downstream:
            extra.update(graph.dependents(node, sel.downstream_depth))
    return found | (extra & wanted)


def _evaluate(graph: ArchGraph, universe: list[str], expressions: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for expression in expressions:
        for term in parse(expression):
            hits = set(universe)
            for sel in term:
                hits &= _atom(graph, universe, sel)
            out |= hits
    return out


def select(graph: ArchGraph, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[str]:
    """Node ids of the components and projects chosen by ``include`` (default: all) minus ``exclude``."""
    universe = _universe(graph)
    chosen = _evaluate(graph, universe, include) if include else set(universe)
    if exclude:
        chosen -= _evaluate(graph, universe, exclude)
    return sorted(chosen)
