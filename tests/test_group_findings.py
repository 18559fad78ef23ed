"""The duplicate-investment checks report a group as one finding, and flag exactly what they flagged per member.

A generated national model gets many duplicates (near-identical applications across and within provinces,
several integration platforms and overlapping projects per province). The members each check's findings
cover (subject and related) are compared with the membership computed here independently, by brute
force: every pair of names, every pair of projects, every capability.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from ictarch.checks.duplication import SIMILARITY, name_tokens, province_words
from ictarch.findings import Finding, Report, Status
from ictarch.graph import build_graph
from ictarch.loading import Workspace, load_workspace
from ictarch.models.province import ComponentKind, Lifecycle
from ictarch.models.reference import CapabilityLevel, Provenance
from ictarch.runner import run_checks
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate

GROUP_CODES = ("ICT201", "ICT202", "ICT204", "ICT205", "ICT206", "ICT207")
SOUND = {Provenance.VERIFIED, Provenance.SECONDARY}
APPS = ["quản lý văn bản và điều hành", "một cửa điện tử", "quản lý đất đai", "giám sát giao thông", "du lịch"]
VARIANTS = ["Hệ thống {a}", "Phần mềm {a}", "Hệ thống {a} tỉnh", "{a} hệ thống", "Ứng dụng {a} của tỉnh"]


def _add_duplicates(root: Path, seed: int = 14) -> None:
    """Integration platforms with overlapping projects, national platforms and namesake applications."""
    rnd = random.Random(seed)
    for prov in sorted(p for p in root.iterdir() if p.is_dir()):
        code = prov.name
        comps, projects = ["ictarch: 1", "components:"], ["projects:"]
        for i in range(40):
            cid = f"{code}.x{i:03d}"
            if i < 6:
                name, kind, realizes = f"Trục tích hợp ngành {i}", "platform", "[ictrf.L3.svc_integration]"
                for j in range(2):
                    start = rnd.randint(2021, 2027)
                    projects.append(
                        f"  - {{id: {cid}.p{j}, name: {{vi: Dự án {i}}}, budget_vnd: {rnd.randint(1, 9)}000000000, "
                        f"start_year: {start}, end_year: {start + rnd.randint(0, 2)}, delivers: [{cid}]}}"
                    )
            elif i < 8:
                name, kind, realizes = f"Nền tảng chia sẻ {i}", "platform", "[ndaf.nat.data_sharing_platform]"
            else:
                name = rnd.choice(VARIANTS).format(a=rnd.choice(APPS)).capitalize()
                kind, realizes = "application", "[ictrf.L2]"
            comps.append(
                f"  - {{id: {cid}, name: {{vi: {json.dumps(name, ensure_ascii=False)}}}, kind: {kind}, "
                f"realizes: {realizes}, status: planned, security_level: 3}}"
            )
        (prov / "extra.yaml").write_text("\n".join(comps + projects) + "\n", encoding="utf-8")
        main = prov / "province.yaml"
        main.write_text(main.read_text(encoding="utf-8").replace("projects.yaml]", "projects.yaml, extra.yaml]"))


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Report]:
    out = tmp_path_factory.mktemp("national") / "model"
    generate(out, provinces=4, components=120, seed=11, clean=False, dangling=False)
    _add_duplicates(out)
    ws = load_workspace([out])
    return ws, run_checks(ws, build_graph(ws))


def _flagged(report: Report, code: str) -> set[tuple[str, str]]:
    found = [f for f in report.findings if f.code == code and f.status is Status.FAILED]
    return {(f.province or "", m) for f in found for m in (f.subject, *f.related)}


def _live(ws: Workspace):  # type: ignore[no-untyped-def]
    for loaded in ws.provinces:
        for c in loaded.architecture.components:
            if c.status is not Lifecycle.RETIRED:
                yield loaded, c


def _capabilities(ws: Workspace, refs: list[str], single_only: bool) -> set[str]:
    cat = ws.catalogue
    items = [cat.components.get(r) or cat.layers.get(r) for r in refs]
    return {i.capability for i in items if i is not None and i.capability and (i.single_instance or not single_only)}


def _expected_capability_groups(ws: Workspace) -> dict[str, set[tuple[str, str]]]:
    """ICT201/206/207 members, and ICT202's: every project that overlaps another on the same capability."""
    cat = ws.catalogue
    national = {c.id for c in cat.capabilities.values() if c.provided_at is CapabilityLevel.NATIONAL}
    items = [*cat.components.values(), *cat.layers.values()]
    sound = {i.capability for i in items if i.single_instance and i.capability and i.provenance in SOUND}
    groups: dict[tuple[str, str], list] = defaultdict(list)  # type: ignore[type-arg]
    for loaded, c in _live(ws):
        for cap in _capabilities(ws, [*c.realizes, *c.egov_links], single_only=True) - national:
            groups[(loaded.code, cap)].append(c)
    expected: dict[str, set[tuple[str, str]]] = defaultdict(set)
    projects = {(loaded.code, p.id): p for loaded in ws.provinces for p in loaded.architecture.projects}
    for (province, cap), members in groups.items():
        origins = {m.origin for m in members}
        merged = None not in origins and len(origins) >= 2
        if len(members) >= 2:
            code = "ICT206" if merged else "ICT201" if cap in sound else "ICT207"
            expected[code] |= {(province, m.id) for m in members}
        if merged or cap not in sound:
            continue
        ids = {m.id for m in members}
        funded = [p for (prov, _), p in projects.items() if prov == province and set(p.delivers) & ids]
        dated = [p for p in funded if p.start_year is not None and p.end_year is not None]
        for p, q in itertools.combinations(dated, 2):
            if p.start_year <= q.end_year and q.start_year <= p.end_year:  # type: ignore[operator]
                expected["ICT202"] |= {(province, p.id), (province, q.id)}
    return expected


