"""ICT204's findings put together from each province's groups, rendering again only the groups that changed.

ICT204 compares provinces, so an edit in one province can change the findings of others: those of the
groups (a national capability's providers, an application name's words) that the province joins or
leaves. A group's findings are a function of its members alone (:func:`ictarch.checks.duplication_national.cross`),
and a province's members of every group are those of the workspace of that province alone. So each
province's groups are kept in the cache under its model key, and each province's rendered findings under
the key of its part (:mod:`ictarch.report_blocks`) with the digest of the members of the group each came
from. A run puts the groups together and renders only the findings of groups whose members changed
(in every province of the group) and those of provinces whose entry is new (an edited province);
tests/test_report_blocks.py checks the report against --no-cache's byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ictarch import _json
from ictarch._children import forked
from ictarch.checks.duplication_national import (
    CrossGroup,
    GroupKey,
    Member,
    cross_province,
    group_message,
    province_groups,
)
from ictarch.checks.spec import CheckContext, CheckSpec
from ictarch.errors import Location, OutputError
from ictarch.findings import Finding, Report, Status
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.runner import LocationKey, Locations, complete, reference_text
from ictarch.safe_write import write_atomic

GROUPS_FORMAT = 2
CHECK = cross_province
"""The check whose findings this module puts together (ICT204)."""

Item = tuple[str, str, str, bytes, bool]
"""A rendered finding: the digest of its group's members, its subject, message key, text (UTF-8), and whether
baselined."""


@dataclass
class Stored:
    """A province's rendered ICT204 findings by group, and where their locations' files stand."""

    items: dict[str, Item]
    prefix: str
    located: int


def _gid(key: GroupKey) -> str:
    return "\x1f".join(key)


class GroupStore:
    """Each province's groups (by its model key) and its rendered findings (by its part's key), as entries of
    :func:`save`."""

    def __init__(self, cache_dir: Path | None, workspace: Workspace, base: str) -> None:
        """``cache_dir`` None: nothing is stored or read."""
        self.cache_dir = cache_dir
        self.keys = workspace.province_keys
        self.base = base

    def _path(self, folder: Path, loaded: LoadedArchitecture, kind: str) -> Path:
        base = f"groups {GROUPS_FORMAT}" if kind == "groups" else self.base
        digest = hashlib.sha256(f"{base}\0{kind}\0{loaded.code}\0{self.keys[loaded.code]}".encode()).hexdigest()
        return folder / f"{digest}.{kind}.json"

    def _read(self, loaded: LoadedArchitecture, kind: str) -> tuple[dict[str, Any], list[bytes]] | None:
        """The province's entry of ``kind`` (:func:`load`); None when absent, damaged or another province's."""
        if self.cache_dir is None:
            return None
        read = load(self._path(self.cache_dir, loaded, kind))
        return read if read is not None and read[0].get("code") == loaded.code else None

    def _write(self, loaded: LoadedArchitecture, kind: str, entry: dict[str, Any], texts: list[bytes]) -> None:
        if self.cache_dir is not None:
            save(self._path(self.cache_dir, loaded, kind), {"code": loaded.code, **entry}, texts)

    def groups(self, loaded: LoadedArchitecture, ctx: CheckContext, code: str) -> dict[GroupKey, list[Member]]:
        """The province's own members of every group it is in: stored, else the part of check ``code`` that its
        load worker computed, else computed here."""
        read = self._read(loaded, "groups")
        try:
            if read is not None:
                return {
                    tuple(key): [Member(loaded.code, str(i), str(n)) for i, n in members]
                    for key, members in read[0]["groups"]
                }
        except (KeyError, TypeError, ValueError):
            pass
        part = ctx.parts.get(loaded.code, {}).get(code)
        if isinstance(part, dict):  # province_groups() where the province was loaded: its model is not read again
            found: dict[GroupKey, list[Member]] = part
        else:
            alone = CheckContext(Workspace(ctx.workspace.catalogue, [loaded]), None, ctx.config, ctx.run_date)
            found = province_groups(alone)
        rows = [[list(key), [[m.id, m.name] for m in members]] for key, members in found.items()]
        self._write(loaded, "groups", {"groups": rows}, [])
        return found

    def items(self, loaded: LoadedArchitecture, prefix: str) -> dict[str, Item]:
        """The stored findings, their locations' files named as this run names them ({} when none fit)."""
        read = self._read(loaded, "national")
        if read is None:
            return {}
        data, texts = read
        try:
            rows = [(str(g), str(d), str(s), str(k), bool(b)) for g, d, s, k, b in data["items"]]
            renamed = rename(texts, str(data["prefix"]), prefix, int(data["located"]))
        except (KeyError, TypeError, ValueError):
            return {}
        if renamed is None or len(renamed) != len(rows):
            return {}
        return {g: (d, s, k, t, b) for (g, d, s, k, b), t in zip(rows, renamed, strict=True)}

    def has_items(self, loaded: LoadedArchitecture) -> bool:
        """Whether findings of the province are stored (whatever they hold)."""
        return self.cache_dir is not None and self._path(self.cache_dir, loaded, "national").exists()

    def save_items(self, loaded: LoadedArchitecture, stored: Stored) -> None:
        if stored.located >= 0:
            rows = [[g, d, s, k, b] for g, (d, s, k, _, b) in stored.items.items()]
            entry = {"items": rows, "prefix": stored.prefix, "located": stored.located}
            self._write(loaded, "national", entry, [t for _, _, _, t, _ in stored.items.values()])


