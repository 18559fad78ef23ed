"""ICT2xx: duplicate investment (đầu tư trùng lặp) — within a province, against national systems, across provinces.

Every check groups candidates by a key (a capability, a name key, a rare word) and compares only
within groups: the cost grows with the model, never with the number of pairs.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ictarch.checks._lookup import live, node, plural, vnd
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.graph import ArchGraph
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.common import Provenance
from ictarch.models.province import Component, ComponentKind, Investment
from ictarch.models.reference import CapabilityLevel, Layer, ReferenceComponent

SOUND = frozenset({Provenance.VERIFIED, Provenance.SECONDARY})
"""Provenance a reference item needs before a gating check may rest on it."""

SIMILARITY = 0.75
"""Weighted Jaccard similarity of two names (IDF-weighted words) at or above which they are near-identical."""

STOPWORDS = frozenset({"va", "cua", "cac", "cho", "tai", "tren", "voi", "trong", "tinh", "o", "la"})
"""Folded Vietnamese words that carry no meaning in a system's name (và, của, các, cho, tại, tỉnh ...)."""

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]+")
_MARKS = re.compile("[\u0300-\u036f]")
"""Combining diacritical marks: every Vietnamese tone and vowel mark after NFD."""


def fold(text: str) -> str:
    """Vietnamese diacritics folded away: NFD, combining marks stripped, đ→d, lower case.

    Other characters are kept, so that word boundaries stay where they were.
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return _MARKS.sub("", decomposed)


def words(text: str) -> list[tuple[str, str]]:
    """The words of a name as (as written, lower case; folded) pairs, in order."""
    out = []
    for w in _WORD.findall(unicodedata.normalize("NFC", text.lower())):
        f = fold(w)
        if f:
            out.append((w, f))
    return out


def name_tokens(text: str, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The folded words of a name that carry meaning: without stop words and ``ignore`` (the province's name)."""
    skip = STOPWORDS | set(ignore)
    return frozenset(f for f in _WORD.findall(fold(text)) if f not in skip)


def shared_phrases(text: str, shared: Iterable[str]) -> str:
    """The shared words as written in ``text``, adjacent ones joined into phrases: 'nền tảng, iot'.

    Punctuation ends a phrase, as a word that is not shared does.
    """
    keep = set(shared)
    phrases: list[list[str]] = []
    run: list[str] = []
    for m in _TOKEN.finditer(unicodedata.normalize("NFC", text.lower())):
        token = m.group(0)
        if fold(token) in keep:
            run.append(token)
        elif run:
            phrases.append(run)
            run = []
    if run:
        phrases.append(run)
    seen: list[str] = []
    for p in phrases:
        phrase = " ".join(p)
        if phrase not in seen:
            seen.append(phrase)
    return ", ".join(seen)


# --------------------------------------------------------------------------- shared helpers


def _capability_groups(ctx: CheckContext, loaded: LoadedArchitecture) -> dict[str, list[Component]]:
    """Live components by single-instance, province-level capability."""
    national = _national_capabilities(ctx.workspace)
    groups: dict[str, list[Component]] = defaultdict(list)
    for comp in live(loaded):
        for cap in sorted(ctx.index.facts[node(loaded, comp.id)].single_instance - national):
            groups[cap].append(comp)
    return groups


def _sound_single_instance(ws: Workspace) -> set[str]:
    """Capabilities that a verified or secondary reference item says a province runs once."""
    cat = ws.catalogue
    items: list[ReferenceComponent | Layer] = [*cat.components.values(), *cat.layers.values()]
    return {i.capability for i in items if i.single_instance and i.capability and i.provenance in SOUND}


def inherited(members: Iterable[Component]) -> bool:
    """Whether a group is made of systems inherited from two or more former provinces (the 2025 merger)."""
    comps = list(members)
    origins = {c.origin for c in comps}
    return bool(comps) and None not in origins and len(origins) >= 2