def _expected_cross_province(ws: Workspace) -> set[tuple[str, str]]:
    cat = ws.catalogue
    national = {c.id for c in cat.capabilities.values() if c.provided_at is CapabilityLevel.NATIONAL}
    groups: dict[object, list[tuple[str, str]]] = defaultdict(list)
    for loaded, c in _live(ws):
        for cap in _capabilities(ws, [*c.realizes, *c.egov_links], single_only=False) & national:
            groups[cap].append((loaded.code, c.id))
        if c.kind is ComponentKind.APPLICATION:
            key = name_tokens(c.name.vi, province_words(loaded))
            if len(key) >= 2:
                groups[key].append((loaded.code, c.id))
    return {m for members in groups.values() if len({p for p, _ in members}) >= 2 for m in members}


def _expected_similar_names(ws: Workspace) -> set[tuple[str, str]]:
    """Every pair of names in a province compared: the IDF-weighted Jaccard similarity, by brute force."""
    expected: set[tuple[str, str]] = set()
    for loaded in ws.provinces:
        own = province_words(loaded)
        names = {
            c.id: toks
            for c in loaded.architecture.components
            if c.status is not Lifecycle.RETIRED and c.kind is not ComponentKind.STAKEHOLDER
            if (toks := name_tokens(c.name.vi, own))
        }
        df = Counter(t for toks in names.values() for t in toks)
        weight = {t: math.log((len(names) + 1) / (d + 1)) + 1.0 for t, d in df.items()}
        for (a, ta), (b, tb) in itertools.combinations(names.items(), 2):
            if sum(weight[t] for t in ta & tb) / sum(weight[t] for t in ta | tb) >= SIMILARITY:
                expected |= {(loaded.code, a), (loaded.code, b)}
    return expected


def test_group_checks_flag_exactly_the_members_computed_by_brute_force(national: tuple[Workspace, Report]) -> None:
    ws, report = national
    expected = _expected_capability_groups(ws)
    expected["ICT204"] = _expected_cross_province(ws)
    expected["ICT205"] = _expected_similar_names(ws)
    for code in GROUP_CODES:
        assert _flagged(report, code) == expected[code], code
    for code in ("ICT201", "ICT202", "ICT204", "ICT205"):
        assert len(expected[code]) >= 8, f"{code}: the generated model should exercise the check"


def _group_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.code in GROUP_CODES]


def test_a_group_is_one_finding_on_its_first_member_with_a_bounded_message(national: tuple[Workspace, Report]) -> None:
    _, report = national
    found = _group_findings(report)
    members = Counter((f.code, f.province, m) for f in found for m in (f.subject, *f.related))
    assert max(members.values()) == 1, "each member is in one finding of a check"
    largest = max(found, key=lambda f: len(f.related))
    assert len(largest.related) >= 10, "the model has groups much larger than the sample of three"
    for f in found:
        assert f.subject < min(f.related, default="~"), f"{f.code}: the subject is the group's first member"
        assert len(f.text("en")) < 1200, f"{f.code}: the message does not grow with the group"
        assert all(r.split(".")[0] == f.province for r in f.related), f"{f.code}: related are of its province"
    assert any("other components" in f.text("en") for f in found if f.code == "ICT204")
    assert any("thành phần khác" in f.text("vi") for f in found if f.code == "ICT204")
