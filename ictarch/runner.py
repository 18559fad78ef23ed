"""Run the checks on a workspace and collect a :class:`~ictarch.findings.Report`.

Each enabled check runs on one shared :class:`~ictarch.checks.spec.CheckContext`. A check that
raises becomes an ERROR finding and the run continues. Drafts are completed with the configured
severity, their YAML location and the reference clause; waivers from the model then turn matching
findings into WAIVED ones, and unused waivers are reported (ICT902). The run date and the
generation time are inputs, so that the same input always gives the same report.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from typing import Any, Protocol

from ictarch._memory import bulk_build
from ictarch.checks import default_registry
from ictarch.checks.gaps import layer_coverage
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, CheckSpec
from ictarch.checks.waivers import is_expired, unused_waivers
from ictarch.config import Config, resolve_config
from ictarch.errors import Location
from ictarch.findings import Finding, FindingDraft, LayerCoverage, Report, RuleInfo, Severity, Status
from ictarch.graph import ArchGraph
from ictarch.i18n import Msg, msg
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.models.province import Waiver

UNUSED_WAIVER = "ICT902"


def run(
    workspace: Workspace,
    *,
    config: Config | None = None,
    registry: Registry | None = None,
    graph: ArchGraph | None = None,
    run_date: dt.date | None = None,
    generated_at: dt.datetime | None = None,
    baseline: frozenset[str] | None = None,
    jobs: int | None = None,
    store: ProvinceStore | None = None,
) -> Report:
    """Run the enabled checks and return the report; never raises because of a check.

    ``jobs`` processes share the checks (default: the machine's cores for large workspaces, else one).
    With a ``store``, the province-scoped checks run only on the provinces it has no results for; the
    report is the same as without it.
    """
    registry = registry or default_registry()
    config = config or resolve_config(registry)
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    run_date = run_date or generated_at.date()
    with bulk_build():  # findings and their messages live as long as the report: see ictarch._memory
        return _run(workspace, config, registry, graph, run_date, generated_at, baseline, jobs, store)


def _run(
    workspace: Workspace,
    config: Config,
    registry: Registry,
    graph: ArchGraph | None,
    run_date: dt.date,
    generated_at: dt.datetime,
    baseline: frozenset[str] | None,
    jobs: int | None,
    store: ProvinceStore | None,
) -> Report:
    specs = [s for s in registry if s.code in config.enabled]
    runnable = [s for s in specs if not s.engine]
    matching = _whole(_matching(workspace, config, run_date, runnable))
    ready = {code: p.result for code, p in matching.items()}
    parts = {code: p.parts for code, p in matching.items() if p.parts}
    ctx = CheckContext(workspace, graph, config, run_date, parts)
    if ready:
        store = _Ready(ready, store)
    if store is None:
        findings = _run_all(runnable, ctx, jobs)
        coverage = tuple(c for p in workspace.provinces for c in layer_coverage(workspace, ctx.index, p))
    else:
        findings, coverage = _run_stored(runnable, ctx, store, jobs)
    grouped = frozenset(s.code for s in specs if s.grouped)
    findings, used = _apply_waivers(findings, workspace, run_date, grouped)
    if UNUSED_WAIVER in config.enabled:
        spec = registry.get(UNUSED_WAIVER)
        drafts = unused_waivers(workspace, used, {s.code for s in specs}, registry.codes, run_date)
        findings.extend(complete(spec, d, ctx) for d in drafts)
    report = Report(
        findings=tuple(findings),
        rules=tuple(rule_info(s, workspace) for s in specs),
        provinces=tuple(sorted(p.code for p in workspace.provinces)),
        coverage=coverage,
        generated_at=generated_at,
        run_date=run_date,
        fail_on=config.fail_on,
        profile=config.profile,
    )
    return report.with_baseline(baseline) if baseline is not None else report


@dataclass(frozen=True)
class ProvinceResult:
    """What a run computes from one province alone: its province-scoped checks' findings by code (completed,
    before waivers, in the order each check gave them) and its layer coverage."""

    findings: dict[str, list[Finding]]
    coverage: tuple[LayerCoverage, ...]


LocationKey = tuple[str, tuple[str | int, ...]]
"""A draft's subject and field path: with its province, all that :func:`complete` reads to place it."""


@dataclass
class Locations:
    """Where national checks' findings stand, by province and :data:`LocationKey`, remembered across runs.

    A location is a function of the province's files alone, but finding it may read the province's whole
    source map; a national check that flags components in every province would read every map on every run.
    """

    known: dict[str, dict[LocationKey, Location | None]]
    added: set[str] = field(default_factory=set)
    """Provinces with locations that were not known before the run."""


