"""Findings and reports: plain data that checks produce and formatters render.

A check yields :class:`FindingDraft` values (what is wrong, about which entity, and the fix);
the runner completes them into :class:`Finding` values (code, severity from the configuration,
location in the YAML, reference clause, waiver) and collects them in a :class:`Report`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import TypedDict

from ictarch.errors import ConfigError, Location
from ictarch.i18n import DEFAULT_LANG, Msg, Text, msg, render
from ictarch.rule_docs import parse_sections
from ictarch.version import __version__

SCHEMA_VERSION = 1
"""Version of the JSON report format (schemas/report/v1.json)."""

BASELINE_VERSION = 1


class Severity(StrEnum):
    """How much a finding matters, ordered ``INFO < LOW < MEDIUM < HIGH < CRITICAL``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: str) -> bool:
        return self.rank < Severity(other).rank

    def __le__(self, other: str) -> bool:
        return self.rank <= Severity(other).rank

    def __gt__(self, other: str) -> bool:
        return self.rank > Severity(other).rank

    def __ge__(self, other: str) -> bool:
        return self.rank >= Severity(other).rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """A severity from its name in any case; a :class:`ConfigError` names the choices otherwise."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ConfigError(msg("config.unknown-severity", value=text, choices=[s.value for s in cls])) from None


_RANK = {s: i for i, s in enumerate(Severity)}


class Status(StrEnum):
    """What became of a finding: it failed, a waiver accepted it, or its check crashed."""

    FAILED = "failed"
    WAIVED = "waived"
    ERROR = "error"


@dataclass(frozen=True)
class FindingDraft:
    """What a check reports: the subject, the province, a message that names the fix, and where.

    ``at`` is a field path under the subject entity (``("security_level",)``) used to locate the
    finding; ``location`` overrides it for findings about something other than the subject's entry
    (a province-level gap points at the province's code).
    """

    subject: str
    message: Text
    province: str | None = None
    related: tuple[str, ...] = ()
    at: tuple[str | int, ...] = ()
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of one check about one subject, complete with policy (severity, waiver) and place."""

    code: str
    name: str
    severity: Severity
    status: Status
    message: Text
    """A catalogue message (id and arguments), rendered in the reader's language by :meth:`text`."""
    province: str | None
    subject: str
    related: tuple[str, ...] = ()
    location: Location | None = None
    reference: str = ""
    waiver_reason: str | None = None
    baselined: bool = False

    def __reduce__(self) -> tuple[object, ...]:
        return Finding, tuple(getattr(self, f) for f in _FINDING_FIELDS)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang``."""
        return render(self.message, lang)

    @property
    def message_id(self) -> str | None:
        """The catalogue id of the message (None for text not in the catalogue)."""
        return self.message.id if isinstance(self.message, Msg) else None

    @property
    def message_key(self) -> str:
        """The message independent of language: its id and arguments as JSON (or the text as written)."""
        return message_key(self.message)

    @property
    def fingerprint(self) -> str:
        """A stable identity across runs and languages: code, province, subject and message (not the line)."""
        key = "\x1f".join((self.code, self.province or "", self.subject, self.message_key))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    @property
    def counts(self) -> bool:
        """Whether the finding is open: failed or crashed, and not accepted by the baseline."""
        return self.status is not Status.WAIVED and not self.baselined

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.province or "", -self.severity.rank, self.code, self.subject, self.message_key)


def message_key(message: Text) -> str:
    """A message as one language-independent string: id and arguments as sorted JSON, or the text as written."""
    if isinstance(message, str):
        return message
    return message.key()


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass(frozen=True)
class LayerCoverage:
    """How far a province covers one layer of a declared framework (for the coverage table)."""

    province: str
    framework: str
    layer: str
    name: str
    kind: str
    coverage_required: bool
    components: tuple[str, ...]
    """Province components placed in the layer."""
    realized: tuple[str, ...]
    """Reference components of the layer that the province realizes."""
    expected: tuple[str, ...]
    """Reference components of the layer a province is expected to build (not national, not declared n/a)."""

    @property
    def percent(self) -> int | None:
        """Share of the expected reference components realized, or None when the layer lists none."""
        if not self.expected:
            return None
        return round(100 * len(set(self.realized) & set(self.expected)) / len(self.expected))

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r for r in self.expected if r not in self.realized)


class Summary(TypedDict):
    """Counts of a report, as :meth:`Report.summary` returns them."""

    total: int
    by_severity: dict[str, int]
    by_status: dict[str, int]
    baselined: int
    failing: int
    fail_on: str
    exit_code: int


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a check that ran: enough for rule catalogues in SARIF and JUnit."""

    code: str
    name: str
    title: str
    severity: Severity
    groups: tuple[str, ...]
    reference: str
    doc: str
    family: str
    precision: str = "high"

    @property
    def sections(self) -> dict[str, str]:
        """The rule's documentation by section (``Rationale``, ``Anti-pattern``, ...); the summary under ''."""
        return parse_sections(self.doc)


@dataclass(frozen=True)
class Report:
    """The result of one run, sorted deterministically; formatters render it, the CLI exits with its code."""

    findings: tuple[Finding, ...]
    rules: tuple[RuleInfo, ...]
    provinces: tuple[str, ...]
    coverage: tuple[LayerCoverage, ...]
    generated_at: dt.datetime
    run_date: dt.date
    fail_on: Severity = Severity.HIGH
    profile: str | None = None
    ictarch_version: str = __version__
    schema_version: int = SCHEMA_VERSION
    baseline: bool = False
    """True when findings were compared with a baseline (``baselined`` is then meaningful)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings", tuple(sorted(self.findings, key=Finding.sort_key)))

    def is_failing(self, finding: Finding) -> bool:
        """A finding fails the run when open and at or above ``fail_on``; a crashed check always does."""
        if not finding.counts:
            return False
        return finding.status is Status.ERROR or finding.severity >= self.fail_on

    def exit_code(self) -> int:
        """0 when nothing fails the run, 1 otherwise (the CLI's exit code)."""
        return 1 if any(self.is_failing(f) for f in self.findings) else 0

    def summary(self) -> Summary:
        """Counts by severity and by status, and how many findings are open and how many fail the run."""
        return summarize(tally(self.findings, self.fail_on), self.fail_on)

    def with_baseline(self, fingerprints: frozenset[str]) -> Report:
        """The same report with findings already in ``fingerprints`` marked as baselined."""
        findings = tuple(replace(f, baselined=f.fingerprint in fingerprints) for f in self.findings)
        return replace(self, findings=findings, baseline=True)


def tally(findings: Iterable[Finding], fail_on: Severity) -> Counter[str]:
    """What a report's summary counts of ``findings``, in one pass: ``total``, ``status.<status>``,
    ``severity.<severity>`` (of failed findings), ``baselined`` and ``failing`` (what :meth:`Report.is_failing`
    says). The tallies of the parts of a report add up to the report's (:func:`summarize` reads them)."""
    by_status: Counter[Status] = Counter()
    by_severity: Counter[Severity] = Counter()
    baselined = failing = 0
    fail_rank = fail_on.rank
    for f in findings:
        status = f.status
        by_status[status] += 1
        if status is Status.FAILED:
            by_severity[f.severity] += 1
        if f.baselined:
            baselined += 1
        elif status is Status.ERROR or (status is Status.FAILED and _RANK[f.severity] >= fail_rank):
            failing += 1
    counts: Counter[str] = Counter({"total": sum(by_status.values()), "baselined": baselined, "failing": failing})
    counts.update({f"status.{s.value}": n for s, n in by_status.items()})
    counts.update({f"severity.{s.value}": n for s, n in by_severity.items()})
    return counts


def summarize(counts: Counter[str], fail_on: Severity) -> Summary:
    """A report's summary from the :func:`tally` of all its findings."""
    failing = counts["failing"]
    return {
        "total": counts["total"],
        "by_severity": {s.value: counts[f"severity.{s.value}"] for s in reversed(Severity)},
        "by_status": {s.value: counts[f"status.{s.value}"] for s in Status},
        "baselined": counts["baselined"],
        "failing": failing,
        "fail_on": fail_on.value,
        "exit_code": 1 if failing else 0,
    }


@dataclass
class FindingCounts:
    """What pages that summarise findings show of a group of them (a province's), without the findings: how many,
    by check, and open or accepted (waived) by severity."""

    total: int = 0
    by_check: Counter[str] = field(default_factory=Counter)
    opened: Counter[Severity] = field(default_factory=Counter)
    accepted: Counter[Severity] = field(default_factory=Counter)

    def add(self, code: str, severity: Severity, n: int, waived: int) -> None:
        """``n`` findings of check ``code`` at ``severity``, ``waived`` of them accepted."""
        self.total += n
        self.by_check[code] += n
        self.opened[severity] += n - waived
        self.accepted[severity] += waived

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> FindingCounts:
        counts = cls()
        for f in findings:
            counts.add(f.code, f.severity, 1, f.status is Status.WAIVED)
        return counts


def by_province(findings: Sequence[Finding]) -> Iterator[tuple[str, Sequence[Finding]]]:
    """Sorted findings in runs of one province each (code, '' for none): a report's findings are sorted by
    province first, so each province's findings stand together."""
    start = 0
    n = len(findings)
    while start < n:
        province = findings[start].province or ""
        end = start + 1
        while end < n and (findings[end].province or "") == province:
            end += 1
        yield province, findings[start:end]
        start = end


def render_baseline(report: Report) -> str:
    """The baseline file for a report: the fingerprints of its open findings, sorted, as JSON."""
    prints = sorted({f.fingerprint for f in report.findings if f.status is not Status.WAIVED})
    return json.dumps({"ictarch_baseline": BASELINE_VERSION, "fingerprints": prints}, indent=2) + "\n"


def parse_baseline(text: str, source: str = "baseline") -> frozenset[str]:
    """Fingerprints from a baseline file; a malformed file is a :class:`ConfigError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{source}:{exc.lineno}:{exc.colno}"
        raise ConfigError(msg("config.baseline-not-json", where=where, detail=exc.msg)) from None
    if not isinstance(data, dict) or data.get("ictarch_baseline") != BASELINE_VERSION:
        raise ConfigError(msg("config.not-a-baseline", where=source, version=BASELINE_VERSION))
    prints = data.get("fingerprints")
    if not isinstance(prints, list) or not all(isinstance(p, str) for p in prints):
        raise ConfigError(msg("config.baseline-fingerprints", where=source))
    return frozenset(prints)
