"""ICT205's grouping of similar names: the same groups, partners and scores as comparing every pair, whichever
candidate scheme does the work; and the same partner whatever order Python's sets give the words in."""

from __future__ import annotations

import itertools
import math
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ictarch.checks import duplication_names
from ictarch.checks._lookup import live
from ictarch.checks.duplication import SIMILARITY, name_tokens, province_words
from ictarch.checks.duplication_names import SimilarGroup, similar_groups
from ictarch.loading import load_workspace
from ictarch.models.province import ComponentKind
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from national import generate as generate_national

PROGRAM = """
from ictarch.checks.duplication_names import similar_groups
shared = ["mang", "truyen", "dan", "du", "lich", "so", "he", "thong", "tinh", "quan", "ly", "chung"]
names = {f"p.sys-{i:05d}": frozenset([*shared, str(i)]) for i in (24, 31, 59, 66, 70, 81)}
names.update({f"p.other-{i}": frozenset([f"w{i}", f"v{i}", "so"]) for i in range(40)})
for pairs in (1e9, -1.0):
    print([(g.first, g.partner, repr(g.score)) for g in similar_groups(names, pairs_per_name=pairs)])
"""

SCHEMES = {"prefix filtering": math.inf, "reductions": -1.0, "chosen": duplication_names.PAIRS_PER_NAME}


def test_equally_similar_partners_tie_and_the_smaller_id_is_named() -> None:
    seen = set()
    for seed in range(6):  # the string hash seed decides the order of each set's words
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True, cwd=ROOT, env=env
        )
        seen.add(done.stdout)
    assert len(seen) == 1, seen
    prefix, reductions = seen.pop().splitlines()
    assert prefix == reductions
    assert "('p.sys-00024', 'p.sys-00031'" in prefix


def brute_force_groups(names: dict[str, frozenset[str]]) -> list[SimilarGroup]:
    """The reference: every pair compared (similarity summed exactly), groups as connected components."""
    df = Counter(t for toks in names.values() for t in toks)
    weight = {t: math.log((len(names) + 1) / (d + 1)) + 1.0 for t, d in df.items()}

    def score(a: frozenset[str], b: frozenset[str]) -> float:
        return math.fsum(weight[t] for t in a & b) / math.fsum(weight[t] for t in a | b)

    ids = sorted(names)
    parent = {cid: cid for cid in ids}

    def find(cid: str) -> str:
        while parent[cid] != cid:
            cid = parent[cid]
        return cid

    for a, b in itertools.combinations(ids, 2):
        if score(names[a], names[b]) >= SIMILARITY:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[str, list[str]] = {}
    for cid in ids:
        components.setdefault(find(cid), []).append(cid)
    groups = []
    for first, members in sorted(components.items()):
        if len(members) < 2:
            continue
        partner = min(
            (c for c in members if c != first and score(names[first], names[c]) >= SIMILARITY),
            key=lambda c: (-score(names[first], names[c]), c),
        )
        best = score(names[first], names[partner])
        groups.append(SimilarGroup(tuple(members), first, partner, best, names[first] & names[partner]))
    return groups


def _province_names(model: Path) -> list[dict[str, frozenset[str]]]:
    """The names ICT205 compares, per province of the model."""
    out = []
    for loaded in load_workspace([model]).provinces:
        own = province_words(loaded)
        comps = [c for c in live(loaded) if c.kind is not ComponentKind.STAKEHOLDER]
        out.append({c.id: toks for c in comps if (toks := name_tokens(c.name.vi, own))})
    return out


def _assert_same_as_brute_force(names: dict[str, frozenset[str]]) -> list[SimilarGroup]:
    expected = brute_force_groups(names)
    for scheme, pairs in SCHEMES.items():
        assert list(similar_groups(names, pairs_per_name=pairs)) == expected, scheme
    return expected


def test_generated_national_provinces_group_as_every_pair_compared(tmp_path: Path) -> None:
    generate_national(tmp_path / "national", 3, 400, 20260701)
    groups = [g for names in _province_names(tmp_path / "national") for g in _assert_same_as_brute_force(names)]
    assert len(groups) >= 10, "the generated model should hold similar names"
    assert any(len(g.members) > 2 for g in groups)
    assert any(g.score < 1.0 for g in groups), "near-identical, not only identical, word sets"


def test_shipped_province_models_group_as_every_pair_compared() -> None:
    provinces = _province_names(ROOT / "province_models")
    assert len(provinces) >= 8
    for names in provinces:
        _assert_same_as_brute_force(names)


@pytest.mark.parametrize("seed", range(12))
def test_random_names_with_exact_ties_group_as_every_pair_compared(seed: int) -> None:
    """Few words of equal frequency: many similarities fall exactly on the threshold (3 of 4 equal weights)."""
    rng = random.Random(seed)
    words = [f"w{k}" for k in range(rng.randint(6, 14))]
    names = {
        f"p.c-{i:03d}": frozenset(rng.sample(words, rng.randint(1, min(7, len(words)))))
        for i in range(rng.randint(20, 90))
    }
    groups = _assert_same_as_brute_force(names)
    assert sum(len(g.members) for g in groups) > 0


def test_long_names_beyond_the_reduction_cap_are_still_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name with more reductions than the cap is compared through the prefix index: same groups."""
    rng = random.Random(7)
    words = [f"w{k}" for k in range(30)]
    names = {f"p.c-{i:03d}": frozenset(rng.sample(words, rng.randint(3, 16))) for i in range(120)}
    base = frozenset(words[:12])
    names.update({"p.long-a": base, "p.long-b": base | {"x"}, "p.long-c": base - {"w0"}})
    expected = brute_force_groups(names)
    monkeypatch.setattr(duplication_names, "REDUCTIONS", 8)
    assert list(similar_groups(names, pairs_per_name=-1.0)) == expected
    assert any({"p.long-a", "p.long-b"} <= set(g.members) for g in expected)


@pytest.mark.parametrize("padding", range(6))
@pytest.mark.parametrize("words", range(5, 9))
def test_similarities_exactly_at_the_threshold_are_decided_as_every_pair_compared(words: int, padding: int) -> None:
    """Every 3- and 4-word subset of a few words: each word equally frequent, so a subset and its superset are
    exactly 3/4 similar, and whether rounding puts them at or below the threshold decides the one group."""
    vocabulary = [f"w{k}" for k in range(words)]
    names = {
        f"p.{'-'.join(combo)}": frozenset(combo)
        for size in (3, 4)
        for combo in itertools.combinations(vocabulary, size)
    }
    names.update({f"p.u{i}": frozenset({f"u{i}", f"v{i}"}) for i in range(padding)})  # other weights
    _assert_same_as_brute_force(names)
