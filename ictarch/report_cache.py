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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ictarch.checks import default_registry
from ictarch.checks.registry import Registry
from ictarch.config import Config, resolve_config
from ictarch.errors import Location, OutputError
from ictarch.findings import Finding, LayerCoverage, Report, RuleInfo, Severity, Status
from ictarch.i18n import Msg
from ictarch.loading import Workspace
from ictarch.loading.cache import code_digest
from ictarch.runner import run
from ictarch.safe_write import write_atomic
from ictarch.version import __version__

FORMAT = 3


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
    data["findings"] = [
        {k: (dataclasses.asdict(v) if isinstance(v, Location) else _plain(v)) for k, v in vars(f).items()}
        | {"message": f.message.to_json() if isinstance(f.message, Msg) else f.message}
        for f in report.findings
    ]
    data["rules"] = [{k: _plain(v) for k, v in vars(r).items()} for r in report.rules]
    data["coverage"] = [{k: _plain(v) for k, v in vars(c).items()} for c in report.coverage]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_report(text: str) -> Report:
    data = json.loads(text)
    findings = tuple(
        Finding(
            **{
                **f,
                "severity": Severity(f["severity"]),
                "status": Status(f["status"]),
                "related": tuple(f["related"]),
                "location": Location(**f["location"]) if f["location"] else None,
                "message": Msg.from_json(f["message"]) if isinstance(f["message"], dict) else f["message"],
            }
        )
        for f in data["findings"]
    )
    rules = tuple(
        RuleInfo(**{**r, "severity": Severity(r["severity"]), "groups": tuple(r["groups"])}) for r in data["rules"]
    )
    coverage = tuple(
        LayerCoverage(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in c.items()})  # type: ignore[arg-type]
        for c in data["coverage"]
    )
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
    report = run(
        workspace, config=config, registry=registry, run_date=run_date, generated_at=generated_at, baseline=baseline
    )
    if key is not None and cache_dir is not None:
        write(cache_dir, key, report)
    return report