def save(path: Path, head: dict[str, Any], texts: list[bytes]) -> None:
    """An entry of rendered findings: ``head`` as one line of JSON, then the texts as they are written (their
    lengths in the head), so that a run reads them back without decoding JSON strings of hundreds of megabytes."""
    line = json.dumps({**head, "lengths": [len(t) for t in texts]}, ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, b"".join([line.encode("utf-8"), b"\n", *texts]))
    except (OSError, OutputError):
        pass  # a read-only or full cache folder only costs speed


def load(path: Path) -> tuple[dict[str, Any], list[bytes]] | None:
    """The head and texts :func:`save` wrote; None when the entry is absent or damaged."""
    try:
        data = path.read_bytes()
        end = data.index(b"\n")
        head = _json.loads(data[:end])
        if not isinstance(head, dict) or sum(lengths := head["lengths"]) != len(data) - end - 1:
            return None
        texts = []
        at = end + 1
        for n in lengths:
            if type(n) is not int or n < 0:
                return None
            texts.append(data[at : at + n])
            at += n
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return head, texts


FILE = b'"file": "'
"""What stands before a location's file in a rendered JSON finding (a quote in a value is escaped)."""


def rename(texts: list[bytes], old: str, new: str, located: int) -> list[bytes] | None:
    """Rendered findings with their locations' folder ``old`` named ``new``; None unless ``old`` stands
    exactly where the ``located`` locations do."""
    if old == new:
        return texts
    from json.encoder import encode_basestring

    before = FILE + encode_basestring(old)[1:-1].encode("utf-8")
    after = FILE + encode_basestring(new)[1:-1].encode("utf-8")
    if sum(text.count(before) for text in texts) != located:
        return None
    return [text.replace(before, after) for text in texts]


ITEM = b",\n    {"
"""What stands between two rendered JSON findings of a block, up to the second's opening brace (strings hold no
line break; the objects inside a finding are indented further)."""

CHUNK = 512
"""Findings rendered together by :func:`render_each`: enough to share the cost of a call, few enough to keep
the text of a call small (a national model's ICT204 findings are some hundreds of megabytes)."""


Split = Callable[[bytes, int], "list[bytes] | None"]
"""The texts of the ``n`` findings rendered together in a text, or None when they cannot be told apart there."""


def split_items(text: bytes, n: int) -> list[bytes] | None:
    """A JSON report's findings (:data:`ITEM` stands between two)."""
    first, *rest = text.split(ITEM)
    if len(rest) + 1 != n:
        return None
    return [first, *(b"{" + item for item in rest)]


def render_each(
    findings: Sequence[Finding], render: Callable[[Sequence[Finding]], bytes], split: Split = split_items
) -> list[bytes]:
    """Each finding's text, as ``render([f])`` gives it, rendered a chunk at a time and ``split``."""
    texts: list[bytes] = []
    for start in range(0, len(findings), CHUNK):
        chunk = findings[start : start + CHUNK]
        each = split(render(chunk), len(chunk))
        if each is not None:
            texts.extend(each)
        else:  # a format whose findings cannot be told apart: one at a time
            texts.extend(render([f]) for f in chunk)
    return texts


@dataclass(frozen=True)
class Framing:
    """How a format's findings stand in one of its texts: what stands between two, and how to tell them apart."""

    separator: bytes
    split: Split


