"""Consolidation: which components of the former provinces the merged province needs only once, and which to keep.

Shared platforms group by single-instance capability; domain applications by domain, kind, realized
items and near-identical names. Each group recommends one member to keep, by the criteria of
:data:`~ictarch.analysis.merge_report.CRITERIA`, and says why.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from ictarch.analysis.merge_report import ConsolidationGroup, GroupMember, ProvinceTotals
from ictarch.checks.duplication import fold, name_tokens
from ictarch.graph import ArchGraph, Relation, province_node
from ictarch.i18n import Msg, msg
from ictarch.models.common import Label
from ictarch.models.province import (
    Component,
    ComponentKind,
    Investment,
    Lifecycle,
    ProvinceArchitecture,
)
from ictarch.models.reference import CapabilityLevel, ReferenceCatalogue

APPLICATION_KINDS = frozenset(
    {
        ComponentKind.APPLICATION,
        ComponentKind.PORTAL,
        ComponentKind.DATABASE,
        ComponentKind.PLATFORM,
        ComponentKind.CHANNEL,
        ComponentKind.SERVICE,
    }
)
"""Kinds of components compared as domain applications (software, not stakeholders, networks or sensors)."""

NAME_SIMILARITY = 0.5
"""Jaccard similarity of two names' meaningful words at or above which two domain applications are one system."""

_STATUS_RANK = {Lifecycle.EXISTING: 0, Lifecycle.IN_PROGRESS: 0, Lifecycle.PLANNED: 1, Lifecycle.RETIRED: 2}


def unprefixed(item_id: str, origin: str | None) -> str:
    """The id an element had in its former province, undoing :func:`merge`'s renaming."""
    if origin is None:
        return item_id
    for prefix in (f"{origin}--", f"{origin}."):
        if item_id.startswith(prefix):
            return item_id[len(prefix) :]
    return item_id


def consolidation_groups(graph: ArchGraph, code: str) -> tuple[ConsolidationGroup, ...]:
    """Groups of components of several former provinces that the merged province ``code`` needs once.

    Shared platforms: components providing the same single-instance, province-level capability of the
    reference frameworks (through what they realize or the e-government components they link to).
    Applications: components of other kinds with a domain, grouped when they come from different former
    provinces, belong to the same domain (by its id in the former model), have the same kind, realize the
    same reference items and link the same e-government components, and have near-identical names.
    """
    arch: ProvinceArchitecture = graph.entity(f"province:{code}")
    cat = graph.workspace.catalogue
    single = _single_instance_capabilities(cat)
    live = [c for c in arch.components if c.status is not Lifecycle.RETIRED]
    by_capability: dict[str, list[Component]] = defaultdict(list)
    platforms: set[str] = set()
    for comp in live:
        caps = graph.capability_of(province_node(code, comp.id), via=(Relation.REALIZES, Relation.LINKS_TO)) & single
        for cap in sorted(caps):
            by_capability[cap].append(comp)
        if caps:
            platforms.add(comp.id)
    pending: list[tuple[str, str, str, list[Component]]] = []  # kind, key, title, members
    for cap, members in sorted(by_capability.items()):
        if len({m.origin for m in members}) < 2:
            continue
        found = cat.capabilities.get(cap)
        title = f"{found.name.vi} — {found.name.en}" if found and found.name.en else (found.name.vi if found else cap)
        pending.append(("shared-platform", cap, title, members))
    domains = {d.id: d for d in arch.domains}
    ignore = _place_words(arch)
    buckets: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], list[Component]] = defaultdict(list)
    for comp in live:
        if comp.id in platforms or comp.kind not in APPLICATION_KINDS or comp.domain is None:
            continue
        dom = domains.get(comp.domain)
        key = unprefixed(comp.domain, dom.origin if dom else comp.origin)
        buckets[(key, comp.kind.value, tuple(sorted(comp.realizes)), tuple(sorted(comp.egov_links)))].append(comp)
    for (domain, _kind, realizes, links), members in sorted(buckets.items()):
        if len({m.origin for m in members}) < 2:
            continue
        for cluster in _similar_clusters(members, ignore):
            refs = ", ".join([*realizes, *links]) or "no reference item"
            names = sorted({m.name.vi for m in cluster})
            title = f"{domain}: {' / '.join(names)}"
            pending.append(("application", f"{domain}: {refs}", title, cluster))
    dependents = graph.dependent_counts(
        (province_node(code, c.id) for *_, members in pending for c in members), prefix=f"{code}:"
    )
    return tuple(_group(graph, code, kind, key, title, members, dependents) for kind, key, title, members in pending)


