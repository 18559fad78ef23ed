"""Merging former provinces (1 July 2025): provenance, id collisions, consolidation report, CLI, examples."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from cli import main
from ictarch.analysis.consolidation import unprefixed
from ictarch.analysis.merge import MERGE_BASIS, MergeError, merge
from ictarch.analysis.merge_report import MergeReport
from ictarch.i18n import render
from ictarch.loading import LoadedArchitecture, Workspace, examples_root, load_province, load_workspace
from ictarch.models.common import Label, Provenance
from ictarch.models.province import ProvinceArchitecture
from ictarch.province_yaml import FRAGMENTS, as_written, dump_province
from ictarch.safe_write import MANIFEST
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE, ROOT

EXAMPLES = ROOT / "examples" / "merged"

MERGES = {
    "quang-tri-2025": ("Quảng Trị", "Quang Tri province", ("quang-tri", "quang-binh")),
    "quang-ngai-2025": ("Quảng Ngãi", "Quang Ngai province", ("quang-ngai", "kon-tum")),
    "ho-chi-minh-city-2025": (
        "Thành phố Hồ Chí Minh",
        "Ho Chi Minh City",
        ("ho-chi-minh-city", "binh-duong", "ba-ria-vung-tau"),
    ),
}
"""The new provinces that contain the seed provinces, and their former provinces (Hà Tĩnh is unchanged)."""

PARTNERS = {
    "quang-binh": "quang-tri-2025",
    "quang-ngai": "quang-ngai-2025",
    "binh-duong": "ho-chi-minh-city-2025",
    "ho-chi-minh-city": "ho-chi-minh-city-2025",
}
"""Illustrative models of the seed provinces' partners, and the province each merged into."""

MERGE_PROVENANCE = {
    "quang-binh": Provenance.SECONDARY,
    "quang-ngai": Provenance.VERIFIED,
    "binh-duong": Provenance.SECONDARY,
    "ho-chi-minh-city": Provenance.SECONDARY,
}
"""How sure each partner's merger record is: Kon Tum + Quảng Ngãi is quoted from the resolution by an official
page (sotuphap.kontum.gov.vn); the other pairings are read in secondary lists of the 2025 arrangement."""

SHARED_PLATFORMS = {
    "cap.integration_platform",
    "cap.ioc",
    "cap.provincial_data_centre",
    "cap.public_service_portal",
}


def _merge_args(code: str, out: str, report: str) -> list[str]:
    name_vi, name_en, former = MERGES[code]
    return [
        "merge",
        *(f"province_models/{f}" for f in former),
        "--into",
        code,
        "--name-vi",
        name_vi,
        "--name-en",
        name_en,
        "-o",
        out,
        "--report",
        report,
    ]


def regeneration_command(code: str) -> str:
    """The command that writes examples/merged/<code>, run from the repository's root."""
    folder = f"examples/merged/{code}"
    return shlex.join(["ictarch", *_merge_args(code, folder, f"{folder}/consolidation.md"), "--force"])


# --------------------------------------------------------------------------- two mini provinces with colliding ids


def _mini_pair(tmp_path: Path) -> tuple[Path, Path]:
    """The mini fixture twice: 'mini' and 'mini-b', whose ids all collide (mini-b keeps the 'mini.' ids)."""
    a, b = tmp_path / "mini", tmp_path / "mini-b"
    for folder in (a, b):
        shutil.copytree(MINI_PROVINCE, folder)
        main_file = folder / "province.yaml"
        text = main_file.read_text(encoding="utf-8").replace(
            "domains:\n  - id: egov\n    name: {vi: Chính quyền điện tử, en: E-government}\n",
            "sources:\n  - id: src.shared\n    title: {vi: Tài liệu dùng chung}\n"
            "domains:\n  - id: egov\n    name: {vi: Chính quyền điện tử, en: E-government}\n"
            "    source: {document: src.shared}\n",
        )
        main_file.write_text(text, encoding="utf-8")
    text = (b / "province.yaml").read_text(encoding="utf-8").replace("code: mini\n", "code: mini-b\n")
    text += (
        "waivers:\n"
        "  - {check: ICT206, subject: mini.lgsp, reason: kept for the pilot, approver: UBND tỉnh}\n"
        "  - {check: ICT103, subject: mini-b, reason: no IOC yet, approver: UBND tỉnh}\n"
    )
    (b / "province.yaml").write_text(text, encoding="utf-8")
    comps = (b / "components.yaml").read_text(encoding="utf-8")
    comps += (
        "  - id: mini-b.gateway\n"
        "    name: {vi: Cổng kết nối, en: Gateway}\n"
        "    kind: channel\n"
        "    realizes: [t.L1]\n"
        "    domain: egov\n"
        "    status: planned\n"
    )
    (b / "components.yaml").write_text(comps, encoding="utf-8")
    return a, b