class ProvinceStore(Protocol):
    """Where a run finds and keeps :class:`ProvinceResult` values (for the same configuration and run date),
    and the locations of national findings in a province (for the same files)."""

    def load(self, loaded: LoadedArchitecture) -> ProvinceResult | None: ...

    def save(self, loaded: LoadedArchitecture, result: ProvinceResult) -> None: ...

    def locations(self, loaded: LoadedArchitecture) -> dict[LocationKey, Location | None]: ...

    def save_locations(self, loaded: LoadedArchitecture, known: dict[LocationKey, Location | None]) -> None: ...


def _run_stored(
    runnable: list[CheckSpec], ctx: CheckContext, store: ProvinceStore, jobs: int | None
) -> tuple[list[Finding], tuple[LayerCoverage, ...]]:
    """The findings of :func:`_run_all` and the coverage, with province results reused from ``store``.

    A province-scoped check's findings about a province are those it gives on that province alone
    (tests/test_check_scope.py), so they are computed on a workspace of the provinces the store lacks
    and split by province. A check that crashes there, or names another province, runs on the whole
    workspace instead, and nothing is stored. Findings keep the order of a plain run: by check, then by
    province, then as the check gave them.
    """
    workspace = ctx.workspace
    local = [s for s in runnable if s.scope == "province"]
    codes = {s.code for s in local}
    results: dict[str, ProvinceResult] = {}
    for p in workspace.provinces:
        stored = store.load(p)
        if stored is not None and codes <= stored.findings.keys():
            results[p.code] = stored
    missing = [p for p in workspace.provinces if p.code not in results]
    fresh: dict[str, list[Finding]] = {}
    sub = ctx
    if missing:
        if len(missing) < len(workspace.provinces):
            sub = CheckContext(Workspace(workspace.catalogue, missing), None, ctx.config, ctx.run_date)
        fresh = dict(zip((s.code for s in local), _run_each(local, sub, jobs), strict=True))
    names = {p.code for p in missing}
    fallback = {
        c for c, found in fresh.items() if any(f.status is Status.ERROR or f.province not in names for f in found)
    }
    split: dict[str, dict[str, list[Finding]]] = {p.code: {c: [] for c in codes - fallback} for p in missing}
    for code in fresh.keys() - fallback:
        for f in fresh[code]:
            split[f.province or ""][code].append(f)
    for p in missing:
        result = ProvinceResult(split[p.code], tuple(layer_coverage(sub.workspace, sub.index, p)))
        results[p.code] = result
        if not fallback:
            store.save(p, result)
    national = [s for s in runnable if s.code not in codes or s.code in fallback]
    memo = Locations({p.code: store.locations(p) for p in workspace.provinces})
    whole = dict(zip((s.code for s in national), _run_each(national, ctx, jobs, memo), strict=True))
    for p in workspace.provinces:
        if p.code in memo.added:
            store.save_locations(p, memo.known[p.code])
    findings: list[Finding] = []
    for spec in runnable:
        if spec.code in codes and spec.code not in fallback:
            for p in workspace.provinces:
                findings.extend(results[p.code].findings[spec.code])
        else:
            findings.extend(whole[spec.code])
    return findings, tuple(c for p in workspace.provinces for c in results[p.code].coverage)


@dataclass(frozen=True)
class Prepared:
    """A province's :class:`ProvinceResult`, computed in the process that loaded it, with what it was computed
    under: a run uses it only when it runs the same checks with the same configuration on the same day."""

    codes: tuple[str, ...]
    policy: tuple[object, ...]
    """The configuration as plain values (:func:`_policy`): a result travels between processes."""
    run_date: dt.date
    result: ProvinceResult
    parts: dict[str, object] = field(default_factory=dict)
    """The national checks' :attr:`~ictarch.checks.spec.CheckSpec.part` of the province, by check code."""
    made: object = None
    """What :attr:`ProvinceChecks.finish` made of the result (a report's part of the province), or None."""
    located: dict[LocationKey, Location | None] = field(default_factory=dict)
    """Where the national checks' findings about the province may stand (:attr:`CheckSpec.subjects`), found
    here: the run places them without the province's source map."""

    @property
    def whole(self) -> bool:
        """Whether ``result`` holds the findings: not when ``made`` stands for them (they were left in the
        worker), and only the run that asked for ``made`` can use such a result."""
        return self.made is None


def _policy(config: Config) -> tuple[object, ...]:
    severities = tuple(sorted(config.severities.items()))
    return tuple(sorted(config.enabled)), severities, config.fail_on, config.profile