ITEMS = Framing(ITEM[:-1], split_items)
"""A JSON report's findings."""


def run_groups(
    spec: CheckSpec,
    ctx: CheckContext,
    store: GroupStore,
    memo: Locations,
    baseline: frozenset[str] | None,
    head: Report,
    render: Callable[[Sequence[Finding]], bytes],
    place: Callable[[Iterable[Location | None], LoadedArchitecture], tuple[str, int]],
    framing: Framing = ITEMS,
    keep: Callable[[bytes], bytes] = bytes,
) -> tuple[dict[str, list[bytes]], Counter[str]]:
    """ICT204's findings by province, in the report's order, and their counts: the findings made here as ``keep``
    keeps them (a province's together), those read from the store as read.

    ``place`` gives the prefix of a province's locations and how many of the findings' locations are some (-1:
    one that cannot be named again from the province's folder); ``framing`` joins and tells apart the findings
    of ``render``. A province's findings are made, rendered and kept before the next province's: a national
    model has tens of thousands of them, and only their kept texts stay. A large model's provinces are shared
    with a forked process (on a machine of two cores or more), which makes, keeps and stores its
    share's findings while this one makes the rest: once the groups are put together, no province's findings
    depend on another's.
    """
    provinces = ctx.workspace.provinces
    own = {p.code: store.groups(p, ctx, spec.code) for p in provinces}
    merged: dict[GroupKey, list[Member]] = {}
    for p in provinces:
        for key, members in own[p.code].items():
            merged.setdefault(key, []).extend(members)
    digests: dict[GroupKey, str] = {}
    for key, members in merged.items():
        if len({m.province for m in members}) >= 2:
            if store.cache_dir is None:  # nothing stored to compare with: a group's own name tells it apart
                digests[key] = _gid(key)
                continue
            rows = sorted((m.province, m.id, m.name) for m in members)
            digests[key] = hashlib.sha256(json.dumps([key, rows], ensure_ascii=False).encode()).hexdigest()
    severity = ctx.config.severity(spec.code)
    making = _Making(
        spec,
        ctx,
        store,
        memo,
        baseline,
        render,
        place,
        framing,
        keep,
        own,
        merged,
        digests,
        reference_text(spec, ctx.workspace),
        head.is_failing(Finding(spec.code, spec.name, severity, Status.FAILED, "", None, "")),
    )
    work = {p.code: 0 if store.has_items(p) else sum(key in digests for key in own[p.code]) for p in provinces}
    here, there = _shares(provinces, work, os.cpu_count() or 1)
    other = forked(lambda: making.share(there)) if there else None
    made = list(making.share(here))
    got = other() if other is not None else None
    if got is None:  # not forked, or the process failed: its share is made here
        got = list(making.share(there))
    texts: dict[str, list[bytes]] = {}
    counts: Counter[str] = Counter()
    for code, kept, counted, known in [*made, *got]:
        texts[code] = kept
        counts.update(counted)
        if known is not None:  # locations found in a forked process: the caller keeps them for the next run
            memo.known[code] = known
            memo.added.add(code)
    return {p.code: texts[p.code] for p in provinces}, counts


FORK_WORK = 2_000
"""How many findings are to be made from which a second process makes some (about 0.1 s of work, several times
what forking costs): one per group shared with another province, in each province with no findings stored (a cold
run, a first run, a run in another format); an edit, whose changed groups are mostly stored, stays in one."""


FORKED_HANDICAP = 0.08
"""The share of all findings the forked process is counted as having before it gets any: it starts later and
sends its findings back, and with halves it finished 0.22-0.24 s after this process (34 × 2,000, shares of
about 1.4 s); with this, it makes about 46 % of them."""


def _shares(
    provinces: Sequence[LoadedArchitecture], work: dict[str, int], cores: int
) -> tuple[list[LoadedArchitecture], list[LoadedArchitecture]]:
    """The provinces made here and those made in a forked process (none when sharing does not pay), each share
    about half the findings to make, the forked one :data:`FORKED_HANDICAP` less: the most first, each to the
    share with fewer so far. A province with none to make (``work``) is made here: its findings are read from the
    store, and sending them back would cost more than reading them."""
    if cores < 2 or len(provinces) < 2 or sum(work.values()) < FORK_WORK:
        return list(provinces), []
    shares: tuple[list[LoadedArchitecture], list[LoadedArchitecture]] = ([], [])
    sizes = [0.0, FORKED_HANDICAP * sum(work.values())]
    for p in sorted(provinces, key=lambda p: -work[p.code]):
        lighter = 0 if sizes[0] <= sizes[1] or not work[p.code] else 1
        shares[lighter].append(p)
        sizes[lighter] += work[p.code]
    return shares


