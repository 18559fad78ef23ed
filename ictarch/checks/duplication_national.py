"""ICT203, ICT204: what the national level provides, rebuilt by a province or by several.

ICT204 compares provinces: its groups (a national capability, or the words of an application's name)
come from one pass over the model, and each province of a group gets one finding for its own members,
with the other provinces counted and sampled, so that a group of k members in p provinces costs O(k).
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Container, Iterator
from dataclasses import dataclass

from ictarch.checks._lookup import SAMPLE, live, node, sample
from ictarch.checks.duplication import (
    SOUND,
    capability_name,
    name_tokens,
    national_capabilities,
    province_words,
)
from ictarch.checks.spec import CheckContext, check
from ictarch.findings import FindingDraft, Severity
from ictarch.i18n import Arg, Msg, msg
from ictarch.loading import Workspace
from ictarch.models.province import ComponentKind


@check(
    code="ICT203",
    name="duplication.national.rebuilt",
    severity=Severity.HIGH,
    groups=("core", "duplication"),
    reference=("vn.3090-QD-BKHCN.2025", "Lớp 1-4 (nền tảng dùng chung quốc gia)"),
    scope="province",
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
    national = national_capabilities(ctx.workspace, sound_only=True)
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
            reuse: Msg | str = f"'to: {named[0]}'" if named else msg("finding.ICT203.relationship")
            yield FindingDraft(
                subject=comp.id,
                province=loaded.code,
                related=tuple(named or caps),
                at=(items[0][0], items[0][1]) if items else ("realizes",),
                message=msg("finding.ICT203", component=comp.id, what=what, by=by, reuse=reuse),
            )


# --------------------------------------------------------------------------- ICT204


@dataclass(frozen=True)
class Member:
    """A component of a cross-province group: all that the group's findings say of it."""

    province: str
    id: str
    name: str


GroupKey = tuple[str, ...]
"""A group of ICT204: ``("cap", capability)`` or ``("name", *words)`` (the sorted words of a name)."""


def province_groups(ctx: CheckContext) -> dict[GroupKey, list[Member]]:
    """ICT204's part of one province (:attr:`~ictarch.checks.spec.CheckSpec.part`): its own members of every
    group it is in, on a workspace of that province alone."""
    return {key: members for key, members in groups(ctx).items() if members}


def group_subjects(part: object) -> list[tuple[str, tuple[str | int, ...]]]:
    """Where ICT204's findings about a province stand (:attr:`~ictarch.checks.spec.CheckSpec.subjects`): on the
    province's first member (by id) of each of its groups, as :func:`cross` places them."""
    found = typing.cast(dict[GroupKey, list[Member]], part)
    return [(min(m.id for m in members), ()) for members in found.values()]


