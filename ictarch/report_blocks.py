"""A check report written from each province's rendered findings, kept in the cache between runs.

Findings sort by province first (:meth:`~ictarch.findings.Finding.sort_key`), so a province's findings stand
together in the output. What the province-scoped checks find in a province depends on that province alone
(tests/test_check_scope.py), and so do its waivers and its layer coverage: their rendered text, with their
counts for the summary, is kept per province (a *part*) under the province's model key, the configuration,
the run date, the checks, the language and the baseline. A run after one province was edited renders that
province's part again and reads the others' parts as text: no finding of theirs is built, sorted or
rendered. The national checks (ICT204) run on the whole workspace as always, and their findings about a
province are merged into its part check by check: a check is either province-scoped or national, and the
findings of one check share one severity, so the order is exactly that of the whole report.

Where the load workers run the province-scoped checks (a large model), each also renders its province's part
(:class:`PartMaker`, the run's :attr:`~ictarch.runner.ProvinceChecks.finish`), in parallel, and the command only
merges: without the cache (``--no-cache``, which writes the report from parts too) the findings themselves stay
in the worker, as nothing else of the run reads them.

The output is byte for byte what the report of :func:`ictarch.runner.run` gives in the same format (tests:
tests/test_report_blocks.py). Locations are kept as the run named them, with the province's folder given
apart; a copy of the models in another folder reuses the parts (the folder's name is replaced, and only if
it stands exactly where the locations do). A run falls back to the whole report (None) when a province
waives a national check's finding or when a province-scoped check crashes or names another province.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ictarch import report_national
from ictarch._packing import pack, unpack
from ictarch.checks.registry import Registry
from ictarch.checks.spec import CheckContext, CheckSpec
from ictarch.checks.waivers import unused_waivers
from ictarch.config import Config
from ictarch.errors import Location
from ictarch.findings import (
    Finding,
    FindingCounts,
    LayerCoverage,
    Report,
    Severity,
    Status,
    Summary,
    by_province,
    summarize,
    tally,
)
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.loading.files import display_name
from ictarch.report_cache import ProvinceCache, ResultSaver
from ictarch.runner import (
    UNUSED_WAIVER,
    Locations,
    ProvinceResult,
    ProvinceStore,
    _apply_waivers,
    _matching,
    _Ready,
    _run_each,
    complete,
    rule_info,
)

PART_FORMAT = 2
FORMATS = frozenset({"json"})
"""The formats whose report is written from parts (a province's findings stand together in them)."""

Run = tuple[int, str, list[bytes]]
"""One check's findings about one province: the severity's rank negated, the code, the findings rendered (in
one text or several, in order; UTF-8, as the report is written)."""


@dataclass
class Part:
    """One province's findings of the province-scoped checks and ICT902 (waivers and baseline applied), rendered."""

    runs: list[Run]
    counts: dict[str, int]
    coverage: list[str]
    prefix: str
    """What every location's file starts with: the province's folder as this run names it, with a separator."""
    located: int
    """How many findings have a location: each stands after ``"file": "`` and ``prefix``."""


def _prefix(loaded: LoadedArchitecture) -> str:
    return display_name(loaded.root / "_")[:-1]


def _runs(findings: Sequence[Finding], render: Callable[[Sequence[Finding]], bytes]) -> list[Run]:
    """Sorted findings of one province, rendered a check at a time (the findings of a check share one severity)."""
    runs: list[Run] = []
    start = 0
    for i, f in enumerate(findings):
        if i + 1 == len(findings) or findings[i + 1].code != f.code:
            runs.append((-f.severity.rank, f.code, [render(findings[start : i + 1])]))
            start = i + 1
    return runs


class PartStore:
    """Parts as JSON files in the cache folder, keyed by everything a part depends on."""

    def __init__(self, cache_dir: Path, province_cache: ProvinceCache, registry: Registry, extra: dict[str, Any]):
        self.cache_dir = cache_dir
        self.keys = province_cache.keys
        key = {"format": PART_FORMAT, "province": province_cache.base, "known": sorted(registry.codes), **extra}
        self.base = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()

    def _path(self, loaded: LoadedArchitecture) -> Path | None:
        key = self.keys.get(loaded.code)
        if key is None:
            return None
        digest = hashlib.sha256(f"{self.base}\0{loaded.code}\0{key}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.part.json"

    def load(self, loaded: LoadedArchitecture) -> Part | None:
        path = self._path(loaded)
        read = None if path is None else report_national.load(path)
        if read is None:
            return None  # absent or damaged: the province's part is made again
        data, texts = read
        try:
            if data["code"] != loaded.code:
                return None  # foreign
            each = iter(texts)
            runs = [(int(r), str(c), [next(each) for _ in range(int(n))]) for r, c, n in data["runs"]]
            if next(each, None) is not None:
                return None
            part = Part(
                runs,
                {str(k): int(v) for k, v in data["counts"].items()},
                [str(c) for c in data["coverage"]],
                str(data["prefix"]),
                int(data["located"]),
            )
        except (ValueError, KeyError, TypeError, StopIteration):
            return None
        return _moved(part, _prefix(loaded))

    def save(self, loaded: LoadedArchitecture, part: Part) -> None:
        path = self._path(loaded)
        if path is None or part.located < 0:
            return
        runs = [[rank, code, len(texts)] for rank, code, texts in part.runs]
        head = {"code": loaded.code, **vars(part), "runs": runs}
        report_national.save(path, head, [_unpacked(text) for _, _, texts in part.runs for text in texts])


def _moved(part: Part, prefix: str) -> Part | None:
    """The part with its locations' folder named ``prefix``; None unless the old name stands exactly there."""
    texts = [text for _, _, run in part.runs for text in run]
    renamed = report_national.rename(texts, part.prefix, prefix, part.located)
    if renamed is None:
        return None
    each = iter(renamed)
    runs = [(rank, code, [next(each) for _ in run]) for rank, code, run in part.runs]
    return Part(runs, part.counts, part.coverage, prefix, part.located)


def _placed(locations: Iterable[Location | None], loaded: LoadedArchitecture) -> tuple[str, int]:
    """The prefix of the province's locations, and how many of ``locations`` are some (-1: one outside it)."""
    prefix = _prefix(loaded)
    located = _located(locations, loaded, prefix)
    return prefix, -1 if located is None else located


def _located(locations: Iterable[Location | None], loaded: LoadedArchitecture, prefix: str) -> int | None:
    """How many of findings' ``locations`` are some, all in the province's folder as ``prefix`` names it; else
    None."""
    n = 0
    named: dict[str, bool] = {}  # a province's findings stand in a few files: each is named again once
    for location in locations:
        if location is None:
            continue
        file = location.file
        inside = named.get(file)
        if inside is None:
            inside = named[file] = file.startswith(prefix) and display_name(loaded.root / file[len(prefix) :]) == file
        if not inside:
            return None
        n += 1
    return n


@dataclass
class Blocked:
    """A report as its parts: what the writer of a format needs, and the exit code."""

    head: Report
    """The report without findings (metadata, rules, provinces)."""
    groups: list[tuple[str, list[Run]]]
    """Each province's findings, by province ('' first: findings about no province), rendered."""
    coverage: list[str]
    counts: Counter[str]

    def summary(self) -> Summary:
        return summarize(self.counts, self.head.fail_on)

    def exit_code(self) -> int:
        return 1 if self.counts["failing"] else 0

    def items(self) -> Iterator[bytes]:
        for _province, runs in self.groups:
            for _rank, _code, texts in runs:
                for text in texts:
                    yield _unpacked(text)

    def by_province(self) -> FindingsByProvince:
        """The findings of a report rendered as lines (:func:`~ictarch.finding_lines.render_lines`), read one
        province at a time."""
        return FindingsByProvince({code or None: runs for code, runs in self.groups})


class Packed(bytes):
    """A rendered text compressed (:mod:`ictarch._packing`), as a load worker sends a part that the run writes
    only once: it waits for the writing in a tenth of the memory (:attr:`PartMaker.pack`)."""


_SEVERITY = {s.rank: s for s in Severity}


def _unpacked(text: bytes) -> bytes:
    return unpack(text) if type(text) is Packed else text


def _packed(text: bytes) -> Packed:
    return Packed(pack(text))


class FindingsByProvince(Mapping[str | None, list[Finding]]):
    """A report's findings by province (None: those about no province), kept as compressed lines of JSON and
    read when a province is asked for: the last two provinces read are kept. A national report's findings
    take about a tenth of the memory their objects would, and a command that works one province at a time (the
    site) holds two provinces' findings; what summaries show of each province (:attr:`counts`) is known
    without reading them."""

    KEPT = 2

    def __init__(self, runs: dict[str | None, list[Run]]) -> None:
        """``runs``: each province's findings as lines (:func:`~ictarch.finding_lines.render_lines`), a check's
        findings at a time, in order; a run's texts that are not :class:`Packed` are packed together."""
        self._runs: dict[str | None, list[Run]] = {
            code: [
                (
                    rank,
                    check,
                    texts if all(type(t) is Packed for t in texts) else [_packed(b"".join(map(_unpacked, texts)))],
                )
                for rank, check, texts in found
            ]
            for code, found in runs.items()
        }
        self._read: dict[str | None, list[Finding]] = {}
        self._counts: dict[str | None, FindingCounts] | None = None

    @property
    def counts(self) -> dict[str | None, FindingCounts]:
        """Each province's findings counted, without reading them (once, when first asked)."""
        if self._counts is None:
            from ictarch.finding_lines import count_lines

            self._counts = {}
            for code, found in self._runs.items():
                counts = self._counts[code] = FindingCounts()
                for rank, check, texts in found:
                    for text in texts:
                        counts.add(check, _SEVERITY[-rank], *count_lines(_unpacked(text)))
        return self._counts

    @classmethod
    def of(cls, findings: Mapping[str | None, Sequence[Finding]]) -> FindingsByProvince:
        """Findings already read, by province (each province's in order), kept so."""
        from ictarch.finding_lines import render_lines

        return cls({code: _runs(found, render_lines) for code, found in findings.items()})

    def __getitem__(self, code: str | None) -> list[Finding]:
        found = self._read.get(code)
        if found is None:
            from ictarch.finding_lines import read_lines

            runs = self._runs[code]  # KeyError: a province without findings
            found = read_lines(b"".join(_unpacked(t) for _, _, texts in runs for t in texts))
            if len(self._read) >= self.KEPT:
                del self._read[next(iter(self._read))]
            self._read[code] = found
        return found

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._runs)

    def __len__(self) -> int:
        return len(self._runs)


def run_blocks(
    workspace: Workspace,
    cache_dir: Path | None,
    *,
    config: Config,
    registry: Registry,
    run_date: dt.date,
    generated_at: dt.datetime,
    baseline: frozenset[str] | None,
    lang: str,
    render: Callable[[Sequence[Finding]], bytes],
    render_coverage: Callable[[LayerCoverage], str],
    fmt: str = "json",
    framing: report_national.Framing = report_national.ITEMS,
) -> Blocked | None:
    """The report of :func:`ictarch.runner.run` as parts, reusing each province's part from the cache (none:
    ``cache_dir`` None); None when this run must make the whole report (see the module's doc).

    ``render`` and ``render_coverage`` give the text of findings (in order, joined) and of a coverage row in the
    format ``fmt`` (a stored part is kept for that format); ``framing`` joins and tells apart the findings of one
    text of ``render``.
    """
    provinces = workspace.provinces
    if len(provinces) < 2:
        return None
    if cache_dir is not None and set(workspace.province_keys) != {p.code for p in provinces}:
        return None
    specs = [s for s in registry if s.code in config.enabled]
    runnable = [s for s in specs if not s.engine]
    local = [s for s in runnable if s.scope == "province"]
    national = [s for s in runnable if s.scope != "province"]
    if any(p.waived_checks() & {s.code for s in national} for p in provinces):
        return None  # a national finding may be waived: the province's part would depend on it
    head = Report(
        findings=(),
        rules=tuple(rule_info(s, workspace) for s in specs),
        provinces=tuple(sorted(p.code for p in provinces)),
        coverage=(),
        generated_at=generated_at,
        run_date=run_date,
        fail_on=config.fail_on,
        profile=config.profile,
        baseline=baseline is not None,
    )
    store = ProvinceCache.for_run(cache_dir, workspace, config, registry, run_date) if cache_dir is not None else None
    baseline_key = sorted(baseline) if baseline is not None else None
    extra = {"lang": lang, "baseline": baseline_key, "fmt": fmt}
    parts_store = PartStore(cache_dir, store, registry, extra) if cache_dir is not None and store else None
    matching = _matching(workspace, config, run_date, runnable)  # what the load workers made for this run
    ready = {code: p.result for code, p in matching.items()}
    # the national checks' parts of each province (ICT204's groups), so that no province's model is read here
    ctx = CheckContext(workspace, None, config, run_date, {code: p.parts for code, p in matching.items() if p.parts})
    parts = {p.code: parts_store.load(p) if parts_store else None for p in provinces}
    missing = [p for p in provinces if parts[p.code] is None]
    results: ProvinceStore = _Ready(ready, store)
    premade = {code: p.made for code, p in matching.items() if isinstance(p.made, Part)}
    rest = [p for p in missing if p.code not in premade]
    made = _make_parts(rest, ctx, local, specs, registry, results, baseline, head, render, render_coverage)
    if made is None:
        return None
    made.update({p.code: premade[p.code] for p in missing if p.code in premade})
    for p in missing:
        parts[p.code] = made[p.code]
        if parts_store is not None:
            parts_store.save(p, made[p.code])
    memo = Locations({p.code: results.locations(p) for p in provinces})
    for code, prepared in matching.items():  # located where loaded: no source map is read here
        known = memo.known[code]
        if not prepared.located.keys() <= known.keys():
            known.update(prepared.located)
            memo.added.add(code)  # the cache keeps them for the next run
    ict204 = next((s for s in national if s.fn is report_national.CHECK), None)
    national = [s for s in national if s is not ict204]
    whole = [f for found in _run_each(national, ctx, None, memo) for f in found]
    cross: dict[str, list[bytes]] = {}
    cross_counts: Counter[str] = Counter()
    if ict204 is not None:  # only the groups an edit changed are rendered again
        groups_store = report_national.GroupStore(cache_dir, workspace, parts_store.base if parts_store else "")
        cross, cross_counts = report_national.run_groups(
            ict204, ctx, groups_store, memo, baseline, head, render, _placed, framing, _packed
        )
    for p in provinces:
        if p.code in memo.added:
            results.save_locations(p, memo.known[p.code])
    if baseline is not None:
        whole = [replace(f, baselined=f.fingerprint in baseline) for f in whole]
    counts = tally(whole, head.fail_on) + cross_counts
    about = dict(by_province(sorted(whole, key=Finding.sort_key)))
    groups = []
    for code in sorted(about.keys() | parts.keys()):
        runs = _runs(about.get(code, ()), render)
        if ict204 is not None and cross.get(code):
            runs.append((-config.severity(ict204.code).rank, ict204.code, cross[code]))
        part = parts.get(code)
        if part is not None:
            counts.update(part.counts)
        runs = sorted([*(part.runs if part else []), *runs], key=lambda run: run[:2])
        groups.append((code, runs))
    coverage = [c for p in provinces for c in parts[p.code].coverage]  # type: ignore[union-attr]
    return Blocked(head, groups, coverage, counts)


def run_lines(
    workspace: Workspace,
    cache_dir: Path | None,
    *,
    config: Config,
    registry: Registry,
    run_date: dt.date,
    generated_at: dt.datetime,
) -> Blocked | None:
    """:func:`run_blocks` with each province's findings as lines of JSON (:mod:`ictarch.finding_lines`), for a
    command that reads them a province at a time (:meth:`Blocked.by_province`): the site, ``diff``."""
    from ictarch.finding_lines import coverage_line, render_lines, split_lines

    return run_blocks(
        workspace,
        cache_dir,
        config=config,
        registry=registry,
        run_date=run_date,
        generated_at=generated_at,
        baseline=None,
        lang="",  # the lines hold messages, not their text
        render=render_lines,
        render_coverage=coverage_line,
        fmt="lines",
        framing=report_national.Framing(b"", split_lines),
    )


def _make_parts(
    missing: list[LoadedArchitecture],
    ctx: CheckContext,
    local: list[CheckSpec],
    specs: list[CheckSpec],
    registry: Registry,
    store: ProvinceStore,
    baseline: frozenset[str] | None,
    head: Report,
    render: Callable[[Sequence[Finding]], bytes],
    render_coverage: Callable[[LayerCoverage], str],
) -> dict[str, Part] | None:
    """The parts of the provinces the cache has none for, from their stored results or their checks run
    again; None when a province-scoped check crashes or names another province."""
    codes = {s.code for s in local}
    results: dict[str, ProvinceResult] = {}
    for p in missing:
        stored = store.load(p)
        if stored is not None and codes <= stored.findings.keys():
            results[p.code] = stored
    fresh = [p for p in missing if p.code not in results]
    if fresh:
        sub = CheckContext(Workspace(ctx.workspace.catalogue, fresh), None, ctx.config, ctx.run_date)
        names = {p.code for p in fresh}
        found = _run_each(local, sub, None)
        if any(f.status is Status.ERROR or f.province not in names for checked in found for f in checked):
            return None
        from ictarch.checks.gaps import layer_coverage

        split: dict[str, dict[str, list[Finding]]] = {p.code: {s.code: [] for s in local} for p in fresh}
        for spec, checked in zip(local, found, strict=True):
            for f in checked:
                split[f.province or ""][spec.code].append(f)
        for p in fresh:
            results[p.code] = ProvinceResult(split[p.code], tuple(layer_coverage(sub.workspace, sub.index, p)))
            store.save(p, results[p.code])
    rules = Rules.of(specs, registry, baseline, head.fail_on)
    return {p.code: rules.part(p, results[p.code], local, ctx, render, render_coverage) for p in missing}


@dataclass(frozen=True)
class Rules:
    """What a province's part depends on besides the province: the run's checks, the baseline, ``fail_on``."""

    ran: frozenset[str]
    grouped: frozenset[str]
    known: frozenset[str]
    """Every check the registry knows (an unused waiver may name one that did not run)."""
    unused_waiver: CheckSpec | None
    baseline: frozenset[str] | None
    fail_on: Severity

    @classmethod
    def of(
        cls, specs: Sequence[CheckSpec], registry: Registry, baseline: frozenset[str] | None, fail_on: Severity
    ) -> Rules:
        ran = frozenset(s.code for s in specs)
        grouped = frozenset(s.code for s in specs if s.grouped)
        unused = registry.get(UNUSED_WAIVER) if UNUSED_WAIVER in ran else None
        return cls(ran, grouped, frozenset(registry.codes), unused, baseline, fail_on)

    def part(
        self,
        p: LoadedArchitecture,
        result: ProvinceResult,
        local: Sequence[CheckSpec],
        ctx: CheckContext,
        render: Callable[[Sequence[Finding]], bytes],
        render_coverage: Callable[[LayerCoverage], str],
    ) -> Part:
        """The province's part from its province-scoped checks' ``result``: waivers, ICT902 and the baseline
        applied, sorted and rendered."""
        alone = Workspace(ctx.workspace.catalogue, [p])
        findings, used = _apply_waivers(
            (f for s in local for f in result.findings[s.code]), alone, ctx.run_date, self.grouped
        )
        if self.unused_waiver is not None:
            drafts = unused_waivers(alone, used, set(self.ran), self.known, ctx.run_date)
            findings.extend(complete(self.unused_waiver, d, ctx) for d in drafts)
        if self.baseline is not None:
            findings = [replace(f, baselined=f.fingerprint in self.baseline) for f in findings]
        findings.sort(key=Finding.sort_key)
        prefix = _prefix(p)
        located = _located((f.location for f in findings), p, prefix)
        runs = _runs(findings, render)
        coverage = [render_coverage(c) for c in result.coverage]
        # a location outside the province's folder: the part is not kept (-1), it could not be moved
        counts = dict(tally(findings, self.fail_on))
        return Part(runs, counts, coverage, prefix, -1 if located is None else located)


@dataclass(frozen=True)
class PartMaker:
    """A province's part made where it is loaded (:attr:`ictarch.runner.ProvinceChecks.finish`), for a run of
    :func:`run_blocks` with the same rules, language and format; a province that waives a national check gets
    none (that run makes the whole report)."""

    rules: Rules
    national: frozenset[str]
    render: Callable[[Sequence[Finding]], bytes]
    render_coverage: Callable[[LayerCoverage], str]
    pack: bool = False
    """The part's texts :class:`Packed`: for a run that keeps no part (no cache) and writes each text once."""
    keep: ResultSaver | None = None
    """Where the province's results are stored for later runs (the cache), here rather than in the command."""

    @classmethod
    def lines(cls, registry: Registry, config: Config, run_date: dt.date, cache_dir: Path | None) -> PartMaker:
        """For a run of :func:`run_lines`: the parts packed in any case (the command keeps them so)."""
        from ictarch.finding_lines import coverage_line, render_lines

        return cls.of(registry, config, render_lines, coverage_line, run_date, cache_dir, pack=True)

    @classmethod
    def of(
        cls,
        registry: Registry,
        config: Config,
        render: Callable[[Sequence[Finding]], bytes],
        render_coverage: Callable[[LayerCoverage], str],
        run_date: dt.date,
        cache_dir: Path | None,
        pack: bool | None = None,
    ) -> PartMaker:
        """For a run without a baseline (its findings are marked against it in the run) on ``run_date``; with a
        ``cache_dir`` the results are stored there. The texts are packed when ``pack`` says so, by default
        without a cache (a run that keeps the parts stores them as text)."""
        specs = [s for s in registry if s.code in config.enabled]
        national = frozenset(s.code for s in specs if not s.engine and s.scope != "province")
        rules = Rules.of(specs, registry, None, config.fail_on)
        pack = cache_dir is None if pack is None else pack
        if cache_dir is None:
            return cls(rules, national, render, render_coverage, pack=pack)
        keep = ResultSaver(cache_dir, ProvinceCache.base_for(config, registry, run_date))
        return cls(rules, national, render, render_coverage, pack=pack, keep=keep)

    def __call__(
        self,
        loaded: LoadedArchitecture,
        result: ProvinceResult,
        local: Sequence[CheckSpec],
        ctx: CheckContext,
        key: str | None,
    ) -> Part | None:
        if loaded.waived_checks() & self.national:
            return None  # its results go to the command, which stores them
        if self.keep is not None and key is not None:
            self.keep(loaded, key, result)
        part = self.rules.part(loaded, result, local, ctx, self.render, self.render_coverage)
        if self.pack:
            part.runs = [(rank, code, [_packed(t) for t in texts]) for rank, code, texts in part.runs]
        return part
