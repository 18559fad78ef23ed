"""What a revision changes in province architectures, for review (``ictarch diff OLD NEW``).

:func:`diff_architectures` compares two models of one province: the entries of each list added,
removed and changed field by field, and the budget deltas per domain and phase. It is pure.
:func:`diff_workspaces` pairs the provinces of two loaded sides by code, runs the checks on each
side and adds the findings the revision introduces, resolves or rewords (:func:`compare_findings`).
The renderers (:func:`to_text`, :func:`to_markdown`, :func:`to_dict`) are pure and deterministic;
the Markdown is made to be posted as a pull-request comment.

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
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ictarch.config import Config
from ictarch.findings import Finding, Status
from ictarch.loading import Workspace
from ictarch.models.common import Label
from ictarch.models.province import ProvinceArchitecture
from ictarch.money import format_vnd
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
    skip = {spec.name for spec in COLLECTIONS} | NOT_COMPARED
    rest_old, rest_new = old.model_dump(mode="json", by_alias=True), new.model_dump(mode="json", by_alias=True)
    rest_old = {k: v for k, v in rest_old.items() if k not in skip}
    rest_new = {k: v for k, v in rest_new.items() if k not in skip}
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
        old_messages = {f.message: f for f in before.get(key, [])}
        new_messages = {f.message: f for f in after.get(key, [])}
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
    """
    olds = {p.code: p.architecture for p in old.provinces}
    news = {p.code: p.architecture for p in new.provinces}
    pairs: list[tuple[str, str]] = [(c, c) for c in sorted(olds.keys() & news.keys())]
    if not pairs and len(olds) == 1 and len(news) == 1:
        pairs = [(next(iter(olds)), next(iter(news)))]
    paired_old = {a for a, _ in pairs}
    paired_new = {b for _, b in pairs}
    diffs = [diff_architectures(olds[a], news[b]) for a, b in pairs]
    if checks:
        generated_at = dt.datetime.combine(run_date, dt.time(), tzinfo=dt.UTC)
        before = run(old, config=config, run_date=run_date, generated_at=generated_at).findings
        after = run(new, config=config, run_date=run_date, generated_at=generated_at).findings
        diffs = [
            replace(
                d,
                findings=compare_findings(
                    (f for f in before if f.province == d.old_code), (f for f in after if f.province == d.new_code)
                ),
            )
            for d in diffs
        ]
    return DiffReport(
        old_label=old_label,
        new_label=new_label,
        provinces=tuple(diffs),
        added_provinces=tuple(sorted(news.keys() - paired_new)),
        removed_provinces=tuple(sorted(olds.keys() - paired_old)),
        checks_run=checks,
        run_date=run_date,
    )


# --------------------------------------------------------------------------- rendering


def _name(data: dict[str, Any], lang: str) -> str:
    name = data.get("name")
    if isinstance(name, dict):
        return str(name.get("en") if lang == "en" and name.get("en") else name.get("vi", ""))
    return ""


def _signed_vnd(amount: int) -> str:
    return f"{'+' if amount >= 0 else '−'}{abs(amount) / 1e9:,.1f}"


def describe(collection: str, data: dict[str, Any], lang: str = "vi") -> str:
    """A short description of an added or removed entry: its name and its main facts."""
    facts: list[str] = []
    if collection == "components":
        facts = [data.get("kind") or "", data.get("status") or ""]
        if data.get("citizen_facing"):
            facts.append("citizen-facing")
    elif collection == "projects":
        years = f"{data.get('start_year') or '?'}–{data.get('end_year') or '?'}"
        facts = [data.get("domain") or "", data.get("phase") or "", years, format_vnd(data.get("budget_vnd"))]
    elif collection == "indicators":
        facts = [f"target {data.get('target')}", str(data.get("year") or "")]
    elif collection == "waivers":
        facts = [str(data.get("reason") or ""), f"approved by {data.get('approver')}"]
    elif collection == "not_applicable":
        justification = data.get("justification") or {}
        facts = [str(justification.get("vi", "")) if isinstance(justification, dict) else ""]
    name = _name(data, lang)
    details = ", ".join(f for f in facts if f)
    return " ".join(p for p in (name, f"({details})" if details else "") if p)


