"""What a revision changes in province architectures, for review (``ictarch diff OLD NEW``).

:func:`diff_architectures` compares two models of one province: the entries of each list added,
removed and changed field by field, and the budget deltas per domain and phase. It is pure.
:func:`diff_workspaces` pairs the provinces of two loaded sides by code, runs the checks on each
side and adds the findings the revision introduces, resolves or rewords (:func:`compare_findings`).
One side at a time: :func:`pack_side` keeps of the first side only its models and open findings, pickled
and compressed, so that its workspace, graph and findings are freed before the second side is loaded
and checked (:func:`diff_packed`); a national diff then needs about the memory of one ``check``.
The renderers (:mod:`ictarch.analysis.diff_render`) are pure and deterministic; the Markdown is
made to be posted as a pull-request comment.

What is compared
    Entries are matched by key: components, projects, domains and sources by ``id``;
    relationships by (``from``, ``to``, ``type``); indicators by ``indicator``; not-applicable
    declarations by ``component``; waivers by (``check``, ``subject``). Everything else (province,
    programme, declared frameworks) is compared as one entry, ``model``. Fields are compared on
    the validated models as JSON (pydantic ``model_dump(mode="json", by_alias=True)``), so moving
    entries between fragment files, reordering keys or reformatting changes nothing; nested lists
    of entries with ids are compared by id (``data[citizens].personal_data``), other lists whole.
    ``include`` is not compared: it is how the model is split into files, not the architecture.

Findings
    Open findings (failed or crashed, not waived) of the two sides are matched on (check,
    province, subject, related items). A match with the same message is unchanged; with another
    message (a budget or a percentage in it moved) it is *changed*; what is left is *introduced*
    (new side only) or *resolved* (old side only).
"""

from __future__ import annotations

import datetime as dt
import gc
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ictarch._memory import bulk_build, short_lived
from ictarch._packing import pack, unpack
from ictarch.config import Config
from ictarch.findings import Finding, Status
from ictarch.loading import Workspace
from ictarch.models.common import Label
from ictarch.models.province import ProvinceArchitecture
from ictarch.report_blocks import FindingsByProvince, run_lines
from ictarch.runner import run

NOT_COMPARED = frozenset({"include", "ictarch"})
"""Top-level fields that say how the model is written, not what it describes."""

MODEL = "model"
"""The entry holding the province, the programme and the declared frameworks."""


@dataclass(frozen=True)
class _Collection:
    name: str
    key: Callable[[Any], tuple[str, ...]]
    show: Callable[[tuple[str, ...]], str]


def _one(key: tuple[str, ...]) -> str:
    return key[0]


COLLECTIONS: tuple[_Collection, ...] = (
    _Collection("components", lambda c: (c.id,), _one),
    _Collection(
        "relationships",
        lambda r: (r.source_id, r.target_id, r.type.value),
        lambda k: f"{k[0]} → {k[1]} ({k[2]})",
    ),
    _Collection("projects", lambda p: (p.id,), _one),
    _Collection("indicators", lambda i: (i.indicator,), _one),
    _Collection("domains", lambda d: (d.id,), _one),
    _Collection("not_applicable", lambda n: (n.component,), _one),
    _Collection("waivers", lambda w: (w.check, w.subject), lambda k: f"{k[0]} on {k[1]}"),
    _Collection("sources", lambda s: (s.id,), _one),
)
"""The lists compared entry by entry, in the order they are reported."""


