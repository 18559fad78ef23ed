"""Helpers to test checks with YAML case files, public so that authors of new checks can reuse them.

A case file ``ICTnnn.yaml`` names its check and holds named cases::

    check: ICT201
    test_pass_one_platform:
      model: {components: [...]}            # merged onto the base model
    test_fail_two_platforms:
      model: {components: [...]}
      expect: {fail: [base.iot, base.iot2]}  # subjects of the check's failed findings
      violations:                            # optional: exact fields of each finding, in report order
        - {subject: base.iot, severity: high, contains: ["total budget"]}

Other keys of a case: ``models`` (a list of fragments, one province each, for cross-province
checks), ``config`` (the contents of an ``ictarch.yaml``), ``profile`` and ``run_date``. A
``test_pass_`` case expects no failed finding of its check unless it says otherwise.

Merging (:func:`merge_model`): mappings merge key by key and ``null`` removes a key; lists of
entries with an identity (``id``, ``framework`` for conforms_to, ``component`` for
not_applicable) merge entry by entry, and an entry with ``_remove: true`` removes its namesake;
other lists of mappings (relationships, waivers) are appended; lists of plain values replace.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ictarch.checks import default_registry
from ictarch.checks.registry import Registry
from ictarch.config import ConfigFile, resolve_config
from ictarch.errors import ModelLoadError
from ictarch.findings import Finding, Status
from ictarch.loading import load_workspace, read_yaml
from ictarch.runner import run

DEFAULT_RUN_DATE = dt.date(2026, 1, 1)
"""The run date of a case that does not give one, so that waiver expiry is deterministic."""

IDENTITY_KEYS = ("id", "framework", "component")
CASE_KEYS = frozenset({"model", "models", "expect", "violations", "config", "profile", "run_date", "description"})


@dataclass(frozen=True)
class CheckCase:
    """One named case of a case file."""

    check: str
    name: str
    file: Path
    models: tuple[dict[str, Any], ...]
    expect_fail: tuple[str, ...] | None = None
    violations: tuple[dict[str, Any], ...] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    profile: str | None = None
    run_date: dt.date = DEFAULT_RUN_DATE

    @property
    def id(self) -> str:
        return f"{self.check}-{self.name}"

    @property
    def passes(self) -> bool:
        return self.name.startswith("test_pass_")


def read_data(path: Path) -> Any:
    """The data of a YAML file, through the loader (the only module that parses YAML)."""
    doc, diagnostics = read_yaml(path)
    if doc is None or diagnostics:
        raise ValueError("\n".join(d.render() for d in diagnostics) or f"cannot read {path}")
    return doc.data


def load_cases(path: Path) -> list[CheckCase]:
    """The cases of one case file; a malformed file raises ``ValueError`` naming the case."""
    data = read_data(path)
    if not isinstance(data, dict) or not isinstance(data.get("check"), str):
        raise ValueError(f"{path}: a case file starts with 'check: ICTnnn'")
    code = data["check"]
    cases: list[CheckCase] = []
    for name, body in data.items():
        if name == "check":
            continue
        if not name.startswith(("test_pass_", "test_fail_")) or not isinstance(body, dict):
            raise ValueError(f"{path}: '{name}' is not a test_pass_/test_fail_ case")
        unknown = set(body) - CASE_KEYS
        if unknown:
            raise ValueError(f"{path}: {name}: unknown keys {sorted(unknown)} (allowed: {sorted(CASE_KEYS)})")
        models = tuple(body.get("models") or [body.get("model") or {}])
        expect = body.get("expect") or {}
        fail = expect.get("fail")
        if name.startswith("test_fail_") and not fail and not body.get("violations"):
            raise ValueError(f"{path}: {name}: a fail case needs expect.fail or violations")
        cases.append(
            CheckCase(
                check=code,
                name=name,
                file=path,
                models=models,
                expect_fail=tuple(fail) if fail is not None else (() if name.startswith("test_pass_") else None),
                violations=tuple(body["violations"]) if body.get("violations") is not None else None,
                config=body.get("config") or {},
                profile=body.get("profile"),
                run_date=body.get("run_date") or DEFAULT_RUN_DATE,
            )
        )
    return cases


def _identity(item: Any) -> tuple[str, Any] | None:
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            if key in item:
                return key, item[key]
    return None


def merge_model(base: Any, fragment: Any) -> Any:
    """``fragment`` merged onto ``base`` (neither is changed), by the rules in the module docstring."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        out = copy.deepcopy(base)
        for key, value in fragment.items():
            if value is None:
                out.pop(key, None)
            elif key in out:
                out[key] = merge_model(out[key], value)
            else:
                out[key] = copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(fragment, list):
        if not fragment or not all(isinstance(x, dict) for x in fragment):
            return copy.deepcopy(fragment)
        out_list = copy.deepcopy(base)
        for item in fragment:
            ident = _identity(item)
            at = next((i for i, b in enumerate(out_list) if ident is not None and _identity(b) == ident), None)
            if item.get("_remove"):
                if at is not None:
                    del out_list[at]
            elif at is not None:
                out_list[at] = merge_model(out_list[at], item)
            else:
                out_list.append(copy.deepcopy(item))
        return out_list
    return copy.deepcopy(fragment)