def show_value(value: Any) -> str:
    """A field's value as the reader sees it: text as is, lists and mappings as JSON, absent as '—'."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 100_000:
        return f"{value:,}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def list_moves(change: FieldChange) -> str:
    """The items added and removed when both sides of a change are lists: ``(+a, −b)``, else ''."""
    if not (isinstance(change.old, list) and isinstance(change.new, list)):
        return ""
    plus = [f"+{show_value(v)}" for v in change.new if v not in change.old]
    minus = [f"−{show_value(v)}" for v in change.old if v not in change.new]
    return f" ({', '.join(plus + minus)})" if plus or minus else ""


def show_change(change: FieldChange) -> str:
    """``path: old → new``, with the items added and removed when both sides are lists."""
    return f"{change.path}: {show_value(change.old)} → {show_value(change.new)}{list_moves(change)}"


def _counts(c: CollectionDiff) -> str:
    parts = []
    for n, word in ((len(c.added), "added"), (len(c.removed), "removed"), (len(c.changed), "changed")):
        if n:
            parts.append(f"{n} {word}")
    return ", ".join(parts)


def _title(c: CollectionDiff) -> str:
    return "province and programme" if c.name == MODEL else c.name.replace("_", "-")


def _finding_line(f: Finding) -> str:
    return f"{f.code} {f.severity.value} {f.subject}: {f.message}"


def to_text(report: DiffReport, lang: str = "vi") -> str:
    """The diff as plain text: ``+`` added, ``-`` removed, ``~`` changed."""
    lines = [f"diff {report.old_label} → {report.new_label}"]
    for code in report.removed_provinces:
        lines.append(f"- province {code} (only in {report.old_label})")
    for code in report.added_provinces:
        lines.append(f"+ province {code} (only in {report.new_label})")
    for d in report.provinces:
        renamed = f" (was {d.old_code})" if d.old_code != d.new_code else ""
        lines.append(f"{d.code}{renamed}: {d.name.text(lang)}")
        if d.empty:
            lines.append("  no change")
            continue
        for c in d.collections:
            lines.append(f"  {_title(c)}: {_counts(c)}")
            lines += [f"    + {e.key}  {describe(c.name, e.data, lang)}".rstrip() for e in c.added]
            lines += [f"    - {e.key}  {describe(c.name, e.data, lang)}".rstrip() for e in c.removed]
            for ch in c.changed:
                lines.append(f"    ~ {ch.key}")
                lines += [f"        {show_change(x)}" for x in ch.changes]
        if d.budgets:
            lines.append("  budgets (tỷ đồng):")
            for b in d.budgets:
                label = "total" if b.group == "total" else f"{b.group} {b.key}"
                lines.append(f"    {label}: {b.old / 1e9:,.1f} → {b.new / 1e9:,.1f} ({_signed_vnd(b.delta)})")
        f = d.findings
        if f is not None:
            lines.append(
                f"  findings: {len(f.introduced)} introduced, {len(f.resolved)} resolved, "
                f"{len(f.changed)} changed, {f.unchanged} unchanged"
            )
            lines += [f"    + {_finding_line(x)}" for x in f.introduced]
            lines += [f"    - {_finding_line(x)}" for x in f.resolved]
            for before, after in f.changed:
                lines.append(f"    ~ {after.code} {after.severity.value} {after.subject}")
                lines.append(f"        was: {before.message}")
                lines.append(f"        now: {after.message}")
    if not report.checks_run:
        lines.append("(checks not run: findings not compared)")
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _summary_cells(d: ArchitectureDiff) -> list[str]:
    cells = []
    for c in d.collections:
        signs = [f"+{len(c.added)}" if c.added else "", f"−{len(c.removed)}" if c.removed else ""]
        signs.append(f"~{len(c.changed)}" if c.changed else "")
        cells.append(f"{_title(c)} {' '.join(s for s in signs if s)}")
    total = next((b for b in d.budgets if b.group == "total"), None)
    if total is not None and total.delta:
        cells.append(f"budget {_signed_vnd(total.delta)} tỷ đồng")
    if d.findings is not None and not d.findings.empty:
        f = d.findings
        cells.append(f"findings +{len(f.introduced)} −{len(f.resolved)} ~{len(f.changed)}")
    return cells


def to_markdown(report: DiffReport, lang: str = "vi") -> str:
    """The diff as Markdown, for a pull-request comment."""
    lines = [f"## ictarch diff: `{report.old_label}` → `{report.new_label}`", ""]
    if report.empty:
        lines.append("No change to the architecture.")
    for code in report.removed_provinces:
        lines.append(f"- **removed province** `{code}` (only in `{report.old_label}`)")
    for code in report.added_provinces:
        lines.append(f"- **added province** `{code}` (only in `{report.new_label}`)")
    if report.removed_provinces or report.added_provinces:
        lines.append("")
    for d in report.provinces:
        renamed = f" (was `{d.old_code}`)" if d.old_code != d.new_code else ""
        lines += [f"### {_cell(d.name.text(lang))} (`{d.code}`){renamed}", ""]
        if d.empty:
            lines += ["No change.", ""]
            continue
        lines += ["**" + " · ".join(_summary_cells(d)) + "**", ""]
        for c in d.collections:
            lines += [f"#### {_title(c).capitalize()}", "", "| | entry | details |", "|---|---|---|"]
            lines += [f"| ➕ added | `{_cell(e.key)}` | {_cell(describe(c.name, e.data, lang))} |" for e in c.added]
            lines += [f"| ➖ removed | `{_cell(e.key)}` | {_cell(describe(c.name, e.data, lang))} |" for e in c.removed]
            for ch in c.changed:
                details = "<br>".join(
                    f"`{_cell(x.path)}`: {_cell(show_value(x.old))} → {_cell(show_value(x.new))}{_cell(list_moves(x))}"
                    for x in ch.changes
                )
                lines.append(f"| ✏️ changed | `{_cell(ch.key)}` | {details} |")
            lines.append("")
        if d.budgets:
            lines += ["#### Budgets (tỷ đồng)", "", "| | before | after | change |", "|---|---:|---:|---:|"]
            for b in d.budgets:
                label = "**total**" if b.group == "total" else f"{b.group} `{_cell(b.key)}`"
                lines.append(f"| {label} | {b.old / 1e9:,.1f} | {b.new / 1e9:,.1f} | {_signed_vnd(b.delta)} |")
            lines.append("")
        f = d.findings
        if f is not None:
            lines += [
                "#### Findings",
                "",
                f"{len(f.introduced)} introduced, {len(f.resolved)} resolved, {len(f.changed)} changed, "
                f"{f.unchanged} unchanged.",
                "",
            ]
            for title, items in (("Introduced", f.introduced), ("Resolved", f.resolved)):
                if items:
                    lines += [f"**{title}**", ""]
                    lines += [f"- **{x.code}** {x.severity.value} `{x.subject}`: {_cell(x.message)}" for x in items]
                    lines.append("")
            if f.changed:
                lines += ["**Changed**", ""]
                for before, after in f.changed:
                    lines.append(f"- **{after.code}** {after.severity.value} `{after.subject}`: {_cell(after.message)}")
                    lines.append(f"  (was: {_cell(before.message)})")
                lines.append("")
    if not report.checks_run:
        lines += ["_Checks not run: findings not compared._", ""]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "status": f.status.value,
        "province": f.province,
        "subject": f.subject,
        "related": list(f.related),
        "message": f.message,
        "fingerprint": f.fingerprint,
    }


def _collection_dict(c: CollectionDiff) -> dict[str, Any]:
    return {
        "added": [{"key": e.key, "entry": e.data} for e in c.added],
        "removed": [{"key": e.key, "entry": e.data} for e in c.removed],
        "changed": [
            {"key": ch.key, "fields": [{"path": x.path, "old": x.old, "new": x.new} for x in ch.changes]}
            for ch in c.changed
        ],
    }


def to_dict(report: DiffReport) -> dict[str, Any]:
    """The diff as JSON-ready data."""
    provinces = []
    for d in report.provinces:
        f = d.findings
        provinces.append(
            {
                "province": d.code,
                "old_code": d.old_code,
                "name": d.name.model_dump(exclude_none=True),
                "changes": {c.name: _collection_dict(c) for c in d.collections},
                "budgets": [
                    {"group": b.group, "key": b.key, "old": b.old, "new": b.new, "delta": b.delta} for b in d.budgets
                ],
                "findings": None
                if f is None
                else {
                    "introduced": [_finding_dict(x) for x in f.introduced],
                    "resolved": [_finding_dict(x) for x in f.resolved],
                    "changed": [{"old": _finding_dict(a), "new": _finding_dict(b)} for a, b in f.changed],
                    "unchanged": f.unchanged,
                },
            }
        )
    return {
        "old": report.old_label,
        "new": report.new_label,
        "run_date": report.run_date.isoformat() if report.run_date else None,
        "checks_run": report.checks_run,
        "added_provinces": list(report.added_provinces),
        "removed_provinces": list(report.removed_provinces),
        "provinces": provinces,
    }
