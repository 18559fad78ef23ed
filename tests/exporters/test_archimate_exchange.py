"""ArchiMate exchange files: valid against The Open Group's schema offline, relationships the table allows,
the sample file imports and exports again valid, and hostile XML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.archimate import exchange_model, to_archimate_xml
from exporters.yaml_writer import dump_province_yaml
from ictarch.errors import ExportError, ModelLoadError
from ictarch.exchange.oef import read_exchange
from ictarch.exchange.reader import import_exchange
from ictarch.exchange.vocabulary import ALLOWED, KIND_TYPES, LETTERS, RELATION_CHOICES, choose
from ictarch.graph import build_graph
from ictarch.loading import LoadedArchitecture, Workspace, examples_root, load_catalogue, load_province
from tests.exporters.helpers import OUTPUTS_XML, REFERENCE, graph, relationship_table, validate_oef


@pytest.mark.parametrize("code", ["alpha", "beta"])
def test_exported_files_validate_against_the_xsd_offline(shared: Path, code: str) -> None:
    xml = to_archimate_xml(exchange_model(graph(), code))
    assert validate_oef(shared, xml) == []


def test_every_exported_relationship_is_allowed_by_the_relationship_table(shared: Path) -> None:
    table = relationship_table(shared)
    for code in ("alpha", "beta"):
        model = exchange_model(graph(), code)
        types = {e.identifier: e.type for e in model.elements}
        for r in model.relationships:
            assert r.source and r.target
            pair = (types[r.source], types[r.target])
            assert LETTERS[r.type] in table[pair], f"{r.type} not allowed from {pair[0]} to {pair[1]}"


def test_the_embedded_table_excerpt_matches_the_shared_table(shared: Path) -> None:
    table = relationship_table(shared)
    assert {pair: table[pair] for pair in ALLOWED} == ALLOWED


def test_relationship_choices_prefer_the_precise_type_and_fall_back_to_association() -> None:
    assert choose("depends_on", "ApplicationComponent", "SystemSoftware") == ("Serving", True)
    assert choose("depends_on", "ApplicationComponent", "DataObject") == ("Access", False)
    assert choose("hosted_on", "SystemSoftware", "Node") == ("Assignment", True)
    assert choose("hosted_on", "ApplicationComponent", "Node") == ("Serving", True)
    assert choose("serves", "DataObject", "BusinessActor") == ("Association", False)
    assert choose("delivers", "WorkPackage", "ApplicationComponent") == ("Realization", False)
    assert set(RELATION_CHOICES) >= {"depends_on", "serves", "data_flow", "hosted_on", "integrates_via"}
    assert len(set(KIND_TYPES.values())) == len(KIND_TYPES), "each kind has its own ArchiMate type"


def test_the_export_carries_ids_kinds_statuses_and_reference_ids() -> None:
    model = exchange_model(graph(), "alpha")
    portal = next(e for e in model.elements if e.identifier == "c-alpha.portal")
    assert portal.type == "ApplicationInterface"
    assert dict(portal.names) == {"vi": "Cổng dịch vụ công tỉnh", "en": "Provincial public-service portal"}
    assert portal.prop("ictarch:id") == "alpha.portal"
    assert portal.prop("ictarch:kind") == "portal"
    assert portal.prop("ictarch:status") == "existing"
    assert portal.prop("ictarch:realizes") == '["v.L2.portal"]'
    layer = next(e for e in model.elements if e.identifier == "r-v.L3")
    assert (layer.type, layer.prop("ictarch:ref")) == ("Grouping", "v.L3")
    (view,) = model.views
    placed = {child.element for node in view.nodes for child in node.children}
    assert {"c-alpha.lgsp", "c-alpha.soc", "r-v.nat.eid"} <= placed
    assert view.connections, "the view draws the relationships between the components it shows"
    folders = [f.labels[0][1] for f in model.organizations[0].folders]
    assert folders[0] == "Thành phần theo lớp tham chiếu"


def test_a_character_xml_cannot_carry_is_an_export_error() -> None:
    g = graph("beta")
    catalogue = g.workspace.catalogue
    beta = g.workspace.province("beta")
    arch = beta.architecture.model_copy(update={"provenance_note": "bell \x07"})
    bad = build_graph(Workspace(catalogue, [LoadedArchitecture(arch, beta.root, beta.source_map)]))
    with pytest.raises(ExportError, match="U\\+0007, which XML cannot carry"):
        to_archimate_xml(exchange_model(bad, "beta"))


# --------------------------------------------------------------------------- import


def test_the_sample_file_imports_and_exports_again_valid(shared: Path, tmp_path: Path) -> None:
    sample = shared / "samples" / "oef" / "Sample1.xml"
    assert validate_oef(shared, sample.read_bytes()) == []
    result = import_exchange(sample.read_bytes(), "Sample1.xml")
    (component,) = result.data["components"]
    assert component["name"] == {"vi": "Sales Person", "en": "Sales Person"}
    assert component["kind"] == "stakeholder"
    assert component["tags"] == ["archimate:BusinessRole"]
    assert component["description"] == {"vi": "A description of a sales person"}
    report = "\n".join(result.lines("en"))
    assert "'Sell Product' (BusinessProcess, id-89c22226): no ictarch kind for BusinessProcess" in report
    assert "relationship 'id-52b86b7b' (Assignment" in report
    folder = tmp_path / "sample"
    folder.mkdir()
    (folder / "province.yaml").write_text(dump_province_yaml(result.data), encoding="utf-8")
    catalogue, _ = load_catalogue(REFERENCE)
    loaded, diagnostics = load_province(folder / "province.yaml", catalogue)
    assert loaded is not None, diagnostics
    again = to_archimate_xml(exchange_model(build_graph(Workspace(catalogue, [loaded])), loaded.code))
    assert validate_oef(shared, again) == []


def test_foreign_types_and_relationships_map_by_type() -> None:
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       identifier="id-m">
  <name xml:lang="vi">Tỉnh Khác</name>
  <elements>
    <element identifier="a1" xsi:type="ApplicationComponent"><name>App</name>
      <properties><property propertyDefinitionRef="pd1"><value>Sở TT&amp;TT</value></property></properties>
    </element>
    <element identifier="n1" xsi:type="Node"><name>Server</name></element>
    <element identifier="w1" xsi:type="WorkPackage"><name>Project</name></element>
    <element identifier="g1" xsi:type="Goal"><name>Goal</name></element>
  </elements>
  <relationships>
    <relationship identifier="r1" source="n1" target="a1" xsi:type="Assignment" />
    <relationship identifier="r2" source="w1" target="a1" xsi:type="Realization" />
    <relationship identifier="r3" source="a1" target="g1" xsi:type="Influence" />
  </relationships>
  <propertyDefinitions><propertyDefinition identifier="pd1" type="string"><name>Owner</name></propertyDefinition>
  </propertyDefinitions>
</model>"""
    result = import_exchange(xml.encode("utf-8"), "other.xml")
    data = result.data
    assert data["province"] == {"code": "tinh-khac", "name": {"vi": "Tỉnh Khác"}}
    assert [(c["id"], c["kind"]) for c in data["components"]] == [("a1", "application"), ("n1", "infrastructure")]
    assert data["components"][0]["tags"] == ["Owner=Sở TT&TT"]
    assert data["relationships"] == [{"from": "a1", "to": "n1", "type": "hosted_on"}]
    assert data["projects"] == [{"id": "w1", "name": {"vi": "Project"}, "delivers": ["a1"]}]
    report = "\n".join(result.lines("en"))
    assert "'Goal' (Goal, g1): no ictarch kind for Goal" in report
    assert "relationship 'r3' (Influence, a1 → g1)" in report
    assert "property 'Owner' kept as a tag" in report
    assert "2 component(s) had no lifecycle status" in report


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE model [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>&lol9;</name></model>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE model [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>&secret;</name></model>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE model SYSTEM "http://example.invalid/evil.dtd">
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>x</name></model>
"""

HOSTILE = [
    (BILLION_LAUGHS, "refused: the file holds a document type declaration", 2),
    (EXTERNAL_ENTITY, "refused: the file holds a document type declaration", 2),
    (EXTERNAL_DTD, "refused: the file holds a document type declaration", 2),
    (b"<model><unclosed></model>", "not well-formed XML: mismatched tag", 1),
    (b"<model>&undefined;</model>", "not well-formed XML: undefined entity", 1),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "not an ArchiMate exchange file", 1),
]


@pytest.mark.parametrize(
    ("data", "message", "line"), HOSTILE, ids=["billion-laughs", "xxe", "dtd", "bad", "entity", "svg"]
)
def test_hostile_or_wrong_xml_is_refused_with_a_clear_message(data: bytes, message: str, line: int) -> None:
    with pytest.raises(ModelLoadError) as info:
        read_exchange(data, "hostile.xml")
    (diagnostic,) = info.value.diagnostics
    assert message in diagnostic.text("en")
    assert diagnostic.location is not None
    assert (diagnostic.location.file, diagnostic.location.line) == ("hostile.xml", line)


def test_an_invalid_value_in_an_ictarch_file_is_reported_with_its_place() -> None:
    xml = OUTPUTS_XML.replace("<value>in-progress</value>", "<value>half-done</value>")
    with pytest.raises(ModelLoadError) as info:
        import_exchange(xml.encode("utf-8"), "edited.xml")
    (diagnostic,) = info.value.diagnostics
    assert "invalid value 'half-done' for 'status'" in diagnostic.text("en")
    assert diagnostic.location is not None and diagnostic.location.line > 1
    assert diagnostic.location.path == "components[1].status"


def test_shipped_provinces_export_valid_and_round_trip(shared: Path, tmp_path: Path) -> None:
    catalogue, _ = load_catalogue()
    for main in sorted(examples_root().glob("*/province.yaml")):
        original, diagnostics = load_province(main, catalogue)
        assert original is not None, diagnostics
        xml = to_archimate_xml(exchange_model(build_graph(Workspace(catalogue, [original])), original.code))
        assert validate_oef(shared, xml) == [], main
        result = import_exchange(xml.encode("utf-8"), "shipped.xml")
        assert result.report == ()
        folder = tmp_path / original.code
        folder.mkdir()
        (folder / "province.yaml").write_text(dump_province_yaml(result.data), encoding="utf-8")
        again, diagnostics = load_province(folder / "province.yaml", catalogue)
        assert again is not None, diagnostics
        assert again.architecture.model_dump(exclude={"include"}) == original.architecture.model_dump(
            exclude={"include"}
        )


def _model_xml(encoding: str = "UTF-8", body: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">\n'
        f"  <name>Tinh</name>\n{body}</model>\n"
    )


@pytest.mark.parametrize("encoding", ["x-bogus", "Shift_JIS", "UTF-7"])
def test_an_encoding_that_cannot_be_read_is_refused_naming_the_file_and_what_is_supported(encoding: str) -> None:
    with pytest.raises(ModelLoadError) as info:
        import_exchange(_model_xml(encoding).encode("ascii"), "odd.xml")
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.location is not None and diagnostic.location.file == "odd.xml"
    assert f"declares the encoding '{encoding}', which cannot be read" in diagnostic.message
    assert "supported: UTF-8, UTF-16, ISO-8859-1, US-ASCII" in diagnostic.message
    assert diagnostic.hint and "UTF-8" in diagnostic.hint


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16", "ISO-8859-1", "windows-1258", "US-ASCII"])
def test_the_supported_encodings_are_read(encoding: str) -> None:
    result = import_exchange(_model_xml(encoding).encode(encoding.replace("UTF-16", "utf-16")), "ok.xml")
    assert result.data["province"]["name"] == {"vi": "Tinh"}


def test_the_size_refusal_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import ictarch.exchange.oef as importer

    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    with pytest.raises(ModelLoadError) as info:
        import_exchange(_model_xml(body=" " * 200).encode(), "huge.xml")
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.location is not None and diagnostic.location.file == "huge.xml"
    assert diagnostic.text("en").startswith("huge.xml is larger than")


FOREIGN = _model_xml(
    body="""  <properties>
    <property propertyDefinitionRef="pd-m"><value>2025</value></property>
    <property propertyDefinitionRef="pd-x"><value>ignored</value></property>
  </properties>
  <elements>
    <element identifier="a1" xsi:type="ApplicationComponent"><name>Portal</name></element>
    <element identifier="a2" xsi:type="ApplicationComponent"><name>Registry</name></element>
    <element identifier="g1" xsi:type="Goal"><name>Records</name></element>
  </elements>
  <relationships>
    <relationship identifier="r1" source="a1" target="a2" xsi:type="Serving"><name>sends requests</name>
      <properties><property propertyDefinitionRef="pd-m"><value>high</value></property></properties>
    </relationship>
    <relationship identifier="r2" source="a1" target="a2" xsi:type="Access" accessType="Write">
      <name>writes</name><documentation>Writes the register</documentation>
    </relationship>
  </relationships>
  <propertyDefinitions>
    <propertyDefinition identifier="pd-m" type="string"><name>Priority</name></propertyDefinition>
    <propertyDefinition identifier="pd-x" type="string"><name>ictarch:colour</name></propertyDefinition>
  </propertyDefinitions>
  <views><diagrams>
    <view identifier="v1" xsi:type="Diagram"><name>Overview</name></view>
    <view identifier="v-layered" xsi:type="Diagram"><name>Layers</name></view>
  </diagrams></views>
"""
)


def test_what_a_province_cannot_hold_is_reported_item_by_item_and_the_rest_kept() -> None:
    result = import_exchange(FOREIGN.encode(), "other.xml")
    relationships = result.data["relationships"]
    assert relationships[0] == {"from": "a1", "to": "a2", "type": "serves", "description": {"vi": "sends requests"}}
    assert relationships[1]["description"] == {"vi": "Writes the register"}
    report = result.lines("en")
    expected = [
        "model property 'Priority' = '2025': a province model has no field for it; not imported",
        "the model: property 'ictarch:colour' is not a field of ProvinceArchitecture; not imported",
        "view 'Overview' (v1): a province model holds no diagrams",
        "view 'Layers' (v-layered): a province model holds no diagrams",  # not ictarch's own file
        "relationship 'r1' (Serving, a1 → a2): name 'sends requests' kept as its description",
        "relationship 'r1' (Serving, a1 → a2): property 'Priority' = 'high' not imported",
        "relationship 'r2' (Access, a1 → a2): name 'writes' not kept",
        "relationship 'r2' (Access, a1 → a2): access type 'Write' not kept; imported as 'depends_on'",
        "element 'Records' (Goal, g1): no ictarch kind for Goal; not imported",
    ]
    for line in expected:
        assert sum(line in r for r in report) == 1, (line, report)


def test_many_elements_of_one_name_get_distinct_ids() -> None:
    elements = "".join(
        f'<element identifier="App{"!" * i}" xsi:type="ApplicationComponent"><name>App</name></element>'
        for i in range(1, 301)
    )
    body = f"<elements>{elements}</elements>"
    ids = [c["id"] for c in import_exchange(_model_xml(body=body).encode(), "many.xml").data["components"]]
    assert ids[:3] == ["app", "app-2", "app-3"] and ids[-1] == "app-300"
    assert len(set(ids)) == 300
