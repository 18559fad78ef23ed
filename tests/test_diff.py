"""``ictarch diff``: planted changes between two git revisions are reported exactly, and nothing else."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.analysis.diff import FieldChange, compare_findings, diff_architectures, field_changes
from ictarch.analysis.diff_render import show_change
from ictarch.findings import Finding, Severity, Status
from ictarch.gitsource import RevisionSpec, parse_spec
from ictarch.loading import load_catalogue, load_province, load_province_texts
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE

REF = ["--reference", str(MINI_REFERENCE)]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NEW_COMPONENT = """  - id: mini.iot
    name: {vi: Nền tảng IoT, en: IoT platform}
    kind: platform
    realizes: [t.L2]
    status: planned
"""
SOC = """  - id: mini.soc
    name: {vi: Trung tâm giám sát an toàn thông tin, en: Security operations centre}
    kind: security
    realizes: [t.X.SEC]
    status: existing
"""


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def plant_changes(model: Path) -> None:
    """Add a component, remove one (with its relationship), change a field, add a relationship, change a budget."""
    components, main_file = model / "components.yaml", model / "province.yaml"
    _replace(components, SOC, NEW_COMPONENT)
    _replace(
        components, "    status: planned\n    citizen_facing: true", "    status: in-progress\n    citizen_facing: true"
    )
    _replace(main_file, "  - {from: mini.soc, to: mini.lgsp, type: serves}\n", "")
    _replace(
        main_file,
        "  - {from: mini.lgsp, to: t.nat.eid, type: depends_on}\n",
        "  - {from: mini.lgsp, to: t.nat.eid, type: depends_on}\n"
        "  - {from: mini.portal, to: t.nat.eid, type: depends_on}\n",
    )
    _replace(main_file, "budget_vnd: 5000000000", "budget_vnd: 7000000000")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits of ``mini``: the fixture, then the planted changes."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    shutil.copytree(MINI_PROVINCE, root / "mini")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "mini as in the fixture")
    plant_changes(root / "mini")
    _git(root, "commit", "-q", "-a", "-m", "planted changes")
    return root


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, [*REF, "--no-color", *args], catch_exceptions=False, env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    return result.exit_code, result.stdout, result.stderr


def _json_diff(*args: str) -> dict[str, Any]:
    code, out, err = _run("diff", *args, "--format", "json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def _assert_planted(data: dict[str, Any]) -> None:
    """Exactly the planted changes, and the findings that follow from them."""
    assert data["added_provinces"] == [] and data["removed_provinces"] == []
    (mini,) = data["provinces"]
    assert mini["province"] == "mini"
    changes = mini["changes"]
    assert set(changes) == {"components", "relationships", "projects"}
    comps = changes["components"]
    assert [e["key"] for e in comps["added"]] == ["mini.iot"]
    assert comps["added"][0]["entry"]["status"] == "planned"
    assert [e["key"] for e in comps["removed"]] == ["mini.soc"]
    assert comps["changed"] == [
        {"key": "mini.portal", "fields": [{"path": "status", "old": "planned", "new": "in-progress"}]}
    ]
    rels = changes["relationships"]
    assert [e["key"] for e in rels["added"]] == ["mini.portal → t.nat.eid (depends_on)"]
    assert [e["key"] for e in rels["removed"]] == ["mini.soc → mini.lgsp (serves)"]
    assert rels["changed"] == []
    projects = changes["projects"]
    assert projects["added"] == [] and projects["removed"] == []
    assert projects["changed"] == [
        {"key": "mini.p.apps", "fields": [{"path": "budget_vnd", "old": 5_000_000_000, "new": 7_000_000_000}]}
    ]
    assert mini["budgets"] == [
        {"group": "domain", "key": "egov", "old": 15_000_000_000, "new": 17_000_000_000, "delta": 2_000_000_000},
        {"group": "phase", "key": "p2", "old": 5_000_000_000, "new": 7_000_000_000, "delta": 2_000_000_000},
        {"group": "total", "key": "total", "old": 15_000_000_000, "new": 17_000_000_000, "delta": 2_000_000_000},
    ]
    findings = mini["findings"]
    introduced = sorted((f["code"], f["subject"]) for f in findings["introduced"])
    assert introduced == [
        ("ICT103", "mini"),  # the security system t.X.SEC lost its only component, mini.soc
        ("ICT404", "mini.iot"),  # the new planned component has no project
        ("ICT501", "mini.iot"),  # the new shared platform has no security level
        ("ICT503", "mini.portal"),  # in progress now, and without owner or operator
    ]
    assert [(f["code"], f["subject"]) for f in findings["resolved"]] == [("ICT503", "mini.soc")]
    assert findings["changed"] == []
    assert findings["unchanged"] == 2  # ICT501 mini.portal (no security level), ICT503 mini.lgsp (no owner)


def test_diff_between_two_revisions_reports_exactly_the_planted_changes(repo: Path) -> None:
    _assert_planted(_json_diff("HEAD~1:mini", "HEAD:mini", "--repo", str(repo)))


def test_diff_runs_in_the_repository_without_repo_option(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "mini")
    _assert_planted(_json_diff("HEAD~1:mini", "HEAD:./"))  # ./ is relative to the current folder, as in git


def test_diff_between_two_paths_and_between_a_revision_and_a_path(repo: Path) -> None:
    _assert_planted(_json_diff(str(MINI_PROVINCE), str(repo / "mini")))
    _assert_planted(_json_diff("HEAD~1:mini", str(repo / "mini"), "--repo", str(repo)))
    _assert_planted(_json_diff("HEAD~1:mini/province.yaml", "HEAD:mini/province.yaml", "--repo", str(repo)))


def test_same_revision_has_no_change(repo: Path) -> None:
    data = _json_diff("HEAD:mini", str(repo / "mini"), "--repo", str(repo))
    (mini,) = data["provinces"]
    assert mini["changes"] == {} and mini["budgets"] == []
    assert mini["findings"]["introduced"] == mini["findings"]["resolved"] == mini["findings"]["changed"] == []
    code, out, _ = _run("diff", "HEAD:mini", "HEAD:mini", "--repo", str(repo), "--format", "markdown")
    assert code == 0 and "No change to the architecture." in out


def test_text_and_markdown_name_each_change(repo: Path) -> None:
    code, out, _ = _run("--lang", "en", "diff", "HEAD~1:mini", "HEAD:mini", "--repo", str(repo), "--format", "text")
    assert code == 0
    for line in (
        "diff HEAD~1:mini → HEAD:mini",
        "    + mini.iot  IoT platform (platform, planned)",
        "    - mini.soc  Security operations centre (security, existing)",
        "        status: planned → in-progress",
        "    + mini.portal → t.nat.eid (depends_on)",
        "        budget_vnd: 5,000,000,000 → 7,000,000,000",
        "    total: 15.0 → 17.0 (+2.0)",
        "  findings: 4 introduced, 1 resolved, 0 changed, 2 unchanged",
    ):
        assert line in out.splitlines(), line
    code, out, _ = _run("diff", "HEAD~1:mini", "HEAD:mini", "--repo", str(repo), "--format", "markdown")
    assert code == 0
    assert out.startswith("## ictarch diff: `HEAD~1:mini` → `HEAD:mini`\n")
    assert "| ➕ added | `mini.iot` | Nền tảng IoT (platform, planned) |" in out
    assert "| ✏️ changed | `mini.portal` | `status`: planned → in-progress |" in out
    assert "| **total** | 15.0 | 17.0 | +2.0 |" in out
    assert "- **ICT103** high `mini`:" in out


def test_moving_entries_between_files_changes_nothing(repo: Path) -> None:
    """The diff compares the models, not the files: a component moved to the main file is no change."""
    model = repo / "mini"
    new_components = (model / "components.yaml").read_text(encoding="utf-8")
    iot_block = NEW_COMPONENT
    _replace(model / "components.yaml", iot_block, "")
    _replace(model / "province.yaml", "projects:\n", "components:\n" + iot_block + "projects:\n")
    assert new_components != (model / "components.yaml").read_text(encoding="utf-8")
    data = _json_diff("HEAD:mini", str(model), "--repo", str(repo))
    assert data["provinces"][0]["changes"] == {}


def test_positions_in_a_revision_name_the_revision(repo: Path) -> None:
    _replace(repo / "mini" / "components.yaml", "kind: portal", "kind: portl")
    _git(repo, "commit", "-q", "-a", "-m", "a typo")
    code, out, err = _run("diff", "HEAD~1:mini", "HEAD:mini", "--repo", str(repo))
    assert code == 2 and out == ""
    assert "HEAD:mini/components.yaml:" in err
    assert "ICT003 invalid value 'portl' for 'kind'" in err
    assert "ictarch-" not in err  # the temporary folder never shows


@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("HEAD~7:mini", "unknown revision 'HEAD~7'"),
        ("HEAD:absent", "'absent' does not exist in revision HEAD"),
        ("HEAD:../outside", "the path leaves the repository"),
    ],
)
def test_bad_revisions_exit_2_with_a_clear_message(repo: Path, old: str, message: str) -> None:
    code, out, err = _run("diff", old, "HEAD:mini", "--repo", str(repo))
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def test_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    code, _out, err = _run("diff", "HEAD:mini", str(MINI_PROVINCE), "--repo", str(tmp_path))
    assert code == 2
    assert "is not inside a git repository" in err


def test_a_folder_without_model_in_a_revision(repo: Path) -> None:
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "docs")
    code, _out, err = _run("diff", "HEAD:docs", "HEAD:mini", "--repo", str(repo))
    assert code == 2 and "no province model in HEAD:docs" in err


def test_whole_repository_folder_of_models(repo: Path) -> None:
    """``REV:`` names the top folder: its models are found as on disk, and paired by code."""
    data = _json_diff("HEAD~1:", "HEAD:", "--repo", str(repo))
    _assert_planted(data)


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HEAD~1:province_models/quang-tri", RevisionSpec("HEAD~1", "province_models/quang-tri")),
        ("origin/main:mini", RevisionSpec("origin/main", "mini")),
        ("v1.0:", RevisionSpec("v1.0", "")),
        ("province_models/quang-tri", None),
        ("C:\\models", None),
        ("a b:c", None),
    ],
)
def test_parse_spec(text: str, expected: RevisionSpec | None) -> None:
    assert parse_spec(text) == expected


def test_an_existing_path_with_a_colon_is_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v1:mini").mkdir()
    assert parse_spec("v1:mini") is None


def test_in_memory_model_loads_like_the_files() -> None:
    catalogue, _ = load_catalogue(MINI_REFERENCE)
    files = {p.name: p.read_bytes() for p in MINI_PROVINCE.glob("*.yaml")}
    loaded, diags = load_province_texts(files, catalogue, prefix="HEAD:mini/")
    on_disk, _ = load_province(MINI_PROVINCE / "province.yaml", catalogue)
    assert diags == [] and loaded is not None and on_disk is not None
    assert loaded.architecture == on_disk.architecture
    assert sorted(loaded.source_map.file_names()) == ["HEAD:mini/components.yaml", "HEAD:mini/province.yaml"]
    location = loaded.locate("mini.portal", "status")
    assert location is not None and str(location) == "HEAD:mini/components.yaml:16:5"


def test_in_memory_includes_resolve_within_the_files() -> None:
    catalogue, _ = load_catalogue(MINI_REFERENCE)
    main_only = {"province.yaml": (MINI_PROVINCE / "province.yaml").read_bytes()}
    loaded, diags = load_province_texts(main_only, catalogue, prefix="HEAD:mini/")
    assert loaded is None
    assert any("include 'components.yaml' matches no file" in d.message for d in diags)
    assert all(d.location is None or d.location.file.startswith("HEAD:mini/") for d in diags)


def test_field_changes_by_path() -> None:
    old = {
        "id": "x",
        "name": {"vi": "A", "en": "A"},
        "realizes": ["r1"],
        "data": [{"id": "d1", "personal_data": False}],
    }
    new = {
        "id": "x",
        "name": {"vi": "B", "en": "A"},
        "realizes": ["r1", "r2"],
        "data": [{"id": "d1", "personal_data": True}],
    }
    changes = field_changes(old, new)
    assert changes == (
        FieldChange("name.vi", "A", "B"),
        FieldChange("realizes", ["r1"], ["r1", "r2"]),
        FieldChange("data[d1].personal_data", False, True),
    )
    assert show_change(changes[1]) == 'realizes: ["r1"] → ["r1", "r2"] (+r2)'


def test_programme_changes_are_reported_on_the_model_entry() -> None:
    catalogue, _ = load_catalogue(MINI_REFERENCE)
    loaded, _ = load_province(MINI_PROVINCE / "province.yaml", catalogue)
    assert loaded is not None
    old = loaded.architecture
    period = old.programme.period
    assert period is not None
    programme = old.programme.model_copy(update={"period": period.model_copy(update={"end": 2030})})
    d = diff_architectures(old, old.model_copy(update={"programme": programme}))
    (model,) = d.collections
    assert model.name == "model"
    assert model.changed[0].changes == (FieldChange("programme.period.end", 2025, 2030),)
    assert d.budgets == ()


def _finding(code: str, subject: str, message: str, status: Status = Status.FAILED) -> Finding:
    return Finding(code, "x.y", Severity.MEDIUM, status, message, "p", subject, ("r",))


def test_compare_findings_introduced_resolved_changed() -> None:
    old = [_finding("ICT106", "p", "40%"), _finding("ICT501", "a", "m"), _finding("ICT503", "b", "m")]
    new = [
        _finding("ICT106", "p", "60%"),
        _finding("ICT501", "a", "m"),
        _finding("ICT503", "b", "m", Status.WAIVED),
        _finding("ICT404", "c", "m"),
    ]
    d = compare_findings(old, new)
    assert [(f.code, f.subject) for f in d.introduced] == [("ICT404", "c")]
    assert [(f.code, f.subject) for f in d.resolved] == [("ICT503", "b")]  # waived now
    assert [(a.message, b.message) for a, b in d.changed] == [("40%", "60%")]
    assert d.unchanged == 1


def test_seed_province_against_itself_is_empty() -> None:
    from ictarch.analysis.diff import diff_workspaces
    from ictarch.loading import examples_root, load_workspace

    ws = load_workspace([examples_root() / "quang-tri"])
    report = diff_workspaces(ws, ws, old_label="a", new_label="b", run_date=dt.date(2025, 1, 1))
    assert report.empty