def _single_instance_capabilities(cat: ReferenceCatalogue) -> set[str]:
    """Capabilities of single-instance reference items that a province provides (not national ones)."""
    items: Iterable[Any] = (*cat.layers.values(), *cat.components.values())
    national = {c.id for c in cat.capabilities.values() if c.provided_at is CapabilityLevel.NATIONAL}
    return {i.capability for i in items if i.single_instance and i.capability} - national


def _place_words(arch: ProvinceArchitecture) -> set[str]:
    """Folded words of the province names (new and former), which say nothing about what a system does."""
    names = [arch.province.name.vi, *(r.name.vi for r in arch.province.history.formed_from)]
    return {w for n in names for w in re.findall(r"\w+", fold(n))}


def _similar_clusters(members: list[Component], ignore: set[str]) -> list[list[Component]]:
    """Clusters of members linked by near-identical names across different former provinces: two members are
    linked when they come from different former provinces and their names' words reach :data:`NAME_SIMILARITY`.

    Members whose names have the same words are taken together, and only word sets that share one of their
    rarest words are compared (prefix filtering: two sets this similar always do), so that a bucket of
    thousands of applications costs its distinct names and their likely pairs, not every pair of members."""
    by_words: dict[frozenset[str], list[Component]] = defaultdict(list)
    for m in members:
        if words := name_tokens(m.name.vi, ignore):
            by_words[words].append(m)
    parent = {m.id: m.id for m in members}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    together: set[frozenset[str]] = set()

    def gather(words: frozenset[str]) -> str:
        """The members with these words, joined (once): each is linked to a member of another province."""
        first, *rest = by_words[words]
        if words not in together:
            together.add(words)
            for m in rest:
                join(m.id, first.id)
        return first.id

    word_sets = sorted(by_words, key=sorted)
    origins = {words: {m.origin for m in by_words[words]} for words in word_sets}
    for words in word_sets:  # the same words, from two former provinces or more
        if len(origins[words]) > 1:
            gather(words)
    frequency = Counter(w for words in word_sets for w in words)
    index: dict[str, list[frozenset[str]]] = defaultdict(list)
    for words in word_sets:
        rarest = sorted(words, key=lambda w: (frequency[w], w))
        prefix = rarest[: len(rarest) - math.ceil(NAME_SIMILARITY * len(rarest)) + 1]
        compared: set[frozenset[str]] = set()
        for w in prefix:
            for other in index[w]:
                if other in compared:
                    continue
                compared.add(other)
                alone = origins[words] == origins[other] and len(origins[words]) == 1  # one former province
                if not alone and len(words & other) / len(words | other) >= NAME_SIMILARITY:
                    join(gather(words), gather(other))
            index[w].append(words)
    clusters: dict[str, list[Component]] = defaultdict(list)
    for m in sorted(members, key=lambda m: m.id):
        clusters[root(m.id)].append(m)
    return [c for _, c in sorted(clusters.items()) if len({m.origin for m in c}) > 1]