@dataclass(frozen=True)
class ProvinceChecks:
    """The province-scoped checks of a run, done on each province where it is loaded
    (:data:`ictarch.loading.workspace.Prepare`): they run while the other provinces load, and the run then
    checks only what needs every province (ICT204).

    A province's findings from these checks are those they give on that province alone
    (tests/test_check_scope.py). A province whose checks crash or name another province gets no result
    (None): the run checks it as it would without this, crash and all.
    """

    specs: tuple[CheckSpec, ...]
    config: Config
    run_date: dt.date
    national: tuple[CheckSpec, ...] = ()
    """The run's national checks that have a :attr:`~ictarch.checks.spec.CheckSpec.part`: computed here too."""
    finish: Finish | None = None
    """Made of the province's result here too (:attr:`Prepared.made`): what the run would make of it, in the
    worker's time rather than the command's. What it makes stands for the findings, which then stay here
    (sending them cost both processes)."""

    def __call__(self, loaded: LoadedArchitecture, catalogue: Any, key: str | None = None) -> Prepared | None:
        """``key``: the province's model-cache key (None without a cache), for ``finish``."""
        ctx = CheckContext(Workspace(catalogue, [loaded]), None, self.config, self.run_date)
        try:
            findings: dict[str, list[Finding]] = {}
            for spec in self.specs:
                found = list(run_check(spec, ctx))
                if any(f.status is Status.ERROR or f.province != loaded.code for f in found):
                    return None
                findings[spec.code] = found
            coverage = tuple(layer_coverage(ctx.workspace, ctx.index, loaded))
            parts = {spec.code: spec.part(ctx) for spec in self.national if spec.part is not None}
            located = {
                subject: place(loaded, subject)
                for spec in self.national
                if spec.subjects is not None and spec.code in parts
                for subject in spec.subjects(parts[spec.code])
            }
            result = ProvinceResult(findings, coverage)
            made = self.finish(loaded, result, self.specs, ctx, key) if self.finish is not None else None
        except Exception:  # whatever went wrong here goes wrong again, and is reported, in the run
            return None
        finally:
            ctx.release()  # a load worker goes on with the next province
        codes, policy = tuple(s.code for s in self.specs), _policy(self.config)
        if made is not None:
            return Prepared(codes, policy, self.run_date, ProvinceResult({}, coverage), parts, made, located)
        return Prepared(codes, policy, self.run_date, result, parts, made, located)


class Finish(Protocol):
    """What a run makes of a province's result where the province is loaded (a report's part of it), standing
    for its findings (the result comes back without them), or None; ``key``: the province's model-cache key
    (None without a cache)."""

    def __call__(
        self,
        loaded: LoadedArchitecture,
        result: ProvinceResult,
        local: Sequence[CheckSpec],
        ctx: CheckContext,
        key: str | None,
    ) -> object: ...


def province_checks(
    registry: Registry, config: Config, run_date: dt.date, finish: Finish | None = None
) -> ProvinceChecks:
    """What loading runs on each province for a run of ``registry`` with ``config`` on ``run_date`` (``finish``:
    as :class:`ProvinceChecks` has it)."""
    national = tuple(s for s in registry if s.code in config.enabled and not s.engine and s.part is not None)
    return ProvinceChecks(tuple(_local(registry, config)), config, run_date, national, finish)


def _local(specs: Iterable[CheckSpec], config: Config) -> list[CheckSpec]:
    return [s for s in specs if s.code in config.enabled and not s.engine and s.scope == "province"]


def _matching(
    workspace: Workspace, config: Config, run_date: dt.date, runnable: list[CheckSpec]
) -> dict[str, Prepared]:
    """What loading prepared for this run (the same checks, configuration and day), by province."""
    key = (tuple(s.code for s in _local(runnable, config)), _policy(config), run_date)
    return {
        code: p
        for code, p in workspace.prepared.items()
        if isinstance(p, Prepared) and (p.codes, p.policy, p.run_date) == key
    }


def _whole(matching: dict[str, Prepared]) -> dict[str, Prepared]:
    """The results that hold their findings."""
    return {code: p for code, p in matching.items() if p.whole}