def _national_capabilities(ws: Workspace, sound_only: bool = False) -> set[str]:
    return {
        c.id
        for c in ws.catalogue.capabilities.values()
        if c.provided_at is CapabilityLevel.NATIONAL and (not sound_only or c.provenance in SOUND)
    }


def _duplicates(
    ctx: CheckContext, loaded: LoadedArchitecture, *, sound: bool | None, merged: bool
) -> Iterator[tuple[str, list[Component]]]:
    """Groups of two or more components per capability, selected by the basis and by inheritance.

    ``sound``: True keeps capabilities whose single-instance basis is verified or secondary, False the
    others, None both. ``merged``: True keeps only groups inherited from two or more former provinces,
    False only the others.
    """
    basis = _sound_single_instance(ctx.workspace)
    for cap, group in sorted(_capability_groups(ctx, loaded).items()):
        if len(group) < 2 or inherited(group) is not merged:
            continue
        if sound is not None and (cap in basis) is not sound:
            continue
        yield cap, sorted(group, key=lambda c: c.id)


def _group_findings(
    ctx: CheckContext, loaded: LoadedArchitecture, cap: str, members: list[Component], advice: str
) -> Iterator[FindingDraft]:
    projects = [p for c in members for p in _projects(ctx.graph, loaded, c)]
    listed = "; ".join(
        f"{c.id} ({', '.join(p.id for p in _projects(ctx.graph, loaded, c)) or 'no project'})" for c in members
    )
    for comp in members:
        yield FindingDraft(
            subject=comp.id,
            province=loaded.code,
            related=tuple(m.id for m in members if m.id != comp.id),
            at=("realizes",),
            message=(
                f"{comp.id} is one of {len(members)} components providing the single-instance capability "
                f"{_capability_name(ctx.workspace, cap)}: {listed}; total budget {_budget(projects)}: {advice}"
            ),
        )


def _projects(graph: ArchGraph, loaded: LoadedArchitecture, comp: Component) -> list[Investment]:
    return [graph.entity(p) for p in graph.deliverers(node(loaded, comp.id))]


def _capability_name(ws: Workspace, cap: str) -> str:
    found = ws.catalogue.capabilities.get(cap)
    return f"{cap} '{found.name.vi}'" if found else cap


def _budget(projects: Iterable[Investment]) -> str:
    unique = {p.id: p for p in projects}.values()
    known = [p.budget_vnd for p in unique if p.budget_vnd is not None]
    unknown = sum(1 for p in unique if p.budget_vnd is None)
    text = vnd(sum(known)) if known else "no budget stated"
    return text + (f" (+ {plural(unknown, 'project')} without a budget)" if unknown and known else "")


def _years(p: Investment) -> str:
    return f"{p.start_year}–{p.end_year}"


# --------------------------------------------------------------------------- ICT201