def _load(*paths: Path, reference: Path | None = MINI_REFERENCE) -> Workspace:
    return load_workspace(list(paths), reference)


def _merge_mini(tmp_path: Path, reverse: bool = False) -> tuple[ProvinceArchitecture, MergeReport]:
    ws = _load(*_mini_pair(tmp_path))
    provinces = list(reversed(ws.provinces)) if reverse else ws.provinces
    return merge(provinces, ws.catalogue, code="mini-2025", name=Label(vi="Tỉnh Mới", en="New Province"))


EXPECTED_RENAMES = {
    ("component", "mini.lgsp", "mini"): "mini--mini.lgsp",
    ("component", "mini.lgsp", "mini-b"): "mini-b.mini.lgsp",
    ("component", "mini.portal", "mini"): "mini--mini.portal",
    ("component", "mini.portal", "mini-b"): "mini-b.mini.portal",
    ("component", "mini.soc", "mini"): "mini--mini.soc",
    ("component", "mini.soc", "mini-b"): "mini-b.mini.soc",
    ("project", "mini.p.platform", "mini"): "mini--mini.p.platform",
    ("project", "mini.p.platform", "mini-b"): "mini-b.mini.p.platform",
    ("project", "mini.p.apps", "mini"): "mini--mini.p.apps",
    ("project", "mini.p.apps", "mini-b"): "mini-b.mini.p.apps",
    ("domain", "egov", "mini"): "mini.egov",
    ("domain", "egov", "mini-b"): "mini-b.egov",
    ("phase", "p1", "mini"): "mini.p1",
    ("phase", "p1", "mini-b"): "mini-b.p1",
    ("phase", "p2", "mini"): "mini.p2",
    ("phase", "p2", "mini-b"): "mini-b.p2",
    ("source", "src.shared", "mini"): "mini.src.shared",
    ("source", "src.shared", "mini-b"): "mini-b.src.shared",
}


def test_every_collision_is_renamed_and_reported_exactly(tmp_path: Path) -> None:
    merged, report = _merge_mini(tmp_path)
    assert {(c.kind, c.old_id, c.province): c.new_id for c in report.collisions} == EXPECTED_RENAMES
    assert len(report.collisions) == len(EXPECTED_RENAMES)
    ids = {c.id for c in merged.components} | {p.id for p in merged.projects}
    assert "mini-b.gateway" in ids, "an id used by one former province only is kept"
    assert not ids & {"mini.lgsp", "mini.portal", "mini.soc", "mini.p.platform", "mini.p.apps"}
    assert len(ids) == len(merged.components) + len(merged.projects)


def test_every_reference_follows_the_rename(tmp_path: Path) -> None:
    merged, _ = _merge_mini(tmp_path)
    origin = {c.id: c.origin for c in merged.components}
    domains = {d.id: d.origin for d in merged.domains}
    phases = {ph.id: ph.origin for ph in merged.programme.phases}
    sources = {s.id: s.origin for s in merged.sources}
    for rel in merged.relationships:
        assert origin[rel.source_id] == rel.origin
        assert rel.target_id == "t.nat.eid" or origin[rel.target_id] == rel.origin
    assert {(r.source_id, r.target_id) for r in merged.relationships} >= {
        ("mini--mini.portal", "mini--mini.lgsp"),
        ("mini-b.mini.portal", "mini-b.mini.lgsp"),
        ("mini--mini.lgsp", "t.nat.eid"),
        ("mini-b.mini.lgsp", "t.nat.eid"),
    }
    for p in merged.projects:
        assert all(origin[d] == p.origin for d in p.delivers)
        assert p.domain is not None and domains[p.domain] == p.origin
        assert p.phase is not None and phases[p.phase] == p.origin
    for c in merged.components:
        assert c.domain is None or domains[c.domain] == c.origin
    for d in merged.domains:
        assert d.source is not None and sources[d.source.document] == d.origin
    assert {(w.check, w.subject, w.origin) for w in merged.waivers} == {
        ("ICT206", "mini-b.mini.lgsp", "mini-b"),
        ("ICT103", "mini-2025", "mini-b"),  # a waiver on the former province moves to the new one
    }


