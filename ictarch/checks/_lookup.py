"""Small queries the checks share: declared frameworks, live components, realizers, locations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from ictarch.errors import Location
from ictarch.graph import ArchGraph, province_node
from ictarch.i18n import Arg, msg
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.province import Component, Lifecycle
from ictarch.models.reference import Framework
from ictarch.money import format_vnd


def node(loaded: LoadedArchitecture, entity_id: str) -> str:
    return province_node(loaded.code, entity_id)


def live(loaded: LoadedArchitecture) -> Iterator[Component]:
    """Components that exist or will: everything but retired ones."""
    return (c for c in loaded.architecture.components if c.status is not Lifecycle.RETIRED)


def is_live(graph: ArchGraph, node_id: str) -> bool:
    obj = graph.entity(node_id)
    return isinstance(obj, Component) and obj.status is not Lifecycle.RETIRED


def declared(ws: Workspace, loaded: LoadedArchitecture) -> list[Framework]:
    """The frameworks the province declares, in the order written."""
    return [ws.catalogue.frameworks[c.framework] for c in loaded.architecture.conforms_to]


def not_applicable(loaded: LoadedArchitecture) -> set[str]:
    return {na.component for na in loaded.architecture.not_applicable}


def ref_name(ws: Workspace, item_id: str) -> str:
    """The Vietnamese name of a reference item, for messages."""
    cat = ws.catalogue
    item: Any = cat.components.get(item_id) or cat.layers.get(item_id) or cat.frameworks.get(item_id)
    return item.name.vi if item is not None else item_id


def document_number(ws: Workspace, doc_id: str) -> str:
    doc = ws.catalogue.documents.get(doc_id)
    return doc.number if doc else doc_id


def vnd(amount: int | None) -> str:
    """A budget in a finding's message."""
    return format_vnd(amount, missing="budget unknown")


def province_location(loaded: LoadedArchitecture) -> Location | None:
    """Where the province's code is written: the place of findings about the whole architecture."""
    return loaded.locate(loaded.code, "code") or loaded.locate(loaded.code)


def conformance_location(loaded: LoadedArchitecture, framework_id: str) -> Location | None:
    """Where a finding about a declared framework points: its ``conforms_to`` entry."""
    return loaded.locate(f"conforms_to:{framework_id}", "framework") or province_location(loaded)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def model_date(loaded: LoadedArchitecture) -> dt.date | None:
    """The date a model describes, or None when nothing in it is dated.

    Its ``as_of``; else the latest date of its programme documents, sources and merge records; a model of a
    province that was merged away describes it before the merge. A model of a former province written in
    2018 is judged by the institutions and laws of its date, not today's.
    """
    arch = loaded.architecture
    if arch.as_of is not None:
        return arch.as_of
    dates = [d.date for d in arch.programme.documents if d.date is not None]
    dates += [s.date for s in arch.sources if s.date is not None]
    dates += [m.effective for m in arch.province.history.formed_from]
    found = max(dates) if dates else None
    merged = arch.province.history.merged_into
    if found is not None and merged is not None and found >= merged.effective:
        found = merged.effective - dt.timedelta(days=1)
    return found


SAMPLE = 3
"""Items a message names from a list that grows with the model; the others are counted, so it keeps its size."""

T = TypeVar("T")


def sample(items: Sequence[T], show: Callable[[T], Arg], more: str) -> tuple[Arg, ...]:
    """The first :data:`SAMPLE` items shown, then the catalogue message ``more`` counting the rest."""
    shown = tuple(show(i) for i in items[:SAMPLE])
    if len(items) > SAMPLE:
        shown += (msg(more, n=len(items) - SAMPLE),)
    return shown
