"""The rule base against the law: citations point at listed sections of documents in force, gating checks rest on
sourced clauses, and every fact taken from the seed articles is asserted against the seed text.

A reviewer signs a finding only if the clause it cites says what the rule enforces and the document is in force;
these tests fail when a check or a reference item drifts from that.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from ictarch.checks import default_registry
from ictarch.checks.spec import CheckSpec
from ictarch.findings import Severity
from ictarch.loading import load_catalogue, load_workspace
from ictarch.models.common import Provenance, SourceRef
from ictarch.models.reference import DocumentStatus, ReferenceCatalogue, ReferenceDocument

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "reference_framework"
SEEDS = ROOT.parent / "shared" / "seeds"
SOUND = {Provenance.VERIFIED, Provenance.SECONDARY}
GATING = {Severity.HIGH, Severity.CRITICAL}
REGISTRY = default_registry()
SPECS = list(REGISTRY)


@cache
def _catalogue() -> ReferenceCatalogue:
    catalogue, _ = load_catalogue(REFERENCE_DIR)
    return catalogue


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (a user's clone); the seed facts are asserted where ../shared exists")
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return _norm(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _current_successors(doc_id: str) -> list[ReferenceDocument]:
    cat = _catalogue()
    return [cat.documents[d] for d in cat.document_successors(doc_id) if cat.documents[d].status != "superseded"]


# --------------------------------------------------------------------------- checks: citations


@pytest.mark.parametrize("spec", SPECS, ids=[s.code for s in SPECS])
def test_check_cites_a_listed_section_of_a_sourced_document(spec: CheckSpec) -> None:
    doc = _catalogue().documents.get(spec.reference_document)
    assert doc is not None, f"{spec.code} cites {spec.reference_document}, which documents.yaml does not list"
    assert doc.sources, f"{spec.code} cites {doc.number}, whose record names no source"
    section = doc.section(spec.reference_clause)
    listed = [s.ref for s in doc.sections]
    assert section is not None, f"{spec.code} cites '{spec.reference_clause}' of {doc.number}; listed: {listed}"


@pytest.mark.parametrize("spec", SPECS, ids=[s.code for s in SPECS])
def test_check_does_not_rest_on_a_superseded_document_alone(spec: CheckSpec) -> None:
    doc = _catalogue().documents[spec.reference_document]
    if doc.status is not DocumentStatus.SUPERSEDED:
        return
    successors = _current_successors(doc.id)
    assert successors, f"{spec.code} cites {doc.number}, superseded with no current successor"
    reference = spec.sections["Reference"]
    named = [d.number for d in successors if d.number in reference]
    assert named, f"{spec.code} cites superseded {doc.number}; its Reference must name {[d.number for d in successors]}"


@pytest.mark.parametrize("spec", [s for s in SPECS if s.severity in GATING], ids=lambda s: s.code)
def test_gating_check_rests_on_a_sourced_clause(spec: CheckSpec) -> None:
    doc = _catalogue().documents[spec.reference_document]
    section = doc.section(spec.reference_clause)
    assert doc.provenance in SOUND, f"{spec.code} is {spec.severity.value} but {doc.number} is {doc.provenance.value}"
    assert section is not None and section.provenance in SOUND, (
        f"{spec.code} is {spec.severity.value} but '{spec.reference_clause}' of {doc.number} is "
        f"{section.provenance.value if section else 'not listed'}: verify it or lower the severity"
    )


@pytest.mark.parametrize("spec", SPECS, ids=[s.code for s in SPECS])
def test_explain_names_the_document_and_the_clause(spec: CheckSpec) -> None:
    doc = _catalogue().documents[spec.reference_document]
    text = f"{spec.sections['']} {spec.sections['Rationale']} {spec.sections['Reference']}"
    assert doc.number in text, f"{spec.code}'s documentation does not name {doc.number}"
    section = doc.section(spec.reference_clause)
    assert section is not None
    if section.ref.startswith("Điều"):
        assert section.ref in text, f"{spec.code}'s documentation does not name {section.ref}"


@pytest.mark.parametrize("spec", SPECS, ids=[s.code for s in SPECS])
def test_explain_quotes_the_clause_where_its_text_was_read(spec: CheckSpec) -> None:
    section = _catalogue().documents[spec.reference_document].section(spec.reference_clause)
    assert section is not None
    if not section.quote or section.provenance is not Provenance.VERIFIED:
        return
    parts = [_norm(p) for p in section.quote.split("...") if p.strip()]
    quoted = [_norm(q).strip(" .…") for q in re.findall(r'"([^"]{15,})"', spec.doc)]
    assert any(q and any(q.rstrip(". ") in p for p in parts) for q in quoted), (
        f"{spec.code} cites {section.ref}, whose text was read: quote it in Vietnamese in the rationale"
    )


def test_a_section_of_a_document_is_matched_by_its_own_number() -> None:
    doc = _catalogue().documents["vn.85-2016-ND-CP"]
    assert doc.section("Điều 1") is None
    assert doc.section("Điều 9 khoản 2") is not None and doc.section("Điều 9 khoản 2").ref == "Điều 9"  # type: ignore[union-attr]
    assert doc.section("Điều 10").ref == "Điều 10"  # type: ignore[union-attr]
    assert doc.section("Điều 15") is None


# --------------------------------------------------------------------------- reference data: citations


def _source_refs(obj: object, where: str) -> list[tuple[str, SourceRef]]:
    out: list[tuple[str, SourceRef]] = []
    if isinstance(obj, SourceRef):
        return [(where, obj)]
    if isinstance(obj, tuple):
        for i, item in enumerate(obj):
            out += _source_refs(item, f"{where}[{i}]")
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            out += _source_refs(getattr(obj, name), f"{where}.{name}")
    return out


def test_every_reference_item_cites_a_section_the_document_lists() -> None:
    cat = _catalogue()
    wrong = []
    for f in cat.files:
        for where, ref in _source_refs(f, "file"):
            doc = cat.documents.get(ref.document)
            if doc is None or ref.section is None or ref.section.startswith("whole "):
                continue
            if doc.section(ref.section) is None:
                wrong.append(f"{where}: {ref.document} '{ref.section}' (listed: {[s.ref for s in doc.sections]})")
    assert not wrong, "citations to sections a document's record does not list:\n" + "\n".join(sorted(set(wrong)))


def test_no_citation_uses_the_dossier_numbering() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in REFERENCE_DIR.glob("*.yaml"))
    assert not re.search(r'section: "§(1\.3|8\.\d)', text)
    assert all("§1.3" not in s.reference_clause for s in SPECS)


def test_quotes_only_where_the_text_was_read() -> None:
    for doc in _catalogue().documents.values():
        for section in doc.sections:
            if section.quote:
                assert section.provenance in SOUND, f"{doc.number} {section.ref} quotes text it marks unverified"
                assert section.sources, f"{doc.number} {section.ref} quotes text without saying where it was read"


# --------------------------------------------------------------------------- the law of 2025-2026


def test_cybersecurity_law_2025_replaces_the_2015_and_2018_laws() -> None:
    cat = _catalogue()
    law = cat.documents["vn.116-2025-QH15"]
    assert (law.date, law.effective, law.status) == (dt.date(2025, 12, 10), dt.date(2026, 7, 1), "current")
    assert set(law.supersedes) == {"vn.86-2015-QH13", "vn.24-2018-QH14"}
    assert cat.document_successors("vn.86-2015-QH13") == ["vn.116-2025-QH15"]


def test_security_levels_are_articles_7_to_11_of_decree_85() -> None:
    doc = _catalogue().documents["vn.85-2016-ND-CP"]
    titles = {s.ref: s.title for s in doc.sections}
    assert [titles[f"Điều {n}"] for n in range(7, 12)] == [f"Tiêu chí xác định cấp độ {n}" for n in range(1, 6)]
    level3 = doc.section("Điều 9")
    assert level3 is not None and level3.provenance is Provenance.VERIFIED
    assert "thông tin cá nhân của từ 10.000 người sử dụng trở lên" in (level3.quote or "")


def test_decree_331_of_2026_replaces_decree_85_under_the_2025_law() -> None:
    cat = _catalogue()
    new, old = cat.documents["vn.331-2026-ND-CP"], cat.documents["vn.85-2016-ND-CP"]
    assert (new.date, new.effective, new.status) == (dt.date(2026, 8, 19), dt.date(2026, 8, 19), "current")
    assert old.status == "superseded" and cat.document_successors(old.id) == [new.id]
    titles = {s.ref: s.title for s in new.sections}
    assert [titles[f"Điều {n}"] for n in range(11, 16)] == [f"Tiêu chí xác định cấp độ {n}" for n in range(1, 6)]
    level3 = new.section("Điều 13 khoản 2")
    assert level3 is not None and level3.provenance is Provenance.VERIFIED
    assert "Hệ thống thông tin giải quyết thủ tục hành chính" in (level3.quote or "")
    assert "từ 100.000 chủ thể dữ liệu đối với dữ liệu cá nhân cơ bản" in (level3.quote or "")
    transition = new.section("Điều 39")
    assert transition is not None and "Nghị định số 85/2016/NĐ-CP" in (transition.quote or "")
    spec = {s.code: s for s in SPECS}
    assert {spec[c].reference_document for c in ("ICT501", "ICT502", "ICT503", "ICT505")} == {new.id}


def test_impact_assessment_article_and_the_state_exemption() -> None:
    section = _catalogue().documents["vn.91-2025-QH15"].section("Điều 21")
    assert section is not None and section.provenance is Provenance.VERIFIED
    assert section.title == "Đánh giá tác động xử lý dữ liệu cá nhân"
    assert "Cơ quan nhà nước có thẩm quyền không phải thực hiện" in (section.quote or "")


def test_personal_data_law_and_decree() -> None:
    cat = _catalogue()
    law, decree = cat.documents["vn.91-2025-QH15"], cat.documents["vn.356-2025-ND-CP"]
    assert (law.date, law.effective) == (dt.date(2025, 6, 26), dt.date(2026, 1, 1))
    assert (decree.date, decree.effective) == (dt.date(2025, 12, 31), dt.date(2026, 1, 1))
    assert cat.document_successors("vn.13-2023-ND-CP") == ["vn.356-2025-ND-CP"]


def test_decree_47_is_replaced_by_decree_278() -> None:
    assert _catalogue().document_successors("vn.47-2020-ND-CP") == ["vn.278-2025-ND-CP"]


def test_resolution_202_took_effect_on_adoption_and_merges_date_from_first_of_july() -> None:
    res = _catalogue().documents["vn.202-2025-QH15"]
    assert res.date == res.effective == dt.date(2025, 6, 12)
    ws = load_workspace(sorted(p for p in (ROOT / "province_models").iterdir() if p.is_dir()))
    for loaded in ws.provinces:
        merged = loaded.architecture.province.history.merged_into
        if merged is not None:
            assert merged.effective == dt.date(2025, 7, 1), loaded.code
            assert merged.provenance in SOUND, loaded.code


def test_national_platforms_are_named_apart() -> None:
    cat = _catalogue()
    ndop = cat.components["ndaf.nat.data_sharing_platform"]
    assert "NDOP" in ndop.name.vi and "NDXP" not in ndop.name.vi
    assert "NDXP" in cat.documents["vn.677-BTTTT-THH.2022"].title.en


def test_department_reorganisation_of_2025() -> None:
    reorgs = {r.former.vi: r for r in _catalogue().reorganisations}
    sotttt = reorgs["Sở Thông tin và Truyền thông"]
    assert sotttt.successor.vi == "Sở Khoa học và Công nghệ"
    assert sotttt.effective == dt.date(2025, 3, 1)
    assert sotttt.provenance is Provenance.VERIFIED


# --------------------------------------------------------------------------- the seeds


def test_seed_001_eight_principles_are_quoted_and_linked() -> None:
    seed = _seed("001")
    cat = _catalogue()
    statement = cat.documents["vn.btttt-workshop-2019-10-02"]
    assert statement.date == dt.date(2019, 10, 2)
    assert "08/10/2019" in seed and "ngày 02/10" in seed
    principles = [p for p in cat.principles.values() if p.source.document == statement.id]
    assert len(principles) == 8
    for section in statement.sections:
        assert section.quote and _norm(section.quote) in seed, section.ref
    for p in principles:
        section = statement.section(p.source.section or "")
        assert section is not None and section.quote and _norm(section.quote) in _norm(p.text.vi), p.id
        assert all(code in REGISTRY for code in p.enforced_by), p.id
    enforced = {p.id.split(".")[1] for p in principles if p.enforced_by}
    assert {"P1", "P2", "P3", "P5", "P6"} <= enforced


def test_seed_000_principles_of_kon_tum_1133() -> None:
    seed = _seed("000")
    cat = _catalogue()
    letter = cat.documents["vn.1133-UBND-KGVX.2018.kon-tum"]
    assert letter.number in seed.upper() or "1133/ubnd-kgvx" in seed
    assert letter.date == dt.date(2018, 5, 8) and "ngày 08/5/2018" in seed
    principles = [p for p in cat.principles.values() if p.source.document == letter.id]
    assert len(principles) == 6
    assert all(p.provenance is Provenance.SECONDARY for p in principles)
    pairs = [  # (as the seed words it, as the principle's name or text carries it)
        ("lấy người dân làm trung tâm", "lấy người dân làm trung tâm"),
        ("đẩy mạnh dùng chung cơ sở hạ tầng thông tin, khuyến khích dữ liệu mở", "khuyến khích dữ liệu mở"),
        ("đảm bảo tính trung lập về công nghệ", "đảm bảo tính trung lập về công nghệ"),
        ("bảo vệ thông tin riêng tư của người dân", "bảo vệ thông tin riêng tư của người dân"),
        ("đề án tổng thể xây dựng đô thị thông minh với lộ trình phù hợp", "với lộ trình phù hợp"),
        ("tăng cường huy động các nguồn lực xã hội", "tăng cường huy động các nguồn lực xã hội"),
    ]
    for p, (in_seed, in_principle) in zip(sorted(principles, key=lambda p: p.id), pairs, strict=True):
        assert _norm(in_seed) in seed, in_seed
        assert _norm(in_principle) in _norm(f"{p.name.vi} {p.text.vi}"), p.id


def _province(code: str):  # type: ignore[no-untyped-def]
    (loaded,) = load_workspace([ROOT / "province_models" / code]).provinces
    return loaded.architecture


def test_seed_002_quang_tri_viewpoints() -> None:
    seed = _seed("002")
    arch = _province("quang-tri")
    viewpoints = arch.programme.viewpoints
    assert len(viewpoints) == 8
    for v in viewpoints:
        assert _norm(v.text.vi) in seed, v.id
        assert v.provenance is Provenance.VERIFIED


def test_seed_004_ha_tinh_deadline_for_the_department_of_construction() -> None:
    seed = _seed("004")
    arch = _province("ha-tinh")
    (milestone,) = arch.programme.milestones
    assert milestone.due == dt.date(2023, 12, 31) and "trước ngày 31/12/2023" in seed
    assert milestone.responsible is not None and milestone.responsible.vi == "Sở Xây dựng"
    assert "giao sở xây dựng chủ trì" in seed


def test_seed_003_da_lat_model_is_attributed_to_the_party_secretary() -> None:
    seed = _seed("003")
    assert re.search(r"theo ông trần đình khoa, bí thư thành ủy vũng tàu.{0,300}đà lạt", seed)
    data = yaml.safe_load((ROOT / "province_models" / "ba-ria-vung-tau" / "province.yaml").read_text(encoding="utf-8"))

    def sources(obj: object) -> list[dict[str, str]]:
        if isinstance(obj, dict):
            here = [obj] if "document" in obj and "Đà Lạt" in str(obj.get("note", "")) else []
            return here + [s for v in obj.values() for s in sources(v)]
        if isinstance(obj, list):
            return [s for v in obj for s in sources(v)]
        return []

    found = sources(data)
    assert found
    for src in found:
        said = f"{src.get('section', '')} {src.get('note', '')}"
        assert "Trần Đình Khoa" in said or "Secretary of the Vũng Tàu City Party Committee" in said, said[:160]


@pytest.mark.parametrize(
    ("owner", "state"),
    [
        ("Văn phòng UBND tỉnh Quảng Trị", True),
        ("Ủy ban nhân dân tỉnh Kon Tum", True),
        ("UBND các xã, phường, thị trấn", True),
        ("Sở Y tế tỉnh Quảng Bình", True),
        ("Công an tỉnh Hà Tĩnh", True),
        ("Bệnh viện Đa khoa tỉnh Quảng Trị", False),
        ("Trung tâm Công nghệ thông tin tỉnh", False),
        ("Công ty Cổ phần Viễn thông", False),
    ],
)
def test_impact_assessment_exemption_recognises_state_agencies_by_name(owner: str, state: bool) -> None:
    from ictarch.checks.security import _state_agency

    assert _state_agency(owner) is state


def test_security_level_criteria_follow_the_decree_in_force_at_the_model_date() -> None:
    from ictarch.checks.security_levels import DECREE_85, DECREE_331, criteria_at

    assert criteria_at(dt.date(2026, 8, 18)) is DECREE_85
    assert criteria_at(dt.date(2026, 8, 19)) is DECREE_331
    assert criteria_at(None) is DECREE_331
    decree = _catalogue().documents["vn.331-2026-ND-CP"]
    assert decree.effective == dt.date(2026, 8, 19)
    for rule, doc_id in ((DECREE_85, "vn.85-2016-ND-CP"), (DECREE_331, "vn.331-2026-ND-CP")):
        doc = _catalogue().documents[doc_id]
        assert rule.decree == doc.number
        for article, level in ((rule.level2, 2), (rule.level3, 3)):
            section = doc.section(article)
            assert section is not None and section.title == f"Tiêu chí xác định cấp độ {level}"
            assert section.provenance is Provenance.VERIFIED
        assert f"{rule.subjects:,}".replace(",", ".") in (doc.section(rule.level3).quote or "")  # type: ignore[union-attr]
