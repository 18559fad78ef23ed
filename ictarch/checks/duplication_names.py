"""ICT205: near-identical names within a province, found in time linear in the names.

Names are compared as sets of folded words weighted by rarity (IDF); two are similar when their weighted
Jaccard similarity is at least :data:`SIMILARITY`. Identical word sets are grouped first; the distinct sets are
linked (union-find) through one of two exact candidate schemes, whichever does less work for the province:

- prefix filtering: two similar sets share one of the rare words each indexes (just enough of its rarest words
  that the rest weigh less than SIMILARITY of it), so only sets sharing an indexed word are compared. Cheap
  while those buckets are small; but a word common to many names of one sector makes its bucket's pairs grow
  with the square of the province, so it is used only while its pairs number at most
  :data:`PAIRS_PER_NAME` per set;
- reductions: a similar pair loses little weight to reach its common words (each set at most a quarter of its
  own weight), so each set is indexed under its reductions (itself less any of its words weighing together at
  most a quarter of it) and similar pairs meet under their exact intersection; within one reduction every
  member similar through it is similar to the member that lost least, so each reduction costs its members. A
  set has a bounded number of reductions (it grows with the words of one name, not with the names); the few
  with more than :data:`REDUCTIONS` (very long names) are compared through the prefix index instead.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, islice

from ictarch.checks._lookup import live, sample
from ictarch.checks.duplication import SIMILARITY, name_tokens, province_words, shared_phrases
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import msg
from ictarch.models.province import Component, ComponentKind

PAIRS_PER_NAME = 64.0
"""Prefix filtering is used while the pairs its buckets hold number at most this many per word set (where the
two schemes cost about the same, measured on the provinces of ``benchmarks/national.py``)."""

REDUCTIONS = 4096
"""Reductions of one word set at most; a longer name is compared through the prefix index instead."""

_SLACK = 1e-7
"""Relative margin of the reduction bounds: within it a pair is decided by the exact similarity, as outside."""


@dataclass(frozen=True)
class SimilarGroup:
    """Ids whose names are linked by near-identity, sorted; the first, its most similar partner and why."""

    members: tuple[str, ...]
    first: str
    partner: str
    score: float
    shared: frozenset[str]


class _WordSets:
    """The distinct word sets of a province's names, their IDF weights and the groups linked so far."""

    def __init__(self, names: dict[str, frozenset[str]]) -> None:
        self.df = Counter(t for toks in names.values() for t in toks)
        n = len(names)
        self.weight = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in self.df.items()}
        self.by_key: dict[frozenset[str], list[str]] = defaultdict(list)
        for cid in sorted(names):
            self.by_key[names[cid]].append(cid)
        self.keys = sorted(self.by_key, key=lambda k: self.by_key[k][0])  # by their first id
        self.total = [sum(self.weight[t] for t in toks) for toks in self.keys]
        self.parent = list(range(len(self.keys)))
        self.weigh = self.weight.__getitem__

    def score(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Summed exactly (``fsum``): a plain sum depends on the order a set gives its words, which changes from
        one run to the next, and two partners equally similar must tie so that the smaller id is named."""
        return math.fsum(map(self.weigh, a & b)) / math.fsum(map(self.weigh, a | b))

    def similar(self, i: int, j: int) -> bool:
        """Whether the similarity is at least SIMILARITY, from the weights summed once per word set.

        It is at most the ratio of the two sets' weights (a test that needs no intersection), and is the
        shared weight over both weights less the shared one; only a value within rounding of the threshold
        is summed again over the union, as :meth:`score` does.
        """
        ti, tj = self.total[i], self.total[j]
        if min(ti, tj) < (SIMILARITY - 1e-9) * max(ti, tj):
            return False
        shared = sum(map(self.weigh, self.keys[i] & self.keys[j]))
        union = ti + tj - shared
        if abs(shared - SIMILARITY * union) > 1e-9 * union:
            return shared > SIMILARITY * union
        return self.score(self.keys[i], self.keys[j]) >= SIMILARITY

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """One group for both, named by its smallest set (which holds its smallest id)."""
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def link(self, i: int, j: int) -> None:
        """Join ``i`` and ``j`` if they are similar and not yet in one group."""
        if self.find(i) != self.find(j) and self.similar(i, j):
            self.join(i, j)


class _PrefixIndex:
    """Each set under its rarest words, just enough of them that the rest weigh less than SIMILARITY of it."""

    def __init__(self, sets: _WordSets) -> None:
        self.index: dict[str, list[int]] = defaultdict(list)
        self.probes: list[list[tuple[str, float]]] = []
        self.after: list[dict[str, float]] = []  # the weight of a set's words after an indexed word (probe order)
        df, weight = sets.df, sets.weight
        for i, toks in enumerate(sets.keys):
            total = sets.total[i]
            rest = total
            probe: list[tuple[str, float]] = []
            behind: dict[str, float] = {}
            for t in sorted(toks, key=lambda t: (df[t], t)):
                if rest < (SIMILARITY - 1e-9) * total:
                    break
                rest -= weight[t]
                if rest + weight[t] >= SIMILARITY * total:
                    self.index[t].append(i)
                    behind[t] = rest
                probe.append((t, rest))
            self.probes.append(probe)
            self.after.append(behind)

    def pairs(self) -> int:
        """How many pairs the buckets hold: the work of :meth:`link_all` at most."""
        return sum(len(b) * (len(b) - 1) // 2 for b in self.index.values())

    def candidates(self, sets: _WordSets, i: int) -> Iterator[int]:
        """Every other set that shares an indexed word with ``i``'s words: all those similar to it, and more."""
        seen = {i}
        for t in sets.keys[i]:
            for j in self.index.get(t, ()):
                if j not in seen:
                    seen.add(j)
                    yield j

    def link_all(self, sets: _WordSets) -> None:
        """Link every similar pair: each set with the later ones that share a word of its own prefix.

        A province of 2,000 names has some 37,000 candidates here and a few hundred similar pairs, so the
        tests of :meth:`_WordSets.similar` that settle most candidates are made inline, without a call; only a
        candidate they do not rule out is asked of it (and joined: a pair already in one group is joined again
        at no cost). The groups are those of :meth:`_WordSets.link` on every candidate.

        Before their shared words are summed, a pair is bounded by how many words it shares (one bit per word, a
        C operation): the shared weight is at most that many of either set's heaviest words. In the generated
        provinces this rules out 19 of every 20 candidates the positional test leaves.
        """
        weight, total, after, keys, index = sets.weight, sets.total, self.after, sets.keys, self.index
        weigh, similar, join = sets.weigh, sets.similar, sets.join
        low = SIMILARITY - 1e-9
        need = SIMILARITY / (1 + SIMILARITY) - 1e-9  # a similar pair shares at least this share of their weights
        bit = {t: 1 << k for k, t in enumerate(sorted(sets.df, key=lambda t: (-sets.df[t], t)))}
        bits = [sum(map(bit.__getitem__, toks)) for toks in keys]  # a set's words, one bit each
        heaviest_first = [[0.0, *accumulate(sorted(map(weigh, toks), reverse=True))] for toks in keys]
        for i in range(len(keys)):
            seen: set[int] = set()
            ti, words, bits_i, top_i = total[i], keys[i], bits[i], heaviest_first[i]
            lightest, heaviest = low * ti, ti / low  # similar()'s first test: the ratio of the two weights
            for t, rest_i in self.probes[i]:
                bucket = index.get(t, ())
                wt = weight[t]
                for j in islice(bucket, bisect_right(bucket, i), None):
                    if j in seen:
                        continue
                    seen.add(j)
                    tj = total[j]
                    if tj < lightest or tj > heaviest:
                        continue  # most candidates stop here
                    if wt + min(rest_i, after[j][t]) < need * (ti + tj):
                        continue  # t is the first word they share if they are similar: what follows cannot make them so
                    common = (bits_i & bits[j]).bit_count()
                    if min(top_i[common], heaviest_first[j][common]) < need * (ti + tj):
                        continue  # even their heaviest words, as many as they share, would not weigh enough
                    shared = sum(map(weigh, words & keys[j]))
                    if shared < (SIMILARITY - 1e-9) * (ti + tj - shared):
                        continue  # similar() would say no: short of the threshold by more than rounding
                    if similar(i, j):
                        join(i, j)


def reductions(
    words: list[tuple[float, int]], code: int, budget: float, cap: int
) -> list[tuple[float, int, int]] | None:
    """Every choice of ``words`` (weight, code; lightest first) weighing together at most ``budget``: the weight
    chosen, ``code`` less the codes chosen, and the positions chosen (bits); None when there are more than ``cap``."""
    out = [(0.0, code, 0)]
    for k, (w, c) in enumerate(words):
        room = budget - w
        if room < 0:
            break  # the words after it weigh as much or more
        bit = 1 << k
        out += [(lost + w, rest - c, chosen | bit) for lost, rest, chosen in out if lost <= room]
        if len(out) > cap:
            return None
    return out


def _link_by_reductions(sets: _WordSets, prefix: _PrefixIndex) -> None:
    """Link every similar pair through the reductions they share.

    Why reductions find every pair: with I the weight two sets share and a, b what each has besides, the
    similarity is I / (I + a + b), at least SIMILARITY = 3/4 exactly when a + b <= I / 3; then a <= (a + I) / 4,
    so the intersection is a reduction of both. Conversely two sets that keep S (weight s) after losing a and
    b with a + b <= s / 3 are similar (what else they share only raises it), and so is then the member of S
    that lost least with each of them. Pairs within ``_SLACK`` of the bound are decided by the exact test.

    A reduction is known first by the sum of its words' codes (random 61-bit numbers: a small int, cheap to
    hash); the few sums held by more than one set are then told apart by the words themselves.
    """
    total, keys = sets.total, sets.keys
    draw = random.Random(0)
    codes = {t: draw.getrandbits(61) for t in sorted(sets.df)}
    lose = (1 - SIMILARITY) + _SLACK  # a similar set loses at most this share of its weight
    order: list[list[str]] = []
    found: list[list[tuple[float, int, int]]] = []
    long: list[int] = []
    for i, toks in enumerate(keys):
        words = sorted(toks, key=lambda t: (sets.weight[t], t))
        some = reductions(
            [(sets.weight[t], codes[t]) for t in words], sum(map(codes.__getitem__, words)), lose * total[i], REDUCTIONS
        )
        if some is None:
            long.append(i)
        order.append(words)
        found.append(some or [])
    times = Counter(code for some in found for _, code, _ in some)  # most reductions belong to one set alone
    under: dict[frozenset[str], list[tuple[float, int]]] = defaultdict(list)
    for lost, i, chosen in [
        (lost, i, chosen) for i, some in enumerate(found) for lost, code, chosen in some if times[code] > 1
    ]:
        words = order[i]
        under[keys[i].difference([words[k] for k in range(len(words)) if chosen >> k & 1])].append((lost, i))
    ratio = (1 - SIMILARITY) / SIMILARITY  # a + b at most this share of the weight kept
    for members in under.values():
        if len(members) < 2:
            continue
        members.sort()
        least, first = members[0]
        bound = ratio * (total[first] - least)
        sure, most = bound * (1 - _SLACK), bound * (1 + _SLACK)
        losses = [a for a, _ in members]
        for k in range(1, bisect_right(losses, most - least)):
            if least + losses[k] < sure:
                sets.join(first, members[k][1])  # similar through these common words, whatever else
        for k, (a, i) in enumerate(members):  # pairs at the bound (exact ties), decided exactly
            if 2 * a > most:
                break
            for _, j in members[max(k + 1, bisect_left(losses, sure - a)) : bisect_right(losses, most - a)]:
                sets.link(i, j)
    for i in long:
        for j in prefix.candidates(sets, i):
            sets.link(i, j)


def similar_groups(names: dict[str, frozenset[str]], pairs_per_name: float = PAIRS_PER_NAME) -> Iterator[SimilarGroup]:
    """Groups of ids linked by pairs whose IDF-weighted Jaccard similarity is at least :data:`SIMILARITY`.

    Exactly the ids that have a similar other; groups come sorted by their first id. ``pairs_per_name``
    chooses the candidate scheme (both exact, so the groups are the same): prefix filtering while its buckets
    hold at most that many pairs per distinct word set, else reductions.
    """
    sets = _WordSets(names)
    prefix = _PrefixIndex(sets)
    if prefix.pairs() <= pairs_per_name * len(sets.keys):
        prefix.link_all(sets)
    else:
        _link_by_reductions(sets, prefix)
    keys, by_key = sets.keys, sets.by_key
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        clusters[sets.find(i)].append(i)
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
            (j for j in clusters[root] if j != root and sets.similar(root, j)),
            key=lambda j: (-sets.score(first, keys[j]), by_key[keys[j]][0]),
        )
        other = keys[best]
        yield SimilarGroup(tuple(members), own[0], by_key[other][0], sets.score(first, other), first & other)


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
