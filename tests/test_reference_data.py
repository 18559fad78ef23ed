"""Content checks of the shipped reference frameworks (reference_framework/*.yaml).

These tests guard the data, not the code: provenance discipline, ids, supersession chains and the shape of
the 829 framework as the fact dossier states it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from ictarch.loading import load_catalogue
from ictarch.models.common import Provenance
from ictarch.models.reference import (
    DocumentStatus,
    Framework,
    LayerKind,
    Obligation,
    ReferenceCatalogue,
    Scoring,
)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference_framework"


@cache
def _catalogue() -> ReferenceCatalogue:
    """The shipped catalogue, through the loader (which also rejects duplicate keys and dangling ids)."""
    catalogue, _ = load_catalogue(REFERENCE_DIR)
    return catalogue


# --------------------------------------------------------------------------- constants from the brief / dossier

CHECK_CODES = {
    "ICT101", "ICT102", "ICT103", "ICT104", "ICT105",
    "ICT201", "ICT202", "ICT203", "ICT204", "ICT205", "ICT206", "ICT207",
    "ICT301", "ICT302", "ICT303", "ICT304", "ICT305",
    "ICT401", "ICT402", "ICT403", "ICT404", "ICT405",
    "ICT501", "ICT502", "ICT503", "ICT504", "ICT505", "ICT506", "ICT507",
    "ICT601",
}  # fmt: skip

D1178 = "vn.1178-BTTTT-THH.2015"
D2323 = "vn.2323-QD-BTTTT.2019"
D2568 = "vn.2568-QD-BTTTT.2023"
D1729 = "vn.1729-QD-BTTTT.2024"
D292 = "vn.292-QD-BKHCN.2025"
D3090 = "vn.3090-QD-BKHCN.2025"
D1736 = "vn.1736-BKHCN-CDSQG.2025"
D950 = "vn.950-QD-TTg.2018"

WEAK = {Provenance.UNVERIFIED, Provenance.ILLUSTRATIVE}


# --------------------------------------------------------------------------- helpers


def _sourced_items(cat: ReferenceCatalogue) -> Iterator[tuple[str, object]]:
    """Every item that carries a ``source``: (label for messages, item)."""
    for fw in cat.frameworks.values():
        yield fw.id, fw
    for layer in cat.layers.values():
        yield layer.id, layer
    for comp in cat.components.values():
        yield comp.id, comp
    for cap in cat.capabilities.values():
        yield cap.id, cap
    for p in cat.principles.values():
        yield p.id, p
    for s in cat.indicator_sets.values():
        yield s.id, s
    for i in cat.indicators.values():
        yield i.id, i
    for m in cat.crosswalks:
        yield f"crosswalk {m.source_item}->{m.target_item}", m


def _all_ids(cat: ReferenceCatalogue) -> list[str]:
    """Ids of every item of every file, duplicates kept (the catalogue's dicts would hide them)."""
    ids: list[str] = []
    for f in cat.files:
        ids += [d.id for d in f.documents]
        ids += [c.id for c in f.capabilities]
        ids += [p.id for p in f.principles]
        for s in f.indicator_sets:
            ids.append(s.id)
            ids += [i.id for i in s.indicators]
        for fw in f.frameworks:
            ids.append(fw.id)
            for layer in fw.layers:
                ids.append(layer.id)
                ids += [c.id for c in layer.components]
    return ids


def _framework(fw_id: str) -> Framework:
    return _catalogue().frameworks[fw_id]


# --------------------------------------------------------------------------- files


def test_every_file_starts_with_schema_line_and_format_version() -> None:
    paths = sorted(REFERENCE_DIR.glob("*.yaml"))
    assert paths, "no reference files found"
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "# yaml-language-server: $schema=../schemas/reference-framework/v1.json", path.name
        assert lines[1] == "ictarch: 1", path.name


def test_catalogue_is_not_empty() -> None:
    cat = _catalogue()
    assert cat.documents and cat.frameworks and cat.layers and cat.components
    assert cat.capabilities and cat.principles and cat.indicator_sets and cat.crosswalks


# --------------------------------------------------------------------------- sources and provenance


def test_every_item_has_a_source_in_the_documents_and_a_provenance() -> None:
    cat = _catalogue()
    for label, item in _sourced_items(cat):
        source = item.source  # type: ignore[attr-defined]
        assert source.document in cat.documents, f"{label}: unknown source document {source.document}"
        assert source.section, f"{label}: source has no section"
        assert isinstance(item.provenance, Provenance), label  # type: ignore[attr-defined]
    for doc in cat.documents.values():
        assert isinstance(doc.provenance, Provenance), doc.id


def test_document_references_resolve() -> None:
    cat = _catalogue()
    for fw in cat.frameworks.values():
        assert fw.document in cat.documents, fw.id
    for s in cat.indicator_sets.values():
        assert s.document is None or s.document in cat.documents, s.id
    for d in cat.documents.values():
        for target in (*d.supersedes, *d.superseded_by, *d.amends, *d.amended_by):
            assert target in cat.documents, f"{d.id} -> {target}"
    for fw in cat.frameworks.values():
        for target in (*fw.supersedes, *fw.superseded_by):
            assert target in cat.frameworks, f"{fw.id} -> {target}"


def test_every_label_has_vietnamese_first_and_english() -> None:
    cat = _catalogue()
    for label, item in _sourced_items(cat):
        name = getattr(item, "name", None)
        if name is not None:
            assert name.vi.strip(), label
            assert name.en, f"{label}: English name missing"
    for d in cat.documents.values():
        assert d.title.vi.strip() and d.title.en, d.id
        assert d.issuer.vi.strip() and d.issuer.en, d.id


def test_ids_unique_across_all_files() -> None:
    counts = Counter(_all_ids(_catalogue()))
    duplicates = sorted(i for i, n in counts.items() if n > 1)
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_crosswalk_ends_are_framework_items() -> None:
    cat = _catalogue()
    known = {*cat.layers, *cat.components, *cat.frameworks}
    for m in cat.crosswalks:
        assert m.source_item in known, m.source_item
        assert m.target_item in known, m.target_item
        if m.basis.value == "inference":
            assert m.provenance is not Provenance.VERIFIED, f"{m.source_item}->{m.target_item}"


# --------------------------------------------------------------------------- rules may only rest on sourced facts


def test_no_mandatory_component_or_required_layer_rests_on_unverified_items() -> None:
    cat = _catalogue()

    def weak_document(doc_id: str) -> bool:
        return cat.documents[doc_id].provenance in WEAK

    for layer in cat.layers.values():
        if not layer.coverage_required:
            continue
        assert layer.provenance not in WEAK, layer.id
        assert not weak_document(layer.source.document), layer.id
        if layer.capability:
            assert cat.capabilities[layer.capability].provenance not in WEAK, layer.id
    for comp_id, comp in cat.components.items():
        if comp.obligation is not Obligation.MANDATORY:
            continue
        owner = cat.layer_of(comp_id)
        assert owner is not None
        assert comp.provenance not in WEAK, comp_id
        assert not comp.extension, comp_id
        assert owner.provenance not in WEAK, comp_id
        assert not weak_document(comp.source.document), comp_id
        if comp.capability:
            assert cat.capabilities[comp.capability].provenance not in WEAK, comp_id


def test_extension_components_are_never_verified_nor_mandatory() -> None:
    extensions = [c for c in _catalogue().components.values() if c.extension]
    assert extensions, "the 829 toolkit extensions are missing"
    for comp in extensions:
        assert comp.provenance is not Provenance.VERIFIED, comp.id
        assert comp.obligation is not Obligation.MANDATORY, comp.id


def test_every_referenced_capability_exists() -> None:
    cat = _catalogue()
    refs = [(layer.id, layer.capability) for layer in cat.layers.values()]
    refs += [(comp.id, comp.capability) for comp in cat.components.values()]
    for item_id, capability in refs:
        if capability:
            assert capability in cat.capabilities, f"{item_id}: {capability}"


def test_national_components_use_national_capabilities() -> None:
    cat = _catalogue()
    for comp in cat.components.values():
        if comp.national_level:
            assert comp.capability, comp.id
            assert cat.capabilities[comp.capability].provided_at.value == "national", comp.id
    for cap in cat.capabilities.values():
        if cap.provided_at.value == "national":
            assert cap.provider is not None, cap.id


def test_principles_enforced_only_by_known_checks() -> None:
    for p in _catalogue().principles.values():
        unknown = set(p.enforced_by) - CHECK_CODES
        assert not unknown, f"{p.id}: unknown check codes {sorted(unknown)}"
        assert len(set(p.enforced_by)) == len(p.enforced_by), p.id


def test_principle_families_are_complete() -> None:
    ids = set(_catalogue().principles)
    assert {"P.PEOPLE_CENTRIC", "P.SHARED_INFRA", "P.OPEN_DATA", "P.TECH_NEUTRAL", "P.REUSE_EXISTING"} <= ids
    assert {f"D269.R{i}" for i in range(1, 7)} <= ids
    assert len([i for i in ids if i.startswith("ndaf.P")]) == 7
    assert len([i for i in ids if i.startswith("P58.")]) == 11


# --------------------------------------------------------------------------- supersession


def test_document_supersession_is_symmetric() -> None:
    docs = _catalogue().documents
    for a in docs.values():
        for b_id in a.superseded_by:
            assert a.id in docs[b_id].supersedes, f"{a.id} superseded_by {b_id}, but not the reverse"
        for b_id in a.supersedes:
            assert a.id in docs[b_id].superseded_by, f"{a.id} supersedes {b_id}, but not the reverse"
        for b_id in a.amends:
            assert a.id in docs[b_id].amended_by, f"{a.id} amends {b_id}, but not the reverse"
        for b_id in a.amended_by:
            assert a.id in docs[b_id].amends, f"{a.id} amended_by {b_id}, but not the reverse"


def test_framework_supersession_is_symmetric() -> None:
    fws = _catalogue().frameworks
    for a in fws.values():
        for b_id in a.superseded_by:
            assert a.id in fws[b_id].supersedes, f"{a.id} superseded_by {b_id}, but not the reverse"
        for b_id in a.supersedes:
            assert a.id in fws[b_id].superseded_by, f"{a.id} supersedes {b_id}, but not the reverse"


def test_superseded_status_matches_chain() -> None:
    for d in _catalogue().documents.values():
        if d.superseded_by:
            assert d.status is DocumentStatus.SUPERSEDED, d.id
        if d.status is DocumentStatus.SUPERSEDED:
            assert d.superseded_by, f"{d.id} is superseded but names no successor"


def test_egov_document_chain_is_as_the_dossier_states() -> None:
    docs = _catalogue().documents
    expected = {
        D1178: ((), (D2323,), (), ()),
        D2323: ((D1178,), (D2568,), (), ()),
        D2568: ((D2323,), (D292,), (), (D1729,)),
        D1729: ((), (D292,), (D2568,), ()),
        D292: ((D2568, D1729), (), (), ()),
    }
    for doc_id, (supersedes, superseded_by, amends, amended_by) in expected.items():
        d = docs[doc_id]
        assert set(d.supersedes) == set(supersedes), doc_id
        assert set(d.superseded_by) == set(superseded_by), doc_id
        assert set(d.amends) == set(amends), doc_id
        assert set(d.amended_by) == set(amended_by), doc_id
    assert docs[D292].status is DocumentStatus.CURRENT
    for doc_id in (D1178, D2323, D2568, D1729):
        assert docs[doc_id].status is DocumentStatus.SUPERSEDED, doc_id


def test_national_digital_architecture_chain_and_what_is_not_encoded() -> None:
    docs = _catalogue().documents
    assert docs[D1736].superseded_by == (D3090,)
    assert docs[D1736].status is DocumentStatus.SUPERSEDED
    assert docs[D3090].supersedes == (D1736,)
    assert docs[D3090].status is DocumentStatus.CURRENT
    # 3090 replacing 292 is only secondary: not encoded, but noted.
    assert D292 not in docs[D3090].supersedes
    assert D3090 not in docs[D292].superseded_by
    assert "3090" in (docs[D292].note or "")
    # 950 stays current; its practical replacement by Decree 269 is a note only.
    assert docs[D950].status is DocumentStatus.CURRENT
    assert not docs[D950].superseded_by
    assert "269" in (docs[D950].note or "")


def test_egov_framework_chain_is_1_to_4() -> None:
    cat = _catalogue()
    chain = ["vn.egov.eaf.1.0", "vn.egov.eaf.2.0", "vn.egov.eaf.3.0", "vn.dgov.eaf.4.0"]
    documents = [D1178, D2323, D2568, D292]
    for fw_id, doc_id in zip(chain, documents, strict=True):
        assert cat.frameworks[fw_id].document == doc_id
        assert cat.frameworks[fw_id].kind.value == "egov-architecture"
    assert cat.successors(chain[0]) == chain[1:]
    for earlier, later in itertools.pairwise(chain):
        assert cat.frameworks[earlier].superseded_by == (later,)
        assert cat.frameworks[later].supersedes == (earlier,)
    assert not cat.frameworks[chain[0]].supersedes
    assert cat.is_current(chain[-1])
    assert cat.successors("vn.ndaf.1.0") == ["vn.ndaf.2025"]
    assert cat.is_current("vn.ndaf.2025")


# --------------------------------------------------------------------------- indicator sets


def test_3098_has_unknown_scoring_and_no_invented_structure() -> None:
    s = _catalogue().indicator_sets["vn.kpi.3098.1.0"]
    assert s.scoring is Scoring.UNKNOWN
    assert s.structure_known is False
    assert s.groups == () and s.indicators == () and s.levels == ()
    assert s.indicator_count is None
    assert s.note


def test_no_indicator_set_invents_indicators() -> None:
    for s in _catalogue().indicator_sets.values():
        if not s.structure_known:
            assert s.indicators == (), s.id


def test_tt03_maturity_set() -> None:
    s = _catalogue().indicator_sets["vn.maturity.tt03-2026"]
    assert s.scoring is Scoring.PASS_FAIL
    assert len(s.levels) == 4
    assert s.indicator_count == 19


# --------------------------------------------------------------------------- 829 shape


def test_829_has_six_layers_five_cross_cutting_systems_and_one_centre() -> None:
    fw = _framework("vn.ictrf.1.0")
    kinds = Counter(layer.kind for layer in fw.layers)
    assert kinds[LayerKind.LAYER] == 6
    assert kinds[LayerKind.CROSS_CUTTING] == 5
    assert kinds[LayerKind.CENTRE] == 1
    assert len(fw.layers) == 12
    assert [layer.id for layer in fw.layers if layer.kind is LayerKind.LAYER] == [f"ictrf.L{i}" for i in range(1, 7)]
    orders = [layer.order for layer in fw.layers]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_829_coverage_requirements() -> None:
    fw = _framework("vn.ictrf.1.0")
    required = {layer.id for layer in fw.layers if layer.coverage_required}
    assert required == {*(f"ictrf.L{i}" for i in range(1, 7)), "ictrf.X.SEC", "ictrf.X.OM", "ictrf.C.IOC"}
    ioc = _catalogue().layers["ictrf.C.IOC"]
    assert ioc.capability == "cap.ioc" and ioc.single_instance


@pytest.mark.parametrize(
    "component_id",
    [
        "egov2.prov.lgsp",
        "egov2.prov.public_service_portal",
        "egov2.prov.portal",
        "egov2.prov.document_management",
        "egov2.prov.shared_databases",
        "egov2.prov.data_centre",
        "egov2.prov.network",
        "egov2.prov.security_monitoring",
        "ndaf.nat.data_centre",
        "ndaf.nat.government_cloud",
        "ndaf.nat.data_sharing_platform",
        "ndaf.nat.population_db",
        "ndaf.nat.eid",
        "ndaf.nat.public_service_portal",
        "ndaf.nat.api_registry",
        "ictrf.L3.svc_integration",
        "ictrf.L3.data_integration",
    ],
)
def test_ids_referenced_by_province_models_exist(component_id: str) -> None:
    cat = _catalogue()
    assert component_id in cat.components
    if component_id.startswith("ndaf.nat."):
        assert cat.components[component_id].national_level


def test_national_digital_architecture_scopes_and_layers() -> None:
    fw = _framework("vn.ndaf.2025")
    assert len(fw.sharing_scopes) == 8 and len(set(fw.sharing_scopes)) == 8
    assert [layer.id for layer in fw.layers] == [
        "ndaf.L1.infra_cyber",
        "ndaf.L2.data_core_platforms",
        "ndaf.L3.shared_apps",
        "ndaf.L4.channels_measurement",
    ]
    assert len(_framework("vn.nda.1.0").data_layers) == 8
