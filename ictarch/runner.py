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
from collections.abc import Iterable, Iterator
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from ictarch.checks import default_registry
from ictarch.checks.gaps import layer_coverage
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, CheckSpec
from ictarch.checks.waivers import is_expired, unused_waivers
from ictarch.config import Config, resolve_config
from ictarch.findings import Finding, FindingDraft, Report, RuleInfo, Status
from ictarch.graph import DEPENDENCY_RELATIONS, ArchGraph, build_graph
from ictarch.i18n import Msg, msg
from ictarch.loading import Workspace
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
) -> Report:
    """Run the enabled checks and return the report; never raises because of a check.

    ``jobs`` processes share the checks (default: the machine's cores for large workspaces, else one).
    """
    registry = registry or default_registry()
    config = config or resolve_config(registry)
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    run_date = run_date or generated_at.date()
    ctx = CheckContext(workspace, graph or build_graph(workspace), config, run_date)
    specs = [s for s in registry if s.code in config.enabled]
    findings = _run_all([s for s in specs if not s.engine], ctx, jobs)
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
        coverage=tuple(c for p in workspace.provinces for c in layer_coverage(workspace, ctx.index, p)),
        generated_at=generated_at,
        run_date=run_date,
        fail_on=config.fail_on,
        profile=config.profile,
    )
    return report.with_baseline(baseline) if baseline is not None else report


PARALLEL_THRESHOLD = 5_000
"""Components below which starting processes costs more than the checks themselves."""


def _run_all(specs: list[CheckSpec], ctx: CheckContext, jobs: int | None) -> list[Finding]:
    """Run the checks, in forked processes when that pays off.

    Checks are pure functions of the context, so they can run anywhere that has it. A forked child
    inherits the workspace, the graph and the shared index as they are in memory (copy-on-write):
    nothing is serialised on the way in, only findings on the way back. Where ``fork`` is not
    available, or a child fails, the checks run here.
    """
    size = sum(len(p.architecture.components) for p in ctx.workspace.provinces)
    workers = jobs if jobs is not None else (os.cpu_count() or 1) if size >= PARALLEL_THRESHOLD else 1
    workers = min(workers, len(specs))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [f for spec in specs for f in run_check(spec, ctx)]
    _ = ctx.index, ctx.graph.view(DEPENDENCY_RELATIONS)  # build what the checks share before forking
    fork = multiprocessing.get_context("fork")
    counter = fork.Value("i", 0)  # the next check to take: whoever is free takes it
    children = []
    for _ in range(workers - 1):
        receive, send = fork.Pipe(duplex=False)
        child = fork.Process(target=_child, args=(specs, ctx, counter, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    done: dict[int, list[Finding]] = dict(_take(specs, ctx, counter))
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
    return [f for i in sorted(done) for f in done[i]]


def _take(specs: list[CheckSpec], ctx: CheckContext, counter: Any) -> Iterator[tuple[int, list[Finding]]]:
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value += 1
        if i >= len(specs):
            return
        yield i, list(run_check(specs[i], ctx))


def _child(specs: list[CheckSpec], ctx: CheckContext, counter: Any, send: Connection) -> None:
    send.send(list(_take(specs, ctx, counter)))
    send.close()


def run_checks(workspace: Workspace, graph: ArchGraph | None = None, **options: Any) -> Report:
    """:func:`run` with the graph as a positional argument (as the benchmarks call it)."""
    return run(workspace, graph=graph, **options)


def run_check(spec: CheckSpec, ctx: CheckContext) -> Iterator[Finding]:
    """The findings of one check; if it raises, those it yielded before and one ERROR finding."""
    reference = reference_text(spec, ctx.workspace)
    try:
        for draft in spec.fn(ctx):
            yield complete(spec, draft, ctx, reference)
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


def complete(spec: CheckSpec, draft: FindingDraft, ctx: CheckContext, reference: str | None = None) -> Finding:
    """A draft with the policy and the place filled in (``reference``: the check's, when already known)."""
    if isinstance(draft.message, Msg):
        draft.message.key()  # here, in the process that ran the check: sorting and fingerprints read it
    location = draft.location
    if location is None and draft.province is not None:
        loaded = ctx.provinces.get(draft.province) or ctx.workspace.province(draft.province)
        location = loaded.locate(draft.subject, *draft.at) or loaded.locate(draft.subject) or loaded.locate(loaded.code)
    return Finding(
        code=spec.code,
        name=spec.name,
        severity=ctx.config.severity(spec.code),
        status=Status.FAILED,
        message=draft.message,
        province=draft.province,
        subject=draft.subject,
        related=draft.related,
        location=location,
        reference=reference if reference is not None else reference_text(spec, ctx.workspace),
    )


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
        for w in loaded.architecture.waivers:
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