Made = tuple[str, list[bytes], Counter[str], dict[LocationKey, Location | None] | None]
"""A province's code, its texts, their counts, and the locations known of it when its findings added to them."""


@dataclass(frozen=True)
class _Making:
    """What every province's ICT204 findings are made from, once the provinces' groups are put together."""

    spec: CheckSpec
    ctx: CheckContext
    store: GroupStore
    memo: Locations
    baseline: frozenset[str] | None
    render: Callable[[Sequence[Finding]], bytes]
    place: Callable[[Iterable[Location | None], LoadedArchitecture], tuple[str, int]]
    framing: Framing
    keep: Callable[[bytes], bytes]
    own: dict[str, dict[GroupKey, list[Member]]]
    merged: dict[GroupKey, list[Member]]
    digests: dict[GroupKey, str]
    reference: str
    failing: bool

    def share(self, provinces: Sequence[LoadedArchitecture]) -> Iterator[Made]:
        """The findings of ``provinces``, each province's made, rendered and kept before the next's."""
        spec, ctx, memo, digests = self.spec, self.ctx, self.memo, self.digests
        severity = ctx.config.severity(spec.code)
        left = Counter(key for p in provinces for key in self.own[p.code] if key in digests)
        before = {p.code: len(memo.known.get(p.code, ())) for p in provinces}  # locations are only ever added
        arranged: dict[GroupKey, CrossGroup] = {}  # a group's, while some of its provinces' findings are to be made
        for p in provinces:
            prefix = self.place((), p)[0]
            stored = self.store.items(p, prefix)
            items: dict[str, Item] = {}
            made: list[tuple[GroupKey, Finding]] = []
            for key in self.own[p.code]:
                if key not in digests:
                    continue
                gid = _gid(key)
                old = stored.get(gid)
                if old is not None and old[0] == digests[key]:
                    items[gid] = old
                else:
                    group = arranged.get(key)
                    if group is None:
                        group = arranged[key] = CrossGroup.of(self.merged[key], group_message(ctx.workspace, key))
                    f = complete(spec, group.finding(p.code), ctx, self.reference, memo)
                    if self.baseline is not None:
                        f = replace(f, baselined=f.fingerprint in self.baseline)
                    made.append((key, f))
                left[key] -= 1
                if not left[key]:
                    arranged.pop(key, None)
            fresh = {digests[key] for key, _ in made}  # the digests of the groups whose findings were made here
            rendered = render_each([f for _, f in made], self.render, self.framing.split)
            for (key, f), text in zip(made, rendered, strict=True):
                items[_gid(key)] = (digests[key], f.subject, f.message_key, text, f.baselined)
            ordered = sorted(items.values(), key=lambda item: (item[1], item[2]))
            baselined = sum(item[4] for item in ordered)
            counts = Counter(
                {
                    "total": len(ordered),
                    "status.failed": len(ordered),
                    f"severity.{severity.value}": len(ordered),
                    "baselined": baselined,
                    "failing": (len(ordered) - baselined) if self.failing else 0,
                }
            )
            if items != stored:
                prefix, placed = self.place([f.location for _, f in made], p)
                old_placed = sum(1 for item in items.values() if item[0] not in fresh and FILE in item[3])
                self.store.save_items(p, Stored(items, prefix, placed + old_placed if placed >= 0 else -1))
            known = memo.known[p.code] if len(memo.known.get(p.code, ())) > before[p.code] else None
            yield p.code, _kept(ordered, fresh, self.framing, self.keep), counts, known


def _kept(ordered: list[Item], made: set[str], framing: Framing, keep: Callable[[bytes], bytes]) -> list[bytes]:
    """A province's findings as its texts: each run of findings made in this run (their group's digest in
    ``made``) joined and kept, each stored one as read (an edit leaves most of them, and keeping them again
    would cost the edited run its time)."""
    texts: list[bytes] = []
    fresh: list[bytes] = []
    for digest, _subject, _key, text, _baselined in ordered:
        if digest in made:
            fresh.append(text)
            continue
        if fresh:
            texts.append(keep(framing.separator.join(fresh)))
            fresh = []
        texts.append(text)
    if fresh:
        texts.append(keep(framing.separator.join(fresh)))
    return texts