class _Ready:
    """A :class:`ProvinceStore` that gives the results loading prepared, behind the cache's (``inner``), which
    it fills with them: a cold run leaves what the next run reads."""

    def __init__(self, results: dict[str, ProvinceResult], inner: ProvinceStore | None) -> None:
        self.results = results
        self.inner = inner

    def load(self, loaded: LoadedArchitecture) -> ProvinceResult | None:
        stored = self.inner.load(loaded) if self.inner is not None else None
        if stored is not None:
            return stored
        result = self.results.get(loaded.code)
        if result is not None and self.inner is not None:
            self.inner.save(loaded, result)
        return result

    def save(self, loaded: LoadedArchitecture, result: ProvinceResult) -> None:
        if self.inner is not None:
            self.inner.save(loaded, result)

    def locations(self, loaded: LoadedArchitecture) -> dict[LocationKey, Location | None]:
        return self.inner.locations(loaded) if self.inner is not None else {}

    def save_locations(self, loaded: LoadedArchitecture, known: dict[LocationKey, Location | None]) -> None:
        if self.inner is not None:
            self.inner.save_locations(loaded, known)


PARALLEL_THRESHOLD = 5_000
"""Components below which starting processes costs more than the checks themselves."""


def _run_all(specs: list[CheckSpec], ctx: CheckContext, jobs: int | None) -> list[Finding]:
    """The findings of the checks, check after check."""
    return [f for found in _run_each(specs, ctx, jobs) for f in found]


