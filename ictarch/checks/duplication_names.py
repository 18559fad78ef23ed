"""ICT205: near-identical names within a province, found without comparing every pair.

Names are compared as sets of folded words weighted by rarity (IDF). Identical word sets are grouped
first (they are similar by definition); the distinct sets are compared only when they share one of the
rare words that prefix filtering indexes, and a comparison is skipped once both sets are in one group
(union-find). For n names with d distinct word sets the cost is O(n) to group them plus, in the worst
case, the sum over indexed words of the square of their bucket of distinct sets; in practice a word
shared by many distinct names is common, weighs little, and is not indexed, so the cost stays near-linear.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from ictarch.checks._lookup import live, sample
from ictarch.checks.duplication import SIMILARITY, name_tokens, province_words, shared_phrases
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import msg
from ictarch.models.province import Component, ComponentKind


@dataclass(frozen=True)
class SimilarGroup:
    """Ids whose names are linked by near-identity, sorted; the first, its most similar partner and why."""

    members: tuple[str, ...]
    first: str
    partner: str
    score: float
    shared: frozenset[str]


def similar_groups(names: dict[str, frozenset[str]]) -> Iterator[SimilarGroup]:
    """Groups of ids linked by pairs whose IDF-weighted Jaccard similarity is at least :data:`SIMILARITY`.

    Exactly the ids that have a similar other: the pairs are those two names share when one of the
    other's indexed words (prefix filtering: its rarest words, just enough of them that the rest weigh
    less than ``SIMILARITY`` of the whole) is among its words, which every pair that similar does.
    Groups come sorted by their first id.
    """
    df = Counter(t for toks in names.values() for t in toks)
    n = len(names)
    weight = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}
    by_key: dict[frozenset[str], list[str]] = defaultdict(list)
    for cid in sorted(names):
        by_key[names[cid]].append(cid)
    keys = sorted(by_key, key=lambda k: by_key[k][0])  # by their first id
    total = [sum(weight[t] for t in toks) for toks in keys]
    index: dict[str, list[int]] = defaultdict(list)
    probes: list[list[tuple[str, float]]] = []
    after: list[dict[str, float]] = []  # the weight of a set's words after an indexed word (in the probe order)
    for i, toks in enumerate(keys):
        rest = total[i]
        probe: list[tuple[str, float]] = []
        behind: dict[str, float] = {}
        for t in sorted(toks, key=lambda t: (df[t], t)):
            if rest < (SIMILARITY - 1e-9) * total[i]:
                break
            rest -= weight[t]
            if rest + weight[t] >= SIMILARITY * total[i]:
                index[t].append(i)
                behind[t] = rest
            probe.append((t, rest))
        probes.append(probe)
        after.append(behind)

    weigh = weight.__getitem__

    def score(a: frozenset[str], b: frozenset[str]) -> float:
        """Summed exactly (``fsum``): a plain sum depends on the order a set gives its words, which changes from
        one run to the next, and two partners equally similar must tie so that the smaller id is named."""
        return math.fsum(map(weigh, a & b)) / math.fsum(map(weigh, a | b))

    def similar(i: int, j: int) -> bool:
        """Whether the similarity is at least SIMILARITY, from the weights summed once per word set.

        It is at most the ratio of the two sets' weights (a test that needs no intersection), and is the
        shared weight over both weights less the shared one; only a value within rounding of the threshold
        is summed again over the union, as :func:`score` does.
        """
        ti, tj = total[i], total[j]
        if min(ti, tj) < (SIMILARITY - 1e-9) * max(ti, tj):
            return False
        shared = sum(map(weigh, keys[i] & keys[j]))
        union = ti + tj - shared
        if abs(shared - SIMILARITY * union) > 1e-9 * union:
            return shared > SIMILARITY * union
        return score(keys[i], keys[j]) >= SIMILARITY

    def candidates(i: int) -> Iterator[int]:
        seen: set[int] = set()
        for t in keys[i]:
            for j in index.get(t, ()):
                if j != i and j not in seen:
                    seen.add(j)
                    yield j

    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    low = SIMILARITY - 1e-9
    need = SIMILARITY / (1 + SIMILARITY)  # a similar pair shares at least this share of their summed weights
    for i in range(len(keys)):
        seen: set[int] = set()
        ti = total[i]
        for t, rest_i in probes[i]:  # the candidates after i that share an indexed word with i's own prefix
            bucket = index.get(t, ())
            wt = weight[t]
            for j in islice(bucket, bisect_right(bucket, i), None):
                if j in seen:
                    continue
                seen.add(j)
                tj = total[j]
                if (tj < low * ti) if tj <= ti else (ti < low * tj):
                    continue  # similar()'s first test, before a call: most candidates stop here
                if wt + min(rest_i, after[j][t]) < (need - 1e-9) * (ti + tj):
                    continue  # t is the first word they share if they are similar: what follows cannot make them so
                if find(i) != find(j) and similar(i, j):
                    a, b = find(i), find(j)
                    parent[max(a, b)] = min(a, b)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        clusters[find(i)].append(i)
    for root in sorted(clusters):
        members = sorted(cid for i in clusters[root] for cid in by_key[keys[i]])
        if len(members) < 2:
            continue
        first = keys[root]  # the root is the group's smallest key, which holds its smallest id
        own = by_key[first]
        if len(own) > 1:
            yield SimilarGroup(tuple(members), own[0], own[1], 1.0, first)
            continue
        best = min(
            (j for j in candidates(root) if find(j) == root and similar(root, j)),
            key=lambda j: (-score(first, keys[j]), by_key[keys[j]][0]),
        )
        other = keys[best]
        yield SimilarGroup(tuple(members), own[0], by_key[other][0], score(first, other), first & other)


@check(
    code="ICT205",
    name="duplication.name.similar",
    severity=Severity.LOW,
    groups=("duplication",),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
    precision="medium",  # compares names, which may match by chance
    grouped=True,
    scope="province",
)
def similar_names(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two components of one province have different ids but near-identical names.

    Rationale:
        Limiting duplication ("hạn chế trùng lắp", 2323/QĐ-BTTTT objectives, now carried by 292/QĐ-BKHCN)
        starts with noticing it.
        Two entries whose names differ only in diacritics, word order or filler words (tỉnh, và, của)
        are usually one system described twice (in two fragments, by two departments) or two purchases
        of the same system. Names are compared after folding Vietnamese diacritics, with rarer words
        weighing more; the finding lists the shared words so a reviewer can judge.
        One finding per group of names linked by similarity: placed on the first component (by id), the others
        related; the message shows the first with its most similar partner and names at most three more. A
        waiver may name any member.

    Anti-pattern:
        components:
          - id: my.docs
            name: {vi: Hệ thống quản lý văn bản và điều hành}
            kind: application
            status: existing
          - id: my.egov-docs
            name: {vi: "Hệ thống điều hành, quản lý văn bản tỉnh"}
            kind: application
            status: planned

    Best practice:
        components:
          - id: my.docs
            name: {vi: Hệ thống quản lý văn bản và điều hành}
            kind: application
            status: existing

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu: "hạn chế trùng lắp" (secondary), current successor 292/QĐ-BKHCN.
    """
    for loaded in ctx.workspace.provinces:
        own = province_words(loaded)
        comps = {c.id: c for c in live(loaded) if c.kind is not ComponentKind.STAKEHOLDER}
        names = {cid: toks for cid, c in comps.items() if (toks := name_tokens(c.name.vi, own))}
        for group in similar_groups(names):
            first, partner = comps[group.first], comps[group.partner]
            rest = [comps[cid] for cid in group.members if cid not in (group.first, group.partner)]
            yield FindingDraft(
                subject=first.id,
                province=loaded.code,
                related=tuple(cid for cid in group.members if cid != first.id),
                at=("name",),
                message=msg(
                    "finding.ICT205",
                    component=first.id,
                    name=first.name.vi,
                    other=partner.id,
                    other_name=partner.name.vi,
                    percent=round(100 * group.score),
                    shared=shared_phrases(first.name.vi, group.shared),
                    more=msg("finding.ICT205.more", others=sample(rest, _named, "finding.more.components"))
                    if rest
                    else "",
                ),
            )


def _named(c: Component) -> str:
    return f"{c.id} '{c.name.vi}'"