@check(
    code="ICT204",
    name="duplication.cross_province",
    severity=Severity.LOW,
    groups=("duplication",),
    reference=("vn.3090-QD-BKHCN.2025", "Lớp 1-4 (nền tảng dùng chung quốc gia)"),
    precision="medium",  # compares names, which may match by chance
    grouped=True,
    part=province_groups,
    subjects=group_subjects,
)
def cross_province(ctx: CheckContext) -> Iterator[FindingDraft]:
    """Several provinces build the same national capability, or applications with near-identical names.

    Rationale:
        3090/QĐ-BKHCN aims to avoid duplication at national scale: shared platforms are provided from
        the central level and localities invest on a unified basis ("what the central level has built,
        localities need not rebuild"). When several provinces each build a capability provided at
        national level, or the same application under the same name, the investment is a candidate for
        a shared or national solution. Checked only when a run loads several provinces.
        One finding per province of a group: placed on the province's first member (by id), its other members
        related; the message counts the members of the other provinces and names at most three of them. A waiver
        may name any member.

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
    found = groups(ctx)
    for key in sorted(found):  # the national capabilities first, then the names
        yield from cross(found[key], group_message(ws, key))


def groups(ctx: CheckContext) -> dict[GroupKey, list[Member]]:
    """The groups of ICT204 in the workspace: each national capability's providers, each name's applications.

    A province's own members of every group are those of the workspace of that province alone: the
    groups of a national model can be put together from the provinces' groups, and are, when every province's
    were computed where it was loaded (:func:`province_groups`, in :attr:`CheckContext.parts`).
    """
    given = [ctx.parts.get(p.code, {}).get("ICT204") for p in ctx.workspace.provinces]
    if ctx.workspace.provinces and all(isinstance(part, dict) for part in given):
        merged: dict[GroupKey, list[Member]] = {}
        for part in given:
            for group, members in typing.cast(dict[GroupKey, list[Member]], part).items():
                merged.setdefault(group, []).extend(members)
        return merged
    found: dict[GroupKey, list[Member]] = {
        ("cap", cap): [Member(code, comp.id, comp.name.vi) for code, comp in ctx.index.providers(cap)]
        for cap in national_capabilities(ctx.workspace)
    }
    for loaded in ctx.workspace.provinces:
        own = province_words(loaded)
        for comp in live(loaded):
            if comp.kind is ComponentKind.APPLICATION:
                key = name_tokens(comp.name.vi, own)
                if len(key) >= 2:
                    found.setdefault(("name", *sorted(key)), []).append(Member(loaded.code, comp.id, comp.name.vi))
    return found


def group_message(ws: Workspace, key: GroupKey) -> Msg:
    """What the members of a group share, as its findings say it."""
    if key[0] == "cap":
        return msg("finding.ICT204.national", capability=capability_name(ws, key[1]))
    return msg("finding.ICT204.same-name")


def cross(members: list[Member], what: Msg, only: Container[str] | None = None) -> Iterator[FindingDraft]:
    """One finding per province of a group found in two or more: its members, the others counted and sampled
    (``only``: the findings of these provinces alone)."""
    group = CrossGroup.of(members, what)
    if len(group.by_province) < 2:
        return
    for province in sorted(group.by_province):
        if only is None or province in only:
            yield group.finding(province)


@dataclass(frozen=True)
class CrossGroup:
    """A group arranged once for the findings of each of its provinces (it has findings when it stands in two or
    more)."""

    members: list[Member]
    what: Msg
    by_province: dict[str, list[Member]]
    ordered: list[Member]
    """By province, then id: the first few of the other provinces are read off its start."""

    @classmethod
    def of(cls, members: list[Member], what: Msg) -> CrossGroup:
        by_province: dict[str, list[Member]] = defaultdict(list)
        for m in members:
            by_province[m.province].append(m)
        return cls(members, what, by_province, sorted(members, key=lambda m: (m.province, m.id)))

    def finding(self, province: str) -> FindingDraft:
        """The finding of one of the group's provinces."""
        own = self.by_province[province]
        first, *rest = sorted(own, key=lambda m: m.id)
        others: list[Member] = []
        for m in self.ordered:  # the first few of the other provinces: skips at most this province's members
            if m.province != province:
                others.append(m)
                if len(others) > SAMPLE:
                    break
        shown: tuple[Arg, ...] = tuple(_described(m) for m in others[:SAMPLE])
        count = len(self.members) - len(own)
        if count > SAMPLE:
            shown += (msg("finding.more.components", n=count - SAMPLE),)
        return FindingDraft(
            subject=first.id,
            province=province,
            related=tuple(m.id for m in rest),
            message=msg(
                "finding.ICT204",
                component=first.id,
                name=first.name,
                what=self.what,
                own=msg("finding.ICT204.own", others=sample(rest, _named, "finding.more.components")) if rest else "",
                others=shown,
                n=count,
                provinces=len(self.by_province) - 1,
            ),
        )


def _named(m: Member) -> str:
    return f"{m.id} '{m.name}'"


def _described(m: Member) -> str:
    return f"{m.id} '{m.name}' ({m.province})"