@check(
    code="ICT201",
    name="duplication.capability.same_province",
    severity=Severity.HIGH,
    groups=("core", "duplication"),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
)
def same_capability_same_province(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two or more components of one province provide a capability the province should run once.

    Rationale:
        The e-government architecture framework 2.0 (2323/QĐ-BTTTT) set as an objective a synchronised
        roadmap that limits duplication ("hạn chế trùng lắp"); the framework passed to 2568/QĐ-BTTTT and
        is now the digital-government framework 4.0 (292/QĐ-BKHCN), which keeps its reference models. The
        Ministry's first principle for smart cities (02/10/2019) is to avoid scattered investment: "hết
        sức tránh đầu tư dàn trải". A second integration platform or data centre in one province is the
        duplicate investment (đầu tư trùng lặp) these texts aim to stop. The check is gating only where a
        verified or secondary reference item says the capability is run once per province; capabilities
        whose single-instance basis is unverified are reported by ICT207, and systems inherited from two
        former provinces by ICT206 (consolidation, not a new decision).

    Anti-pattern:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
          - id: my.health-esb
            name: {vi: Trục tích hợp dữ liệu ngành y tế}
            kind: platform
            realizes: [ictrf.L3.data_integration]
            status: planned

    Best practice:
        components:
          - id: my.lgsp
            name: {vi: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh"}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
        relationships:
          - {from: my.hospital-his, to: my.lgsp, type: integrates_via}

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu: "hạn chế trùng lắp" (secondary), carried by its current
        successor 292/QĐ-BKHCN (Khung kiến trúc Chính phủ số 4.0); the Ministry's principles of 02/10/2019.
    """
    for loaded in ctx.workspace.provinces:
        for cap, members in _duplicates(ctx, loaded, sound=True, merged=False):
            yield from _group_findings(
                ctx, loaded, cap, members, "keep one shared instance and have the others reuse it"
            )


@check(
    code="ICT206",
    name="duplication.capability.inherited",
    severity=Severity.LOW,
    groups=("duplication", "merge"),
    reference=("vn.202-2025-QH15", "Điều 1"),
)
def inherited_duplicates(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Systems inherited from two former provinces provide a capability the merged province should run once.

    Rationale:
        Nghị quyết 202/2025/QH15 merged provinces ("sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của
        tỉnh Kon Tum và tỉnh Quảng Ngãi thành tỉnh mới ..."); from 01/07/2025 each new province holds the
        systems of its former provinces. Two integration platforms inherited that way are not a new
        decision to invest twice: they are consolidation work for the merged province's roadmap (choose one,
        migrate the other's connections, retire it). The finding says so instead of reporting duplicate
        investment.

    Anti-pattern:
        components:
          - id: new.lgsp-a
            name: {vi: LGSP tỉnh A}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
            origin: a
          - id: new.lgsp-b
            name: {vi: LGSP tỉnh B}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
            origin: b

    Best practice:
        components:
          - id: new.lgsp-a
            name: {vi: LGSP tỉnh A}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: existing
            origin: a
          - id: new.lgsp-b
            name: {vi: LGSP tỉnh B}
            kind: platform
            realizes: [ictrf.L3.svc_integration]
            status: retired
            origin: b

    Reference:
        Nghị quyết 202/2025/QH15, Điều 1 (the arrangement); in force 12/06/2025, new governments from 01/07/2025.
    """
    for loaded in ctx.workspace.provinces:
        for cap, members in _duplicates(ctx, loaded, sound=None, merged=True):
            origins = ", ".join(sorted({m.origin or "" for m in members}))
            yield from _group_findings(
                ctx,
                loaded,
                cap,
                members,
                f"inherited from the former provinces {origins} through the 2025 merger, so this is consolidation "
                f"work, not new duplicate investment: plan which instance to keep and migrate the others",
            )


@check(
    code="ICT207",
    name="duplication.capability.unverified_basis",
    severity=Severity.MEDIUM,
    groups=("duplication",),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
)
def same_capability_unverified(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two or more components provide a capability that only an unverified reference item marks single-instance.

    Rationale:
        As ICT201 ("hạn chế trùng lắp", 2323/QĐ-BTTTT, now 292/QĐ-BKHCN; "hết sức tránh đầu tư dàn trải",
        the Ministry's principles of 02/10/2019), but the item that says the capability is run once per
        province (an IoT, GIS or open-data platform: toolkit extensions of 829/QĐ-BTTTT) is not verified in
        a source. The finding is a question for the reviewer, not a gating result, and says so.

    Anti-pattern:
        components:
          - id: my.iot
            name: {vi: Nền tảng IoT dùng chung}
            kind: platform
            realizes: [ictrf.L3.iot_platform]
            status: existing
          - id: my.traffic-iot
            name: {vi: Nền tảng IoT giao thông}
            kind: platform
            realizes: [ictrf.L3.iot_platform]
            status: planned

    Best practice:
        components:
          - id: my.iot
            name: {vi: Nền tảng IoT dùng chung}
            kind: platform
            realizes: [ictrf.L3.iot_platform]
            status: existing
        relationships:
          - {from: my.traffic-cameras, to: my.iot, type: data_flow}

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu (secondary), current successor 292/QĐ-BKHCN; the single-instance
        item's own record (unverified).
    """
    for loaded in ctx.workspace.provinces:
        for cap, members in _duplicates(ctx, loaded, sound=False, merged=False):
            yield from _group_findings(
                ctx,
                loaded,
                cap,
                members,
                "the basis that a province runs it once is unverified; if it is, keep one shared instance and have "
                "the others reuse it",
            )


# --------------------------------------------------------------------------- ICT202


@check(
    code="ICT202",
    name="duplication.investment.overlap",
    severity=Severity.MEDIUM,
    groups=("core", "duplication", "roadmap"),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
)
def investment_overlap(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Two or more projects fund the same single-instance capability in overlapping years.

    Rationale:
        2323/QĐ-BTTTT asks for a synchronised investment roadmap that limits duplication ("hạn chế
        trùng lắp"; now carried by 292/QĐ-BKHCN) and 829/QĐ-BTTTT §I.3 c) asks to reuse and optimise
        existing ICT infrastructure. Two projects running at the same time that each build the same shared
        capability pay for it twice; one should deliver it and the other reuse it. Projects inherited from
        two former provinces through the 2025 merger are not a new investment decision and are left to
        ICT206; capabilities whose single-instance basis is unverified are left to ICT207.

    Anti-pattern:
        projects:
          - {id: my.p.ioc, name: {vi: IOC}, start_year: 2024, end_year: 2025, delivers: [my.iot-platform]}
          - {id: my.p.traffic, name: {vi: Giao thông}, start_year: 2025, end_year: 2026, delivers: [my.transport-iot]}

    Best practice:
        projects:
          - {id: my.p.ioc, name: {vi: IOC}, start_year: 2024, end_year: 2025, delivers: [my.iot-platform]}
          - {id: my.p.traffic, name: {vi: Giao thông}, start_year: 2025, end_year: 2026, delivers: [my.traffic-cameras]}

    Reference:
        2323/QĐ-BTTTT (31/12/2019), Mục tiêu: "hạn chế trùng lắp" (secondary), current successor
        292/QĐ-BKHCN; 829/QĐ-BTTTT §I.3 c).
    """
    for loaded in ctx.workspace.provinces:
        basis = _sound_single_instance(ctx.workspace)
        for cap, members in sorted(_capability_groups(ctx, loaded).items()):
            if inherited(members) or cap not in basis:
                continue
            funded = {p.id: p for c in members for p in _projects(ctx.graph, loaded, c)}
            dated = sorted(
                (p for p in funded.values() if p.start_year is not None and p.end_year is not None),
                key=lambda p: (p.start_year or 0, p.id),
            )
            overlaps: dict[str, list[Investment]] = defaultdict(list)
            for i, p in enumerate(dated):  # sweep by start year: stop at the first that starts after p ends
                for q in dated[i + 1 :]:
                    if (q.start_year or 0) > (p.end_year or 0):
                        break
                    overlaps[p.id].append(q)
                    overlaps[q.id].append(p)
            for pid in sorted(overlaps):
                p = funded[pid]
                others = sorted(overlaps[pid], key=lambda q: q.id)
                listed = ", ".join(f"{q.id} ({_years(q)}, {vnd(q.budget_vnd)})" for q in others)
                yield FindingDraft(
                    subject=pid,
                    province=loaded.code,
                    related=tuple(q.id for q in others),
                    at=("delivers",),
                    message=(
                        f"project {pid} ({_years(p)}, {vnd(p.budget_vnd)}) funds capability "
                        f"{_capability_name(ctx.workspace, cap)} in the same years as {listed}: let one project "
                        f"deliver the shared capability and the others reuse it"
                    ),
                )


# --------------------------------------------------------------------------- ICT203


@check(
    code="ICT203",
    name="duplication.national.rebuilt",
    severity=Severity.HIGH,
    groups=("core", "duplication"),
    reference=("vn.3090-QD-BKHCN.2025", "Lớp 1-4 (nền tảng dùng chung quốc gia)"),
)
def national_rebuilt(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A province component rebuilds a system provided at national level.

    Rationale:
        The national digital architecture framework (3090/QĐ-BKHCN) organises shared platforms from the
        central to the local level; the Ministry of Science and Technology sums it up as "what the
        central level has built, localities need not rebuild". National data centre, data-sharing
        platform, national databases, electronic identity and the national public-service portal are
        reused through connections, not realized again by each province. The check rests only on national
        items and capabilities whose record is verified or secondary; an unverified placement at national
        level does not raise this gating finding.

    Anti-pattern:
        components:
          - id: my.eid
            name: {vi: Hệ thống định danh điện tử của tỉnh}
            kind: platform
            realizes: [ndaf.nat.eid]
            status: planned

    Best practice:
        components:
          - id: my.sso
            name: {vi: Hệ thống xác thực tập trung (SSO)}
            kind: platform
            realizes: [ictrf.X.ID]
            status: existing
        relationships:
          - {from: my.sso, to: ndaf.nat.eid, type: depends_on}

    Reference:
        3090/QĐ-BKHCN (08/10/2025), Khung kiến trúc tổng thể quốc gia số, Lớp 1-4: shared national platforms.
    """
    cat = ctx.workspace.catalogue
    national = _national_capabilities(ctx.workspace, sound_only=True)
    for loaded in ctx.workspace.provinces:
        for comp in live(loaded):
            n = node(loaded, comp.id)
            items = [
                (fld, i, r)
                for fld, refs in (("realizes", comp.realizes), ("egov_links", comp.egov_links))
                for i, r in enumerate(refs)
                if (rc := cat.components.get(r)) is not None and rc.national_level and rc.provenance in SOUND
            ]
            caps = sorted(ctx.index.facts[n].capabilities & national)
            if not items and not caps:
                continue
            named = [r for _, _, r in items]
            providers = sorted(
                {p.provider.vi for c in caps if (p := cat.capabilities.get(c)) is not None and p.provider}
            )
            what = ", ".join(named) if named else ", ".join(caps)
            by = f" ({'; '.join(providers)})" if providers else ""
            reuse = f"'to: {named[0]}'" if named else "a relationship to the national component"
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                related=tuple(named or caps),
                at=(items[0][0], items[0][1]) if items else ("realizes",),
                message=(
                    f"{comp.id} rebuilds {what}, provided at national level{by}: reuse the national system "
                    f"through a relationship ({reuse}) instead of realizing it"
                ),
            )


# --------------------------------------------------------------------------- ICT204


@dataclass(frozen=True)
class _Member:
    province: str
    component: Component


@check(
    code="ICT204",
    name="duplication.cross_province",
    severity=Severity.LOW,
    groups=("duplication",),
    reference=("vn.3090-QD-BKHCN.2025", "Lớp 1-4 (nền tảng dùng chung quốc gia)"),
    precision="medium",  # compares names, which may match by chance
)
def cross_province(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Several provinces build the same national capability, or applications with near-identical names.

    Rationale:
        3090/QĐ-BKHCN aims to avoid duplication at national scale: shared platforms are provided from
        the central level and localities invest on a unified basis ("what the central level has built,
        localities need not rebuild"). When several provinces each build a capability provided at
        national level, or the same application under the same name, the investment is a candidate for
        a shared or national solution. Checked only when a run loads several provinces.

    Anti-pattern:
        # province-a/province.yaml and province-b/province.yaml each build a data-sharing platform
        components:
          - id: a.data-exchange
            name: {vi: "Nền tảng điều phối, chia sẻ dữ liệu"}
            kind: platform
            realizes: [ndaf.nat.data_sharing_platform]
            status: planned

    Best practice:
        # each province connects its LGSP to the national platform
        relationships:
          - {from: a.lgsp, to: ndaf.nat.data_sharing_platform, type: integrates_via}

    Reference:
        3090/QĐ-BKHCN (08/10/2025): avoiding duplication at national scale; shared platforms.
    """
    ws = ctx.workspace
    if len(ws.provinces) < 2:
        return
    national = _national_capabilities(ws)
    by_capability: dict[str, list[_Member]] = defaultdict(list)
    by_name: dict[frozenset[str], list[_Member]] = defaultdict(list)
    for loaded in ws.provinces:
        own = {fold(w) for w in _WORD.findall(loaded.architecture.province.name.vi)}
        for comp in live(loaded):
            for cap in sorted(ctx.index.facts[node(loaded, comp.id)].capabilities & national):
                by_capability[cap].append(_Member(loaded.code, comp))
            if comp.kind is ComponentKind.APPLICATION:
                key = name_tokens(comp.name.vi, own)
                if len(key) >= 2:
                    by_name[key].append(_Member(loaded.code, comp))
    for cap, members in sorted(by_capability.items()):
        yield from _cross(members, f"builds {_capability_name(ws, cap)}, provided at national level")
    for _key, members in sorted(by_name.items(), key=lambda kv: sorted(kv[0])):
        yield from _cross(members, "builds an application with a near-identical name")


def _cross(members: list[_Member], what: str) -> Iterator[FindingDraft]:
    if len({m.province for m in members}) < 2:
        return
    for m in members:
        others = [o for o in members if o.province != m.province]
        listed = ", ".join(f"{o.component.id} '{o.component.name.vi}' ({o.province})" for o in others)
        yield FindingDraft(
            subject=m.component.id,
            province=m.province,
            related=tuple(o.component.id for o in others),
            message=(
                f"{m.component.id} '{m.component.name.vi}' {what}, as do {listed}: "
                f"consider one shared or national solution instead of one per province"
            ),
        )


# --------------------------------------------------------------------------- ICT205


def _similar_pairs(names: dict[str, frozenset[str]]) -> Iterator[tuple[str, str, float, frozenset[str]]]:
    """Pairs of ids whose IDF-weighted Jaccard similarity is at least :data:`SIMILARITY`.

    Blocking by prefix filtering: each name is indexed under its rarest words, just enough of them
    that the rest weigh less than ``SIMILARITY`` of the whole; two names that similar must share an
    indexed word, so only names sharing a rare word are compared.
    """
    df = Counter(t for toks in names.values() for t in toks)
    n = len(names)
    weight = {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for cid, toks in sorted(names.items()):
        total = sum(weight[t] for t in toks)
        rest = total
        for t in sorted(toks, key=lambda t: (df[t], t)):
            if rest < SIMILARITY * total:
                break
            index[t].append(cid)
            rest -= weight[t]
    for a, toks in sorted(names.items()):
        candidates = sorted({b for t in toks for b in index.get(t, ()) if b > a})
        for b in candidates:
            shared = toks & names[b]
            union = toks | names[b]
            score = sum(weight[t] for t in shared) / sum(weight[t] for t in union)
            if score >= SIMILARITY:
                yield a, b, score, shared


@check(
    code="ICT205",
    name="duplication.name.similar",
    severity=Severity.LOW,
    groups=("duplication",),
    reference=("vn.2323-QD-BTTTT.2019", "Mục tiêu"),
    precision="medium",  # compares names, which may match by chance
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
        own = {fold(w) for w in _WORD.findall(loaded.architecture.province.name.vi)}
        comps = {c.id: c for c in live(loaded) if c.kind is not ComponentKind.STAKEHOLDER}
        names = {cid: toks for cid, c in comps.items() if (toks := name_tokens(c.name.vi, own))}
        for a, b, score, shared in _similar_pairs(names):
            first, second = comps[a], comps[b]
            yield FindingDraft(
                subject=b,
                province=loaded.code,
                related=(a,),
                at=("name",),
                message=(
                    f"{b} '{second.name.vi}' and {a} '{first.name.vi}' have near-identical names "
                    f"({round(100 * score)}% similar; shared words: {shared_phrases(second.name.vi, shared)}): "
                    f"merge them if they are one system, or rename one to say how they differ"
                ),
            )