def _run_each(
    specs: list[CheckSpec], ctx: CheckContext, jobs: int | None, memo: Locations | None = None
) -> list[list[Finding]]:
    """Each check's findings, in forked processes when that pays off.

    Checks are pure functions of the context, so they can run anywhere that has it. A forked child
    inherits the workspace, the graph and the shared index as they are in memory (copy-on-write):
    nothing is serialised on the way in, only findings on the way back. Where ``fork`` is not
    available, or a child fails, the checks run here.
    """
    if not specs:
        return []  # nothing to run reads no model
    size = sum(p.component_count() for p in ctx.workspace.provinces)
    workers = jobs if jobs is not None else (os.cpu_count() or 1) if size >= PARALLEL_THRESHOLD else 1
    workers = min(workers, len(specs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [list(run_check(spec, ctx, memo)) for spec in specs]
    _ = ctx.index  # build what every check shares before forking
    graphed = [i for i, s in enumerate(specs) if s.graph]
    if ctx.given_graph is not None or "graph" in ctx.__dict__:
        graphed = []  # the graph is there already: every process has it
    queue = [i for i in range(len(specs)) if i not in graphed]
    fork = multiprocessing.get_context("fork")
    counter = fork.Value("i", 0)  # the next check of the queue to take: whoever is free takes it
    children = []
    for n in range(workers - 1):
        receive, send = fork.Pipe(duplex=False)
        first = graphed if n == 0 else []  # one process builds the graph and runs the checks that read it
        child = fork.Process(target=_child, args=(os.getpid(), specs, ctx, counter, queue, first, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    done: dict[int, list[Finding]] = dict(_take(specs, ctx, counter, queue))
    for child, receive in children:
        try:
            done.update(receive.recv())
        except (EOFError, OSError):
            pass  # the child died: what it took is run again below
        finally:
            receive.close()
            child.join()
    for i, spec in enumerate(specs):
        if i not in done:
            done[i] = list(run_check(spec, ctx))
    return [done[i] for i in range(len(specs))]


def _take(
    specs: list[CheckSpec], ctx: CheckContext, counter: Any, queue: list[int], first: Iterable[int] = ()
) -> Iterator[tuple[int, list[Finding]]]:
    """The checks ``first``, then those of ``queue`` that no other process has taken."""
    for i in first:
        yield i, list(run_check(specs[i], ctx))
    while True:
        with counter.get_lock():
            at = counter.value
            counter.value += 1
        if at >= len(queue):
            return
        yield queue[at], list(run_check(specs[queue[at]], ctx))


def _child(
    parent: int,
    specs: list[CheckSpec],
    ctx: CheckContext,
    counter: Any,
    queue: list[int],
    first: list[int],
    send: Connection,
) -> None:
    from ictarch._children import end_with

    end_with(parent)
    send.send(list(_take(specs, ctx, counter, queue, first)))
    send.close()


def run_checks(workspace: Workspace, graph: ArchGraph | None = None, **options: Any) -> Report:
    """:func:`run` with the graph as a positional argument (as the benchmarks call it)."""
    return run(workspace, graph=graph, **options)


def run_check(spec: CheckSpec, ctx: CheckContext, memo: Locations | None = None) -> Iterator[Finding]:
    """The findings of one check; if it raises, those it yielded before and one ERROR finding."""
    reference = reference_text(spec, ctx.workspace)
    severity = ctx.config.severity(spec.code)
    try:
        for draft in spec.fn(ctx):
            yield _complete(spec, severity, draft, ctx, reference, memo)
    except Exception as exc:  # a bug in the check must not stop the run
        yield Finding(
            code=spec.code,
            name=spec.name,
            severity=ctx.config.severity(spec.code),
            status=Status.ERROR,
            message=msg("report.check-crashed", code=spec.code, error=f"{type(exc).__name__} {exc}"),
            province=None,
            subject="",
            reference=reference_text(spec, ctx.workspace),
        )


def complete(
    spec: CheckSpec,
    draft: FindingDraft,
    ctx: CheckContext,
    reference: str | None = None,
    memo: Locations | None = None,
) -> Finding:
    """A draft with the policy and the place filled in (``reference``: the check's, when already known;
    ``memo``: locations already found)."""
    reference = reference if reference is not None else reference_text(spec, ctx.workspace)
    return _complete(spec, ctx.config.severity(spec.code), draft, ctx, reference, memo)


def _complete(
    spec: CheckSpec, severity: Severity, draft: FindingDraft, ctx: CheckContext, reference: str, memo: Locations | None
) -> Finding:
    """:func:`complete` with what is the same for every finding of a check computed once by the caller."""
    if isinstance(draft.message, Msg):
        draft.message.key()  # here, in the process that ran the check: sorting and fingerprints read it
    location = draft.location
    if location is None and draft.province is not None:
        loaded = ctx.provinces.get(draft.province) or ctx.workspace.province(draft.province)
        known = memo.known.setdefault(loaded.code, {}) if memo is not None else {}
        key = (draft.subject, draft.at)
        if key in known:
            location = known[key]
        else:
            location = place(loaded, key)
            if memo is not None:
                known[key] = location
                memo.added.add(loaded.code)
    return Finding(
        code=spec.code,
        name=spec.name,
        severity=severity,
        status=Status.FAILED,
        message=draft.message,
        province=draft.province,
        subject=draft.subject,
        related=draft.related,
        location=location,
        reference=reference,
    )


def place(loaded: LoadedArchitecture, key: LocationKey) -> Location | None:
    """Where a finding about subject and field path ``key`` stands: the field, else the subject, else the
    province."""
    subject, at = key
    return loaded.locate(subject, *at) or loaded.locate(subject) or loaded.locate(loaded.code)


def reference_text(spec: CheckSpec, workspace: Workspace) -> str:
    """The reference as users read it: the document number and the clause."""
    doc = workspace.catalogue.documents.get(spec.reference_document)
    return f"{doc.number if doc else spec.reference_document}, {spec.reference_clause}"


def rule_info(spec: CheckSpec, workspace: Workspace) -> RuleInfo:
    return RuleInfo(
        code=spec.code,
        name=spec.name,
        title=spec.title,
        severity=spec.severity,
        groups=spec.groups,
        reference=reference_text(spec, workspace),
        doc=spec.doc,
        family=spec.family,
        precision=spec.precision,
    )


def _apply_waivers(
    findings: Iterable[Finding], workspace: Workspace, run_date: dt.date, grouped: frozenset[str] = frozenset()
) -> tuple[list[Finding], set[tuple[str, Waiver]]]:
    """Findings with matching, unexpired waivers turned WAIVED, and the waivers that were used.

    A waiver names a check and a subject; for a check in ``grouped`` (one finding per group), any member
    of the group (the subject or a related id): the first of them with a waiver decides, and every
    member's waiver counts as used. One dictionary lookup per member: linear in the findings.
    """
    active: dict[tuple[str, str, str], Waiver] = {}
    for loaded in workspace.provinces:
        for w in loaded.waivers():
            if not is_expired(w, run_date):
                active.setdefault((loaded.code, w.check, w.subject), w)
    used: set[tuple[str, Waiver]] = set()
    out: list[Finding] = []
    for f in findings:
        province = f.province or ""
        if f.status is not Status.FAILED:
            out.append(f)
            continue
        members = (f.subject, *f.related) if f.code in grouped else (f.subject,)
        found = (active.get((province, f.code, m)) for m in members)
        matches = [w for w in found if w is not None]
        if not matches:
            out.append(f)
            continue
        used.update((province, w) for w in matches)
        out.append(_waived(f, matches[0]))
    return out, used


def _waived(finding: Finding, waiver: Waiver) -> Finding:
    extra = [f"approved by {waiver.approver}"]
    if waiver.reference:
        extra.append(waiver.reference)
    if waiver.expires:
        extra.append(f"until {waiver.expires.isoformat()}")
    return replace(finding, status=Status.WAIVED, waiver_reason=f"{waiver.reason} ({'; '.join(extra)})")