def _member(graph: ArchGraph, code: str, comp: Component, dependents: dict[str, int]) -> GroupMember:
    node = province_node(code, comp.id)
    projects: list[Investment] = [graph.entity(p) for p in graph.deliverers(node)]
    budgets = [p.budget_vnd for p in projects if p.budget_vnd is not None]
    ends = [p.end_year for p in projects if p.end_year is not None]
    return GroupMember(
        component=comp.id,
        province=comp.origin or "?",
        name=comp.name.vi,
        kind=comp.kind.value,
        status=comp.status.value,
        security_level=comp.security_level,
        projects=tuple(p.id for p in projects),
        budget_vnd=sum(budgets) if budgets else None,
        latest_end_year=max(ends) if ends else None,
        dependents=dependents[node],
    )


def _rank(m: GroupMember) -> tuple[int, int, int, int, str]:
    """Lower is better: in use before planned, then most dependents (the least to migrate), newest
    delivering project, largest budget, then id."""
    return (
        _STATUS_RANK[Lifecycle(m.status)],
        -m.dependents,
        -(m.latest_end_year or 0),
        -(m.budget_vnd or 0),
        m.component,
    )


def _group(
    graph: ArchGraph,
    code: str,
    kind: str,
    key: str,
    title: str,
    comps: Iterable[Component],
    dependents: dict[str, int],
) -> ConsolidationGroup:
    """``dependents``: how many of the province's nodes need each member, transitively."""
    members = sorted((_member(graph, code, c, dependents) for c in comps), key=_rank)
    keep, others = members[0], members[1:]
    return ConsolidationGroup(
        kind=kind,
        key=key,
        title=title,
        members=tuple(members),
        keep=keep.component,
        migrate=tuple(m.component for m in others),
        reasoning=_reasoning(keep, others),
    )


def _facts(m: GroupMember) -> Msg:
    end = msg("merge.facts-end", year=m.latest_end_year) if m.latest_end_year else msg("merge.facts-no-end")
    return msg(
        "merge.facts", status=msg(f"lifecycle.{m.status}"), end=end, dependents=m.dependents, budget=m.budget_vnd
    )


def _why(keep: GroupMember, other: GroupMember) -> Msg:
    """The first criterion that sets ``keep`` before ``other``, named, with both values."""
    a, b = _rank(keep), _rank(other)
    if a[0] != b[0]:
        return msg(
            "merge.why-status",
            keep=keep.component,
            keep_status=msg(f"lifecycle.{keep.status}"),
            other=other.component,
            other_status=msg(f"lifecycle.{other.status}"),
        )
    if a[1] != b[1]:
        return msg("merge.why-dependents", mine=keep.dependents, theirs=other.dependents)
    if a[2] != b[2]:
        theirs = (
            msg("merge.theirs-year", year=other.latest_end_year) if other.latest_end_year else msg("merge.theirs-none")
        )
        return msg(
            "merge.why-project", keep=keep.component, year=keep.latest_end_year, other=other.component, theirs=theirs
        )
    if a[3] != b[3]:
        return msg("merge.why-budget", mine=keep.budget_vnd, theirs=other.budget_vnd)
    return msg("merge.why-id")


def _reasoning(keep: GroupMember, others: Sequence[GroupMember]) -> tuple[Msg, ...]:
    parts = [msg("merge.reason-keep", component=keep.component, province=keep.province, facts=_facts(keep))]
    for o in others:
        parts.append(
            msg("merge.reason-migrate", component=o.component, province=o.province, facts=_facts(o), why=_why(keep, o))
        )
    return tuple(parts)


def province_totals(arch: ProvinceArchitecture, former: Sequence[tuple[str, Label]]) -> tuple[ProvinceTotals, ...]:
    out = []
    for code, name in former:
        projects = [p for p in arch.projects if p.origin == code]
        out.append(
            ProvinceTotals(
                province=code,
                name=name.vi,
                components=sum(1 for c in arch.components if c.origin == code),
                projects=len(projects),
                budget_vnd=sum(p.budget_vnd or 0 for p in projects),
                unbudgeted_projects=sum(1 for p in projects if p.budget_vnd is None),
            )
        )
    return tuple(out)