def write_models(base: dict[str, Any], fragments: Iterable[dict[str, Any]], folder: Path) -> list[Path]:
    """Write each fragment merged onto ``base`` as a model folder under ``folder``; return the folders."""
    out: list[Path] = []
    for i, fragment in enumerate(fragments):
        target = folder / f"province-{i}"
        target.mkdir(parents=True, exist_ok=True)
        model = merge_model(base, fragment)
        text = yaml.safe_dump(model, allow_unicode=True, sort_keys=False, width=1000)
        (target / "province.yaml").write_text(text, encoding="utf-8")
        out.append(target)
    return out


def run_case(
    case: CheckCase, base: dict[str, Any], reference: Path, workdir: Path, registry: Registry | None = None
) -> list[Finding]:
    """Build the case's workspace under ``workdir``, run every check, return the findings of the case's check.

    ``registry`` defaults to the built-in checks; pass your own to test checks of a plugin.
    """
    folders = write_models(base, case.models, workdir)
    try:
        workspace = load_workspace(folders, reference)
    except ModelLoadError as exc:
        details = "\n".join(d.render() for d in exc.diagnostics)
        raise ValueError(f"{case.id}: the merged model is invalid:\n{details}") from None
    registry = registry or default_registry()
    config = resolve_config(registry, ConfigFile.model_validate(case.config), profile=case.profile)
    report = run(
        workspace,
        config=config,
        registry=registry,
        run_date=case.run_date,
        generated_at=dt.datetime.combine(case.run_date, dt.time(), tzinfo=dt.UTC),
    )
    return [f for f in report.findings if f.code == case.check]


def _project(finding: Finding, expected: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``finding`` that ``expected`` names, in the same shape."""
    values: dict[str, Any] = {
        "check": finding.code,
        "subject": finding.subject,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "message": finding.message,
        "province": finding.province,
        "related": list(finding.related),
        "line": finding.location.line if finding.location else None,
        "waiver_reason": finding.waiver_reason,
    }
    out: dict[str, Any] = {}
    for key, want in expected.items():
        if key == "contains":
            out[key] = [w for w in want if w in finding.message]
        elif key in values:
            out[key] = values[key]
        else:
            raise ValueError(f"unknown violation field '{key}' (choose from: contains, {', '.join(values)})")
    return out


def check_case(case: CheckCase, findings: list[Finding]) -> list[str]:
    """What is wrong with ``findings`` for ``case``: an empty list when the case holds."""
    problems: list[str] = []
    errors = [f.message for f in findings if f.status is Status.ERROR]
    if errors:
        problems.append(f"the check crashed: {errors}")
    failed = sorted({f.subject for f in findings if f.status is Status.FAILED})
    if case.expect_fail is not None and failed != sorted(set(case.expect_fail)):
        detail = "\n  ".join(f"{f.subject}: {f.message}" for f in findings)
        problems.append(f"failed subjects {failed} != expected {sorted(set(case.expect_fail))}\n  {detail}")
    if case.violations is not None:
        got = [_project(f, want) for f, want in zip(findings, case.violations, strict=False)]
        if len(findings) != len(case.violations) or got != list(case.violations):
            problems.append(f"violations differ:\n  got      {got}\n  expected {list(case.violations)}")
    return problems