_NOT_IN_MODEL_ENTRY = {spec.name for spec in COLLECTIONS} | NOT_COMPARED
"""The fields the ``model`` entry leaves out: the lists compared entry by entry, and how the model is written
(the model's fields carry no aliases, so these are both the fields and the keys of its dump)."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its path inside the entry and the values before and after (None: absent)."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Entry:
    """An entry added or removed: its key and its fields as JSON."""

    key: str
    data: dict[str, Any]


@dataclass(frozen=True)
class ChangedEntry:
    key: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class CollectionDiff:
    """What changed in one list of the model (or in the ``model`` entry)."""

    name: str
    added: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()
    changed: tuple[ChangedEntry, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class BudgetDelta:
    """The budget of one domain or phase (or the total) before and after, in đồng."""

    group: str
    """``domain``, ``phase`` or ``total``."""
    key: str
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class FindingsDiff:
    """Open findings the revision introduces, resolves, or keeps with another message."""

    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    changed: tuple[tuple[Finding, Finding], ...] = ()
    """(before, after): the same check about the same subject and related items, reworded."""
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.introduced or self.resolved or self.changed)


@dataclass(frozen=True)
class ArchitectureDiff:
    """What changed between two models of one province."""

    old_code: str
    new_code: str
    name: Label
    collections: tuple[CollectionDiff, ...]
    """Only the lists with changes, in the order of :data:`COLLECTIONS`, then ``model``."""
    budgets: tuple[BudgetDelta, ...]
    """Domains and phases whose budget changed, then the total; empty when no budget changed."""
    findings: FindingsDiff | None = None
    """None when the checks were not run."""

    @property
    def code(self) -> str:
        return self.new_code

    @property
    def empty(self) -> bool:
        return not self.collections and not self.budgets and (self.findings is None or self.findings.empty)

    def collection(self, name: str) -> CollectionDiff:
        return next((c for c in self.collections if c.name == name), CollectionDiff(name))


@dataclass(frozen=True)
class DiffReport:
    """The diff of two sides, each one or more province models, paired by province code."""

    old_label: str
    new_label: str
    provinces: tuple[ArchitectureDiff, ...]
    added_provinces: tuple[str, ...] = ()
    removed_provinces: tuple[str, ...] = ()
    checks_run: bool = True
    run_date: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not self.added_provinces and not self.removed_provinces and all(p.empty for p in self.provinces)


# --------------------------------------------------------------------------- comparing models


def _dump(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True)
    return data


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    """Leaves of a JSON value by path; lists of entries with unique ids are keyed by id, other lists kept whole."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _flatten(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        ids = [v.get("id") for v in value]
        keyed = all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)
        for i, v in enumerate(value):
            _flatten(v, f"{path}[{ids[i] if keyed else i}]", out)
    else:
        out[path] = value


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """Field-by-field differences of two JSON entries, in the order the fields are written."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten(old, "", a)
    _flatten(new, "", b)
    paths = list(a) + [p for p in b if p not in a]
    return tuple(FieldChange(p, a.get(p), b.get(p)) for p in paths if a.get(p) != b.get(p))


def _compare(spec: _Collection, old: Sequence[Any], new: Sequence[Any]) -> CollectionDiff:
    before = {spec.key(item): item for item in old}
    after = {spec.key(item): item for item in new}
    added = tuple(Entry(spec.show(k), _dump(after[k])) for k in sorted(after.keys() - before.keys()))
    removed = tuple(Entry(spec.show(k), _dump(before[k])) for k in sorted(before.keys() - after.keys()))
    changed = []
    for k in sorted(before.keys() & after.keys()):
        if before[k] != after[k]:
            changes = field_changes(_dump(before[k]), _dump(after[k]))
            if changes:
                changed.append(ChangedEntry(spec.show(k), changes))
    return CollectionDiff(spec.name, added, removed, tuple(changed))


def _budgets(arch: ProvinceArchitecture) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for p in arch.projects:
        if p.budget_vnd is None:
            continue
        out[("domain", p.domain or "(none)")] += p.budget_vnd
        out[("phase", p.phase or "(none)")] += p.budget_vnd
        out[("total", "total")] += p.budget_vnd
    return out


_GROUP_ORDER = {"domain": 0, "phase": 1, "total": 2}


def budget_deltas(old: ProvinceArchitecture, new: ProvinceArchitecture) -> tuple[BudgetDelta, ...]:
    """Budgets per domain and per phase, and the total, where they differ (projects without budget count 0)."""
    a, b = _budgets(old), _budgets(new)
    rows = [BudgetDelta(g, k, a.get((g, k), 0), b.get((g, k), 0)) for g, k in a.keys() | b.keys()]
    changed = [r for r in rows if r.delta and r.group != "total"]
    if not changed:
        return ()
    total = next((r for r in rows if r.group == "total"), BudgetDelta("total", "total", 0, 0))
    return (*sorted(changed, key=lambda r: (_GROUP_ORDER[r.group], r.key)), total)


def diff_architectures(old: ProvinceArchitecture, new: ProvinceArchitecture) -> ArchitectureDiff:
    """What changed from ``old`` to ``new``: entries added, removed and changed, and budget deltas."""
    collections = [_compare(spec, getattr(old, spec.name), getattr(new, spec.name)) for spec in COLLECTIONS]
    # the rest of the model only: dumping the lists too would copy every component to throw it away
    rest_old = old.model_dump(mode="json", by_alias=True, exclude=_NOT_IN_MODEL_ENTRY)
    rest_new = new.model_dump(mode="json", by_alias=True, exclude=_NOT_IN_MODEL_ENTRY)
    model_changes = field_changes(rest_old, rest_new)
    if model_changes:
        collections.append(CollectionDiff(MODEL, changed=(ChangedEntry(new.code, model_changes),)))
    return ArchitectureDiff(
        old_code=old.code,
        new_code=new.code,
        name=new.province.name,
        collections=tuple(c for c in collections if not c.empty),
        budgets=budget_deltas(old, new),
    )


# --------------------------------------------------------------------------- findings


def _finding_key(f: Finding) -> tuple[str, str, str, tuple[str, ...]]:
    return (f.code, f.province or "", f.subject, f.related)


def compare_findings(old: Iterable[Finding], new: Iterable[Finding]) -> FindingsDiff:
    """Open findings introduced, resolved and reworded from ``old`` to ``new`` (see the module's notes)."""
    before: dict[tuple[str, str, str, tuple[str, ...]], list[Finding]] = defaultdict(list)
    after: dict[tuple[str, str, str, tuple[str, ...]], list[Finding]] = defaultdict(list)
    for f in old:
        if f.status is not Status.WAIVED:
            before[_finding_key(f)].append(f)
    for f in new:
        if f.status is not Status.WAIVED:
            after[_finding_key(f)].append(f)
    introduced: list[Finding] = []
    resolved: list[Finding] = []
    changed: list[tuple[Finding, Finding]] = []
    unchanged = 0
    for key in sorted(before.keys() | after.keys()):
        old_messages = {f.message_key: f for f in before.get(key, [])}
        new_messages = {f.message_key: f for f in after.get(key, [])}
        unchanged += len(old_messages.keys() & new_messages.keys())
        gone = [old_messages[m] for m in sorted(old_messages.keys() - new_messages.keys())]
        came = [new_messages[m] for m in sorted(new_messages.keys() - old_messages.keys())]
        pairs = min(len(gone), len(came))
        changed.extend(zip(gone[:pairs], came[:pairs], strict=True))
        resolved.extend(gone[pairs:])
        introduced.extend(came[pairs:])
    return FindingsDiff(
        introduced=tuple(sorted(introduced, key=Finding.sort_key)),
        resolved=tuple(sorted(resolved, key=Finding.sort_key)),
        changed=tuple(sorted(changed, key=lambda p: p[1].sort_key())),
        unchanged=unchanged,
    )


def _by_province(findings: Iterable[Finding]) -> dict[str | None, list[Finding]]:
    """Findings grouped by province in one pass: each pair of provinces takes its own, not a scan of all."""
    out: dict[str | None, list[Finding]] = defaultdict(list)
    for f in findings:
        out[f.province].append(f)
    return out


def _side_findings(workspace: Workspace, config: Config | None, run_date: dt.date) -> FindingsByProvince:
    """The findings of one side by province, kept compact and read a province at a time (waived ones never count
    in :func:`compare_findings`): the report as its parts where the run allows it (the load workers render each
    province's findings as lines, :func:`ictarch.report_blocks.run_blocks`), else the whole report's."""
    from ictarch.checks import default_registry
    from ictarch.config import resolve_config

    registry = default_registry()
    config = config or resolve_config(registry)
    generated_at = dt.datetime.combine(run_date, dt.time(), tzinfo=dt.UTC)
    with short_lived():  # the run's graph and report go with this call (see ictarch._memory)
        blocked = run_lines(
            workspace, None, config=config, registry=registry, run_date=run_date, generated_at=generated_at
        )
        if blocked is not None:
            return blocked.by_province()
        findings = run(workspace, config=config, registry=registry, run_date=run_date, generated_at=generated_at)
        return FindingsByProvince.of(_by_province(findings.findings))


# --------------------------------------------------------------------------- one side at a time


def _pack(value: object) -> bytes:
    return pack(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unpack(data: bytes) -> Any:
    return pickle.loads(unpack(data))  # bytes this process packed itself, never read from outside


@dataclass(frozen=True)
class PackedProvince:
    """One province's model as the comparison needs it, compact: pickled and compressed (about a tenth of a MB at
    2,000 components, against tens of MB as live objects and graph)."""

    code: str
    architecture: bytes

    def unpack(self) -> ProvinceArchitecture:
        return _unpack(self.architecture)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PackedSide:
    """The first side of a diff, kept while its workspace, graph and findings are freed and the other side loads."""

    provinces: tuple[PackedProvince, ...]
    checks_run: bool
    findings: FindingsByProvince | None = None
    """The side's findings by province, compact (``checks_run``)."""


def pack_side(
    workspace: Workspace, *, run_date: dt.date, config: Config | None = None, checks: bool = True
) -> PackedSide:
    """What :func:`diff_packed` needs of one side: its models and, with ``checks``, its findings."""
    found = _side_findings(workspace, config, run_date) if checks else None
    provinces = tuple(PackedProvince(p.code, _pack(p.read_once())) for p in workspace.provinces)
    return PackedSide(provinces, checks, found)


def _pairs(olds: Iterable[str], news: Iterable[str]) -> list[tuple[str, str]]:
    """Provinces paired by code; one province on each side under different codes is a pair too."""
    a, b = set(olds), set(news)
    pairs = [(c, c) for c in sorted(a & b)]
    if not pairs and len(a) == 1 and len(b) == 1:
        pairs = [(next(iter(a)), next(iter(b)))]
    return pairs


def diff_packed(
    old: PackedSide,
    new: Workspace,
    *,
    old_label: str,
    new_label: str,
    run_date: dt.date,
    config: Config | None = None,
) -> DiffReport:
    """The diff of a packed first side (:func:`pack_side`) and a loaded second side, checked as the first was.

    Only one side's workspace, graph and findings are alive at a time; the first side's provinces are unpacked
    one at a time, for their pair.
    """
    olds = {p.code: p for p in old.provinces}
    news = {p.code: p for p in new.provinces}  # each model read for its pair, then dropped (a lazy side)
    pairs = _pairs(olds, news)
    after = _side_findings(new, config, run_date) if old.checks_run else None
    diffs: list[ArchitectureDiff] = []
    with short_lived(), bulk_build():  # unpacking builds a model at a time: the collector waits (ictarch._memory)
        for a, b in pairs:
            d = diff_architectures(olds[a].unpack(), news[b].read_once())
            if old.findings is not None and after is not None:
                d = replace(d, findings=compare_findings(old.findings.get(a, ()), after.get(b, ())))
            diffs.append(d)
    return DiffReport(
        old_label=old_label,
        new_label=new_label,
        provinces=tuple(diffs),
        added_provinces=tuple(sorted(news.keys() - {b for _, b in pairs})),
        removed_provinces=tuple(sorted(olds.keys() - {a for a, _ in pairs})),
        checks_run=old.checks_run,
        run_date=run_date,
    )


def diff_workspaces(
    old: Workspace,
    new: Workspace,
    *,
    old_label: str,
    new_label: str,
    run_date: dt.date,
    config: Config | None = None,
    checks: bool = True,
) -> DiffReport:
    """Pair the provinces of two sides by code and diff each pair; with ``checks``, compare their findings.

    When each side holds one province under different codes, the two are paired (the code change
    shows in the ``model`` entry). ``run_date`` is the date waivers are judged against, on both sides.
    The old side's graph and findings are freed before the new side's are built; a caller that can free the
    old workspace too packs it first and loads the new side after (:func:`pack_side`, :func:`diff_packed`).
    """
    packed = pack_side(old, run_date=run_date, config=config, checks=checks)
    gc.collect()
    return diff_packed(packed, new, old_label=old_label, new_label=new_label, run_date=run_date, config=config)
