"""CPU time of ICT205's grouping of similar names (``similar_groups``) in one province of n names, against
prefix filtering alone (the former scheme) measured in the same run; run by hand, never a timed test.

    python3 benchmarks/bench_similar_names.py                      # provinces of 500, 1,000, 2,000 components
    python3 benchmarks/bench_similar_names.py --sizes 500,1000,2000,10000 --repeat 5

One province (``p01`` of ``benchmarks/national.py``, its default seed) per size is generated and loaded, and the
names ICT205 compares are taken as the check takes them. Each scheme then groups the same names ``--repeat``
times, alternating, and the least CPU time of this process is kept. The baseline ("before") is prefix
filtering forced at every size, the candidate scheme ICT205 used alone before (candidates are the sets that
share one of the rare words it indexes; those buckets grow with the province), so every figure is a ratio
measured in the same minutes. "now" is ``similar_groups`` as the check runs it (prefix filtering while its
buckets are small, else reductions); "reductions alone" forces the reductions scheme at every size. The
growth exponent between two sizes is log(t2 / t1) / log(n2 / n1): 1 is linear. All must give the same groups,
or the script stops.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from national import name_pool, province  # noqa: E402

from ictarch.checks._lookup import live  # noqa: E402
from ictarch.checks.duplication import name_tokens, province_words  # noqa: E402
from ictarch.checks.duplication_names import SimilarGroup, similar_groups  # noqa: E402
from ictarch.loading import load_workspace  # noqa: E402
from ictarch.models.province import ComponentKind  # noqa: E402

SEED = 20260701


def province_names(components: int, work: Path) -> dict[str, frozenset[str]]:
    """The names ICT205 compares in province p01 of the national model of ``components`` per province."""
    rng = random.Random(SEED)
    pool = name_pool(random.Random(SEED + 1), max(50, int(components * 0.75)))
    folder = work / f"n{components}" / "p01"
    folder.mkdir(parents=True)
    for name, text in province(1, components, pool, random.Random(rng.randrange(2**32))).items():
        (folder / name).write_text(text, encoding="utf-8")
    (loaded,) = load_workspace([folder]).provinces
    own = province_words(loaded)
    comps = [c for c in live(loaded) if c.kind is not ComponentKind.STAKEHOLDER]
    return {c.id: toks for c in comps if (toks := name_tokens(c.name.vi, own))}


def least_cpu(
    schemes: dict[str, Callable[[dict[str, frozenset[str]]], Iterator[SimilarGroup]]],
    names: dict[str, frozenset[str]],
    repeat: int,
) -> dict[str, float]:
    """The least CPU seconds of each scheme over ``repeat`` alternating runs (the groups of all runs must agree)."""
    best = dict.fromkeys(schemes, math.inf)
    seen: set[tuple[SimilarGroup, ...]] = set()
    for _ in range(repeat):
        for label, scheme in schemes.items():
            start = time.process_time()
            groups = tuple(scheme(names))
            best[label] = min(best[label], time.process_time() - start)
            seen.add(groups)
    if len(seen) != 1:
        sys.exit("the schemes give different groups")
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="500,1000,2000", help="components per province, comma-separated")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    schemes: dict[str, Callable[[dict[str, frozenset[str]]], Iterator[SimilarGroup]]] = {
        "before": lambda names: similar_groups(names, pairs_per_name=math.inf),
        "now": similar_groups,
        "reductions alone": lambda names: similar_groups(names, pairs_per_name=-1.0),
    }
    rows: list[tuple[int, int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            names = province_names(size, Path(tmp))
            rows.append((size, len(names), least_cpu(schemes, names, args.repeat)))
    print("CPU seconds of similar_groups, least of", args.repeat, "runs; ratios to 'before' of the same run")
    print("| components | names | before (s) | now (s) | now / before | reductions alone / before |")
    print("|---|---|---|---|---|---|")
    for size, count, cpu in rows:
        before, now, alone = cpu.values()
        print(f"| {size:,} | {count:,} | {before:.4f} | {now:.4f} | {now / before:.2f} | {alone / before:.2f} |")
    for (_, n1, c1), (_, n2, c2) in pairwise(rows):
        growth = {label: math.log(c2[label] / c1[label]) / math.log(n2 / n1) for label in schemes}
        print(f"growth exponent {n1:,} -> {n2:,} names: " + ", ".join(f"{k} {v:.2f}" for k, v in growth.items()))


if __name__ == "__main__":
    main()
