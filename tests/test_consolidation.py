"""Consolidation groups: the clusters of near-identical names found by prefix filtering are those of every pair
compared."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ictarch.analysis.consolidation import NAME_SIMILARITY, _similar_clusters
from ictarch.checks.duplication import name_tokens

WORDS = ["cổng", "dịch", "vụ", "công", "y", "tế", "giáo", "dục", "quản", "lý", "hồ", "sơ", "dữ", "liệu", "của", "và"]


def _every_pair(members: list[Any], ignore: set[str]) -> list[list[Any]]:
    """The clusters as found by comparing every pair of members (the scheme prefix filtering replaced)."""
    tokens = {m.id: name_tokens(m.name.vi, ignore) for m in members}
    parent = {m.id: m.id for m in members}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    ordered = sorted(members, key=lambda m: m.id)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            ta, tb = tokens[a.id], tokens[b.id]
            if a.origin != b.origin and ta and tb and len(ta & tb) / len(ta | tb) >= NAME_SIMILARITY:
                ra, rb = root(a.id), root(b.id)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[str, list[Any]] = defaultdict(list)
    for m in ordered:
        clusters[root(m.id)].append(m)
    return [c for _, c in sorted(clusters.items()) if len({m.origin for m in c}) > 1]


@settings(max_examples=400, deadline=None)
@given(
    names=st.lists(
        st.tuples(st.lists(st.sampled_from(WORDS), max_size=6), st.sampled_from(["p01", "p02", "p03"])),
        max_size=30,
    ),
    ignore=st.sets(st.sampled_from(["tế", "hồ", "sơ"]), max_size=2),
)
def test_clusters_found_by_prefix_filtering_are_those_of_every_pair(
    names: list[tuple[list[str], str]], ignore: set[str]
) -> None:
    """Repeated names, names of one former province only, empty names and stop words included."""
    members = [
        SimpleNamespace(id=f"c{i:02d}", origin=origin, name=SimpleNamespace(vi=" ".join(words)))
        for i, (words, origin) in enumerate(names)
    ]
    assert _similar_clusters(members, ignore) == _every_pair(members, ignore)  # type: ignore[arg-type]


def test_a_large_bucket_of_repeated_names_is_clustered_as_every_pair_clusters_it() -> None:
    members = [
        SimpleNamespace(
            id=f"c{i:04d}", origin=f"p0{i // 8 % 2}", name=SimpleNamespace(vi=f"{WORDS[i % 8]} {WORDS[8 + i % 8]}")
        )
        for i in range(600)
    ]
    found = _similar_clusters(members, set())  # type: ignore[arg-type]
    assert found == _every_pair(members, set())
    assert len(found) == 8 and sum(map(len, found)) == 600, "eight names, each from both former provinces"
