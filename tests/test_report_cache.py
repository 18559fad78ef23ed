"""A report is reused only when every input is the same; it round-trips through JSON exactly."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from cli import main
from ictarch import report_cache
from ictarch.checks import default_registry
from ictarch.config import resolve_config
from ictarch.loading import examples_root, load_workspace
from ictarch.runner import run_checks

WHEN = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)


def test_report_round_trips_through_json() -> None:
    ws = load_workspace([examples_root() / "quang-tri"])
    report = run_checks(ws, generated_at=WHEN, run_date=WHEN.date())
    assert report.findings and report.coverage
    again = report_cache.load_report(report_cache.dump_report(report))
    assert again == report


def test_key_changes_with_every_input(tmp_path: Path) -> None:
    model = tmp_path / "qt"
    shutil.copytree(examples_root() / "quang-tri", model)
    ws = load_workspace([model], cache_dir=tmp_path / "c")
    assert ws.fingerprint is not None
    registry = default_registry()
    config = resolve_config(registry)
    key = report_cache.report_key(ws.fingerprint, config, WHEN.date(), registry.codes, None)
    assert key == report_cache.report_key(ws.fingerprint, config, WHEN.date(), registry.codes, None)
    others = {
        report_cache.report_key(ws.fingerprint, config, WHEN.date() + dt.timedelta(days=1), registry.codes, None),
        report_cache.report_key(
            ws.fingerprint, replace(config, fail_on=config.fail_on.__class__("low")), WHEN.date(), registry.codes, None
        ),
        report_cache.report_key(ws.fingerprint, config, WHEN.date(), registry.codes, frozenset({"x"})),
        report_cache.report_key(
            ws.fingerprint, resolve_config(registry, profile="draft"), WHEN.date(), registry.codes, None
        ),
    }
    assert key not in others and len(others) == 4
    (model / "components.yaml").write_text(
        (model / "components.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    changed = load_workspace([model], cache_dir=tmp_path / "c")
    assert changed.fingerprint != ws.fingerprint
    assert load_workspace([model]).fingerprint is None  # without a cache nothing is reused


def test_cli_check_reuses_the_report_and_stays_identical(tmp_path: Path) -> None:
    env = {"ICTARCH_CACHE_DIR": str(tmp_path / "c"), "SOURCE_DATE_EPOCH": "1795000000"}
    args = ["check", "--format", "json", str(examples_root() / "quang-tri")]
    first = CliRunner().invoke(main, args, env=env)
    assert list((tmp_path / "c").glob("*.report.json"))
    second = CliRunner().invoke(main, args, env=env)
    assert (first.exit_code, first.stdout) == (second.exit_code, second.stdout)
    fresh = CliRunner().invoke(main, ["--no-cache", *args], env=env)
    assert fresh.stdout == first.stdout
