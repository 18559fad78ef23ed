"""Reuse a check report when nothing it depends on has changed.

Checks are pure functions of the models, the reference frameworks, the resolved configuration,
the run date (waivers expire) and the ictarch version. The key covers all of them, so a stored
report can never be stale; it is JSON, never pickle, and deleting it is always safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ictarch.checks import default_registry
from ictarch.checks.registry import Registry
from ictarch.config import Config, resolve_config
from ictarch.errors import Location, OutputError
from ictarch.finding_lines import FINDING_FIELDS, coverage_from_json, finding_from_json, finding_json
from ictarch.findings import Finding, Report, RuleInfo, Severity, Status
from ictarch.i18n import Msg
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.loading.cache import code_digest
from ictarch.loading.files import display_name
from ictarch.runner import LocationKey, ProvinceResult, run
from ictarch.safe_write import write_atomic
from ictarch.version import __version__

FORMAT = 3
PROVINCE_FORMAT = 1


def report_key(
    workspace_fingerprint: str,
    config: Config,
    run_date: dt.date,
    rule_codes: Iterable[str],
    baseline: frozenset[str] | None,
) -> str:
    """The digest of everything a report depends on."""
    parts = {
        "format": FORMAT,
        "ictarch": __version__,
        "code": code_digest(),
        "workspace": workspace_fingerprint,
        "enabled": sorted(config.enabled),
        "severities": {k: str(v) for k, v in sorted(config.severities.items())},
        "fail_on": str(config.fail_on),
        "profile": config.profile,
        "run_date": run_date.isoformat(),
        "rules": sorted(rule_codes),
        "baseline": sorted(baseline) if baseline is not None else None,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def dump_report(report: Report) -> str:
    data = {f.name: _plain(getattr(report, f.name)) for f in dataclasses.fields(report)}
    data["findings"] = [finding_json(f) for f in report.findings]
    data["rules"] = [{k: _plain(v) for k, v in vars(r).items()} for r in report.rules]
    data["coverage"] = [{k: _plain(v) for k, v in vars(c).items()} for c in report.coverage]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_report(text: str) -> Report:
    data = json.loads(text)
    findings = tuple(finding_from_json(f) for f in data["findings"])
    rules = tuple(
        RuleInfo(**{**r, "severity": Severity(r["severity"]), "groups": tuple(r["groups"])}) for r in data["rules"]
    )
    coverage = tuple(coverage_from_json(c) for c in data["coverage"])
    return Report(
        findings=findings,
        rules=rules,
        provinces=tuple(data["provinces"]),
        coverage=coverage,
        generated_at=dt.datetime.fromisoformat(data["generated_at"]),
        run_date=dt.date.fromisoformat(data["run_date"]),
        fail_on=Severity(data["fail_on"]),
        profile=data["profile"],
        ictarch_version=data["ictarch_version"],
        schema_version=data["schema_version"],
        baseline=data["baseline"],
    )


def read(cache_dir: Path, key: str) -> Report | None:
    try:
        return load_report((cache_dir / f"{key}.report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent, damaged or foreign: run the checks


def write(cache_dir: Path, key: str, report: Report) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir / f"{key}.report.json", dump_report(report).encode("utf-8"))
    except (OSError, OutputError):
        pass  # a read-only or full cache folder only costs speed


def run_cached(
    workspace: Workspace,
    cache_dir: Path | None,
    *,
    config: Config | None = None,
    registry: Registry | None = None,
    run_date: dt.date,
    generated_at: dt.datetime,
    baseline: frozenset[str] | None = None,
) -> Report:
    """Run the checks, or reuse the report of an identical earlier run (same inputs, policy and day)."""
    registry = registry or default_registry()
    config = config or resolve_config(registry)
    key = None
    if cache_dir is not None and workspace.fingerprint is not None:
        key = report_key(workspace.fingerprint, config, run_date, registry.codes, baseline)
        hit = read(cache_dir, key)
        if hit is not None:
            return dataclasses.replace(hit, generated_at=generated_at)
    store = None
    if cache_dir is not None and workspace.province_keys:
        store = ProvinceCache.for_run(cache_dir, workspace, config, registry, run_date)
    report = run(
        workspace,
        config=config,
        registry=registry,
        run_date=run_date,
        generated_at=generated_at,
        baseline=baseline,
        store=store,
    )
    if key is not None and cache_dir is not None and not (store is not None and store.hits and store.misses):
        # a run that reused some provinces and checked others again is an editing loop: the next run will
        # likely differ too, and writing the whole report would cost it more than its findings cost to check
        write(cache_dir, key, report)
    return report


class ProvinceCache:
    """Each province's own results (:class:`~ictarch.runner.ProvinceResult`) as JSON in the cache folder.

    An entry's key is the province's model-cache key (the bytes of its files, the reference files, the
    ictarch version and code) with everything else a province-scoped check reads: the configuration, the
    run date and the checks that ran. Locations are kept relative to the province's folder and named
    again for each run, so a copy of a model reuses the entries of the original. Editing one province
    therefore reruns its checks alone; the others' results are read back.
    """

    def __init__(self, cache_dir: Path, keys: dict[str, str], base: str) -> None:
        """The store of the provinces of ``keys`` (their model keys by code) under ``base`` (:meth:`base_for`)."""
        self.cache_dir = cache_dir
        self.keys = keys
        self.base = base
        self.hits = self.misses = 0

    @classmethod
    def for_run(
        cls, cache_dir: Path, workspace: Workspace, config: Config, registry: Registry, run_date: dt.date
    ) -> ProvinceCache:
        """The store of the workspace's provinces for a run with ``config`` and ``registry`` on ``run_date``."""
        return cls(cache_dir, workspace.province_keys, cls.base_for(config, registry, run_date))

    @staticmethod
    def base_for(config: Config, registry: Registry, run_date: dt.date) -> str:
        """What every entry's key holds besides the province's model key."""
        checks = [  # which function gives a code's findings, as well as the source they run (in the key)
            f"{s.code} {s.fn.__module__}.{s.fn.__qualname__}"  # type: ignore[attr-defined]
            for s in registry
            if s.scope == "province" and s.code in config.enabled
        ]
        return report_key(f"province results {PROVINCE_FORMAT}", config, run_date, checks, None)

    def _path(self, loaded: LoadedArchitecture, kind: str = "province") -> Path | None:
        key = self.keys.get(loaded.code)
        if key is None:
            return None
        base = self.base if kind == "province" else f"{kind} {PROVINCE_FORMAT}"  # locations: the files alone
        digest = hashlib.sha256(f"{base}\0{loaded.code}\0{key}".encode()).hexdigest()
        return self.cache_dir / f"{digest}.{kind}.json"

    def load(self, loaded: LoadedArchitecture) -> ProvinceResult | None:
        found = self._load(loaded)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def _read(self, loaded: LoadedArchitecture, kind: str) -> tuple[dict[str, Any], list[str]] | None:
        """A stored entry and its files as this run names them."""
        path = self._path(loaded, kind)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["code"] != loaded.code:
                return None
            return data, [display_name(loaded.root / rel) for rel in data["files"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write(self, loaded: LoadedArchitecture, kind: str, files: _Files, entry: dict[str, Any]) -> None:
        path = self._path(loaded, kind)
        if path is None or files.foreign:
            return  # a place this run could not name again from the province's folder
        entry = {"code": loaded.code, "files": files.rels(), **entry}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except (OSError, OutputError):
            pass  # a read-only or full cache folder only costs speed

    def _load(self, loaded: LoadedArchitecture) -> ProvinceResult | None:
        stored = self._read(loaded, "province")
        if stored is None:
            return None
        data, names = stored
        try:
            findings = {code: _findings(code, loaded.code, group, names) for code, group in data["findings"].items()}
            return ProvinceResult(findings, tuple(coverage_from_json(c) for c in data["coverage"]))
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # damaged or foreign: run the province's checks

    def save(self, loaded: LoadedArchitecture, result: ProvinceResult) -> None:
        if set(FINDING_FIELDS) != _ROW_FIELDS:
            return  # a field the compact rows below do not keep
        files = _Files(loaded)
        findings: dict[str, dict[str, Any]] = {}
        for code, found in result.findings.items():
            if not found:
                findings[code] = {"rows": []}
                continue
            head, rows = found[0], []
            for f in found:
                if (f.code, f.name, f.severity, f.reference) != (code, head.name, head.severity, head.reference) or (
                    f.status is not Status.FAILED
                    or f.waiver_reason is not None
                    or f.baselined
                    or f.province != loaded.code
                ):
                    return  # not what the runner stores (completed findings of one check, before waivers)
                loc = f.location
                where = None if loc is None else [files.index(loc.file), loc.line, loc.column, loc.path]
                message = f.message.to_json() if isinstance(f.message, Msg) else f.message
                rows.append([f.subject, f.related, where, message])
            findings[code] = {"name": head.name, "severity": head.severity, "reference": head.reference, "rows": rows}
        coverage = [{k: _plain(v) for k, v in vars(c).items()} for c in result.coverage]
        self._write(loaded, "province", files, {"findings": findings, "coverage": coverage})

    def locations(self, loaded: LoadedArchitecture) -> dict[LocationKey, Location | None]:
        stored = self._read(loaded, "locations")
        if stored is None:
            return {}
        data, names = stored
        try:
            return {
                (subject, tuple(at)): Location(names[loc[0]], *loc[1:]) if loc else None
                for subject, at, loc in data["known"]
            }
        except (ValueError, KeyError, TypeError, IndexError):
            return {}

    def save_locations(self, loaded: LoadedArchitecture, known: dict[LocationKey, Location | None]) -> None:
        files = _Files(loaded)
        rows = [
            [subject, list(at), [files.index(loc.file), loc.line, loc.column, loc.path] if loc else None]
            for (subject, at), loc in known.items()
        ]
        self._write(loaded, "locations", files, {"known": rows})


class _Files:
    """The files of a province's locations, by index, as paths relative to its folder."""

    def __init__(self, loaded: LoadedArchitecture) -> None:
        self.loaded = loaded
        self.root = display_name(loaded.root)
        self.names: dict[str, int] = {}
        self.foreign = False
        """A name that is not a file of the province's folder as this run names it: nothing is stored."""

    def index(self, name: str) -> int:
        at = self.names.get(name)
        if at is None:
            if display_name(self.loaded.root / os.path.relpath(name, self.root)) != name:
                self.foreign = True
            at = self.names[name] = len(self.names)
        return at

    def rels(self) -> list[str]:
        return [os.path.relpath(name, self.root) for name in self.names]


_ROW_FIELDS = {"code", "name", "severity", "status", "message", "province", "subject", "related", "location"}
_ROW_FIELDS |= {"reference", "waiver_reason", "baselined"}
"""What a stored province finding is made of: a row (subject, related, location, message) and what every finding
of its check shares (code, name, severity, reference; failed, not waived, not baselined: before waivers)."""


def _findings(code: str, province: str, group: dict[str, Any], names: list[str]) -> list[Finding]:
    """A check's stored findings about one province, with files named as this run names them."""
    if not group["rows"]:
        return []
    name, severity, reference = group["name"], Severity(group["severity"]), group["reference"]
    return [
        Finding(
            code=code,
            name=name,
            severity=severity,
            status=Status.FAILED,
            message=Msg.from_json(message) if isinstance(message, dict) else message,
            province=province,
            subject=subject,
            related=tuple(related),
            location=Location(names[where[0]], where[1], where[2], where[3]) if where else None,
            reference=reference,
        )
        for subject, related, where, message in group["rows"]
    ]


@dataclasses.dataclass(frozen=True)
class ResultSaver:
    """Stores a province's results where it is loaded, under the key a run with the same configuration, checks
    and run date reads them (:meth:`ProvinceCache.base_for`): the findings need not travel to the command."""

    cache_dir: Path
    base: str

    def __call__(self, loaded: LoadedArchitecture, key: str, result: ProvinceResult) -> None:
        ProvinceCache(self.cache_dir, {loaded.code: key}, self.base).save(loaded, result)