def _elements(node: object, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every model object below ``node`` that has an ``origin`` field, with its path."""
    if isinstance(node, BaseModel):
        if "origin" in type(node).model_fields:
            yield path, node
        for name in type(node).model_fields:
            yield from _elements(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _elements(item, f"{path}[{i}]")


def test_every_merged_element_records_its_former_province(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    ws = _load(a, b)
    merged, _ = merge(ws.provinces, ws.catalogue, code="mini-2025", name=Label(vi="Tỉnh Mới"))
    elements = list(_elements(merged))
    assert len(elements) > 20
    for path, element in elements:
        assert element.origin in {"mini", "mini-b"}, f"{path} has no origin"  # type: ignore[attr-defined]
    renamed = {new: province for (_, _, province), new in EXPECTED_RENAMES.items()}
    for c in merged.components:
        assert c.origin == renamed.get(c.id, "mini-b" if c.id == "mini-b.gateway" else None)
    for p in merged.projects:
        assert p.origin == renamed[p.id]
    by_origin = {code: sum(1 for c in merged.components if c.origin == code) for code in ("mini", "mini-b")}
    assert by_origin == {"mini": 3, "mini-b": 4}
    assert [(r.province, r.effective, r.basis) for r in merged.province.history.formed_from] == [
        ("mini", dt.date(2025, 7, 1), MERGE_BASIS),
        ("mini-b", dt.date(2025, 7, 1), MERGE_BASIS),
    ]


def test_viewpoints_and_milestones_are_carried_and_renamed_on_collision(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    programme = (
        "  viewpoints:\n"
        "    - {id: vp.people, text: {vi: Lấy người dân làm trung tâm}}\n"
        "  milestones:\n"
        "    - {id: ms.report, task: {vi: Báo cáo kết quả}, responsible: {vi: Sở Xây dựng}, due: 2023-12-31}\n"
    )
    for folder in (a, b):
        main_file = folder / "province.yaml"
        text = main_file.read_text(encoding="utf-8")
        assert "\nprogramme:\n" in text
        main_file.write_text(text.replace("\nprogramme:\n", "\nprogramme:\n" + programme, 1), encoding="utf-8")
    ws = _load(a, b)
    merged, report = merge(ws.provinces, ws.catalogue, code="mini-2025", name=Label(vi="Tỉnh Mới"))
    assert [(v.id, v.origin, v.text.vi) for v in merged.programme.viewpoints] == [
        ("mini.vp.people", "mini", "Lấy người dân làm trung tâm"),
        ("mini-b.vp.people", "mini-b", "Lấy người dân làm trung tâm"),
    ]
    assert [(m.id, m.origin, m.due) for m in merged.programme.milestones] == [
        ("mini.ms.report", "mini", dt.date(2023, 12, 31)),
        ("mini-b.ms.report", "mini-b", dt.date(2023, 12, 31)),
    ]
    renamed = {(c.kind, c.old_id, c.province) for c in report.collisions}
    assert {("viewpoint", "vp.people", "mini"), ("milestone", "ms.report", "mini-b")} <= renamed


def test_the_seed_merge_keeps_quang_tri_viewpoints() -> None:
    merged, _ = _seed_merge("quang-tri-2025")
    former = _examples().province("quang-tri").architecture.programme.viewpoints
    assert former, "the Quảng Trị model records its scheme's viewpoints"
    assert [(v.id, v.text) for v in merged.programme.viewpoints] == [(v.id, v.text) for v in former]
    assert {v.origin for v in merged.programme.viewpoints} == {"quang-tri"}


def test_merging_twice_gives_identical_yaml(tmp_path: Path) -> None:
    first, report1 = _merge_mini(tmp_path / "1")
    second, report2 = _merge_mini(tmp_path / "2")
    assert dump_province(first) == dump_province(second)
    assert report1.to_markdown() == report2.to_markdown()


def test_input_order_changes_only_the_order_of_list_entries(tmp_path: Path) -> None:
    forward, report = _merge_mini(tmp_path / "f")
    backward, report_back = _merge_mini(tmp_path / "b", reverse=True)
    assert [c.id for c in forward.components] != [c.id for c in backward.components]
    assert forward.components[0].origin == "mini" and backward.components[0].origin == "mini-b"
    assert sorted(c.model_dump_json() for c in forward.components) == sorted(
        c.model_dump_json() for c in backward.components
    )
    assert sorted(p.model_dump_json() for p in forward.projects) == sorted(
        p.model_dump_json() for p in backward.projects
    )
    assert report.collisions == report_back.collisions
    assert [g.to_dict() for g in report.groups] == [g.to_dict() for g in report_back.groups]
    assert [ph.id for ph in forward.programme.phases] == [ph.id for ph in backward.programme.phases]


def test_written_model_loads_back_equal(tmp_path: Path) -> None:
    merged, _ = _merge_mini(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    files = dump_province(merged)
    assert set(files) == {"province.yaml", *FRAGMENTS}
    for name, text in files.items():
        assert text.startswith("# yaml-language-server: $schema=https://")
        (out / name).write_text(text, encoding="utf-8")
    ws = _load(MINI_PROVINCE)
    loaded, diagnostics = load_province(out / "province.yaml", ws.catalogue)
    assert diagnostics == [] and loaded is not None
    assert loaded.architecture == as_written(merged)


def test_the_consolidation_group_and_its_reasoning(tmp_path: Path) -> None:
    _, report = _merge_mini(tmp_path)
    (group,) = report.shared_platforms
    assert group.key == "cap.integration"
    assert {m.component for m in group.members} == {"mini--mini.lgsp", "mini-b.mini.lgsp"}
    assert group.provinces == ("mini", "mini-b")
    assert (group.keep, group.migrate) == ("mini--mini.lgsp", ("mini-b.mini.lgsp",))
    assert group.reasoning_text("en").endswith("decided by id (every other criterion ties).")
    assert group.reasoning_text().endswith("căn cứ mã định danh (các tiêu chí khác ngang nhau).")
    kept = group.members[0]
    assert (kept.status, kept.budget_vnd, kept.latest_end_year, kept.projects) == (
        "existing",
        10_000_000_000,
        2021,
        ("mini--mini.p.platform",),
    )


def test_lifecycle_status_decides_first(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    comps = b / "components.yaml"
    comps.write_text(comps.read_text(encoding="utf-8").replace("status: existing", "status: planned", 1), "utf-8")
    ws = _load(a, b)
    _, report = merge(ws.provinces, ws.catalogue, code="mini-2025", name=Label(vi="Tỉnh Mới"), checks=None)
    (group,) = report.shared_platforms
    assert group.keep == "mini--mini.lgsp"
    assert (
        "decided by lifecycle status (mini--mini.lgsp is existing, mini-b.mini.lgsp is planned)"
        in group.reasoning_text("en")
    )
    assert not report.checks_run and report.findings == ()


def test_the_most_recent_delivering_project_decides_next(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    main_b = b / "province.yaml"
    main_b.write_text(main_b.read_text(encoding="utf-8").replace("end_year: 2021", "end_year: 2022"), "utf-8")
    ws = _load(a, b)
    _, report = merge(ws.provinces, ws.catalogue, code="mini-2025", name=Label(vi="Tỉnh Mới"), checks=None)
    (group,) = report.shared_platforms
    assert group.keep == "mini-b.mini.lgsp"
    assert "most recent delivering project (mini-b.mini.lgsp's ends in 2022, mini--mini.lgsp's in 2021)" in (
        group.reasoning_text("en")
    )


def test_the_duplication_checks_run_on_the_merged_model(tmp_path: Path) -> None:
    _, report = _merge_mini(tmp_path)
    assert report.checks_run
    # two inherited LGSPs are consolidation work (ICT206), not new duplicate investment (ICT201)
    assert not [f for f in report.findings if f.code == "ICT201"]
    (group,) = [f for f in report.findings if f.code == "ICT206"]  # one finding for the group
    assert (group.subject, group.related) == ("mini--mini.lgsp", ("mini-b.mini.lgsp",))
    waived = [f for f in report.findings if f.waiver_reason]
    assert [(f.code, f.subject) for f in waived] == [("ICT206", "mini--mini.lgsp")]  # waived by the carried-over
    assert not [f for f in report.findings if f.code == "ICT902"]  # waiver, which names the group's other member
    assert "## Duplicate-investment checks on the merged model" in report.to_markdown("en")
    assert "## Kiểm tra đầu tư trùng lặp trên mô hình sau hợp nhất" in report.to_markdown()
    json.dumps(report.to_dict())


def test_unusable_inputs_are_refused(tmp_path: Path) -> None:
    ws = _load(MINI_PROVINCE)
    with pytest.raises(MergeError, match="at least two provinces"):
        merge(ws.provinces, ws.catalogue, code="x", name=Label(vi="X"))
    with pytest.raises(MergeError, match="given twice"):
        merge([ws.provinces[0], ws.provinces[0]], ws.catalogue, code="x", name=Label(vi="X"))
    a, b = _mini_pair(tmp_path)
    pair = _load(a, b)
    with pytest.raises(MergeError, match="not a valid province code"):
        merge(pair.provinces, pair.catalogue, code="bad code", name=Label(vi="X"))


def test_unprefixed_undoes_the_rename() -> None:
    assert unprefixed("mini-b.egov", "mini-b") == "egov"
    assert unprefixed("mini--mini.lgsp", "mini") == "mini.lgsp"
    assert unprefixed("health", "quang-tri") == "health"
    assert unprefixed("x", None) == "x"


# --------------------------------------------------------------------------- the seed provinces and their partners


@cache
def _examples() -> Workspace:
    return load_workspace([examples_root()])


@cache
def _seed_merge(code: str) -> tuple[ProvinceArchitecture, MergeReport]:
    ws = _examples()
    name_vi, name_en, former = MERGES[code]
    provinces = [ws.province(f) for f in former]
    return merge(provinces, ws.catalogue, code=code, name=Label(vi=name_vi, en=name_en))


@pytest.mark.parametrize("code", sorted(PARTNERS))
def test_partner_models_are_illustrative_and_record_their_merger(code: str) -> None:
    arch = _examples().province(code).architecture
    assert arch.provenance_note is not None
    assert "Illustrative" in arch.provenance_note and "not from an official source" in arch.provenance_note
    assert arch.sources == ()
    for path, fact in _facts(arch):
        assert fact.provenance is Provenance.ILLUSTRATIVE, f"{code}{path} is {fact.provenance}"
        assert getattr(fact, "source", None) is None
    record = arch.province.history.merged_into
    assert record is not None
    assert (record.province, record.effective, record.basis, record.provenance) == (
        PARTNERS[code],
        dt.date(2025, 7, 1),
        MERGE_BASIS,
        MERGE_PROVENANCE[code],
    )
    layers = {r for c in arch.components for r in c.realizes}
    assert {"ictrf.L1", "ictrf.L2", "ictrf.L3", "ictrf.L4", "ictrf.L5", "ictrf.L6"} <= layers
    assert {"ictrf.X.SEC", "ictrf.X.OM", "ictrf.C.IOC", "ictrf.L4.provincial_data_centre"} <= layers
    assert {"ictrf.L3.svc_integration", "ictrf.L3.data_integration"} <= layers
    links = {r for c in arch.components for r in c.egov_links}
    assert {"egov2.prov.lgsp", "egov2.prov.public_service_portal"} <= links
    assert 12 <= len(arch.components) <= 20
    assert all(p.budget_vnd for p in arch.projects)


def _facts(node: object, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every item that carries a provenance, except the record of the merger (unverified by design)."""
    if isinstance(node, BaseModel):
        if "provenance" in type(node).model_fields and not path.endswith("merged_into"):
            yield path, node
        for name in type(node).model_fields:
            yield from _facts(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _facts(item, f"{path}[{i}]")


@pytest.mark.parametrize("code", sorted(MERGES))
def test_seed_merges_name_every_duplicated_shared_platform(code: str) -> None:
    merged, report = _seed_merge(code)
    former = set(MERGES[code][2])
    capabilities = {g.key for g in report.shared_platforms}
    assert capabilities >= SHARED_PLATFORMS
    markdown = report.to_markdown()
    for group in report.groups:
        assert len(set(group.provinces)) >= 2 and set(group.provinces) <= former
        assert group.keep == group.members[0].component
        assert set(group.migrate) == {m.component for m in group.members} - {group.keep}
        assert group.reasoning_text("en").startswith(f"Keep {group.keep} from ")
        assert group.reasoning_text().startswith(f"Giữ lại {group.keep} của ")
        for m in group.members:
            assert m.component in markdown
    for cap in SHARED_PLATFORMS:
        (group,) = [g for g in report.shared_platforms if g.key == cap]
        assert {m.province for m in group.members} == former, f"{cap}: every former province has one"
        assert f"`{cap}`" in markdown
    inherited = {m for f in report.findings if f.code == "ICT206" for m in (f.subject, *f.related)}  # not ICT201
    for group in report.shared_platforms:
        assert {m.component for m in group.members} <= inherited
    assert [t.province for t in report.totals] == list(MERGES[code][2])
    assert sum(t.components for t in report.totals) == len(merged.components)
    for path, element in _elements(merged):
        assert element.origin in former, f"{code}{path}: origin {element.origin}"  # type: ignore[attr-defined]
    ws = _examples()
    for f in former:
        own = ws.province(f).architecture
        assert sum(1 for c in merged.components if c.origin == f) == len(own.components)
        assert sum(1 for p in merged.projects if p.origin == f) == len(own.projects)
        assert sum(1 for r in merged.relationships if r.origin == f) == len(own.relationships)


def test_seed_merge_reasoning_and_application_groups() -> None:
    _, report = _seed_merge("quang-ngai-2025")
    groups = {g.key: g for g in report.groups}
    warehouse = groups["cap.data_warehouse"]
    assert (warehouse.keep, warehouse.migrate) == (
        "quang-ngai.shared-data-warehouse",
        ("kon-tum.shared-data-warehouse",),
    )
    assert "decided by lifecycle status" in warehouse.reasoning_text("en")
    apps = {frozenset(m.component for m in g.members) for g in report.applications}
    assert frozenset({"kon-tum.feedback-system", "quang-ngai.feedback-system"}) in apps
    assert frozenset({"kon-tum.tourism-app", "quang-ngai.tourism-app"}) in apps
    _, hcmc = _seed_merge("ho-chi-minh-city-2025")
    traffic = [g for g in hcmc.applications if g.key.startswith("transport:")]
    assert {m.component for g in traffic for m in g.members} == {
        "ho-chi-minh-city.traffic-management",
        "binh-duong.traffic-management",
        "ba-ria-vung-tau.vt-traffic",
    }


def test_seed_merge_notes_a_province_that_records_another_merger() -> None:
    ws = _examples()
    _, report = merge(
        [ws.province("kon-tum"), ws.province("ha-tinh")], ws.catalogue, code="x-2025", name=Label(vi="X"), checks=None
    )
    notes = [render(n, "en") for n in report.notes]
    assert "kon-tum records that it merged into 'quang-ngai-2025', not 'x-2025'" in notes
    assert "ha-tinh does not record that it merged into x-2025 (history.merged_into is absent)" in notes
    assert "kon-tum ghi nhận đã hợp nhất vào 'quang-ngai-2025', không phải 'x-2025'" in [
        render(n) for n in report.notes
    ]


# --------------------------------------------------------------------------- the command line and the examples


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_merge_writes_a_model_that_validates(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = _run(
        "--reference", str(MINI_REFERENCE), "merge", str(a), str(b), "--into", "mini-2025", "--name-vi", "Tỉnh Mới",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    assert stdout.startswith("# Báo cáo hợp nhất hệ thống: Tỉnh Mới (mini-2025)")
    assert "| thành phần | mini.lgsp | mini | mini--mini.lgsp |" in stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(["province.yaml", *FRAGMENTS, MANIFEST])
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"] == sorted(["province.yaml", *FRAGMENTS])
    assert "đã hợp nhất mini, mini-b thành mini-2025" in stderr
    code, stdout, _ = _run("--reference", str(MINI_REFERENCE), "--no-color", "validate", str(out))
    assert code == 0 and "mini-2025: 7 thành phần, 4 dự án, 4 tệp" in stdout


def test_cli_merge_json_report(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    report = tmp_path / "report.json"
    code, stdout, stderr = _run(
        "--reference", str(MINI_REFERENCE), "merge", str(a), str(b), "--into", "mini-2025", "--name-vi", "Tỉnh Mới",
        "-o", str(tmp_path / "out"), "--format", "json", "--report", str(report),
    )  # fmt: skip
    assert code == 0, stderr
    assert stdout == ""
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["former"] == ["mini", "mini-b"]
    assert data["groups"][0]["key"] == "cap.integration"
    assert len(data["collisions"]) == len(EXPECTED_RENAMES)


def test_cli_merge_exit_codes(tmp_path: Path) -> None:
    a, b = _mini_pair(tmp_path)
    ref = ["--reference", str(MINI_REFERENCE)]
    one = _run(*ref, "merge", str(a), "--into", "x", "--name-vi", "X", "-o", str(tmp_path / "one"))
    assert one[0] == 2 and "hợp nhất cần ít nhất hai tỉnh; có 1" in one[2]
    bad = _run(*ref, "merge", str(a), str(b), "--into", "bad code", "--name-vi", "X", "-o", str(tmp_path / "bad"))
    assert bad[0] == 2 and "không phải mã hợp lệ" in bad[2]
    missing = _run(*ref, "merge", str(a), str(tmp_path / "nowhere"), "--into", "x", "--name-vi", "X", "-o", "o")
    assert missing[0] == 2 and "không tìm thấy đường dẫn" in missing[2]
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    args = [*ref, "merge", str(a), str(b), "--into", "x", "--name-vi", "X", "-o", str(taken)]
    refused = _run(*args)
    assert refused[0] == 2 and "dùng --force" in refused[2]
    assert _run(*args, "--force")[0] == 0
    assert (taken / "notes.txt").read_text(encoding="utf-8") == "mine"
    no_name = _run(*ref, "merge", str(a), str(b), "--into", "x", "-o", str(tmp_path / "n"))
    assert no_name[0] == 2


@pytest.mark.parametrize("code", sorted(MERGES))
def test_committed_merged_examples_have_not_drifted(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed = EXAMPLES / code
    out = tmp_path / code
    monkeypatch.chdir(ROOT)
    status, _, stderr = _run(
        *_merge_args(code, str(out), str(out / "consolidation.md")), "--schema-path", "../../../schemas"
    )
    assert status == 0, stderr
    fresh = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    written = {p.name: p.read_bytes() for p in sorted(committed.iterdir())} if committed.is_dir() else {}
    hint = f"examples/merged/{code} is stale; regenerate it from the repository's root:\n  {regeneration_command(code)}"
    assert written.keys() == fresh.keys(), hint
    for name in fresh:
        assert written[name] == fresh[name], f"{name}: {hint}"


def test_merged_examples_validate_and_the_readme_lists_their_commands() -> None:
    ws = load_workspace([EXAMPLES])
    assert sorted(p.code for p in ws.provinces) == sorted(MERGES)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for code in MERGES:
        assert regeneration_command(code) in readme
        loaded: LoadedArchitecture = ws.province(code)
        assert {r.province for r in loaded.architecture.province.history.formed_from} == set(MERGES[code][2])
        assert all(c.origin in MERGES[code][2] for c in loaded.architecture.components)
