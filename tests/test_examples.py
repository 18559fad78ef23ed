"""The examples in examples/review load, validate against their schemas and behave as their README says."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from cli import main
from ictarch.config import ConfigFile
from tests.conftest import ROOT

REVIEW = ROOT / "examples" / "review"
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01: the waivers' expiry dates lie ahead


def _check(*args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(main, ["check", str(REVIEW), "--format", "json", *args], env=EPOCH)
    return result.exit_code, json.loads(result.stdout)


def _findings(report: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(f["code"], f["subject"]): f for f in report["findings"]}  # type: ignore[index,union-attr]


def test_waivers_and_not_applicable_are_honoured() -> None:
    code, report = _check()
    assert code == 0
    found = _findings(report)
    assert found[("ICT501", "sample.ioc")]["status"] == "waived"
    assert found[("ICT404", "sample.cameras")]["status"] == "waived"
    assert found[("ICT404", "sample.school-app")]["status"] == "failed"
    assert not any(c in {"ICT105", "ICT901", "ICT902"} for c, _ in found), "the declarations are complete and used"
    model = yaml.safe_load((REVIEW / "province.yaml").read_text(encoding="utf-8"))
    assert model["not_applicable"][0]["component"] == "ictrf.L3.iot_platform"
    assert "ictrf.L3.iot_platform" not in json.dumps(report["coverage"]), "declared not applicable: not expected"


def test_configuration_sets_profile_rules_and_skips() -> None:
    config = ConfigFile.model_validate(yaml.safe_load((REVIEW / "ictarch.yaml").read_text(encoding="utf-8")))
    assert config.profile == "draft" and "ministry-review" in config.profiles
    _, report = _check()
    meta = report["metadata"]
    assert meta["profile"] == "draft"  # type: ignore[index]
    assert "ICT106" not in meta["checks"] and "ICT204" not in meta["checks"]  # type: ignore[index]
    code, strict = _check("--profile", "ministry-review")
    assert code == 1 and strict["summary"]["fail_on"] == "medium"  # type: ignore[index]
    assert _findings(strict)[("ICT404", "sample.school-app")]["severity"] == "high"


def test_baseline_accepts_todays_findings(tmp_path: Path) -> None:
    code, report = _check("--baseline", str(REVIEW / "baseline.json"), "--fail-on", "medium")
    assert code == 0 and report["summary"]["baselined"] == 1  # type: ignore[index]
    assert _check("--fail-on", "medium")[0] == 1, "without the baseline the ICT404 finding fails"
    written = tmp_path / "baseline.json"
    CliRunner().invoke(main, ["check", str(REVIEW), "--write-baseline", str(written)], env=EPOCH)
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(
        (REVIEW / "baseline.json").read_text(encoding="utf-8")
    ), "examples/review/baseline.json is stale: rewrite it with the command in examples/review/README.md"
